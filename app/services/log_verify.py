"""``creditdesk audit verify``: recompute every hash-chained log and name the first fault.

Three chains: the query log (issue 5), the audit trail (issue 4) and the intake log (Wuhan
art. 28; written by the intake issue, which should append through ``INTAKE_LOG_CHAIN`` below
so that the verifier and the writer agree on the hashed fields).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.db.models import IntakeLogEntry
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import AUDIT_CHAIN
from app.services.database import Database
from app.services.hashchain import ChainSpec, verify_chain
from app.services.query_log import QUERY_LOG_CHAIN

INTAKE_LOG_CHAIN = ChainSpec(
    IntakeLogEntry,
    (
        "occurred_at",
        "batch_id",
        "provider_id",
        "method",
        "category",
        "file_sha256",
        "rows_total",
        "rows_loaded",
        "rows_rejected",
        "actor_user_id",
    ),
)

CHAINS: tuple[tuple[ChainSpec, str], ...] = (
    (QUERY_LOG_CHAIN, "查询日志"),
    (AUDIT_CHAIN, "操作审计日志"),
    (INTAKE_LOG_CHAIN, "归集日志"),
)


@dataclass(frozen=True)
class ChainReport:
    chain: str  # table name
    label: str
    ok: bool
    entries_checked: int
    last_seq: int
    first_bad_seq: int | None
    problem: str | None  # Chinese, names the position and the fault
    head_hash: str | None

    @property
    def summary(self) -> str:
        if self.ok:
            return f"{self.label}：完整，共 {self.entries_checked} 条"
        return f"{self.label}：已被篡改，第 {self.first_bad_seq} 条起异常 — {self.problem}"


@dataclass(frozen=True)
class LogVerification:
    chains: tuple[ChainReport, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.chains)


def verify_logs(db: Database, *, actor: Actor) -> LogVerification:
    """Check every chain; auditors and administrators (positions and hashes only)."""
    authz.require(actor, Permission.AUDIT_VERIFY)
    reports = []
    for spec, label in CHAINS:
        with db.uow() as uow:
            result = verify_chain(uow.session, spec)
        reports.append(
            ChainReport(
                chain=spec.name,
                label=label,
                ok=result.ok,
                entries_checked=result.entries_checked,
                last_seq=result.last_seq,
                first_bad_seq=result.first_bad_seq,
                problem=result.problem,
                head_hash=result.head_hash,
            )
        )
    return LogVerification(tuple(reports))
