"""Jurisdiction profiles: each city's regulation as data (``resources/profiles/<id>.toml``).

A profile is validated against the schema below when it is loaded (strict types, no unknown
keys); any fault raises ``ProfileInvalid`` naming the file, the field path and the problem in
Chinese. Every rule value carries ``basis`` — the article it comes from (``第二十八条``) —
so the GUI can print ``profile.cite(basis)`` → "依据《武汉市公共信用信息管理办法》第三十一条".

The dated national layer lives in ``national.toml`` in the same directory (``NationalLayer``).
A sixth city is a sixth ``<id>.toml``; nothing else changes.
"""

from __future__ import annotations

import itertools
import re
import sys
import tomllib
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    model_validator,
)

from app.domain.enums import Audience, InfoClass, ListType, PenaltyClass, Severity
from app.domain.errors import CreditDeskError, NotFound
from app.domain.messages import render

__all__ = [
    "ARTICLE_PATTERN",
    "CATEGORY_LABELS",
    "STEP_IDS",
    "Cited",
    "CountsFrom",
    "DisclosureRule",
    "NationalLayer",
    "NationalVersion",
    "Profile",
    "ProfileInvalid",
    "PublicityRule",
    "Step",
    "article_number",
    "default_profile_directory",
    "load_national_layer",
    "load_profile",
    "load_profiles",
    "national_version_on",
]

NATIONAL_FILE = "national.toml"


class Step(StrEnum):
    """The fixed step identifiers used by the CLI, the UI and the tests."""

    OBJECTION_CHECK = "objection.check"
    OBJECTION_CHECK_ASSISTED = "objection.check_assisted"
    OBJECTION_FORWARD = "objection.forward"
    OBJECTION_NOTIFY_CORRECTION = "objection.notify_correction"
    OBJECTION_PROVIDER_REPLY = "objection.provider_reply"
    OBJECTION_NOTIFY_RESULT = "objection.notify_result"
    OBJECTION_CORRECT = "objection.correct"
    REPAIR_PUBLICITY = "repair.publicity"
    WITHDRAWAL_GOOD_INFO = "withdrawal.good_info"
    CORRECTION_PROVIDER_REPORT = "correction.provider_report"
    CORRECTION_PLATFORM_APPLY = "correction.platform_apply"
    INTAKE_PROVIDER_REPORT = "intake.provider_report"
    INTAKE_INTEGRATE = "intake.integrate"


STEP_IDS: tuple[str, ...] = tuple(s.value for s in Step)


class CountsFrom(StrEnum):
    """The record date a disclosure period is counted from."""

    ACT_ENDED = "act_ended"  # 失信行为或者事件终止之日
    FORMED = "formed"  # 不良记录形成之日
    DETERMINED = "determined"  # 认定之日 / 行政处罚决定之日
    LISTED = "listed"  # 列入名单之日

    @property
    def label(self) -> str:
        return {
            "act_ended": "失信行为终止之日",
            "formed": "不良记录形成之日",
            "determined": "认定（决定）之日",
            "listed": "列入名单之日",
        }[self.value]


class PublicityRule(StrEnum):
    """Which end the visibility function uses for penalty information."""

    LOCAL = "local"
    NATIONAL = "national"
    EARLIER = "earlier"


# --- articles -----------------------------------------------------------------------------

_NUM = "零一二三四五六七八九十百"
_ONE_ARTICLE = rf"第[{_NUM}]+条(?:第[{_NUM}]+款)?(?:第[{_NUM}]+项)?"
ARTICLE_PATTERN = re.compile(rf"^{_ONE_ARTICLE}(?:[、至]{_ONE_ARTICLE})*$")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn_to_int(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def article_number(basis: str) -> int:
    """The number of the (first) article cited: ``"第三十一条第二款"`` → 31."""
    m = re.match(rf"^第([{_NUM}]+)条", basis)
    if not m:
        raise ValueError(f"not an article reference: {basis!r}")
    return _cn_to_int(m[1])


def _check_article(value: str) -> str:
    if not ARTICLE_PATTERN.match(value):
        raise ValueError(
            f"“{value}”不是条文编号，应写作 第二十八条 或 第三十七条第二款（中文数字）"
        )
    return value


# --- schema ---------------------------------------------------------------------------------

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)

T = TypeVar("T")
Article = Annotated[str, AfterValidator(_check_article)]
Lax = Strict(False)  # enums arrive from TOML as strings
InfoClassField = Annotated[InfoClass, Lax]
SeverityField = Annotated[Severity, Lax]
ListTypeField = Annotated[ListType, Lax]
PenaltyClassField = Annotated[PenaltyClass, Lax]
AudienceField = Annotated[Audience, Lax]
CountsFromField = Annotated[CountsFrom, Lax]
PublicityRuleField = Annotated[PublicityRule, Lax]
StepField = Annotated[Step, Lax]

Party = Literal["center", "provider"]
PersonalCategory = Literal[
    "religion", "genes", "fingerprints", "blood_type", "disease", "medical_history"
]
FinancialCategory = Literal[
    "income", "deposits", "securities", "commercial_insurance", "real_estate", "tax_amount"
]

CATEGORY_LABELS: dict[str, str] = {
    "religion": "宗教信仰",
    "genes": "基因",
    "fingerprints": "指纹",
    "blood_type": "血型",
    "disease": "疾病",
    "medical_history": "病史",
    "income": "收入",
    "deposits": "存款",
    "securities": "有价证券",
    "commercial_insurance": "商业保险",
    "real_estate": "不动产",
    "tax_amount": "纳税数额",
}


class _Model(BaseModel):
    model_config = _STRICT


class Cited(_Model, Generic[T]):
    """A rule value with the article it comes from."""

    value: T
    basis: Article
    note: str = ""


class StepRule(_Model):
    working_days: int = Field(ge=1, le=365)
    basis: Article
    counted_from: str = ""  # what the start date is, in the regulation's words
    note: str = ""


class Extension(_Model):
    """A longer period when the subject is on many lists (Xiamen 第二十八条)."""

    min_lists_12m: int = Field(ge=1)
    years: int = Field(ge=0, default=0)
    months: int = Field(ge=0, default=0)
    basis: Article


class DisclosureRule(_Model):
    """One disclosure-period rule. The first rule in file order that matches a record applies."""

    info_class: InfoClassField
    severity: SeverityField | None = None  # None: any severity
    list_type: ListTypeField | None = None  # None: any list
    years: int = Field(ge=0, default=0)
    months: int = Field(ge=0, default=0)
    period_is_maximum: bool = False  # "最长不得超过": the period is an upper bound
    counts_from: CountsFromField
    minimum_months: int | None = Field(ge=1, default=None)
    extension: Extension | None = None
    defers_to_national: bool = False  # no local period: the national layer's maximum applies
    on_expiry: Literal["hide", "archive"]
    basis: Article
    note: str = ""

    @property
    def has_period(self) -> bool:
        return bool(self.years or self.months)

    @model_validator(mode="after")
    def _period_or_deferral(self) -> DisclosureRule:
        if not self.has_period and not self.defers_to_national:
            raise ValueError("既没有 years/months 期限，也没有 defers_to_national = true")
        return self


class ObjectionRules(_Model):
    apply_to: Cited[list[Party]]
    grounds: Cited[list[str]]
    annotate_while_pending: Cited[bool]
    still_applied_while_pending: Cited[bool] | None = None  # Nantong: published and applied
    forward_when_differs: Cited[bool] | None = None  # Xiamen: provider answers every objection
    suspend_when_provider_overdue: Cited[list[AudienceField]] | None = None
    delete_when_unverifiable: Cited[bool] | None = None
    keep_annotation_if_disputed: Cited[bool] | None = None
    appeal_to: Cited[str] | None = None
    reasons_required_when_rejected: Cited[bool] | None = None


class RepairRules(_Model):
    apply_to: Cited[list[Party]]
    conditions: Cited[list[str]]
    within_disclosure_period: Cited[bool] | None = None
    written_application: Cited[bool] | None = None
    clean_period_months: Cited[int] | None = None  # Nantong: no similar act for 1 year
    commitment_required: Cited[bool] | None = None
    provider_confirmation_required: Cited[bool]
    defers_to_national: Cited[bool] | None = None
    after: Cited[Literal["hide", "archive"]] | None = None
    never_delete: Cited[bool] | None = None
    notify_rights_when_recording: Cited[bool] | None = None


class WithdrawalRules(_Model):
    categories: Cited[list[str]]
    acted_by: Cited[Party]
    written_request: Cited[bool] | None = None
    effect: Cited[Literal["delete", "archive"]]
    notify: Cited[list[Literal["applicant", "provider"]]] | None = None


class FinancialRule(_Model):
    categories: list[FinancialCategory]
    rule: Literal["lawful_only", "written_consent", "informed_written_consent"]
    basis: Article
    note: str = ""


class IntakeRules(_Model):
    forbidden: Cited[list[PersonalCategory]]
    financial: FinancialRule | None = None
    general_procedure_penalties_only: Cited[bool] | None = None
    exclude_minor_self_corrected: Cited[bool] | None = None
    pre_report_notice: Cited[bool] | None = None
    effective_document_required: Cited[bool] | None = None


class SubjectRules(_Model):
    natural_person_public: Cited[bool]
    min_age: Cited[int] | None = None


class QueryRules(_Model):
    authorization_methods: Cited[list[Literal["written", "sms"]]]
    authorization_at_window_only: Cited[bool] | None = None
    government_purposes: Cited[list[str]]
    government_written_application: Cited[bool] | None = None
    batch_query_allowed: Cited[bool] | None = None


class Profile(_Model):
    """One jurisdiction's rules (``resources/profiles/<id>.toml``; absent = not provided for)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    regulation: str = Field(min_length=1)
    document_number: str | None = None
    status: Literal["in_force", "draft"]
    valid_from: date | None = None
    valid_to: date | None = None
    validity_basis: Article | None = None
    division_code: str = Field(pattern=r"^\d{6}$")
    publicity_rule: PublicityRuleField = PublicityRule.LOCAL
    steps: dict[StepField, StepRule] = Field(default_factory=dict)
    disclosure: list[DisclosureRule] = Field(default_factory=list)
    objection: ObjectionRules
    repair: RepairRules | None = None
    withdrawal: WithdrawalRules | None = None
    intake: IntakeRules
    subjects: SubjectRules
    query: QueryRules

    @model_validator(mode="after")
    def _dates_in_order(self) -> Profile:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to 早于 valid_from")
        return self

    # -- helpers for the GUI and the engine ---------------------------------------------------
    def cite(self, basis: str) -> str:
        return f"依据《{self.regulation}》{basis}"

    @property
    def sms_authorization_allowed(self) -> bool:
        return "sms" in self.query.authorization_methods.value

    @property
    def natural_person_records_may_be_public(self) -> bool:
        return self.subjects.natural_person_public.value

    def validity_warning(self, on: date) -> str | None:
        """A Chinese warning when ``on`` lies outside the regulation's validity, else None."""
        too_early = self.valid_from is not None and on < self.valid_from
        too_late = self.valid_to is not None and on > self.valid_to
        if not (too_early or too_late):
            return None
        return render(
            "rules.profile_validity",
            {
                "regulation": self.regulation,
                "valid_from": self.valid_from.isoformat() if self.valid_from else "（未载明）",
                "valid_to": self.valid_to.isoformat() if self.valid_to else "（未载明）",
                "on": on.isoformat(),
            },
        ).text


# --- national layer -------------------------------------------------------------------------


class NationalPublicity(_Model):
    penalty_class: PenaltyClassField
    published: bool = True
    min_months: int | None = Field(ge=0, default=None)
    max_months: int | None = Field(ge=1, default=None)
    note: str = ""


class SpecialField(_Model):
    """A sector with a longer minimum (令第58号); only ``confirmed`` entries are applied."""

    sector: str
    min_months: int = Field(ge=1)
    confirmed: bool
    note: str = ""


class NationalDeadline(_Model):
    """A deadline inside a national instrument; informational until ``confirmed``."""

    id: str
    working_days: int = Field(ge=1)
    confirmed: bool
    note: str = ""


class NationalRepair(_Model):
    after_minimum_period: bool
    requirements: list[str] = Field(default_factory=list)
    effects: list[str] = Field(default_factory=list)
    one_application_per_penalty: bool = False
    not_repairable: list[str] = Field(default_factory=list)


class NationalVersion(_Model):
    id: str
    instrument: str  # e.g. 国家发展改革委令第36号
    short: str  # e.g. 令第36号
    title: str
    valid_from: date
    valid_to: date | None = None
    counts_from: CountsFromField
    counts_from_note: str = ""
    publicity: list[NationalPublicity]
    special_fields: list[SpecialField] = Field(default_factory=list)
    repair: NationalRepair
    deadlines: list[NationalDeadline] = Field(default_factory=list)
    uncertain: list[str] = Field(default_factory=list)

    def in_force_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)

    def publicity_for(self, penalty_class: PenaltyClass) -> NationalPublicity | None:
        return next((p for p in self.publicity if p.penalty_class == penalty_class), None)

    @property
    def citation(self) -> str:
        return f"依据《{self.title}》（{self.instrument}）"


class NationalLayer(_Model):
    versions: list[NationalVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> NationalLayer:
        ordered = sorted(self.versions, key=lambda v: v.valid_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(f"版本 {earlier.id} 与 {later.id} 的施行期间重叠")
        return self

    def national_version_on(self, d: date) -> NationalVersion | None:
        """The national version in force on ``d`` (None before the first one)."""
        return next((v for v in self.versions if v.in_force_on(d)), None)


def national_version_on(layer: NationalLayer, d: date) -> NationalVersion | None:
    """The national version in force on ``d``; same as ``layer.national_version_on(d)``."""
    return layer.national_version_on(d)


# --- loading --------------------------------------------------------------------------------


class ProfileInvalid(CreditDeskError):
    """A profile file that cannot be used; names the file, the field path and the fault."""

    def __init__(self, file: str, field: str, problem: str, *, others: int = 0) -> None:
        self.file, self.field, self.problem = file, field, problem
        more = f"（另有 {others} 处错误）" if others else ""
        super().__init__(
            "rules.profile_invalid", file=file, field=field, problem=problem, more=more
        )


_PROBLEMS = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段（可能拼写错误）",
    "int_type": "应为整数",
    "string_type": "应为文本（加引号）",
    "bool_type": "应为 true 或 false",
    "date_type": "应为日期，如 2026-04-01（不加引号）",
    "list_type": "应为列表 [...]",
    "dict_type": "应为表 [...] 或 { ... }",
    "model_type": "应为表 [...] 或 { ... }",
    "model_attributes_type": "应为表 [...] 或 { ... }",
    "too_short": "不能为空",
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif part == "[key]":
            out += "（键名）"
        else:
            out += ("." if out else "") + str(part)
    return out or "（整个文件）"


def _problem_text(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in ("enum", "literal_error"):
        return f"“{value}”不是允许的取值，应为 {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"“{value}”格式不对（要求 {ctx.get('pattern', '')}）"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{value} 太小，应不小于 {ctx.get('ge', ctx.get('gt', ''))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{value} 太大，应不大于 {ctx.get('le', ctx.get('lt', ''))}"
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "")))
    if kind == "extra_forbidden":
        return _PROBLEMS[kind]
    if kind in _PROBLEMS:
        return _PROBLEMS[kind] + ("" if kind == "missing" else f"，实际为 {value!r}")
    return str(err.get("msg", kind))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CreditDeskError(
            "rules.profile_unreadable", file=str(path), problem=str(exc)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CreditDeskError("rules.profile_syntax", file=str(path), problem=str(exc)) from None


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], data: dict[str, Any], path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = tuple(
            p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        raise ProfileInvalid(
            str(path), _field_path(loc), _problem_text(first), others=len(errors) - 1
        ) from None


def default_profile_directory() -> Path:
    """``resources/profiles`` in the repository, or inside the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources" / "profiles"
    return Path(__file__).resolve().parents[2] / "resources" / "profiles"


def load_profile_file(path: Path) -> Profile:
    profile = _validate(Profile, _read_toml(path), path)
    if profile.id != path.stem:
        raise ProfileInvalid(str(path), "id", f"“{profile.id}”应与文件名“{path.stem}”一致")
    return profile


def load_profiles(directory: Path | None = None) -> dict[str, Profile]:
    """Every ``<id>.toml`` in ``directory`` except ``national.toml``, by id (sorted)."""
    directory = directory or default_profile_directory()
    files = sorted(p for p in directory.glob("*.toml") if p.name != NATIONAL_FILE)
    if not files:
        raise CreditDeskError("rules.profile_directory_empty", directory=str(directory))
    return {p.stem: load_profile_file(p) for p in files}


def load_profile(profile_id: str, directory: Path | None = None) -> Profile:
    directory = directory or default_profile_directory()
    path = directory / f"{profile_id}.toml"
    if (
        not re.fullmatch(r"[a-z][a-z0-9_]*", profile_id)
        or profile_id == "national"
        or not path.is_file()
    ):
        known = "、".join(
            p.stem for p in sorted(directory.glob("*.toml")) if p.name != NATIONAL_FILE
        )
        raise NotFound("rules.unknown_profile", profile=profile_id, known=known or "（无）")
    return load_profile_file(path)


def load_national_layer(directory: Path | None = None) -> NationalLayer:
    path = (directory or default_profile_directory()) / NATIONAL_FILE
    return _validate(NationalLayer, _read_toml(path), path)
