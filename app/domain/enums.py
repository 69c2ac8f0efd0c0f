"""Enumerations shared by every layer.

Values are stable lowercase identifiers: they are stored in the database, used by the CLI
(``--audience self``) and by the profile files, so renaming one needs a migration.
Chinese labels live beside them for display (``label``); the GUI translates through Qt.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A StrEnum whose members carry a Chinese display label."""

    @property
    def label(self) -> str:
        # Keyed by (class, value): StrEnum members of different enums with the same value
        # (Disclosure.PUBLIC and Audience.PUBLIC are both "public") are equal, so a plain
        # dict would let one overwrite the other's label.
        return _LABELS[(type(self), self.value)]


class SubjectKind(_Labelled):
    NATURAL_PERSON = "natural_person"
    LEGAL_PERSON = "legal_person"
    UNINCORPORATED = "unincorporated"


class IdDocType(_Labelled):
    """Identity documents linked to a subject (Xiamen art. 6)."""

    RESIDENT_ID = "resident_id"  # 居民身份证, GB 11643-1999
    USCC = "uscc"  # 统一社会信用代码, GB 32100-2015
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"  # 港澳台居民居住证
    FOREIGNER_PERMANENT = "foreigner_permanent"  # 外国人永久居留身份证


class InfoClass(_Labelled):
    """The model's four information classes (jurisdictions.md §1 maps each city's names)."""

    BASIC = "basic"
    GOOD = "good"
    DISHONEST = "dishonest"
    OTHER = "other"


class Disclosure(_Labelled):
    """Disclosure attribute (公开属性) of a catalogue item."""

    PUBLIC = "public"
    AUTHORIZED = "authorized"
    GOVERNMENT = "government"


class Severity(_Labelled):
    GENERAL = "general"
    SERIOUS = "serious"


class PenaltyClass(_Labelled):
    """National classes of administrative-penalty information (令第36号)."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"


class ListType(_Labelled):
    NONE = "none"
    RED = "red"
    BLACK = "black"
    KEY_ATTENTION = "key_attention"


class ReportSection(_Labelled):
    """Report sections in the order of the national report standard (issue 8)."""

    LICENSING = "licensing"
    PENALTY = "penalty"
    JUDICIAL = "judicial"
    SERIOUS_DISHONEST_LIST = "serious_dishonest_list"
    KEY_ATTENTION_LIST = "key_attention_list"
    ABNORMAL_OPERATION = "abnormal_operation"
    COMMITMENT = "commitment"
    HONOURS = "honours"
    BASIC = "basic"
    OTHER = "other"


class RecordStatus(_Labelled):
    """Lifecycle state of a credit record as stored. Visibility on a date is computed."""

    ACTIVE = "active"
    REVOKED = "revoked"  # legal document revoked by the provider
    REPAIRED = "repaired"
    WITHDRAWN = "withdrawn"  # good information withdrawn on the subject's request
    ARCHIVED = "archived"  # filed after expiry or repair
    DELETED = "deleted"  # removed from disclosure (e.g. Wuhan art. 32); row kept for audit


class Audience(_Labelled):
    PUBLIC = "public"
    SELF = "self"
    AUTHORIZED = "authorized"
    GOVERNMENT = "government"


class Role(_Labelled):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"


class QueryMethod(_Labelled):
    WINDOW = "window"
    BATCH = "batch"
    GOVERNMENT = "government"
    CASE = "case"  # a clerk reads a subject's records while handling an objection or repair


class QueryOutcome(_Labelled):
    SHOWN = "shown"
    REFUSED = "refused"


class GrantMethod(_Labelled):
    WRITTEN = "written"
    SMS = "sms"


class DocumentType(_Labelled):
    CREDIT_REPORT = "credit_report"
    OBJECTION_RECEIPT = "objection_receipt"
    OBJECTION_FORWARD = "objection_forward"
    OBJECTION_RESULT = "objection_result"
    REPAIR_DECISION = "repair_decision"
    REPAIR_REFUSAL = "repair_refusal"
    COMMITMENT_BLANK = "commitment_blank"
    WITHDRAWAL_NOTICE = "withdrawal_notice"
    CREDIT_ALERT_NOTICE = "credit_alert_notice"  # to the subject (Xiamen art. 28)
    CREDIT_ALERT_REMINDER = "credit_alert_reminder"  # to each provider (Xiamen art. 28)


class ChangeKind(_Labelled):
    """Why a credit record got a new version (its history is append-only)."""

    INTAKE = "intake"
    INTAKE_UPDATE = "intake_update"
    PROVIDER_CORRECTION = "provider_correction"
    PROVIDER_REVOCATION = "provider_revocation"
    OBJECTION_CORRECTION = "objection_correction"
    OBJECTION_DELETION = "objection_deletion"
    REPAIR = "repair"
    REPAIR_REVOKED = "repair_revoked"
    WITHDRAWAL = "withdrawal"
    EXPIRY_ARCHIVE = "expiry_archive"
    DEMO = "demo"


class CalendarSource(_Labelled):
    PACKAGE = "package"  # seeded from the chinesecalendar package (official schedules only)
    IMPORT = "import"  # loaded by an administrator from the State Council notice
    WEEKDAY_RULE = "weekday_rule"  # no notice entry: Monday–Friday rule inside an official year


_LABEL_TABLE: list[tuple[StrEnum, str]] = [
    (SubjectKind.NATURAL_PERSON, "自然人"),
    (SubjectKind.LEGAL_PERSON, "法人"),
    (SubjectKind.UNINCORPORATED, "非法人组织"),
    (IdDocType.RESIDENT_ID, "居民身份证"),
    (IdDocType.USCC, "统一社会信用代码"),
    (IdDocType.PASSPORT, "护照"),
    (IdDocType.RESIDENCE_PERMIT, "港澳台居民居住证"),
    (IdDocType.FOREIGNER_PERMANENT, "外国人永久居留身份证"),
    (InfoClass.BASIC, "基础信息"),
    (InfoClass.GOOD, "良好信息"),
    (InfoClass.DISHONEST, "失信信息"),
    (InfoClass.OTHER, "其他信息"),
    (Disclosure.PUBLIC, "社会公开"),
    (Disclosure.AUTHORIZED, "授权查询"),
    (Disclosure.GOVERNMENT, "政务共享"),
    (Severity.GENERAL, "一般"),
    (Severity.SERIOUS, "严重"),
    (PenaltyClass.MINOR, "轻微"),
    (PenaltyClass.GENERAL, "一般"),
    (PenaltyClass.SERIOUS, "严重"),
    (ListType.NONE, "无"),
    (ListType.RED, "红名单"),
    (ListType.BLACK, "严重失信主体名单"),
    (ListType.KEY_ATTENTION, "重点关注名单"),
    (ReportSection.LICENSING, "行政许可"),
    (ReportSection.PENALTY, "行政处罚"),
    (ReportSection.JUDICIAL, "司法裁判及执行"),
    (ReportSection.SERIOUS_DISHONEST_LIST, "严重失信主体名单"),
    (ReportSection.KEY_ATTENTION_LIST, "重点关注名单"),
    (ReportSection.ABNORMAL_OPERATION, "经营异常名录"),
    (ReportSection.COMMITMENT, "信用承诺"),
    (ReportSection.HONOURS, "守信激励 / 荣誉"),
    (ReportSection.BASIC, "基础信息"),
    (ReportSection.OTHER, "其他"),
    (RecordStatus.ACTIVE, "有效"),
    (RecordStatus.REVOKED, "已撤销"),
    (RecordStatus.REPAIRED, "已修复"),
    (RecordStatus.WITHDRAWN, "已撤回"),
    (RecordStatus.ARCHIVED, "已归档"),
    (RecordStatus.DELETED, "已删除"),
    (Audience.PUBLIC, "社会公开查询"),
    (Audience.SELF, "本人查询"),
    (Audience.AUTHORIZED, "授权查询"),
    (Audience.GOVERNMENT, "政务共享查询"),
    (Role.CLERK, "窗口受理员"),
    (Role.SUPERVISOR, "审核主管"),
    (Role.ADMIN, "系统管理员"),
    (Role.AUDITOR, "审计员"),
    (QueryMethod.WINDOW, "窗口查询"),
    (QueryMethod.BATCH, "批量查询"),
    (QueryMethod.GOVERNMENT, "政务查询"),
    (QueryMethod.CASE, "办案查阅"),
    (QueryOutcome.SHOWN, "已出具"),
    (QueryOutcome.REFUSED, "已拒绝"),
    (GrantMethod.WRITTEN, "书面授权"),
    (GrantMethod.SMS, "短信验证授权"),
    (DocumentType.CREDIT_REPORT, "公共信用信息报告"),
    (DocumentType.OBJECTION_RECEIPT, "异议受理回执"),
    (DocumentType.OBJECTION_FORWARD, "异议核查转办单"),
    (DocumentType.OBJECTION_RESULT, "异议处理结果告知书"),
    (DocumentType.REPAIR_DECISION, "信用修复决定书"),
    (DocumentType.REPAIR_REFUSAL, "不予修复告知书"),
    (DocumentType.COMMITMENT_BLANK, "信用承诺书"),
    (DocumentType.WITHDRAWAL_NOTICE, "良好信息撤回告知书"),
    (DocumentType.CREDIT_ALERT_NOTICE, "信用提示告知书"),
    (DocumentType.CREDIT_ALERT_REMINDER, "公示期调整提醒函"),
    (ChangeKind.INTAKE, "归集入库"),
    (ChangeKind.INTAKE_UPDATE, "归集更新"),
    (ChangeKind.PROVIDER_CORRECTION, "提供单位更正"),
    (ChangeKind.PROVIDER_REVOCATION, "提供单位撤销"),
    (ChangeKind.OBJECTION_CORRECTION, "异议更正"),
    (ChangeKind.OBJECTION_DELETION, "异议删除"),
    (ChangeKind.REPAIR, "信用修复"),
    (ChangeKind.REPAIR_REVOKED, "撤销修复"),
    (ChangeKind.WITHDRAWAL, "良好信息撤回"),
    (ChangeKind.EXPIRY_ARCHIVE, "到期归档"),
    (ChangeKind.DEMO, "演示数据"),
    (CalendarSource.PACKAGE, "国务院办公厅通知（chinesecalendar）"),
    (CalendarSource.IMPORT, "管理员导入"),
    (CalendarSource.WEEKDAY_RULE, "周一至周五规则"),
]

_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_TABLE}
