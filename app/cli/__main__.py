"""``python -m app.cli`` — the same as the ``creditdesk`` command (and the installer's entry)."""

import sys

from app.cli import main

sys.exit(main())
