"""Every stored enumeration value has its own Chinese label."""

from __future__ import annotations

import pytest

from app.domain import enums

LABELLED = [
    c
    for c in vars(enums).values()
    if isinstance(c, type) and issubclass(c, enums._Labelled) and c is not enums._Labelled
]


@pytest.mark.parametrize("enum_cls", LABELLED, ids=lambda c: c.__name__)
def test_every_member_has_a_label(enum_cls: type[enums._Labelled]) -> None:
    for member in enum_cls:
        assert member.label, f"{enum_cls.__name__}.{member.name} has no label"


def test_equal_values_of_different_enums_keep_their_own_labels() -> None:
    # Given members of different enums that share a stored value
    # Then each shows its own label (a plain dict keyed by member would merge them)
    assert enums.InfoClass.OTHER.label == "其他信息"
    assert enums.ReportSection.OTHER.label == "其他"
    assert enums.Disclosure.PUBLIC.label == "社会公开"
    assert enums.Audience.PUBLIC.label == "社会公开查询"
    assert enums.Disclosure.GOVERNMENT.label == "政务共享"
    assert enums.QueryMethod.GOVERNMENT.label == "政务查询"
    assert enums.Severity.SERIOUS.label == "严重"
