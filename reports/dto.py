"""What a document prints: frozen dataclasses in, PDF bytes out (``build_<doc>(data)``).

The builders print exactly what these objects hold. Whoever fills them decides what may be
shown: the visibility rules, the masking of ID numbers (``370102********123X`` unless the
audience is the subject itself), the order of rows inside a section. The issuing service
(``app.services.documents``) fills ``issue`` — number, time, clerk, QR — and records the
canonical content of the object (``to_payload``) so a reprint (补打) renders the same document
and a verifier can re-hash it.

``to_payload`` / ``from_payload`` turn any of these objects into JSON-ready data and back
(dates as ``YYYY-MM-DD``, datetimes as UTC ISO-8601 with microseconds, enums as their values,
tuples as lists). ``IssueInfo.qr_payload`` is not part of the payload: the QR is computed from
the payload's digest.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from app.domain.enums import Audience, DocumentType, ReportSection, SubjectKind

# --- shared parts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueInfo:
    """Who issued the document, when, under which number. Filled by the issuing service;
    builders accept an empty one for drafts and previews (the number prints as "（未编号）")."""

    center_name: str
    number: str = ""
    issued_at: datetime | None = None  # aware
    clerk_staff_no: str = ""
    # The verification QR text (``reports.verify.encode_qr``); not part of the signed content.
    qr_payload: str = field(default="", metadata={"canonical": False})


@dataclass(frozen=True)
class InfoItem:
    """One label–value line of a key-value block (基础信息, case facts)."""

    label: str
    value: str


@dataclass(frozen=True)
class SubjectInfo:
    """The credit subject as printed. ``code`` is already masked when it must be."""

    name: str
    kind: SubjectKind
    code: str
    code_label: str = "统一社会信用代码"  # or 居民身份证号码 (masked or not)
    basic_info: tuple[InfoItem, ...] = ()  # 法定代表人, 住所, 成立日期, 登记机关 …


# --- the credit report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    """One credit record in a detail section."""

    catalogue_item: str  # 目录事项, e.g. 行政处罚信息
    provider: str  # 信息提供单位
    document_number: str  # 决定文书号 / 许可证号
    decision_date: date | None
    disclosure_end: date | None  # 披露截止日 (行政处罚: 公示截止日)
    content: str = ""  # 事由、许可内容、列入原因 … (wraps)
    objection_pending: bool = False  # prints the "异议处理中" mark
    disputed: bool = False  # prints the "存在争议" mark (the applicant still disagrees)


@dataclass(frozen=True)
class ReportSectionData:
    section: ReportSection
    rows: tuple[RecordRow, ...] = ()


@dataclass(frozen=True)
class QueryRecordRow:
    """A recent query of a natural person's information (printed on the person's own report)."""

    queried_at: datetime  # aware
    querier: str  # 查询机构或查询人 (already masked when it must be)
    purpose: str
    method: str = ""  # e.g. 窗口查询（授权查询）


#: The detail sections of a report, in the order of the national report standard.
DETAIL_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection.LICENSING,
    ReportSection.PENALTY,
    ReportSection.JUDICIAL,
    ReportSection.SERIOUS_DISHONEST_LIST,
    ReportSection.KEY_ATTENTION_LIST,
    ReportSection.ABNORMAL_OPERATION,
    ReportSection.COMMITMENT,
    ReportSection.HONOURS,
    ReportSection.OTHER,
)


@dataclass(frozen=True)
class SectionCount:
    section: ReportSection
    records: int
    under_objection: int


@dataclass(frozen=True)
class CreditReportData:
    """公共信用信息报告: what one audience may see of one subject as of the issue date.

    Sections may come in any order and may be missing: the report prints every detail section
    in ``DETAIL_SECTIONS`` order, an absent or empty one as "无". ``query_records`` is None when
    the report shows no query records (everything but a natural person's own report) and a
    (possibly empty) tuple when it does. ``summary`` counts are derived from the sections, so
    they can never disagree with the details.
    """

    issue: IssueInfo
    subject: SubjectInfo
    audience: Audience
    purpose: str
    regulation: str  # the profile's regulation, without 《》: 威海市公共信用信息管理办法
    data_cutoff: datetime  # aware: 数据截止时间
    sections: tuple[ReportSectionData, ...] = ()
    legal_basis: tuple[str, ...] = ()  # the profile's articles on queries, objections, periods
    regulation_number: str = ""  # its document number: 威政发〔2022〕8号
    requester: str = ""  # 查询申请人 (authorised third party), already masked when it must be
    authorization: str = ""  # the grant as printed: method, number, scope, validity
    query_records: tuple[QueryRecordRow, ...] | None = None
    valid_until: date | None = None
    contact: str = ""  # where and how to lodge an objection (window address, telephone)
    notes: tuple[str, ...] = ()

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.CREDIT_REPORT

    def rows_of(self, section: ReportSection) -> tuple[RecordRow, ...]:
        return tuple(r for s in self.sections if s.section == section for r in s.rows)

    @property
    def summary(self) -> tuple[SectionCount, ...]:
        return tuple(
            SectionCount(
                section,
                len(rows := self.rows_of(section)),
                sum(1 for r in rows if r.objection_pending),
            )
            for section in DETAIL_SECTIONS
        )

    @property
    def record_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


# --- letters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """An applicant or agent as printed on a letter (document number masked when it must be)."""

    name: str
    doc_label: str = "居民身份证号码"
    doc_number: str = ""


@dataclass(frozen=True)
class SubjectRef:
    name: str
    code: str
    code_label: str = "统一社会信用代码"


@dataclass(frozen=True)
class RecordRef:
    """A credit record a case is about."""

    catalogue_item: str
    provider: str
    document_number: str
    decision_date: date | None = None


@dataclass(frozen=True)
class ObjectionReceiptData:
    """异议受理回执: given to the applicant when an objection is accepted."""

    issue: IssueInfo
    case_no: str
    applicant: Party
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    grounds: tuple[str, ...] = ()
    check_due_on: date | None = None  # 核查期限届满日
    basis: str = ""  # 依据《…》第二十八条 …
    contact: str = ""
    agent: Party | None = None

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.OBJECTION_RECEIPT


@dataclass(frozen=True)
class ObjectionForwardData:
    """异议核查转办单: sent to the provider unit to verify the records under objection."""

    issue: IssueInfo
    case_no: str
    provider: str  # the addressee
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    grounds: tuple[str, ...] = ()
    statement: str = ""  # the applicant's statement of the objection
    reply_due_on: date | None = None
    basis: str = ""
    contact: str = ""
    # the comparison's finding; empty: the platform matches the provider's submission
    finding: str = ""
    delivery: str = ""  # how the slip is sent (系统推送、邮寄 …) and when
    overdue_effect: str = ""  # what happens when the provider does not reply in time

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.OBJECTION_FORWARD


@dataclass(frozen=True)
class ObjectionResultData:
    """异议处理结果告知书."""

    issue: IssueInfo
    case_no: str
    applicant: Party
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    outcome: str  # e.g. 异议成立，相关信息已更正
    explanation: str = ""
    remedy: str = ""  # what the applicant may do if still in disagreement
    basis: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.OBJECTION_RESULT


@dataclass(frozen=True)
class RepairDecisionData:
    """信用修复决定书."""

    issue: IssueInfo
    case_no: str
    applicant: Party
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    effective_on: date
    decision: str = ""  # the decision in words
    effect: str = ""  # 停止公示、停止共享和使用、移出档案 …
    basis: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.REPAIR_DECISION


@dataclass(frozen=True)
class RepairRefusalData:
    """不予修复告知书."""

    issue: IssueInfo
    case_no: str
    applicant: Party
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    reasons: tuple[str, ...]
    remedy: str = ""
    basis: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.REPAIR_REFUSAL


@dataclass(frozen=True)
class WithdrawalNoticeData:
    """良好信息撤回告知书: good information withdrawn on the subject's request."""

    issue: IssueInfo
    case_no: str
    applicant: Party
    subject: SubjectRef
    records: tuple[RecordRef, ...]
    received_on: date
    withdrawn_on: date
    provider_notified: str = ""  # the provider unit told of the withdrawal
    basis: str = ""
    # the provider unit the notice is addressed to (通知信息提供单位); empty: to the applicant
    addressee: str = ""
    # what happened to the records, in the profile's words (empty: no longer queryable, archived)
    effect: str = ""
    # > 0: the notice asks the provider to delete within so many working days (Weihai 第三十三条:
    # the provider deletes, counted from the center's notice); issued when the request is taken
    request_days: int = 0

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.WITHDRAWAL_NOTICE


@dataclass(frozen=True)
class ListingRef:
    """A list membership a letter names: the list record, its provider and the listing day."""

    catalogue_item: str
    provider: str
    document_number: str
    listed_on: date


@dataclass(frozen=True)
class CreditAlertNoticeData:
    """信用提示告知书 (Xiamen 第二十八条): tells the subject it was put on key-attention lists by
    ``len(providers)`` sectors within twelve months and that each provider has been reminded
    that the period should become ``extended_period``."""

    issue: IssueInfo
    case_no: str  # the alert's reference
    subject: SubjectRef
    listings: tuple[ListingRef, ...]
    providers: tuple[str, ...]  # the providers reminded (one 提醒函 each)
    window_from: date  # the first and the last listing day of the twelve months
    window_to: date
    raised_on: date  # the day the alert was raised
    reminded_on: date  # the day the providers' reminders were issued
    min_lists: int = 3
    extended_period: str = "二年"
    pronoun: str = "您"  # how the letter addresses the subject: 您 or 贵单位
    basis: str = ""
    contact: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.CREDIT_ALERT_NOTICE


@dataclass(frozen=True)
class CreditAlertReminderData:
    """公示期调整提醒函 (Xiamen 第二十八条): reminds one provider whose key-attention list
    names the subject that the period of its listing should become ``extended_period``."""

    issue: IssueInfo
    case_no: str  # the alert's reference
    provider: str  # the addressee
    subject: SubjectRef
    listings: tuple[ListingRef, ...]  # every listing of the alert (the provider's marked)
    providers: tuple[str, ...]
    window_from: date
    window_to: date
    raised_on: date
    min_lists: int = 3
    extended_period: str = "二年"
    basis: str = ""
    contact: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.CREDIT_ALERT_REMINDER


@dataclass(frozen=True)
class CommitmentFormData:
    """信用承诺书 (blank): handed out to be filled in by hand; not numbered, not signed."""

    center_name: str
    purpose: str = ""  # e.g. 信用修复; empty: a general commitment
    commitments: tuple[str, ...] = ()  # replaces the standard pledge items when given
    basis: str = ""

    @property
    def doc_type(self) -> DocumentType:
        return DocumentType.COMMITMENT_BLANK


LetterData = Union[  # noqa: UP007 (a runtime alias used with isinstance)
    ObjectionReceiptData,
    ObjectionForwardData,
    ObjectionResultData,
    RepairDecisionData,
    RepairRefusalData,
    WithdrawalNoticeData,
    CreditAlertNoticeData,
    CreditAlertReminderData,
]
IssuableData = Union[CreditReportData, LetterData]  # noqa: UP007

DATA_CLASSES: dict[DocumentType, type[Any]] = {
    DocumentType.CREDIT_REPORT: CreditReportData,
    DocumentType.OBJECTION_RECEIPT: ObjectionReceiptData,
    DocumentType.OBJECTION_FORWARD: ObjectionForwardData,
    DocumentType.OBJECTION_RESULT: ObjectionResultData,
    DocumentType.REPAIR_DECISION: RepairDecisionData,
    DocumentType.REPAIR_REFUSAL: RepairRefusalData,
    DocumentType.WITHDRAWAL_NOTICE: WithdrawalNoticeData,
    DocumentType.COMMITMENT_BLANK: CommitmentFormData,
    DocumentType.CREDIT_ALERT_NOTICE: CreditAlertNoticeData,
    DocumentType.CREDIT_ALERT_REMINDER: CreditAlertReminderData,
}


# --- payload (JSON-ready data) and back -----------------------------------------------------------

PAYLOAD_SCHEMA = "creditdesk.document/1"
T = TypeVar("T")


def to_payload(data: Any) -> dict[str, Any]:
    """The canonical content of a document: schema, type and data (without the QR text)."""
    return {"schema": PAYLOAD_SCHEMA, "doc_type": data.doc_type.value, "data": _encode(data)}


def from_payload(payload: dict[str, Any]) -> Any:
    """The document object a payload was made from (``to_payload`` inverted)."""
    if payload.get("schema") != PAYLOAD_SCHEMA:
        raise ValueError(f"unknown document payload schema {payload.get('schema')!r}")
    cls = DATA_CLASSES[DocumentType(payload["doc_type"])]
    return _decode(cls, payload["data"])


@cache
def content_fields(cls: type) -> tuple[str, ...]:
    """The fields of a document class that are content (all but the QR text)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("canonical", True))


_SCALARS = (str, int, bool, type(None))


def _encode(value: Any) -> Any:
    if isinstance(value, _SCALARS) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _encode(getattr(value, name)) for name in content_fields(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} in a document")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be part of a document")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(args[0], value)
    if origin is tuple:
        (item, _ellipsis) = get_args(tp)
        return tuple(_decode(item, v) for v in value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)  # type: ignore[arg-type]
        kwargs = {
            f.name: _decode(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.name in value
        }
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    return value


__all__ = [
    "DATA_CLASSES",
    "DETAIL_SECTIONS",
    "CommitmentFormData",
    "CreditAlertNoticeData",
    "CreditAlertReminderData",
    "CreditReportData",
    "InfoItem",
    "IssuableData",
    "IssueInfo",
    "LetterData",
    "ListingRef",
    "ObjectionForwardData",
    "ObjectionReceiptData",
    "ObjectionResultData",
    "Party",
    "QueryRecordRow",
    "RecordRef",
    "RecordRow",
    "RepairDecisionData",
    "RepairRefusalData",
    "ReportSectionData",
    "SectionCount",
    "SubjectInfo",
    "SubjectRef",
    "WithdrawalNoticeData",
    "from_payload",
    "to_payload",
]
