"""``creditdesk record …``: a credit record's life after intake (issue 10).

The subcommands come from two modules so that they can grow apart:
``app.cli.record_notices`` (history, correct, revoke, link) and ``app.cli.record_withdraw``
(withdraw …). Each has ``register_actions(record_subparsers, common)``.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXTRA_COMMANDS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from app.cli import record_notices, record_withdraw

    record = sub.add_parser(
        "record",
        help="信用信息：版本历史、提供单位更正与撤销、良好信息撤回",
        parents=[common],
    )
    rsub = record.add_subparsers(title="子命令", metavar="ACTION")
    record_notices.register_actions(rsub, common)
    record_withdraw.register_actions(rsub, common)


EXTRA_COMMANDS.append(register)
