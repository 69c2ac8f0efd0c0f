"""The fields of a credit record a provider submits, and how two versions of them compare.

``credit_records.source_submission`` keeps the record as the provider sent it; an objection's
check (Weihai 第二十九条, Zhangdian 第三十七条, Wuhan 第三十一条, Xiamen 第二十五条) compares the
platform's current fields with it, field by field. Content fields are compared key by key and
labelled from the catalogue item's field list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

# (field, Chinese label) of the top-level fields a provider submits, in display order.
SUBMITTED_FIELDS: tuple[tuple[str, str], ...] = (
    ("document_number", "决定文书号"),
    ("decision_date", "决定日期"),
    ("act_ended_on", "失信行为终止日期"),
    ("determined_on", "认定日期"),
    ("listed_on", "列入名单日期"),
    ("severity", "失信程度"),
    ("penalty_class", "处罚类别"),
)
DATE_FIELDS = frozenset({"decision_date", "act_ended_on", "determined_on", "listed_on"})
# Content kept with a record that is not one of its catalogue item's fields: the provider's
# notice to the subject before reporting dishonest information (Xiamen 第十三条), as sent.
NOTICE_DATE = "pre_notice_date"
NOTICE_METHOD = "pre_notice_method"
EXTRA_CONTENT_LABELS: dict[str, str] = {NOTICE_DATE: "事先告知日期", NOTICE_METHOD: "告知方式"}
CONTENT_PREFIX = "content."


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def submission_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-ready submission of a record given as field → value (content as a dict)."""
    out = {name: _plain(values.get(name)) for name, _label in SUBMITTED_FIELDS}
    out["content"] = {k: _plain(v) for k, v in dict(values.get("content") or {}).items()}
    return out


@dataclass(frozen=True)
class FieldComparison:
    field: str  # "decision_date" or "content.<key>"
    label: str
    platform: str
    submitted: str

    @property
    def differs(self) -> bool:
        return self.platform != self.submitted


def _text(value: Any) -> str:
    value = _plain(value)
    return "" if value is None else str(value)


def compare(
    platform: Mapping[str, Any],
    submitted: Mapping[str, Any],
    *,
    content_labels: Sequence[tuple[str, str]] = (),
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[FieldComparison, ...]:
    """Field-by-field comparison; fields empty on both sides are left out."""
    value_labels = value_labels or {}
    rows: list[FieldComparison] = []
    for name, label in SUBMITTED_FIELDS:
        a, b = _text(platform.get(name)), _text(submitted.get(name))
        if not a and not b:
            continue
        names = value_labels.get(name, {})
        rows.append(FieldComparison(name, label, names.get(a, a), names.get(b, b)))
    p_content = dict(platform.get("content") or {})
    s_content = dict(submitted.get("content") or {})
    labels = dict(content_labels)
    keys = [k for k, _ in content_labels]
    keys += [k for k in (*p_content, *s_content) if k not in labels and k not in keys]
    for key in keys:
        a, b = _text(p_content.get(key)), _text(s_content.get(key))
        if not a and not b:
            continue
        rows.append(FieldComparison(CONTENT_PREFIX + key, labels.get(key, key), a, b))
    return tuple(rows)
