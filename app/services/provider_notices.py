"""Provider corrections and revocations of credit records, and a record's version history
(issue 10; jurisdictions.md §6 last paragraph, §8).

When the legal document behind a record is revoked or changed (Weihai 第三十一条), or the
provider finds its record wrong, changed or void (Wuhan 第三十三条, Zhangdian 第三十三条), a
supervisor records the provider's notice (来文文号 and reason). In the same transaction the
record gets a new version (correction) or is revoked (status REVOKED); the old version stays
in ``credit_record_versions`` (``app.db.history``), the change is audited, and the two
deadlines of the profile are stored on the notice: ``correction.provider_report`` counted from
the day the document was revoked or changed (was the provider on time?) and
``correction.platform_apply`` counted from the day the center received the notice (the
center's own deadline). Being late is reported, not refused.

The center never changes a record on its own initiative (Weihai 第十八条): there is no path
here that changes a record without a notice from the record's own provider behind it, and the
history hook refuses any flush that changes a record without saying why.

Reading a record's history is a read of non-public information: it needs
``Permission.RECORD_HISTORY`` and lands in the append-only query log (办案查阅).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.history import ChangeInfo, attach_change, snapshot_of
from app.db.models import (
    CatalogItem,
    CreditRecord,
    CreditRecordVersion,
    ProviderNotice,
    ProviderUnit,
    Subject,
)
from app.domain.codes import display_subject_code
from app.domain.enums import (
    ChangeKind,
    ListType,
    PenaltyClass,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.domain.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.domain.record_fields import (
    CONTENT_PREFIX,
    DATE_FIELDS,
    EXTRA_CONTENT_LABELS,
    SUBMITTED_FIELDS,
    compare,
)
from app.rules.deadlines import step_deadline
from app.rules.intake_rules import PENALTY_LABELS, SEVERITY_LABELS
from app.rules.profiles import Profile, Step
from app.services import authz
from app.services.audit_trail import record_event
from app.services.case_deadlines import calendar_in
from app.services.casework import log_case_read, user_names
from app.services.clock import local_today
from app.services.database import Database
from app.services.rules import current_profile_in

MAX_REFERENCE = 100
MAX_REASON = 2000
MAX_VALUE = 2000
MAX_DOCUMENT_NUMBER = 100
ART_18 = "《威海市公共信用信息管理办法》第十八条"


class NoticeKind(StrEnum):
    CORRECTION = "correction"
    REVOCATION = "revocation"

    @property
    def label(self) -> str:
        return {"correction": "更正", "revocation": "撤销"}[self.value]

    @property
    def change_kind(self) -> ChangeKind:
        if self is NoticeKind.CORRECTION:
            return ChangeKind.PROVIDER_CORRECTION
        return ChangeKind.PROVIDER_REVOCATION


class NoticeAction(StrEnum):
    CORRECTED = "record.provider_correction"
    REVOKED = "record.provider_revocation"


# The top-level fields a provider may correct, in display order (record_fields' labels).
CORRECTABLE_FIELDS: tuple[tuple[str, str], ...] = SUBMITTED_FIELDS
_TOP_LABELS = dict(CORRECTABLE_FIELDS)
_STATUS_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "状态"),
    ("status_reason", "状态说明"),
    ("period_extended_on", "公示期限延长为两年的生效日期"),
)
# Xiamen 第二十八条: the provider decides to make a key-attention listing's period two years;
# offered for key-attention records where the profile's key-attention rule has an
# ``extension``, stored as the day the decision took effect (``period_extended_on``: the
# notice's ``changed_on``; "否" clears it).
PERIOD_EXTENDED = "period_extended"
PERIOD_EXTENDED_LABEL = "延长公示期限（两年）"
YES, NO = "是", "否"
_YES_NO_WORDS = {YES: YES, NO: NO, "": NO, "true": YES, "false": NO, "1": YES, "0": NO}
SEVERITY_CHOICES: dict[str, str] = {s.value: label for label, s in SEVERITY_LABELS.items()}
PENALTY_CHOICES: dict[str, str] = {p.value: label for label, p in PENALTY_LABELS.items()}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "severity": SEVERITY_CHOICES,
    "penalty_class": PENALTY_CHOICES,
    "status": {s.value: s.label for s in RecordStatus},
}
_CLOSED = (RecordStatus.REVOKED, RecordStatus.DELETED)


# --- what comes in and what goes out ---------------------------------------------------------


@dataclass(frozen=True)
class NoticeInput:
    """A provider's notice as the supervisor enters it. ``changes`` maps a correctable field
    (``decision_date``, ``severity`` …, a content key, ``content.<key>`` or a field's Chinese
    label) to its new value as text; a revocation has none."""

    record_id: int
    kind: NoticeKind | str
    provider_code: str
    reference: str
    reason: str
    changed_on: date | None
    received_on: date | None
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldChange:
    field: str  # "decision_date" or "content.<key>"
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class NoticeRow:
    id: int
    record_id: int
    kind: NoticeKind
    provider_code: str
    provider_name: str
    reference: str
    reason: str
    changed_on: date
    received_on: date
    report_due: date | None
    apply_due: date | None
    applied_on: date | None
    changes: tuple[FieldChange, ...]  # old: the value before this notice was applied
    version_no: int | None
    created_by: str
    report_basis: str  # "3个工作日，自…起算；依据《…》第三十一条" ("" when the profile has none)
    apply_basis: str
    record_version: int  # the record's row_version after the notice (for the next action)
    record_status: RecordStatus

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def reported_late(self) -> bool:
        """The provider reported after its deadline (counted from ``changed_on``)."""
        return self.report_due is not None and self.received_on > self.report_due

    @property
    def applied_late(self) -> bool:
        """The center applied the notice after its own deadline (from ``received_on``)."""
        return (
            self.apply_due is not None
            and self.applied_on is not None
            and self.applied_on > self.apply_due
        )


@dataclass(frozen=True)
class CorrectableField:
    """A field the notice dialog offers, with the record's current value as text."""

    field: str
    label: str
    value: str
    kind: str  # "date", "choice", "text" or "number"
    choices: tuple[str, ...] = ()  # Chinese labels for a choice
    required: bool = False


@dataclass(frozen=True)
class FieldValue:
    field: str
    label: str
    value: str


@dataclass(frozen=True)
class VersionRow:
    record_id: int
    version_no: int
    change_kind: ChangeKind
    reason: str
    source_ref: str
    changed_by: str
    changed_at: datetime
    snapshot: tuple[FieldValue, ...]  # the record as it was after this version
    changes: tuple[FieldChange, ...]  # against the previous version (all fields for the first)

    @property
    def change_kind_label(self) -> str:
        return self.change_kind.label


@dataclass(frozen=True)
class RecordHeader:
    record_id: int
    subject_name: str
    subject_kind: SubjectKind
    subject_display_code: str  # a natural person's ID number is masked
    catalog_code: str
    catalog_name: str
    provider_code: str
    provider_name: str
    document_number: str
    status: RecordStatus
    row_version: int

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class RecordHistory:
    header: RecordHeader
    versions: tuple[VersionRow, ...]  # oldest first
    notices: tuple[NoticeRow, ...]  # oldest first
    correctable: tuple[CorrectableField, ...]
    report_basis: str
    apply_basis: str
    log_seq: int  # the query-log entry this read wrote

    @property
    def may_take_notice(self) -> bool:
        return self.header.status not in _CLOSED


# --- helpers -----------------------------------------------------------------------------------


def _error(name: str, msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {name: [error.text]}
    return error


class _Errors:
    """Collects field errors so that one answer names everything that is wrong."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.first: ValidationFailed | None = None

    def add(self, exc: ValidationFailed) -> None:
        self.first = self.first or exc
        for name, texts in exc.field_errors.items():
            self.fields.setdefault(name, []).extend(texts)

    def raise_if_any(self) -> None:
        if not self.fields:
            return
        if len(self.fields) == 1 and self.first is not None:
            raise self.first
        raise ValidationFailed(field_errors=self.fields)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _step_basis(profile: Profile, step: Step) -> str:
    rule = profile.steps.get(step)
    if rule is None:
        return ""
    start = rule.counted_from or "开始之日"
    return f"{rule.working_days}个工作日，自{start}起算；{profile.cite(rule.basis)}"


def _content_fields(item: CatalogItem) -> list[dict[str, Any]]:
    return [f for f in (item.fields or []) if f.get("key")]


def _content_labels(item: CatalogItem) -> list[tuple[str, str]]:
    return [(str(f["key"]), str(f.get("label") or f["key"])) for f in _content_fields(item)]


def _allowed_names(item: CatalogItem) -> str:
    names = [label for _f, label in CORRECTABLE_FIELDS]
    names += [label for _k, label in _content_labels(item)]
    return "、".join(names)


def _extension_applies(profile: Profile, record: CreditRecord) -> bool:
    """Whether the record may have its period extended (``PERIOD_EXTENDED`` is correctable)."""
    return record.list_type is ListType.KEY_ATTENTION and any(
        rule.list_type is ListType.KEY_ATTENTION and rule.extension is not None
        for rule in profile.disclosure
    )


def _resolve_field(name: str, item: CatalogItem, *, extension: bool = False) -> str | None:
    """``decision_date`` / ``content.<key>`` for what the user typed (a field name, a content
    key, ``content.<key>`` or a Chinese label); None when it is not correctable."""
    text = (name or "").strip()
    if extension and text in (PERIOD_EXTENDED, PERIOD_EXTENDED_LABEL):
        return PERIOD_EXTENDED
    if text in _TOP_LABELS:
        return text
    keys = {k: label for k, label in _content_labels(item)}
    key = text.removeprefix(CONTENT_PREFIX)
    if key in keys:
        return CONTENT_PREFIX + key
    for top, label in CORRECTABLE_FIELDS:
        if text == label:
            return top
    for k, label in keys.items():
        if text == label:
            return CONTENT_PREFIX + k
    return None


def _parse_day(raw: Any, name: str, label: str, today: date) -> date:
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(str(raw).strip())
        except ValueError:
            raise _error(name, "notice.field_date", label=label, value=raw) from None
    if day > today:
        raise _error(name, "notice.field_date_future", label=label, value=day, today=today)
    return day


def _parse_value(name: str, raw: Any, item: CatalogItem, today: date) -> Any:
    """The value to store for field ``name`` (resolved), checked; ValidationFailed if bad."""
    if name == PERIOD_EXTENDED:
        word = _YES_NO_WORDS.get(_text(raw).strip().lower())
        if word is None:
            raise _error(
                name,
                "notice.field_choice",
                label=PERIOD_EXTENDED_LABEL,
                value=raw,
                choices=f"{YES}、{NO}",
            )
        return word
    if name.startswith(CONTENT_PREFIX):
        key = name.removeprefix(CONTENT_PREFIX)
        spec = next(f for f in _content_fields(item) if f["key"] == key)
        label = str(spec.get("label") or key)
        text = _text(raw).strip()
        if not text:
            if spec.get("required"):
                raise _error(name, "notice.field_required", label=label)
            return None
        if len(text) > MAX_VALUE:
            raise _error(name, "notice.field_too_long", label=label, max=MAX_VALUE)
        kind = str(spec.get("type") or "text")
        if kind == "date":
            return _parse_day(text, name, label, today).isoformat()
        if kind == "number":
            try:
                float(text)
            except ValueError:
                raise _error(name, "notice.field_number", label=label, value=text) from None
        return text
    label = _TOP_LABELS[name]
    text = raw if isinstance(raw, date) else _text(raw).strip()
    if name in DATE_FIELDS:
        if text in ("", None):
            if name == "decision_date":
                raise _error(name, "notice.field_required", label=label)
            return None
        return _parse_day(text, name, label, today)
    if name == "document_number":
        if not text:
            raise _error(name, "notice.field_required", label=label)
        if len(str(text)) > MAX_DOCUMENT_NUMBER:
            raise _error(name, "notice.field_too_long", label=label, max=MAX_DOCUMENT_NUMBER)
        return str(text)
    enum: type[Severity] | type[PenaltyClass]
    enum, by_label = (
        (Severity, SEVERITY_LABELS) if name == "severity" else (PenaltyClass, PENALTY_LABELS)
    )
    if not text:
        return None
    if text in by_label:
        return by_label[str(text)]
    try:
        return enum(str(text).lower())
    except ValueError:
        raise _error(
            name,
            "notice.field_choice",
            label=label,
            value=text,
            choices="、".join(by_label),
        ) from None


def _current(record: CreditRecord, name: str) -> Any:
    if name == PERIOD_EXTENDED:
        return YES if record.period_extended_on is not None else NO
    if name.startswith(CONTENT_PREFIX):
        value = (record.content or {}).get(name.removeprefix(CONTENT_PREFIX))
        return None if value in ("", None) else str(value)
    return getattr(record, name)


def _label_of(name: str, item: CatalogItem) -> str:
    if name.startswith(CONTENT_PREFIX):
        key = name.removeprefix(CONTENT_PREFIX)
        return dict(_content_labels(item)).get(key) or EXTRA_CONTENT_LABELS.get(key, key)
    if name == PERIOD_EXTENDED:
        return PERIOD_EXTENDED_LABEL
    return _TOP_LABELS.get(name, name)


def _display(name: str, value: Any) -> str:
    text = _text(value)
    return VALUE_LABELS.get(name, {}).get(text, text)


def _check_changes(
    s: Session,
    record: CreditRecord,
    item: CatalogItem,
    changes: Mapping[str, Any],
    today: date,
    *,
    extension: bool = False,
) -> dict[str, Any]:
    """Field → new value of the fields that really change (refusals collected)."""
    errors = _Errors()
    parsed: dict[str, Any] = {}
    for given, raw in changes.items():
        name = _resolve_field(str(given), item, extension=extension)
        if name is None:
            errors.add(
                _error(
                    f"changes.{given}",
                    "notice.field_unknown",
                    field=given,
                    record_id=record.id,
                    item=item.name,
                    allowed=_allowed_names(item),
                )
            )
            continue
        try:
            parsed[name] = _parse_value(name, raw, item, today)
        except ValidationFailed as exc:
            errors.add(exc)
    errors.raise_if_any()
    changed = {n: v for n, v in parsed.items() if _text(v) != _text(_current(record, n))}
    new_number = changed.get("document_number")
    if new_number is not None:
        other = s.scalar(
            select(CreditRecord.id).where(
                CreditRecord.provider_id == record.provider_id,
                CreditRecord.subject_id == record.subject_id,
                CreditRecord.document_number == new_number,
                CreditRecord.id != record.id,
            )
        )
        if other is not None:
            raise _error(
                "document_number", "notice.document_number_taken", other_id=other, value=new_number
            )
    return changed


_KIND_WORDS = {k.value: k for k in NoticeKind} | {k.label: k for k in NoticeKind}


def _check_header(data: NoticeInput, today: date) -> tuple[NoticeKind, str, str, date, date]:
    errors = _Errors()
    given_kind = str(data.kind).strip()
    kind = _KIND_WORDS.get(given_kind.lower())
    if kind is None:
        errors.add(_error("kind", "notice.kind_invalid", value=data.kind))
        kind = NoticeKind.CORRECTION
    reference = " ".join((data.reference or "").split())
    reason = (data.reason or "").strip()
    if not (data.provider_code or "").strip():
        errors.add(_error("provider", "notice.provider_required"))
    if not reference:
        errors.add(_error("reference", "notice.reference_required"))
    elif len(reference) > MAX_REFERENCE:
        errors.add(_error("reference", "notice.text_too_long", label="来文文号", max=MAX_REFERENCE))
    if not reason:
        errors.add(_error("reason", "notice.reason_required"))
    elif len(reason) > MAX_REASON:
        errors.add(_error("reason", "notice.text_too_long", label="理由", max=MAX_REASON))
    labels = {
        "changed_on": "法律文书撤销或变更（发现信息有误）的日期",
        "received_on": "收到通知的日期",
    }
    days: dict[str, date] = {}
    for name, value in (("changed_on", data.changed_on), ("received_on", data.received_on)):
        if value is None:
            errors.add(_error(name, "notice.date_required", label=labels[name]))
        elif value > today:
            errors.add(
                _error(name, "notice.date_in_future", label=labels[name], day=value, today=today)
            )
        else:
            days[name] = value
    if len(days) == 2 and days["changed_on"] > days["received_on"]:
        errors.add(
            _error(
                "changed_on",
                "notice.changed_after_received",
                changed_on=days["changed_on"],
                received_on=days["received_on"],
            )
        )
    errors.raise_if_any()
    return kind, reference, reason, days["changed_on"], days["received_on"]


def _lock_record(s: Session, record_id: int) -> CreditRecord:
    record = s.scalar(select(CreditRecord).where(CreditRecord.id == record_id).with_for_update())
    if record is None:
        raise NotFound("notice.record_unknown", record_id=record_id)
    return record


def _notice_row(
    s: Session,
    notice: ProviderNotice,
    provider: ProviderUnit,
    record: CreditRecord,
    item: CatalogItem,
    profile: Profile,
    names: Mapping[int, str],
    before: Mapping[str, Any] | None = None,
) -> NoticeRow:
    changes = tuple(
        FieldChange(
            name,
            _label_of(name, item),
            _display(name, (before or {}).get(name, "")),
            _display(name, value),
        )
        for name, value in (notice.changes or {}).items()
    )
    return NoticeRow(
        id=notice.id,
        record_id=notice.record_id,
        kind=NoticeKind(notice.kind),
        provider_code=provider.code,
        provider_name=provider.name,
        reference=notice.reference,
        reason=notice.reason,
        changed_on=notice.changed_on,
        received_on=notice.received_on,
        report_due=notice.report_due,
        apply_due=notice.apply_due,
        applied_on=notice.applied_on,
        changes=changes,
        version_no=notice.version_no,
        created_by=names.get(notice.created_by_user_id or 0, ""),
        report_basis=_step_basis(profile, Step.CORRECTION_PROVIDER_REPORT),
        apply_basis=_step_basis(profile, Step.CORRECTION_PLATFORM_APPLY),
        record_version=record.row_version,
        record_status=RecordStatus(record.status),
    )


# --- recording a notice ------------------------------------------------------------------------


def record_provider_notice(
    db: Database,
    data: NoticeInput,
    *,
    actor: Actor,
    today: date | None = None,
    expected_version: int,
) -> NoticeRow:
    """Record a provider's correction or revocation notice and apply it at once (one
    transaction): the record's new version or its revocation, the notice with both deadlines,
    the audit event. ``expected_version`` is the record's ``row_version`` the user saw."""
    authz.require(actor, Permission.RECORD_NOTICE)
    today = today or local_today()
    kind, reference, reason, changed_on, received_on = _check_header(data, today)
    with db.uow() as uow:
        s = uow.session
        record = _lock_record(s, data.record_id)
        if record.row_version != expected_version:
            raise ConcurrencyConflict(
                "notice.conflict",
                record_id=record.id,
                expected=expected_version,
                actual=record.row_version,
            )
        status = RecordStatus(record.status)
        if status in _CLOSED:
            raise InvalidTransition(
                "notice.record_closed",
                record_id=record.id,
                document_number=record.document_number,
                status=status.label,
            )
        item = s.get_one(CatalogItem, record.catalog_item_id)
        provider = s.get_one(ProviderUnit, record.provider_id)
        code = (data.provider_code or "").strip().upper()
        given = s.scalar(select(ProviderUnit).where(ProviderUnit.code == code))
        if given is None:
            raise _error("provider", "notice.provider_unknown", code=code)
        if given.id != provider.id:
            raise _error(
                "provider",
                "notice.provider_mismatch",
                given=f"{given.name}（{given.code}）",
                expected=f"{provider.name}（{provider.code}）",
                record_id=record.id,
                basis=ART_18,
            )
        changed: dict[str, Any] = {}
        if kind is NoticeKind.CORRECTION:
            if not data.changes:
                raise _error("changes", "notice.changes_required")
            extension = _extension_applies(current_profile_in(s), record)
            changed = _check_changes(s, record, item, data.changes, today, extension=extension)
            if not changed:
                raise _error("changes", "notice.nothing_changed", record_id=record.id)
        elif data.changes:
            raise _error(
                "changes",
                "notice.revocation_with_changes",
                fields="、".join(str(k) for k in data.changes),
            )

        profile = current_profile_in(s)
        calendar = calendar_in(s)
        report = step_deadline(profile, Step.CORRECTION_PROVIDER_REPORT, changed_on, calendar)
        apply = step_deadline(profile, Step.CORRECTION_PLATFORM_APPLY, received_on, calendar)
        before = {name: _current(record, name) for name in changed}
        notice = ProviderNotice(
            record_id=record.id,
            provider_id=provider.id,
            kind=kind.value,
            reference=reference,
            reason=reason,
            changed_on=changed_on,
            received_on=received_on,
            report_due=report.due if report else None,
            apply_due=apply.due if apply else None,
            applied_on=today,
            changes={name: _text(value) or None for name, value in changed.items()},
            created_by_user_id=actor.user_id,
        )
        s.add(notice)
        s.flush()

        summary = render(
            "notice.change_reason",
            {"kind": kind.label, "provider": provider.name, "reference": reference},
        ).text
        change_reason = f"{summary}：{reason}"
        if kind is NoticeKind.CORRECTION:
            content = dict(record.content or {})
            for name, value in changed.items():
                if name.startswith(CONTENT_PREFIX):
                    key = name.removeprefix(CONTENT_PREFIX)
                    if value is None:
                        content.pop(key, None)
                    else:
                        content[key] = value
                elif name == PERIOD_EXTENDED:
                    record.period_extended_on = changed_on if value == YES else None
                else:
                    setattr(record, name, value)
            if content != dict(record.content or {}):
                record.content = content
        else:
            record.status = RecordStatus.REVOKED
            record.status_changed_on = today
            record.status_reason = change_reason[:1000]
        attach_change(
            record,
            ChangeInfo(
                kind.change_kind,
                reason=change_reason,
                source_ref=f"provider_notice:{notice.id}",
                user_id=actor.user_id,
            ),
        )
        s.flush()
        notice.version_no = record.row_version
        record_event(
            s,
            action=NoticeAction.CORRECTED
            if kind is NoticeKind.CORRECTION
            else NoticeAction.REVOKED,
            entity_type="credit_record",
            entity_id=record.id,
            actor_user_id=actor.user_id,
            details={
                "notice_id": notice.id,
                "provider": provider.code,
                "reference": reference,
                "changed_on": changed_on.isoformat(),
                "received_on": received_on.isoformat(),
                "report_due": _text(notice.report_due) or None,
                "apply_due": _text(notice.apply_due) or None,
                "version_no": record.row_version,
                "changes": dict(notice.changes),
            },
        )
        s.flush()
        names = user_names(s, [actor.user_id])
        row = _notice_row(
            s, notice, provider, record, item, profile, names, {k: v for k, v in before.items()}
        )
        uow.commit()
    return row


# --- reading -------------------------------------------------------------------------------------


def _snapshot_fields(
    snapshot: Mapping[str, Any], content_labels: list[tuple[str, str]]
) -> tuple[FieldValue, ...]:
    out = [
        FieldValue(name, label, _display(name, snapshot.get(name)))
        for name, label in (*SUBMITTED_FIELDS, *_STATUS_FIELDS)
        if snapshot.get(name) not in (None, "")
    ]
    content = dict(snapshot.get("content") or {})
    labels = EXTRA_CONTENT_LABELS | dict(content_labels)
    keys = [k for k, _ in content_labels] + [k for k in content if k not in dict(content_labels)]
    out += [
        FieldValue(CONTENT_PREFIX + k, labels.get(k, k), _text(content.get(k)))
        for k in keys
        if content.get(k) not in (None, "")
    ]
    return tuple(out)


def _diff(
    old: Mapping[str, Any], new: Mapping[str, Any], content_labels: list[tuple[str, str]]
) -> tuple[FieldChange, ...]:
    rows = [
        FieldChange(c.field, c.label, c.platform, c.submitted)
        for c in compare(
            old,
            new,
            content_labels=[(k, lb) for k, lb in content_labels]
            + [(k, lb) for k, lb in EXTRA_CONTENT_LABELS.items()],
            value_labels=VALUE_LABELS,
        )
        if c.differs
    ]
    for name, label in _STATUS_FIELDS:
        a, b = _display(name, old.get(name)), _display(name, new.get(name))
        if a != b:
            rows.append(FieldChange(name, label, a, b))
    return tuple(rows)


def _snapshot_value(snapshot: Mapping[str, Any], name: str) -> Any:
    """Field ``name`` (as a notice names it) in a version's snapshot."""
    if name.startswith(CONTENT_PREFIX):
        return (snapshot.get("content") or {}).get(name.removeprefix(CONTENT_PREFIX))
    if name == PERIOD_EXTENDED:
        return YES if snapshot.get("period_extended_on") else NO
    return snapshot.get(name)


def _notices(
    s: Session,
    record: CreditRecord,
    item: CatalogItem,
    profile: Profile,
    versions: Mapping[int, Mapping[str, Any]],
) -> tuple[NoticeRow, ...]:
    rows = s.execute(
        select(ProviderNotice, ProviderUnit)
        .join(ProviderUnit, ProviderNotice.provider_id == ProviderUnit.id)
        .where(ProviderNotice.record_id == record.id)
        .order_by(ProviderNotice.id)
    ).all()
    names = user_names(s, [n.created_by_user_id for n, _p in rows])
    out = []
    for notice, provider in rows:
        previous = versions.get((notice.version_no or 0) - 1, {})
        before = {name: _snapshot_value(previous, name) for name in (notice.changes or {})}
        out.append(_notice_row(s, notice, provider, record, item, profile, names, before))
    return tuple(out)


def notices_of(
    db: Database, record_id: int, *, actor: Actor, today: date | None = None
) -> tuple[NoticeRow, ...]:
    """The provider notices of a record (part of its history; logged like it)."""
    return record_history(db, record_id, actor=actor, today=today).notices


def _correctable(
    record: CreditRecord, item: CatalogItem, *, extension: bool = False
) -> tuple[CorrectableField, ...]:
    out: list[CorrectableField] = []
    for name, label in CORRECTABLE_FIELDS:
        if name in DATE_FIELDS:
            kind, choices = "date", ()
        elif name == "severity":
            kind, choices = "choice", tuple(SEVERITY_LABELS)
        elif name == "penalty_class":
            kind, choices = "choice", tuple(PENALTY_LABELS)
        else:
            kind, choices = "text", ()
        out.append(
            CorrectableField(
                name,
                label,
                _display(name, getattr(record, name)),
                kind,
                choices,
                required=name in ("decision_date", "document_number"),
            )
        )
    for spec in _content_fields(item):
        key = str(spec["key"])
        out.append(
            CorrectableField(
                CONTENT_PREFIX + key,
                str(spec.get("label") or key),
                _text((record.content or {}).get(key)),
                str(spec.get("type") or "text"),
                required=bool(spec.get("required")),
            )
        )
    if extension:
        out.append(
            CorrectableField(
                PERIOD_EXTENDED,
                PERIOD_EXTENDED_LABEL,
                _current(record, PERIOD_EXTENDED),
                "choice",
                (YES, NO),
            )
        )
    return tuple(out)


def record_history(
    db: Database, record_id: int, *, actor: Actor, today: date | None = None
) -> RecordHistory:
    """Every version of a record (what changed, why, on whose authority, who and when) and
    the provider notices behind them; the read is written to the query log."""
    authz.require(actor, Permission.RECORD_HISTORY)
    with db.uow() as uow:
        s = uow.session
        record = s.get(CreditRecord, record_id)
        if record is None:
            raise NotFound("history.record_unknown", record_id=record_id)
        subject = s.get_one(Subject, record.subject_id)
        item = s.get_one(CatalogItem, record.catalog_item_id)
        provider = s.get_one(ProviderUnit, record.provider_id)
        profile = current_profile_in(s)
        content_labels = _content_labels(item)
        rows = s.scalars(
            select(CreditRecordVersion)
            .where(CreditRecordVersion.record_id == record.id)
            .order_by(CreditRecordVersion.version_no)
        ).all()
        names = user_names(s, [v.changed_by_user_id for v in rows])
        versions: list[VersionRow] = []
        previous: Mapping[str, Any] = snapshot_of({})
        snapshots: dict[int, Mapping[str, Any]] = {}
        for v in rows:
            snap = dict(v.snapshot or {})
            snapshots[v.version_no] = snap
            versions.append(
                VersionRow(
                    record_id=record.id,
                    version_no=v.version_no,
                    change_kind=ChangeKind(v.change_kind),
                    reason=v.reason or "",
                    source_ref=v.source_ref or "",
                    changed_by=names.get(v.changed_by_user_id or 0, ""),
                    changed_at=v.changed_at,
                    snapshot=_snapshot_fields(snap, content_labels),
                    changes=_diff(previous, snap, content_labels),
                )
            )
            previous = snap
        kind = SubjectKind(subject.kind)
        header = RecordHeader(
            record_id=record.id,
            subject_name=subject.name,
            subject_kind=kind,
            subject_display_code=display_subject_code(kind, subject.code),
            catalog_code=item.code,
            catalog_name=item.name,
            provider_code=provider.code,
            provider_name=provider.name,
            document_number=record.document_number,
            status=RecordStatus(record.status),
            row_version=record.row_version,
        )
        notices = _notices(s, record, item, profile, snapshots)
        seq = log_case_read(
            s,
            actor,
            subject,
            f"查阅信用信息版本历史（信息编号 {record.id}，{item.name}）",
            1,
        )
        history = RecordHistory(
            header=header,
            versions=tuple(versions),
            notices=notices,
            correctable=_correctable(record, item, extension=_extension_applies(profile, record)),
            report_basis=_step_basis(profile, Step.CORRECTION_PROVIDER_REPORT),
            apply_basis=_step_basis(profile, Step.CORRECTION_PLATFORM_APPLY),
            log_seq=seq,
        )
        uow.commit()
    return history


__all__ = [
    "CorrectableField",
    "FieldChange",
    "FieldValue",
    "NoticeInput",
    "NoticeKind",
    "NoticeRow",
    "RecordHeader",
    "RecordHistory",
    "VersionRow",
    "notices_of",
    "record_history",
    "record_provider_notice",
]
