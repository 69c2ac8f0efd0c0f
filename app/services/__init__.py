"""Use cases. Plain Python shared by the GUI, the CLI and the tests; every rule and every
permission check lives here. Services return frozen DTOs, never ORM rows."""
