"""What a provider's row must satisfy before it enters the platform (归集; jurisdictions.md §1-2).

Pure functions over the jurisdiction profile, the catalogue item and one row of text; the
database facts a row needs (is this written consent on record?) come in as a callable. Every
refusal names the column and says why in Chinese, with the article where the profile has one.

The columns of a provider template are the same for every item (who, which decision, which
dates) plus the item's own content fields; which dates are required follows from the profile's
disclosure rule for the item (the date its period counts from must be there).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.codes import age_on, birth_date_of, detect_subject_code
from app.domain.enums import (
    Disclosure,
    InfoClass,
    ListType,
    PenaltyClass,
    ReportSection,
    Severity,
    SubjectKind,
)
from app.domain.errors import InvalidCode
from app.rules.disclosure import CountsFrom
from app.rules.profiles import CATEGORY_LABELS, Profile

__all__ = [
    "CONTENT",
    "Column",
    "ItemSpec",
    "ParsedRow",
    "RowError",
    "columns_for",
    "consent_refusal",
    "validate_row",
]

CONTENT = "content."
SIMPLIFIED = "简易程序"
YES = frozenset({"是", "Y", "y", "yes", "1", "true", "TRUE"})
NO = frozenset({"否", "N", "n", "no", "0", "false", "FALSE", ""})


@dataclass(frozen=True)
class ItemSpec:
    """A catalogue item as the validator needs it."""

    code: str
    name: str
    info_class: InfoClass
    disclosure: Disclosure
    report_section: ReportSection
    legal_basis: str
    fields: tuple[Mapping[str, Any], ...]  # {"key", "label", "required", "category"?}

    @property
    def is_penalty(self) -> bool:
        return self.report_section is ReportSection.PENALTY

    @property
    def list_type(self) -> ListType:
        return {
            ReportSection.SERIOUS_DISHONEST_LIST: ListType.BLACK,
            ReportSection.KEY_ATTENTION_LIST: ListType.KEY_ATTENTION,
        }.get(self.report_section, ListType.NONE)


@dataclass(frozen=True)
class Column:
    key: str  # "subject_code" or "content.<field>"
    label: str  # the Chinese header
    required: bool = False
    note: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    column: str  # the header label ("" for the row as a whole)
    message: str


@dataclass(frozen=True)
class ParsedRow:
    item_code: str
    subject_kind: SubjectKind
    subject_code: str
    subject_name: str
    document_number: str
    decision_date: date
    act_ended_on: date | None
    determined_on: date | None
    listed_on: date | None
    severity: Severity | None
    penalty_class: PenaltyClass | None
    list_type: ListType
    content: dict[str, str] = field(default_factory=dict)
    consent_ref: str | None = None
    notice_date: date | None = None
    notice_method: str | None = None


SEVERITY_LABELS = {"一般": Severity.GENERAL, "严重": Severity.SERIOUS}
PENALTY_LABELS = {
    "轻微": PenaltyClass.MINOR,
    "一般": PenaltyClass.GENERAL,
    "严重": PenaltyClass.SERIOUS,
}

# The label of each standard column; a template shows the ones that apply to the item.
LABELS = {
    "item_code": "信息事项代码",
    "subject_name": "主体名称",
    "subject_code": "统一社会信用代码或身份证号码",
    "document_number": "决定文书号",
    "decision_date": "决定日期",
    "act_ended_on": "失信行为终止日期",
    "determined_on": "认定日期",
    "listed_on": "列入名单日期",
    "severity": "失信程度",
    "penalty_class": "处罚类别",
    "procedure": "处罚程序",
    "minor_self_corrected": "违法行为轻微并主动消除危害后果",
    "consent_ref": "书面同意编号",
    "notice_date": "事先告知日期",
    "notice_method": "告知方式",
}

_COUNTS_FROM_FIELD = {
    CountsFrom.ACT_ENDED: "act_ended_on",
    CountsFrom.DETERMINED: "determined_on",
    CountsFrom.LISTED: "listed_on",
    CountsFrom.FORMED: None,  # the day the record forms on the platform: the intake day
}


def _period_date_fields(profile: Profile, item: ItemSpec) -> set[str]:
    """The dates the item's disclosure periods count from (any severity)."""
    out = set()
    for rule in profile.disclosure:
        if rule.info_class is not item.info_class:
            continue
        if rule.list_type is not None and rule.list_type is not item.list_type:
            continue
        name = _COUNTS_FROM_FIELD.get(rule.counts_from)
        if name:
            out.add(name)
    return out


def columns_for(profile: Profile, item: ItemSpec) -> tuple[Column, ...]:
    """The template's columns for ``item`` under ``profile``, in order."""
    dishonest = item.info_class is InfoClass.DISHONEST
    dates = _period_date_fields(profile, item)
    cols = [
        Column("item_code", LABELS["item_code"], True, f"填 {item.code}（{item.name}）"),
        Column("subject_name", LABELS["subject_name"], True),
        Column("subject_code", LABELS["subject_code"], True, "18位，校验码须正确"),
        Column("document_number", LABELS["document_number"], True, "已生效的法律文书编号"),
        Column("decision_date", LABELS["decision_date"], True, "YYYY-MM-DD"),
    ]
    if dishonest:
        cols.append(
            Column("act_ended_on", LABELS["act_ended_on"], "act_ended_on" in dates, "YYYY-MM-DD")
        )
        cols.append(
            Column("determined_on", LABELS["determined_on"], "determined_on" in dates, "YYYY-MM-DD")
        )
        cols.append(Column("severity", LABELS["severity"], True, "一般 或 严重", ("一般", "严重")))
    if item.list_type is not ListType.NONE:
        cols.append(Column("listed_on", LABELS["listed_on"], True, "YYYY-MM-DD"))
    if item.is_penalty:
        cols.append(
            Column(
                "penalty_class",
                LABELS["penalty_class"],
                False,
                "轻微、一般或严重",
                ("轻微", "一般", "严重"),
            )
        )
        rule = profile.intake.general_procedure_penalties_only
        if rule is not None and rule.value:
            cols.append(
                Column(
                    "procedure",
                    LABELS["procedure"],
                    True,
                    "一般程序 或 简易程序",
                    ("一般程序", SIMPLIFIED),
                )
            )
        minor = profile.intake.exclude_minor_self_corrected
        if minor is not None and minor.value:
            cols.append(
                Column(
                    "minor_self_corrected",
                    LABELS["minor_self_corrected"],
                    False,
                    "是 或 否",
                    ("是", "否"),
                )
            )
    for f in item.fields:
        cols.append(
            Column(CONTENT + str(f.get("key")), str(f.get("label")), bool(f.get("required")))
        )
    if any(f.get("category") for f in item.fields):
        cols.append(
            Column(
                "consent_ref", LABELS["consent_ref"], False, "采集收入、存款等信息的书面同意编号"
            )
        )
    notice = profile.intake.pre_report_notice
    if dishonest and notice is not None and notice.value:
        cols.append(Column("notice_date", LABELS["notice_date"], True, "YYYY-MM-DD"))
        cols.append(Column("notice_method", LABELS["notice_method"], True, "书面送达、公告送达等"))
    return tuple(cols)


@dataclass(frozen=True)
class _Plan:
    """What ``validate_row`` checks for one (profile, item, header): worked out once per batch,
    not once per row."""

    forbidden: tuple[tuple[str, str], ...]  # (label, message)
    unknown: tuple[str, ...]  # header labels that are not the item's columns
    required: tuple[str, ...]  # further required labels (besides name, code, document number)
    fields: tuple[tuple[str, str, bool], ...]  # (content key, label, needs consent)
    document_why: str
    procedure_refusal: str | None
    minor_refusal: str | None
    consent_basis: str


_CACHE: dict[tuple[int, int, tuple[str, ...]], tuple[object, object, _Plan]] = {}


def _columns_of(profile: Profile, item: ItemSpec) -> tuple[tuple[Column, ...], frozenset[str]]:
    cols = columns_for(profile, item)
    return cols, frozenset({c.label for c in cols} | set(LABELS.values()))


def _plan(profile: Profile, item: ItemSpec, header: tuple[str, ...]) -> _Plan:
    key = (id(profile), id(item), header)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is profile and hit[1] is item:
        return hit[2]
    cols, known = _columns_of(profile, item)
    rule = profile.intake.effective_document_required
    procedure = profile.intake.general_procedure_penalties_only
    minor = profile.intake.exclude_minor_self_corrected
    financial = profile.intake.financial
    plan = _Plan(
        forbidden=tuple(
            (
                label,
                f"不得归集{CATEGORY_LABELS[category]}信息（{profile.cite(profile.intake.forbidden.basis)}）",
            )
            for label, category in forbidden_labels(profile).items()
        ),
        unknown=tuple(label for label in header if label not in known),
        required=tuple(
            c.label
            for c in cols
            if c.required and c.key not in ("subject_name", "subject_code", "document_number")
        ),
        fields=tuple(
            (str(f.get("key")), str(f.get("label")), bool(f.get("category"))) for f in item.fields
        ),
        document_why=(
            f"（{profile.cite(rule.basis)}：只归集已生效的法律文书）" if rule and rule.value else ""
        ),
        procedure_refusal=(
            f"适用简易程序作出的行政处罚信息不予归集（{profile.cite(procedure.basis)}）"
            if item.is_penalty and procedure is not None and procedure.value
            else None
        ),
        minor_refusal=(
            f"违法行为轻微并主动消除危害后果的行政处罚信息不予归集（{profile.cite(minor.basis)}）"
            if item.is_penalty and minor is not None and minor.value
            else None
        ),
        consent_basis=profile.cite(financial.basis) if financial else "",
    )
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = (profile, item, plan)
    return plan


def forbidden_labels(profile: Profile) -> dict[str, str]:
    """Header label → category for what must never be collected (宗教信仰, 基因 …)."""
    return {CATEGORY_LABELS[c]: c for c in profile.intake.forbidden.value}


def _date(text: str, label: str, today: date, errors: list[RowError]) -> date | None:
    if not text:
        return None
    value = text.replace("/", "-").replace(".", "-")
    try:
        parsed = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        errors.append(RowError(label, f"“{text}”不是有效日期，应写作 2026-03-01"))
        return None
    if parsed > today:
        errors.append(RowError(label, f"{parsed.isoformat()} 晚于今天"))
        return None
    return parsed


_L_ITEM = LABELS["item_code"]
_L_NAME = LABELS["subject_name"]
_L_CODE = LABELS["subject_code"]
_L_DOC = LABELS["document_number"]
_L_SEVERITY = LABELS["severity"]
_L_PENALTY = LABELS["penalty_class"]
_L_PROCEDURE = LABELS["procedure"]
_L_MINOR = LABELS["minor_self_corrected"]
_L_CONSENT = LABELS["consent_ref"]
_L_NOTICE_METHOD = LABELS["notice_method"]
_DATE_KEYS = tuple(
    (key, LABELS[key])
    for key in ("decision_date", "act_ended_on", "determined_on", "listed_on", "notice_date")
)


def validate_row(
    values: Mapping[str, str],
    *,
    profile: Profile,
    items: Mapping[str, ItemSpec],
    today: date,
    consent_exists: Callable[[str, str], bool] = lambda _code, _ref: False,
    extra_labels: Sequence[str] = (),
) -> ParsedRow | list[RowError]:
    """One row (header label → text) → a parsed row, or every refusal found in it."""
    errors: list[RowError] = []
    # the row's non-empty cells, stripped; one C-level lookup per question below
    get = {label: text.strip() for label, text in values.items() if text}.get

    code_text = get(_L_ITEM, "")
    item = items.get(code_text)
    if item is None:
        known = "、".join(sorted(items)) or "（无）"
        what = f"“{code_text}”不是本单位报送的信息事项" if code_text else "缺少信息事项代码"
        return [RowError(_L_ITEM, f"{what}；可报送：{known}")]
    plan = _plan(profile, item, tuple(extra_labels))

    # what must never be collected, whatever the item
    for label, message in plan.forbidden:
        if get(label, ""):
            errors.append(RowError(label, message))
    for label in plan.unknown:
        if get(label, ""):
            errors.append(RowError(label, f"“{label}”不是信息事项“{item.name}”的字段，不予归集"))

    name = get(_L_NAME, "")
    if not name:
        errors.append(RowError(_L_NAME, "主体名称不能为空"))
    kind = code = None
    try:
        kind, code = detect_subject_code(values.get(_L_CODE) or "")
    except InvalidCode as exc:
        errors.append(RowError(_L_CODE, exc.text))
    document_number = get(_L_DOC, "")
    if not document_number:
        errors.append(RowError(_L_DOC, f"决定文书号不能为空{plan.document_why}"))

    dates = [_date(get(label, ""), label, today, errors) for _key, label in _DATE_KEYS]
    for label in plan.required:
        if not get(label, ""):
            errors.append(RowError(label, f"“{label}”不能为空"))

    severity = penalty = None
    if item.info_class is InfoClass.DISHONEST:
        severity_text = get(_L_SEVERITY, "")
        if severity_text:
            severity = SEVERITY_LABELS.get(severity_text)
            if severity is None:
                errors.append(RowError(_L_SEVERITY, f"“{severity_text}”应为 一般 或 严重"))
    if item.is_penalty:
        penalty_text = get(_L_PENALTY, "")
        if penalty_text:
            penalty = PENALTY_LABELS.get(penalty_text)
            if penalty is None:
                errors.append(RowError(_L_PENALTY, f"“{penalty_text}”应为 轻微、一般或严重"))
        if plan.procedure_refusal and get(_L_PROCEDURE, "") == SIMPLIFIED:
            errors.append(RowError(_L_PROCEDURE, plan.procedure_refusal))
        if plan.minor_refusal and get(_L_MINOR, "") in YES - {""}:
            errors.append(RowError(_L_MINOR, plan.minor_refusal))

    content: dict[str, str] = {}
    consent_needed: list[str] = []
    for key, label, needs_consent in plan.fields:
        text = get(label, "")
        if text:
            content[key] = text
            if needs_consent:
                consent_needed.append(label)
    consent_ref = get(_L_CONSENT, "") or None
    if consent_needed:
        if consent_ref is None:
            errors.append(
                RowError(
                    consent_needed[0],
                    f"{'、'.join(consent_needed)}须经信息主体书面同意方可归集，请填写书面同意编号（{plan.consent_basis}）",
                )
            )
        elif code is not None and not consent_exists(code, consent_ref):
            errors.append(consent_refusal(profile, consent_ref))

    decision_date, act_ended_on, determined_on, listed_on, notice_date = dates
    if kind is SubjectKind.NATURAL_PERSON and code is not None:
        _person_checks(profile, item, code, decision_date, errors)

    if errors:
        return errors
    assert kind is not None and code is not None and decision_date is not None
    return ParsedRow(
        item_code=item.code,
        subject_kind=kind,
        subject_code=code,
        subject_name=name,
        document_number=document_number,
        decision_date=decision_date,
        act_ended_on=act_ended_on,
        determined_on=determined_on,
        listed_on=listed_on,
        severity=severity,
        penalty_class=penalty,
        list_type=item.list_type,
        content=content,
        consent_ref=consent_ref,
        notice_date=notice_date,
        notice_method=get(_L_NOTICE_METHOD, "") or None,
    )


def consent_refusal(profile: Profile, consent_ref: str) -> RowError:
    """The refusal of a row whose written consent number is not on record for its subject."""
    financial = profile.intake.financial
    basis = profile.cite(financial.basis) if financial else ""
    return RowError(_L_CONSENT, f"书面同意“{consent_ref}”未登记或不属于该主体（{basis}）")


def _person_checks(
    profile: Profile, item: ItemSpec, code: str, decided: date | None, errors: list[RowError]
) -> None:
    min_age = profile.subjects.min_age
    if min_age is not None and decided is not None:
        born = birth_date_of(code)
        if decided < born:
            errors.append(
                RowError(LABELS["decision_date"], f"决定日期 {decided.isoformat()} 早于出生日期")
            )
            return
        years = age_on(born, decided)
        if years < min_age.value:
            errors.append(
                RowError(
                    LABELS["subject_code"],
                    f"决定日该自然人未满{min_age.value}周岁（{years}周岁），不予归集（{profile.cite(min_age.basis)}）",
                )
            )
    public = profile.subjects.natural_person_public
    if item.disclosure is Disclosure.PUBLIC and not public.value:
        errors.append(
            RowError(
                LABELS["item_code"],
                f"信息事项“{item.name}”为社会公开，而自然人信息不得公开公示（{profile.cite(public.basis)}）",
            )
        )
