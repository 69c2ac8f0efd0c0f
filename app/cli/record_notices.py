"""``creditdesk record …`` actions (issue 10); registered by ``app.cli.record``."""

from __future__ import annotations

import argparse
from typing import Any


def register_actions(rsub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's ``record`` subcommands."""
