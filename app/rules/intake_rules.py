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


_CACHE: dict[tuple[int, int], tuple[object, object, tuple[Column, ...], frozenset[str]]] = {}


def _columns_of(profile: Profile, item: ItemSpec) -> tuple[tuple[Column, ...], frozenset[str]]:
    """``columns_for`` and the labels it knows, computed once per (profile, item) object: a
    batch validates a million rows against the same few items."""
    key = (id(profile), id(item))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is profile and hit[1] is item:
        return hit[2], hit[3]
    cols = columns_for(profile, item)
    known = frozenset({c.label for c in cols} | set(LABELS.values()))
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = (profile, item, cols, known)
    return cols, known


def forbidden_labels(profile: Profile) -> dict[str, str]:
    """Header label → category for what must never be collected (宗教信仰, 基因 …)."""
    return {CATEGORY_LABELS[c]: c for c in profile.intake.forbidden.value}


def _date(text: str, label: str, today: date, errors: list[RowError]) -> date | None:
    value = text.strip().replace("/", "-").replace(".", "-")
    if not value:
        return None
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
    get = lambda key: (values.get(LABELS[key]) or "").strip()  # noqa: E731
    code_text = get("item_code")
    item = items.get(code_text)
    if item is None:
        known = "、".join(sorted(items)) or "（无）"
        what = f"“{code_text}”不是本单位报送的信息事项" if code_text else "缺少信息事项代码"
        return [RowError(LABELS["item_code"], f"{what}；可报送：{known}")]

    # what must never be collected, whatever the item
    for label, category in forbidden_labels(profile).items():
        if (values.get(label) or "").strip():
            basis = profile.cite(profile.intake.forbidden.basis)
            errors.append(RowError(label, f"不得归集{CATEGORY_LABELS[category]}信息（{basis}）"))
    for label in extra_labels:
        if (values.get(label) or "").strip() and label not in _columns_of(profile, item)[1]:
            errors.append(RowError(label, f"“{label}”不是信息事项“{item.name}”的字段，不予归集"))

    name = get("subject_name")
    if not name:
        errors.append(RowError(LABELS["subject_name"], "主体名称不能为空"))
    kind = code = None
    try:
        kind, code = detect_subject_code(get("subject_code"))
    except InvalidCode as exc:
        errors.append(RowError(LABELS["subject_code"], exc.text))
    document_number = get("document_number")
    if not document_number:
        rule = profile.intake.effective_document_required
        why = (
            f"（{profile.cite(rule.basis)}：只归集已生效的法律文书）" if rule and rule.value else ""
        )
        errors.append(RowError(LABELS["document_number"], f"决定文书号不能为空{why}"))

    dates: dict[str, date | None] = {}
    for key in ("decision_date", "act_ended_on", "determined_on", "listed_on", "notice_date"):
        dates[key] = _date(get(key), LABELS[key], today, errors)
    for col in _columns_of(profile, item)[0]:
        if (
            col.required
            and not (values.get(col.label) or "").strip()
            and col.key not in ("subject_name", "subject_code", "document_number")
        ):
            errors.append(RowError(col.label, f"“{col.label}”不能为空"))

    severity = penalty = None
    if item.info_class is InfoClass.DISHONEST and get("severity"):
        severity = SEVERITY_LABELS.get(get("severity"))
        if severity is None:
            errors.append(RowError(LABELS["severity"], f"“{get('severity')}”应为 一般 或 严重"))
    if item.is_penalty:
        if get("penalty_class"):
            penalty = PENALTY_LABELS.get(get("penalty_class"))
            if penalty is None:
                errors.append(
                    RowError(
                        LABELS["penalty_class"], f"“{get('penalty_class')}”应为 轻微、一般或严重"
                    )
                )
        rule = profile.intake.general_procedure_penalties_only
        if rule is not None and rule.value and get("procedure") == SIMPLIFIED:
            errors.append(
                RowError(
                    LABELS["procedure"],
                    f"适用简易程序作出的行政处罚信息不予归集（{profile.cite(rule.basis)}）",
                )
            )
        minor = profile.intake.exclude_minor_self_corrected
        if minor is not None and minor.value and get("minor_self_corrected") in YES - {""}:
            errors.append(
                RowError(
                    LABELS["minor_self_corrected"],
                    f"违法行为轻微并主动消除危害后果的行政处罚信息不予归集（{profile.cite(minor.basis)}）",
                )
            )

    content: dict[str, str] = {}
    consent_needed: list[str] = []
    for f in item.fields:
        key, label = str(f.get("key")), str(f.get("label"))
        text = (values.get(label) or "").strip()
        if text:
            content[key] = text
            if f.get("category"):
                consent_needed.append(label)
    consent_ref = get("consent_ref") or None
    if consent_needed:
        financial = profile.intake.financial
        rule_text = profile.cite(financial.basis) if financial else ""
        if consent_ref is None:
            errors.append(
                RowError(
                    consent_needed[0],
                    f"{'、'.join(consent_needed)}须经信息主体书面同意方可归集，请填写书面同意编号（{rule_text}）",
                )
            )
        elif code is not None and not consent_exists(code, consent_ref):
            errors.append(
                RowError(
                    LABELS["consent_ref"],
                    f"书面同意“{consent_ref}”未登记或不属于该主体（{rule_text}）",
                )
            )

    if kind is SubjectKind.NATURAL_PERSON and code is not None:
        _person_checks(profile, item, code, dates["decision_date"], errors)

    if errors:
        return errors
    assert kind is not None and code is not None and dates["decision_date"] is not None
    return ParsedRow(
        item_code=item.code,
        subject_kind=kind,
        subject_code=code,
        subject_name=name,
        document_number=document_number,
        decision_date=dates["decision_date"],
        act_ended_on=dates["act_ended_on"],
        determined_on=dates["determined_on"],
        listed_on=dates["listed_on"],
        severity=severity,
        penalty_class=penalty,
        list_type=item.list_type,
        content=content,
        consent_ref=consent_ref,
        notice_date=dates["notice_date"],
        notice_method=get("notice_method") or None,
    )


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
