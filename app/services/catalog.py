"""The information catalogue (信息目录, 目录管理; Wuhan art. 9): items and provider units.

Administrators (``Permission.CATALOG_MANAGE``) maintain the information items (信息事项: code,
name, class, disclosure attribute, report section, provider, validity rule, legal basis and
the content fields a provider fills in) and the provider units (信息提供单位), and import and
export the whole catalogue. Reading it — the lists and the export — takes
``Permission.INTAKE_READ`` (supervisors and administrators): the catalogue is the
configuration of data intake, with the providers' contacts, and only the intake and the
administration screens use it. Every write is audited in the same transaction.

Content fields
    Each field is ``{"key", "label", "type", "required", "category"?}``: ``key`` names the
    value in the record's content (``^[a-z][a-z0-9_]*$``), ``label`` is the column header of
    the provider template (unique, not one of the standard columns of
    ``app.rules.intake_rules.LABELS``), ``type`` is text, date or number, and ``category`` —
    only for information that needs the subject's written consent — one of income, deposits,
    securities, commercial_insurance, real_estate, tax_amount. Religion, genes, fingerprints,
    blood type, disease and medical history are never a field (the article of the current
    profile's ``intake.forbidden`` rule is named in the refusal).

The compact text of the fields (xlsx column “字段”)
    Fields separated by “;” (or “；”); each field ``key:label`` followed by optional flags
    separated by “:” (or “：”), in any order: ``必填`` (required), a type (``日期``/``date``,
    ``数字``/``number``; ``文本``/``text`` is the default and not written) and a category by its
    Chinese name or code (``收入``/``income`` …). Example::

        facts:违法事实:必填; result:处罚结果; income:年收入:收入

    Labels therefore never contain a colon or a semicolon.

Export and import
    ``xlsx``: one row per item under a title and notes, columns ``COLUMNS`` (class, disclosure
    and section by their Chinese names; status 在用/停用). On import the columns 提供单位名称
    and 状态 may be left out; a provider code unknown to the catalogue is created when the row
    gives its name, and an existing provider's name is updated to the one in the file. A .csv
    with the same columns is read as well.

    ``json``: a list of item objects (UTF-8)::

        [{"code": "CF001", "name": "行政处罚信息", "info_class": "dishonest",
          "disclosure": "public", "report_section": "penalty", "validity_rule": "profile",
          "legal_basis": "…", "is_active": true,
          "fields": [{"key": "facts", "label": "违法事实", "type": "text", "required": true}],
          "provider": {"code": "SCJGJ", "name": "市场监督管理局", "uscc": null,
                       "contact_person": null, "contact_phone": null, "address": null,
                       "is_active": true}}]

    The enumerations are their stable values (labels are accepted too); ``provider`` may also
    be just the code. Providers are created or updated from the attributes given.

    Import adds or updates items by code and leaves items absent from the file as they are.
    It is all or nothing: every row is checked, and one faulty row (listed with its row and
    the Chinese reason) means nothing is written; ``dry_run`` checks and counts only. Rows
    identical to the catalogue count as unchanged and are not checked again, so a file just
    exported always imports back unchanged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, TypeVar, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import CatalogItem, ProviderUnit
from app.domain.codes import validate_uscc
from app.domain.enums import Disclosure, InfoClass, ReportSection
from app.domain.errors import ConcurrencyConflict, NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.intake_rules import LABELS
from app.rules.profiles import CATEGORY_LABELS, PersonalCategory, Profile
from app.services import authz
from app.services.audit_trail import record_event
from app.services.database import Database
from app.services.intake import REASON_LABEL
from app.services.intake_files import RowReader, write_table
from app.services.rules import get_profile
from app.services.settings import load_from_session

__all__ = [
    "COLUMNS",
    "CONSENT_CATEGORIES",
    "FIELD_TYPES",
    "CatalogField",
    "CatalogImportError",
    "CatalogImportResult",
    "CatalogItemInput",
    "CatalogItemRow",
    "ProviderInput",
    "ProviderRow",
    "deactivate_item",
    "export_catalog",
    "fields_text",
    "import_catalog",
    "list_items",
    "list_providers",
    "parse_fields_text",
    "save_item",
    "save_provider",
]

ITEM_CODE = re.compile(r"[A-Za-z0-9]{1,32}")
PROVIDER_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
FIELD_KEY = re.compile(r"[a-z][a-z0-9_]*")
VALIDITY = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")
PROFILE_RULE = "profile"
FIELD_KEY_MAX = 40
LABEL_MAX = 50
NAME_MAX = 200
BASIS_MAX = 2000
VALIDITY_MAX = 32
REQUIRED_FLAG = "必填"
ACTIVE, INACTIVE = "在用", "停用"

FIELD_TYPES: dict[str, str] = {"text": "文本", "date": "日期", "number": "数字"}
SENSITIVE: frozenset[str] = frozenset(get_args(PersonalCategory))
# What a field's category may be: information collected only with the subject's written consent.
CONSENT_CATEGORIES: dict[str, str] = {
    code: label for code, label in CATEGORY_LABELS.items() if code not in SENSITIVE
}

# (key, header) of the xlsx export, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "信息事项代码"),
    ("name", "信息事项名称"),
    ("info_class", "信息类别"),
    ("disclosure", "公开属性"),
    ("report_section", "报告栏目"),
    ("provider_code", "提供单位代码"),
    ("provider_name", "提供单位名称"),
    ("validity_rule", "有效期规则"),
    ("legal_basis", "设定依据"),
    ("fields", "字段"),
    ("status", "状态"),
)
_HEADER = dict(COLUMNS)
_OPTIONAL_COLUMNS = frozenset({"provider_name", "status"})

E = TypeVar("E", bound=Enum)


# --- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogField:
    """One content field of an item (a column of its provider template)."""

    key: str
    label: str
    required: bool = False
    category: str | None = None
    type: str = "text"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "required": self.required,
        }
        if self.category:
            out["category"] = self.category
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CatalogField:
        """A stored field (lenient: what older rows hold, e.g. no ``required``)."""
        return cls(
            key=str(data.get("key") or "").strip(),
            label=" ".join(str(data.get("label") or "").split()),
            required=bool(data.get("required")),
            category=str(data.get("category") or "").strip() or None,
            type=str(data.get("type") or "text").strip() or "text",
        )


@dataclass(frozen=True)
class CatalogItemInput:
    """What an administrator enters for an item; enumerations as members, values or labels."""

    code: str
    name: str
    info_class: InfoClass | str
    disclosure: Disclosure | str
    report_section: ReportSection | str
    provider_code: str
    validity_rule: str = PROFILE_RULE
    legal_basis: str = ""
    fields: Sequence[CatalogField] = ()
    is_active: bool = True


@dataclass(frozen=True)
class CatalogItemRow:
    id: int
    code: str
    name: str
    info_class: InfoClass
    disclosure: Disclosure
    report_section: ReportSection
    provider_code: str | None
    provider_name: str | None
    validity_rule: str
    legal_basis: str
    fields: tuple[CatalogField, ...]
    is_active: bool
    row_version: int

    @property
    def fields_text(self) -> str:
        return fields_text(self.fields)


@dataclass(frozen=True)
class ProviderInput:
    code: str
    name: str
    uscc: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class ProviderRow:
    id: int
    code: str
    name: str
    uscc: str | None
    contact_person: str | None
    contact_phone: str | None
    address: str | None
    is_active: bool
    row_version: int
    items: int  # active information items it supplies


@dataclass(frozen=True)
class CatalogImportError:
    location: str  # "第 5 行" (xlsx/csv) or "第 2 项" (json)
    code: str  # the item code of the row, "" when it has none
    message: str

    @property
    def text(self) -> str:
        where = f"{self.location}（{self.code}）" if self.code else self.location
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class CatalogImportResult:
    file_name: str
    fmt: Literal["xlsx", "json"]
    dry_run: bool
    committed: bool
    items_total: int
    created: int
    updated: int
    unchanged: int
    providers_created: int
    providers_updated: int
    errors: tuple[CatalogImportError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


# --- the compact text of the fields ---------------------------------------------------------


def fields_text(fields: Iterable[CatalogField]) -> str:
    """``facts:违法事实:必填; result:处罚结果`` (see the module docstring)."""
    parts = []
    for f in fields:
        bits = [f.key, f.label]
        if f.required:
            bits.append(REQUIRED_FLAG)
        if f.type != "text":
            bits.append(FIELD_TYPES.get(f.type, f.type))
        if f.category:
            bits.append(CATEGORY_LABELS.get(f.category, f.category))
        parts.append(":".join(bits))
    return "; ".join(parts)


_TYPE_WORDS = {word: code for code, label in FIELD_TYPES.items() for word in (code, label)}
_CATEGORY_WORDS = {word: code for code, label in CATEGORY_LABELS.items() for word in (code, label)}


def parse_fields_text(text: str) -> tuple[CatalogField, ...]:
    """The fields of a compact text; ``ValidationFailed`` (field ``fields``) naming each
    malformed part. The fields themselves are checked when the item is saved."""
    out: list[CatalogField] = []
    errors: list[str] = []
    parts = [p.strip() for p in re.split(r"[;；]", text or "")]
    for n, part in enumerate((p for p in parts if p), 1):
        bits = [b.strip() for b in re.split(r"[:：]", part)]
        if len(bits) < 2 or not bits[0]:
            errors.append(render("catalog.fields_syntax", {"n": n, "part": part}).text)
            continue
        required, category, type_ = False, None, "text"
        bad = False
        for flag in bits[2:]:
            if not flag:
                continue
            if flag == REQUIRED_FLAG:
                required = True
            elif flag in _TYPE_WORDS:
                type_ = _TYPE_WORDS[flag]
            elif flag in _CATEGORY_WORDS:
                category = _CATEGORY_WORDS[flag]
            else:
                bad = True
        if bad:
            errors.append(render("catalog.fields_syntax", {"n": n, "part": part}).text)
            continue
        out.append(CatalogField(bits[0], bits[1], required, category, type_))
    if errors:
        raise ValidationFailed(field_errors={"fields": errors})
    return tuple(out)


# --- checking --------------------------------------------------------------------------------


class _Faults:
    """Field errors collected in Chinese, raised together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field_name: str, msg_id: str, /, **params: object) -> None:
        self.errors.setdefault(field_name, []).append(render(msg_id, params).text)

    def merge(self, exc: ValidationFailed) -> None:
        for name, messages in exc.field_errors.items():
            self.errors.setdefault(name, []).extend(messages)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(field_errors=self.errors)


def _loose(text: str) -> str:
    """Loose identity of a column label, as the file reader compares headers: full-/half-width
    folded, whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _choice(enum: type[E], value: object, *, name: str, label: str, faults: _Faults) -> E | None:
    if isinstance(value, enum):
        return value
    text = str(value or "").strip()
    for member in enum:
        if text in (member.value, getattr(member, "label", member.value)):
            return member
    faults.add(
        name,
        "catalog.choice_invalid",
        label=label,
        value=text,
        choices="、".join(getattr(m, "label", m.value) for m in enum),
    )
    return None


def _validity(text: str) -> str | None:
    """``profile`` or an ISO 8601 period of years/months/days (P3Y, P6M, P1Y6M), normalised."""
    value = (text or "").strip()
    if not value or value.casefold() == PROFILE_RULE:
        return PROFILE_RULE
    value = value.upper()
    m = VALIDITY.fullmatch(value)
    if m is None or not any(int(g) for g in m.groups() if g is not None):
        return None
    return value


def _text(
    value: str | None,
    *,
    name: str,
    label: str,
    limit: int,
    faults: _Faults,
    required: bool = False,
    one_line: bool = True,
) -> str:
    text = _one_line(value) if one_line else (value or "").strip()
    if required and not text:
        faults.add(name, "catalog.field_required", label=label)
    elif len(text) > limit:
        faults.add(name, "catalog.too_long", label=label, max=limit)
    return text


def _current_profile(s: Session) -> Profile | None:
    chosen = load_from_session(s).jurisdiction_profile
    return get_profile(chosen) if chosen else None


@dataclass(frozen=True)
class _Item:
    """An item input, checked and normalised."""

    code: str
    name: str
    info_class: InfoClass
    disclosure: Disclosure
    report_section: ReportSection
    provider: ProviderUnit
    validity_rule: str
    legal_basis: str
    fields: tuple[CatalogField, ...]
    is_active: bool


def _normal_fields(fields: Iterable[CatalogField | Mapping[str, Any]]) -> tuple[CatalogField, ...]:
    out = []
    for f in fields:
        if isinstance(f, Mapping):
            f = CatalogField.from_dict(f)
        out.append(
            CatalogField(
                key=(f.key or "").strip(),
                label=_one_line(f.label),
                required=bool(f.required),
                category=_CATEGORY_WORDS.get((f.category or "").strip(), (f.category or "").strip())
                or None,
                type=_TYPE_WORDS.get((f.type or "").strip() or "text", (f.type or "").strip()),
            )
        )
    return tuple(out)


def _check_item(
    s: Session, data: CatalogItemInput, *, profile: Profile | None, existing: CatalogItem | None
) -> _Item:
    faults = _Faults()
    code = (data.code or "").strip()
    if not ITEM_CODE.fullmatch(code):
        if not code:
            faults.add("code", "catalog.field_required", label="信息事项代码")
        else:
            faults.add(
                "code",
                "catalog.code_invalid",
                label="信息事项代码",
                value=code,
                allowed="字母或数字",
            )
    name = _text(
        data.name, name="name", label="信息事项名称", limit=NAME_MAX, faults=faults, required=True
    )
    info_class = _choice(
        InfoClass, data.info_class, name="info_class", label="信息类别", faults=faults
    )
    disclosure = _choice(
        Disclosure, data.disclosure, name="disclosure", label="公开属性", faults=faults
    )
    section = _choice(
        ReportSection, data.report_section, name="report_section", label="报告栏目", faults=faults
    )
    validity = _validity(data.validity_rule)
    if validity is None or len(validity) > VALIDITY_MAX:
        faults.add("validity_rule", "catalog.validity_invalid", value=data.validity_rule)
    basis = _text(
        data.legal_basis,
        name="legal_basis",
        label="设定依据",
        limit=BASIS_MAX,
        faults=faults,
        one_line=False,
    )
    provider = _check_provider_ref(s, data, existing, faults)
    fields = _check_fields(
        s,
        _normal_fields(data.fields),
        profile=profile,
        code=code,
        provider=provider if data.is_active else None,
        faults=faults,
    )
    faults.raise_if_any()
    assert info_class and disclosure and section and validity and provider
    return _Item(
        code,
        name,
        info_class,
        disclosure,
        section,
        provider,
        validity,
        basis,
        fields,
        bool(data.is_active),
    )


def _check_provider_ref(
    s: Session, data: CatalogItemInput, existing: CatalogItem | None, faults: _Faults
) -> ProviderUnit | None:
    code = (data.provider_code or "").strip()
    if not code:
        faults.add("provider_code", "catalog.field_required", label="信息提供单位")
        return None
    provider = s.scalar(select(ProviderUnit).where(ProviderUnit.code == code))
    if provider is None:
        faults.add("provider_code", "catalog.provider_unknown", code=code)
        return None
    # An active item may not be put onto a provider that no longer supplies data; an item
    # already there keeps being editable (the provider's deactivation does not lock it).
    assigning = existing is None or existing.provider_id != provider.id or not existing.is_active
    if data.is_active and not provider.is_active and assigning:
        faults.add("provider_code", "catalog.provider_inactive", code=code, name=provider.name)
    return provider


def _check_fields(
    s: Session,
    fields: tuple[CatalogField, ...],
    *,
    profile: Profile | None,
    code: str,
    provider: ProviderUnit | None,
    faults: _Faults,
) -> tuple[CatalogField, ...]:
    standard = {_loose(label): label for label in (*LABELS.values(), REASON_LABEL)}
    sensitive_labels = {_loose(CATEGORY_LABELS[c]): c for c in SENSITIVE}
    others = _provider_labels(s, provider, code) if provider is not None else {}
    keys: set[str] = set()
    labels: set[str] = set()
    for n, f in enumerate(fields, 1):
        if not FIELD_KEY.fullmatch(f.key) or len(f.key) > FIELD_KEY_MAX:
            faults.add("fields", "catalog.field_key_invalid", key=f.key, max=FIELD_KEY_MAX)
        elif f.key in keys:
            faults.add("fields", "catalog.field_key_duplicate", key=f.key)
        keys.add(f.key)
        loose = _loose(f.label)
        refused = False
        if not f.label:
            faults.add("fields", "catalog.field_label_required", n=n, key=f.key)
        elif len(f.label) > LABEL_MAX:
            faults.add(
                "fields", "catalog.too_long", label=f"字段名称“{f.label[:10]}…”", max=LABEL_MAX
            )
        elif re.search(r"[:;：；]", f.label):
            faults.add("fields", "catalog.field_label_chars", label=f.label)
        elif loose in standard:
            faults.add(
                "fields", "catalog.field_label_reserved", label=f.label, standard=standard[loose]
            )
        elif loose in labels:
            faults.add("fields", "catalog.field_label_duplicate", label=f.label)
        elif loose in sensitive_labels:
            _refuse_sensitive(f.label, sensitive_labels[loose], profile, faults)
            refused = True
        elif loose in others and others[loose][1] != f.label:
            other, existing = others[loose]
            faults.add(
                "fields",
                "catalog.field_label_spelling",
                label=f.label,
                other=other,
                existing=existing,
            )
        labels.add(loose)
        if f.type not in FIELD_TYPES:
            faults.add(
                "fields",
                "catalog.field_type_invalid",
                label=f.label,
                value=f.type,
                choices="、".join(FIELD_TYPES.values()),
            )
        if f.category in SENSITIVE:
            if not refused:
                _refuse_sensitive(f.label, f.category, profile, faults)
        elif f.category is not None and f.category not in CONSENT_CATEGORIES:
            faults.add(
                "fields",
                "catalog.field_category_invalid",
                label=f.label,
                value=f.category,
                choices="、".join(CONSENT_CATEGORIES.values()),
            )
    return fields


def _refuse_sensitive(label: str, category: str, profile: Profile | None, faults: _Faults) -> None:
    """Religion, genes … are never a field: with the article when the profile lists it."""
    name = CATEGORY_LABELS[category]
    if profile is not None and category in profile.intake.forbidden.value:
        basis = profile.cite(profile.intake.forbidden.basis)
        faults.add("fields", "catalog.field_forbidden", label=label, category=name, basis=basis)
    else:
        faults.add("fields", "catalog.field_sensitive", label=label, category=name)


def _provider_labels(s: Session, provider: ProviderUnit, code: str) -> dict[str, tuple[str, str]]:
    """Loose label → (item code, label as written) over the provider's other active items: one
    provider's file has one header, so a column is spelt one way."""
    out: dict[str, tuple[str, str]] = {}
    rows = s.execute(
        select(CatalogItem.code, CatalogItem.fields).where(
            CatalogItem.provider_id == provider.id,
            CatalogItem.is_active.is_(True),
            CatalogItem.code != code,
        )
    )
    for other, stored in rows:
        for f in stored or ():
            label = _one_line(str(f.get("label") or ""))
            if label:
                out.setdefault(_loose(label), (other, label))
    return out


# --- rows ------------------------------------------------------------------------------------


def _item_row(item: CatalogItem) -> CatalogItemRow:
    provider = item.provider
    return CatalogItemRow(
        id=item.id,
        code=item.code,
        name=item.name,
        info_class=InfoClass(item.info_class),
        disclosure=Disclosure(item.disclosure),
        report_section=ReportSection(item.report_section),
        provider_code=provider.code if provider else None,
        provider_name=provider.name if provider else None,
        validity_rule=item.validity_rule,
        legal_basis=item.legal_basis or "",
        fields=_normal_fields(item.fields or ()),
        is_active=bool(item.is_active),
        row_version=item.row_version,
    )


def _provider_row(provider: ProviderUnit, items: int) -> ProviderRow:
    return ProviderRow(
        id=provider.id,
        code=provider.code,
        name=provider.name,
        uscc=provider.uscc,
        contact_person=provider.contact_person,
        contact_phone=provider.contact_phone,
        address=provider.address,
        is_active=bool(provider.is_active),
        row_version=provider.row_version,
        items=items,
    )


def _item_count(s: Session, provider_id: int) -> int:
    return int(
        s.scalar(
            select(func.count())
            .select_from(CatalogItem)
            .where(CatalogItem.provider_id == provider_id, CatalogItem.is_active.is_(True))
        )
        or 0
    )


def _item_state(item: CatalogItem) -> dict[str, Any]:
    """The comparable attributes of a stored item (audit old/new, unchanged detection)."""
    return {
        "name": item.name,
        "info_class": str(item.info_class),
        "disclosure": str(item.disclosure),
        "report_section": str(item.report_section),
        "provider": item.provider.code if item.provider else None,
        "validity_rule": item.validity_rule,
        "legal_basis": item.legal_basis or "",
        "fields": fields_text(_normal_fields(item.fields or ())),
        "is_active": bool(item.is_active),
    }


def _checked_state(data: _Item) -> dict[str, Any]:
    return {
        "name": data.name,
        "info_class": str(data.info_class),
        "disclosure": str(data.disclosure),
        "report_section": str(data.report_section),
        "provider": data.provider.code,
        "validity_rule": data.validity_rule,
        "legal_basis": data.legal_basis,
        "fields": fields_text(data.fields),
        "is_active": data.is_active,
    }


# --- reading ---------------------------------------------------------------------------------


def list_items(
    db: Database,
    *,
    actor: Actor,
    provider_code: str | None = None,
    include_inactive: bool = False,
) -> tuple[CatalogItemRow, ...]:
    """The items by code (a catalogue has tens to a few hundred: no paging)."""
    authz.require(actor, Permission.INTAKE_READ)
    with db.uow() as uow:
        s = uow.session
        query = select(CatalogItem).order_by(CatalogItem.code)
        if provider_code is not None:
            provider = s.scalar(select(ProviderUnit).where(ProviderUnit.code == provider_code))
            if provider is None:
                raise NotFound("catalog.provider_not_found", code=provider_code)
            query = query.where(CatalogItem.provider_id == provider.id)
        if not include_inactive:
            query = query.where(CatalogItem.is_active.is_(True))
        return tuple(_item_row(item) for item in s.scalars(query))


def list_providers(db: Database, *, actor: Actor) -> tuple[ProviderRow, ...]:
    """Every provider unit by code, in use or not, with its number of active items."""
    authz.require(actor, Permission.INTAKE_READ)
    with db.uow() as uow:
        s = uow.session
        counts = dict(
            s.execute(
                select(CatalogItem.provider_id, func.count())
                .where(CatalogItem.is_active.is_(True))
                .group_by(CatalogItem.provider_id)
            ).all()
        )
        providers = s.scalars(select(ProviderUnit).order_by(ProviderUnit.code))
        return tuple(_provider_row(p, int(counts.get(p.id, 0))) for p in providers)


# --- items -----------------------------------------------------------------------------------


def _load_item(
    s: Session, code: str, expected_version: int | None, *, creating: bool
) -> CatalogItem | None:
    """The stored item for ``code``: none when creating (``expected_version`` None), else the
    one the user saw (``ConcurrencyConflict`` when it changed since)."""
    existing = s.scalar(select(CatalogItem).where(CatalogItem.code == code))
    if creating:
        if existing is not None:
            faults = _Faults()
            faults.add("code", "catalog.item_exists", code=code, name=existing.name)
            faults.raise_if_any()
        return None
    if existing is None:
        raise NotFound("catalog.item_not_found", code=code)
    if existing.row_version != expected_version:
        raise ConcurrencyConflict(
            entity=f"信息事项 {code}", expected=expected_version, actual=existing.row_version
        )
    return existing


def _apply_item(s: Session, data: _Item, item: CatalogItem | None) -> tuple[CatalogItem, dict]:
    """Write ``data``; returns the item and the changes (attribute → [old, new]); for a new
    item the changes are all its attributes (old None)."""
    new = _checked_state(data)
    if item is None:
        item = CatalogItem(code=data.code)
        s.add(item)
        old: dict[str, Any] = dict.fromkeys(new)
    else:
        old = _item_state(item)
    changes = {k: [old[k], v] for k, v in new.items() if old[k] != v}
    if changes:
        item.name = data.name
        item.info_class = data.info_class
        item.disclosure = data.disclosure
        item.report_section = data.report_section
        item.provider_id = data.provider.id
        item.provider = data.provider
        item.validity_rule = data.validity_rule
        item.legal_basis = data.legal_basis
        item.fields = [f.as_dict() for f in data.fields]
        item.is_active = data.is_active
        s.flush()
    return item, changes


def save_item(
    db: Database, data: CatalogItemInput, *, expected_version: int | None, actor: Actor
) -> CatalogItemRow:
    """Create an item (``expected_version=None``; its code must be new) or update the item with
    this code as the user saw it (``expected_version`` = the row_version shown)."""
    authz.require(actor, Permission.CATALOG_MANAGE)
    code = (data.code or "").strip()
    with db.uow() as uow:
        s = uow.session
        existing = _load_item(s, code, expected_version, creating=expected_version is None)
        checked = _check_item(s, data, profile=_current_profile(s), existing=existing)
        item, changes = _apply_item(s, checked, existing)
        if changes:
            record_event(
                s,
                action="catalog.item_created" if existing is None else "catalog.item_updated",
                entity_type="catalog_item",
                entity_id=item.id,
                actor_user_id=actor.user_id,
                details={"code": item.code, "changes": changes},
            )
        row = _item_row(item)
        uow.commit()
        return row


def deactivate_item(
    db: Database, code: str, *, expected_version: int | None, actor: Actor
) -> CatalogItemRow:
    """Stop taking in data for an item (records already taken in stay as they are); the
    item stays in the catalogue and can be switched on again with ``save_item``."""
    authz.require(actor, Permission.CATALOG_MANAGE)
    with db.uow() as uow:
        s = uow.session
        item = s.scalar(select(CatalogItem).where(CatalogItem.code == (code or "").strip()))
        if item is None:
            raise NotFound("catalog.item_not_found", code=code)
        if expected_version is not None and item.row_version != expected_version:
            raise ConcurrencyConflict(
                entity=f"信息事项 {item.code}", expected=expected_version, actual=item.row_version
            )
        if item.is_active:
            item.is_active = False
            s.flush()
            record_event(
                s,
                action="catalog.item_deactivated",
                entity_type="catalog_item",
                entity_id=item.id,
                actor_user_id=actor.user_id,
                details={"code": item.code, "name": item.name},
            )
        row = _item_row(item)
        uow.commit()
        return row


# --- providers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Provider:
    code: str
    name: str
    uscc: str | None
    contact_person: str | None
    contact_phone: str | None
    address: str | None
    is_active: bool

    def state(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "uscc": self.uscc,
            "contact_person": self.contact_person,
            "contact_phone": self.contact_phone,
            "address": self.address,
            "is_active": self.is_active,
        }


def _provider_state(p: ProviderUnit) -> dict[str, Any]:
    return {
        "name": p.name,
        "uscc": p.uscc,
        "contact_person": p.contact_person,
        "contact_phone": p.contact_phone,
        "address": p.address,
        "is_active": bool(p.is_active),
    }


def _check_provider(data: ProviderInput) -> _Provider:
    faults = _Faults()
    code = (data.code or "").strip()
    if not code:
        faults.add("code", "catalog.field_required", label="单位代码")
    elif not PROVIDER_CODE.fullmatch(code):
        faults.add(
            "code",
            "catalog.code_invalid",
            label="单位代码",
            value=code,
            allowed="字母、数字、连字符或下划线（以字母或数字开头）",
        )
    name = _text(
        data.name, name="name", label="单位名称", limit=NAME_MAX, faults=faults, required=True
    )
    uscc = None
    if (data.uscc or "").strip():
        try:
            uscc = validate_uscc(data.uscc, field="uscc").value
        except ValidationFailed as exc:
            faults.merge(exc)
    person = _text(
        data.contact_person, name="contact_person", label="联系人", limit=50, faults=faults
    )
    phone = _text(
        data.contact_phone, name="contact_phone", label="联系电话", limit=40, faults=faults
    )
    address = _text(data.address, name="address", label="地址", limit=300, faults=faults)
    faults.raise_if_any()
    return _Provider(
        code, name, uscc, person or None, phone or None, address or None, bool(data.is_active)
    )


def _apply_provider(
    s: Session, data: _Provider, provider: ProviderUnit | None
) -> tuple[ProviderUnit, dict]:
    new = data.state()
    if provider is None:
        provider = ProviderUnit(code=data.code)
        s.add(provider)
        old: dict[str, Any] = dict.fromkeys(new)
    else:
        old = _provider_state(provider)
    changes = {k: [old[k], v] for k, v in new.items() if old[k] != v}
    if changes:
        for key, value in new.items():
            setattr(provider, key, value)
        s.flush()
    return provider, changes


def save_provider(
    db: Database, data: ProviderInput, *, expected_version: int | None, actor: Actor
) -> ProviderRow:
    """Register a provider unit (``expected_version=None``, new code) or update one as seen."""
    authz.require(actor, Permission.CATALOG_MANAGE)
    code = (data.code or "").strip()
    with db.uow() as uow:
        s = uow.session
        existing = s.scalar(select(ProviderUnit).where(ProviderUnit.code == code))
        if expected_version is None and existing is not None:
            faults = _Faults()
            faults.add("code", "catalog.provider_exists", code=code, name=existing.name)
            faults.raise_if_any()
        if expected_version is not None:
            if existing is None:
                raise NotFound("catalog.provider_not_found", code=code)
            if existing.row_version != expected_version:
                raise ConcurrencyConflict(
                    entity=f"信息提供单位 {code}",
                    expected=expected_version,
                    actual=existing.row_version,
                )
        checked = _check_provider(data)
        provider, changes = _apply_provider(s, checked, existing)
        if changes:
            record_event(
                s,
                action="catalog.provider_created"
                if existing is None
                else "catalog.provider_updated",
                entity_type="provider_unit",
                entity_id=provider.id,
                actor_user_id=actor.user_id,
                details={"code": provider.code, "changes": changes},
            )
        row = _provider_row(provider, _item_count(s, provider.id))
        uow.commit()
        return row


# --- export ----------------------------------------------------------------------------------


def _provider_dict(p: ProviderUnit | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"code": p.code, **_provider_state(p)}


def export_catalog(db: Database, *, actor: Actor, fmt: str) -> bytes:
    """The whole catalogue, items in use or not, as .xlsx or JSON bytes (module docstring)."""
    authz.require(actor, Permission.INTAKE_READ)
    if fmt not in ("xlsx", "json"):
        error = ValidationFailed("catalog.format_invalid", fmt=fmt)
        error.field_errors = {"fmt": [error.text]}
        raise error
    with db.uow() as uow:
        items = list(uow.session.scalars(select(CatalogItem).order_by(CatalogItem.code)))
        if fmt == "json":
            out = [
                {
                    "code": i.code,
                    "name": i.name,
                    "info_class": str(i.info_class),
                    "disclosure": str(i.disclosure),
                    "report_section": str(i.report_section),
                    "validity_rule": i.validity_rule,
                    "legal_basis": i.legal_basis or "",
                    "is_active": bool(i.is_active),
                    "fields": [f.as_dict() for f in _normal_fields(i.fields or ())],
                    "provider": _provider_dict(i.provider),
                }
                for i in items
            ]
            return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        rows = [
            [
                i.code,
                i.name,
                InfoClass(i.info_class).label,
                Disclosure(i.disclosure).label,
                ReportSection(i.report_section).label,
                i.provider.code if i.provider else "",
                i.provider.name if i.provider else "",
                i.validity_rule,
                i.legal_basis or "",
                fields_text(_normal_fields(i.fields or ())),
                ACTIVE if i.is_active else INACTIVE,
            ]
            for i in items
        ]
    notes = (
        "每行一个信息事项。导入时按信息事项代码新增或更新；文件中没有的事项保持不变。",
        "字段：代码:名称，可加“:必填”、类型（日期、数字）或须书面同意的类别"
        f"（{'、'.join(CONSENT_CATEGORIES.values())}），多个字段用分号隔开，"
        "例如 facts:违法事实:必填; result:处罚结果",
        f"信息类别：{'、'.join(c.label for c in InfoClass)}；"
        f"公开属性：{'、'.join(d.label for d in Disclosure)}。",
        f"报告栏目：{'、'.join(r.label for r in ReportSection)}。",
        f"有效期规则：{PROFILE_RULE}（按辖区规则）或 P3Y、P6M 等；状态：{ACTIVE} 或 {INACTIVE}。",
    )
    return write_table(
        [label for _key, label in COLUMNS], rows, fmt="xlsx", title="公共信用信息目录", notes=notes
    )


# --- import ----------------------------------------------------------------------------------


@dataclass
class _Entry:
    """One item of an import file, as read (checked later)."""

    location: str
    code: str
    data: CatalogItemInput | None = None
    provider: dict[str, Any] = field(default_factory=dict)  # the provider attributes given
    errors: list[str] = field(default_factory=list)


def _file_error(file_name: str, reason: str) -> ValidationFailed:
    error = ValidationFailed("catalog.file_invalid", file=file_name, reason=reason)
    error.field_errors = {"file": [error.text]}
    return error


def _parse(data: bytes, file_name: str) -> tuple[Literal["xlsx", "json"], list[_Entry]]:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"[", b"{") or file_name.lower().endswith(".json"):
        return "json", _parse_json(data, file_name)
    return "xlsx", _parse_table(data, file_name)


def _parse_table(data: bytes, file_name: str) -> list[_Entry]:
    labels = [label for _key, label in COLUMNS]
    entries = []
    with RowReader(data, file_name=file_name, expected_labels=labels) as reader:
        missing = [
            label
            for key, label in COLUMNS
            if key not in _OPTIONAL_COLUMNS and label not in reader.header
        ]
        if missing:
            error = ValidationFailed(
                "catalog.columns_missing", file=file_name, labels="、".join(missing)
            )
            error.field_errors = {"file": [error.text]}
            raise error
        for row in reader:
            values = {key: row.values.get(label, "") for key, label in COLUMNS}
            entry = _Entry(location=f"第 {row.line} 行", code=values["code"])
            try:
                fields = parse_fields_text(values["fields"])
            except ValidationFailed as exc:
                entry.errors.extend(exc.field_errors.get("fields", [exc.text]))
                fields = ()
            status = values["status"] or ACTIVE
            if status not in (ACTIVE, INACTIVE):
                entry.errors.append(
                    render(
                        "catalog.choice_invalid",
                        {"label": "状态", "value": status, "choices": f"{ACTIVE}、{INACTIVE}"},
                    ).text
                )
            entry.data = CatalogItemInput(
                code=values["code"],
                name=values["name"],
                info_class=values["info_class"],
                disclosure=values["disclosure"],
                report_section=values["report_section"],
                provider_code=values["provider_code"],
                validity_rule=values["validity_rule"],
                legal_basis=values["legal_basis"],
                fields=fields,
                is_active=status != INACTIVE,
            )
            entry.provider = {"code": values["provider_code"]}
            if values["provider_name"]:
                entry.provider["name"] = values["provider_name"]
            entries.append(entry)
    return entries


_PROVIDER_KEYS = ("name", "uscc", "contact_person", "contact_phone", "address", "is_active")


def _parse_json(data: bytes, file_name: str) -> list[_Entry]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _file_error(file_name, "不是 UTF-8 编码的文本") from None
    except json.JSONDecodeError as exc:
        raise _file_error(
            file_name, f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON"
        ) from None
    if not isinstance(document, list):
        raise _file_error(file_name, render("catalog.import_not_list", {}).text)
    entries = []
    for n, raw in enumerate(document, 1):
        entry = _Entry(location=f"第 {n} 项", code="")
        entries.append(entry)
        if not isinstance(raw, dict):
            entry.errors.append(render("catalog.import_not_object", {}).text)
            continue
        entry.code = _str(raw.get("code"))
        provider = raw.get("provider")
        if isinstance(provider, dict):
            entry.provider = {"code": _str(provider.get("code"))} | {
                k: provider[k] for k in _PROVIDER_KEYS if k in provider
            }
        else:
            entry.provider = {
                "code": _str(provider if provider is not None else raw.get("provider_code"))
            }
        fields: Sequence[CatalogField] = ()
        raw_fields = raw.get("fields") or []
        if isinstance(raw_fields, str):
            try:
                fields = parse_fields_text(raw_fields)
            except ValidationFailed as exc:
                entry.errors.extend(exc.field_errors.get("fields", [exc.text]))
        elif isinstance(raw_fields, list) and all(isinstance(f, dict) for f in raw_fields):
            fields = tuple(CatalogField.from_dict(f) for f in raw_fields)
            for f in raw_fields:
                if not isinstance(f.get("required", False), bool):
                    entry.errors.append(_bool_error(f"字段“{f.get('label')}”的 required"))
        else:
            entry.errors.append(
                render("catalog.fields_syntax", {"n": 1, "part": str(raw_fields)[:40]}).text
            )
        active = raw.get("is_active", True)
        if not isinstance(active, bool):
            entry.errors.append(_bool_error("is_active"))
        entry.data = CatalogItemInput(
            code=entry.code,
            name=_str(raw.get("name")),
            info_class=_str(raw.get("info_class")),
            disclosure=_str(raw.get("disclosure")),
            report_section=_str(raw.get("report_section")),
            provider_code=entry.provider["code"],
            validity_rule=_str(raw.get("validity_rule")) or PROFILE_RULE,
            legal_basis=_str(raw.get("legal_basis")),
            fields=fields,
            is_active=active is not False,
        )
    return entries


def _str(value: object) -> str:
    return "" if value is None else str(value).strip()


def _bool_error(label: str) -> str:
    return render(
        "catalog.choice_invalid", {"label": label, "value": "", "choices": "true、false"}
    ).text


def _same_as_stored(item: CatalogItem, data: CatalogItemInput) -> bool:
    """The row says exactly what the catalogue holds (then it is not checked again)."""
    try:
        wanted = {
            "name": _one_line(data.name),
            "info_class": str(InfoClass(_enum_value(InfoClass, data.info_class))),
            "disclosure": str(Disclosure(_enum_value(Disclosure, data.disclosure))),
            "report_section": str(ReportSection(_enum_value(ReportSection, data.report_section))),
            "provider": (data.provider_code or "").strip() or None,
            "validity_rule": _validity(data.validity_rule),
            "legal_basis": (data.legal_basis or "").strip(),
            "fields": fields_text(_normal_fields(data.fields)),
            "is_active": bool(data.is_active),
        }
    except ValueError:
        return False
    return wanted == _item_state(item)


def _enum_value(enum: type[E], value: object) -> str:
    text = str(value.value if isinstance(value, Enum) else value or "").strip()
    for member in enum:
        if text in (member.value, getattr(member, "label", member.value)):
            return str(member.value)
    raise ValueError(text)


def import_catalog(
    db: Database, data: bytes, *, file_name: str, actor: Actor, dry_run: bool
) -> CatalogImportResult:
    """Add or update the items of an exported (and edited) catalogue file — all of them or,
    if any row is faulty, none; ``dry_run`` checks and counts without writing. A file that
    cannot be read at all raises ``ValidationFailed`` naming it."""
    authz.require(actor, Permission.CATALOG_MANAGE)
    fmt, entries = _parse(data, file_name)
    first_row: dict[str, str] = {}
    for entry in entries:
        if entry.code and entry.code in first_row:
            entry.errors.append(
                render(
                    "catalog.import_duplicate",
                    {"code": entry.code, "first": first_row[entry.code]},
                ).text
            )
        first_row.setdefault(entry.code, entry.location)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "p_created": 0, "p_updated": 0}
    created: list[str] = []
    updated: list[str] = []
    with db.uow() as uow:
        s = uow.session
        profile = _current_profile(s)
        _import_providers(s, entries, counts)
        for entry in entries:
            if entry.errors or entry.data is None:
                continue
            existing = s.scalar(
                select(CatalogItem).where(CatalogItem.code == entry.data.code.strip())
            )
            if existing is not None and _same_as_stored(existing, entry.data):
                counts["unchanged"] += 1
                continue
            try:
                checked = _check_item(s, entry.data, profile=profile, existing=existing)
            except ValidationFailed as exc:
                entry.errors.extend(m for msgs in exc.field_errors.values() for m in msgs)
                continue
            item, changes = _apply_item(s, checked, existing)
            if existing is None:
                counts["created"] += 1
                created.append(item.code)
            elif changes:
                counts["updated"] += 1
                updated.append(item.code)
            else:
                counts["unchanged"] += 1
        errors = tuple(
            CatalogImportError(e.location, e.code, message) for e in entries for message in e.errors
        )
        commit = not errors and not dry_run
        if commit and (created or updated or counts["p_created"] or counts["p_updated"]):
            record_event(
                s,
                action="catalog.imported",
                entity_type="catalog",
                actor_user_id=actor.user_id,
                details={
                    "file": file_name,
                    "created": created,
                    "updated": updated,
                    "providers_created": counts["p_created"],
                    "providers_updated": counts["p_updated"],
                },
            )
        if commit:
            uow.commit()
        # otherwise the unit of work rolls everything back on leaving
    return CatalogImportResult(
        file_name=file_name,
        fmt=fmt,
        dry_run=dry_run,
        committed=commit,
        items_total=len(entries),
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        providers_created=counts["p_created"],
        providers_updated=counts["p_updated"],
        errors=errors,
    )


_PROVIDER_LABELS = {
    "name": "单位名称",
    "uscc": "统一社会信用代码",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "address": "地址",
    "is_active": "状态",
}


def _import_providers(s: Session, entries: list[_Entry], counts: dict[str, int]) -> None:
    """Create or update the providers the file describes (before the items that refer to
    them). A provider described differently in two rows is an error on the later row."""
    described: dict[str, tuple[_Entry, dict[str, Any]]] = {}
    for entry in entries:
        code = entry.provider.get("code") or ""
        if not code or len(entry.provider) == 1 or entry.errors:
            continue
        if code not in described:
            described[code] = (entry, entry.provider)
            continue
        first, given = described[code]
        for key, value in entry.provider.items():
            if key in given and given[key] != value:
                entry.errors.append(
                    render(
                        "catalog.import_provider_differs",
                        {
                            "code": code,
                            "label": _PROVIDER_LABELS.get(key, key),
                            "first": first.location,
                        },
                    ).text
                )
                break
    for code, (entry, given) in described.items():
        provider = s.scalar(select(ProviderUnit).where(ProviderUnit.code == code))
        base = {"code": code} | (
            _provider_state(provider) if provider is not None else {"is_active": True}
        )
        merged = base | given
        if not isinstance(merged.get("is_active"), bool):
            entry.errors.append(_bool_error("provider.is_active"))
            continue
        try:
            checked = _check_provider(
                ProviderInput(**{k: _str(v) if k != "is_active" else v for k, v in merged.items()})
            )
        except ValidationFailed as exc:
            entry.errors.extend(
                f"信息提供单位 {code}：{m}" for msgs in exc.field_errors.values() for m in msgs
            )
            continue
        _provider_obj, changes = _apply_provider(s, checked, provider)
        if provider is None:
            counts["p_created"] += 1
        elif changes:
            counts["p_updated"] += 1
