"""``creditdesk lists …`` (issue 10)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXTRA_COMMANDS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``lists`` command."""


EXTRA_COMMANDS.append(register)
