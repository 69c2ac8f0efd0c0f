"""Disclosure expiry (披露期限届满): the daily filing job (issue 10; jurisdictions.md §4).

Whether a record is shown is always computed (``app.rules.visibility``): a query never shows a
record after its last visible day, whether or not this job has run. The job only *files* what
the regulation says must be filed: where the profile's disclosure rule says
``on_expiry = "archive"`` (Xiamen 第二十八条 "公示期届满…归档管理") an expired record moves to
``RecordStatus.ARCHIVED`` with a version saying why; where it says ``"hide"`` (Weihai 第十九条,
Nantong 第三十条 …) nothing changes, the record is only counted.

The same facts as the query screens (``record_view.load_records``), so the job and a query can
never disagree about a record's last day. A record expires on the day *after* its last visible
day. One transaction for the whole run, read in chunks of subjects so a million records never
load at once; a second run on the same day archives nothing new. The run is recorded in the
audit trail with its counts per rule, and it checks the Xiamen three-lists alert
(``app.services.lists.raise_alerts``) for the subjects it read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.history import ChangeInfo, attach_change
from app.db.models import CreditRecord, Subject
from app.domain.enums import ChangeKind, InfoClass, ListType, RecordStatus, Severity, SubjectKind
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor, Permission
from app.rules.disclosure import effective_last_visible_day
from app.rules.profiles import NationalLayer, Profile
from app.rules.visibility import record_end
from app.services import authz, rules
from app.services.audit_trail import record_event
from app.services.cancel import NEVER_CANCELLED, CancelToken
from app.services.clock import local_today
from app.services.database import Database
from app.services.record_view import LoadedRecord, load_records

__all__ = [
    "EXPIRY_ACTION",
    "ExpiryCount",
    "ExpiryResult",
    "expire_records",
    "expiry_reason",
    "expiry_source_ref",
]

EXPIRY_ACTION = "maintenance.expired"
CHUNK_SUBJECTS = 500


@dataclass(frozen=True)
class ExpiryCount:
    """How many expired records one disclosure rule covered in a run."""

    basis: str  # the article of the period applied, e.g. "第二十八条"
    info_class: InfoClass
    severity: Severity | None
    list_type: ListType
    on_expiry: str  # archive / hide
    archived: int  # filed by this run
    hidden: int  # past their period under a "hide" rule: hidden by the engine, not changed

    @property
    def label(self) -> str:
        parts = [self.info_class.label]
        if self.severity is not None:
            parts.append(self.severity.label)
        if self.list_type is not ListType.NONE:
            parts.append(self.list_type.label)
        return "·".join(parts) + f"（{self.basis}）"


@dataclass(frozen=True)
class ExpiryResult:
    today: date
    profile_id: str
    examined: int  # active records read
    archived: int  # moved to ARCHIVED by this run
    hidden: int  # expired under a "hide" rule (unchanged; the engine hides them)
    incomplete: int  # the engine lacked a date to place the record: left alone
    by_rule: tuple[ExpiryCount, ...]
    alerts_raised: int  # Xiamen 第二十八条 alerts raised for the subjects read
    audit_seq: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "profile": self.profile_id,
            "examined": self.examined,
            "archived": self.archived,
            "hidden": self.hidden,
            "incomplete": self.incomplete,
            "alerts_raised": self.alerts_raised,
            "by_rule": [
                {
                    "basis": c.basis,
                    "rule": c.label,
                    "info_class": c.info_class.value,
                    "severity": c.severity.value if c.severity else None,
                    "list_type": c.list_type.value,
                    "on_expiry": c.on_expiry,
                    "archived": c.archived,
                    "hidden": c.hidden,
                }
                for c in self.by_rule
            ],
        }


def expiry_reason(profile: Profile, basis: str | None) -> str:
    """ "披露期限届满（依据《厦门市公共信用信息管理办法》第二十八条）"."""
    return f"披露期限届满（{profile.cite(basis)}）" if basis else "披露期限届满"


def expiry_source_ref(today: date) -> str:
    return f"maintenance:expire:{today.isoformat()}"


@dataclass(frozen=True)
class _Expired:
    record_id: int
    basis: str
    on_expiry: str
    key: tuple[str, InfoClass, Severity | None, ListType, str]


def _expired(
    rec: LoadedRecord, profile: Profile, layer: NationalLayer | None, today: date
) -> _Expired | None:
    """The record's period ended before ``today`` (the same computation as
    ``decide_visibility``); raises ``CreditDeskError`` when the engine cannot place it."""
    facts = rec.facts
    end = record_end(profile, facts, national_layer=layer)
    effective = effective_last_visible_day(profile, end)
    last = effective.last_visible_day
    if last is None or today <= last or end.on_expiry is None:
        return None
    basis = effective.basis or end.basis or ""
    key = (basis, facts.info_class, facts.severity, facts.list_type, end.on_expiry)
    return _Expired(rec.record_id, basis, end.on_expiry, key)


def _subject_chunks(session: Session, size: int) -> list[list[tuple[int, SubjectKind]]]:
    """Keyset chunks of (subject id, kind) for subjects with at least one active record."""
    chunks: list[list[tuple[int, SubjectKind]]] = []
    last = 0
    has_active = (
        select(CreditRecord.id)
        .where(CreditRecord.subject_id == Subject.id, CreditRecord.status == RecordStatus.ACTIVE)
        .exists()
    )
    while True:
        rows = session.execute(
            select(Subject.id, Subject.kind)
            .where(Subject.id > last, has_active)
            .order_by(Subject.id)
            .limit(size)
        ).all()
        if not rows:
            return chunks
        chunks.append([(int(i), SubjectKind(k)) for i, k in rows])
        last = int(rows[-1][0])
        if len(rows) < size:
            return chunks


def expire_records(
    db: Database,
    *,
    actor: Actor,
    today: date | None = None,
    cancel: CancelToken = NEVER_CANCELLED,
    chunk_subjects: int = CHUNK_SUBJECTS,
) -> ExpiryResult:
    """File every record whose disclosure period ended before ``today`` (see the module)."""
    authz.require(actor, Permission.MAINTENANCE_EXPIRE)
    from app.services.lists import alert_rule, raise_alerts  # lists imports this module

    today = today or local_today()
    profile = rules.current_profile(db)
    layer = rules.national_layer()
    source_ref = expiry_source_ref(today)
    alert_on = alert_rule(profile) is not None
    examined = incomplete = alerts = 0
    counts: dict[tuple[str, InfoClass, Severity | None, ListType, str], list[int]] = defaultdict(
        lambda: [0, 0]
    )
    with db.uow() as uow:
        s = uow.session
        # the chunks are fixed first: archiving records must not move the keyset under us
        for chunk in _subject_chunks(s, max(1, chunk_subjects)):
            cancel.raise_if_cancelled()
            loaded = load_records(s, dict(chunk))
            to_archive: dict[int, _Expired] = {}
            key_attention_subjects: set[int] = set()
            for subject_id, records in loaded.items():
                for rec in records:
                    if rec.status is not RecordStatus.ACTIVE:
                        continue
                    examined += 1
                    if rec.list_type is ListType.KEY_ATTENTION:
                        key_attention_subjects.add(subject_id)
                    try:
                        expired = _expired(rec, profile, layer, today)
                    except CreditDeskError:
                        incomplete += 1
                        continue
                    if expired is None:
                        continue
                    if expired.on_expiry == "archive":
                        to_archive[rec.record_id] = expired
                        counts[expired.key][0] += 1
                    else:
                        counts[expired.key][1] += 1
            if to_archive:
                for record in s.scalars(
                    select(CreditRecord).where(CreditRecord.id.in_(list(to_archive)))
                ):
                    info = to_archive[record.id]
                    reason = expiry_reason(profile, info.basis)
                    record.status = RecordStatus.ARCHIVED
                    record.status_changed_on = today
                    record.status_reason = reason
                    attach_change(
                        record,
                        ChangeInfo(
                            kind=ChangeKind.EXPIRY_ARCHIVE,
                            reason=reason,
                            source_ref=source_ref,
                            user_id=actor.user_id,
                        ),
                    )
                s.flush()
            if alert_on and key_attention_subjects:
                alerts += len(raise_alerts(s, sorted(key_attention_subjects), profile, today))
            s.flush()
            s.expunge_all()  # what was read for this chunk may go
        by_rule = tuple(
            ExpiryCount(
                basis=key[0],
                info_class=key[1],
                severity=key[2],
                list_type=key[3],
                on_expiry=key[4],
                archived=n[0],
                hidden=n[1],
            )
            for key, n in sorted(counts.items(), key=lambda kv: _sort_key(kv[0]))
        )
        archived = sum(c.archived for c in by_rule)
        hidden = sum(c.hidden for c in by_rule)
        result = ExpiryResult(
            today=today,
            profile_id=profile.id,
            examined=examined,
            archived=archived,
            hidden=hidden,
            incomplete=incomplete,
            by_rule=by_rule,
            alerts_raised=alerts,
            audit_seq=None,
        )
        details = result.as_dict()
        details["source_ref"] = source_ref
        event = record_event(
            s,
            action=EXPIRY_ACTION,
            entity_type="credit_records",
            entity_id=today.isoformat(),
            actor_user_id=actor.user_id,
            details=details,
        )
        seq = int(event.seq)
        uow.commit()
    return ExpiryResult(
        today=result.today,
        profile_id=result.profile_id,
        examined=result.examined,
        archived=result.archived,
        hidden=result.hidden,
        incomplete=result.incomplete,
        by_rule=result.by_rule,
        alerts_raised=result.alerts_raised,
        audit_seq=seq,
    )


def _sort_key(key: tuple[str, InfoClass, Severity | None, ListType, str]) -> tuple[str, ...]:
    basis, info_class, severity, list_type, on_expiry = key
    return (basis, info_class.value, severity.value if severity else "", list_type.value, on_expiry)
