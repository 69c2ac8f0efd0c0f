"""Pure domain: value objects, enumerations, validators, errors. No I/O, no Qt, no SQL."""
