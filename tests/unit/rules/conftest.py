"""Fixtures for the rules engine, and the article trace.

Every test here names the article it checks in its node id: ``<profile>-art<N>-…`` in a
parametrised id or ``test_<profile>_art<N>_…`` in a function name (``minfadian-art201`` for
民法典, ``ling36`` etc. for national instruments); machinery tests (parsers, loaders) say
``noart``. Collection fails for a test that does neither. List the trace with::

    pytest tests/unit/rules --collect-only -q                          # the whole trace
    pytest tests/unit/rules --collect-only -q | grep -E 'wuhan.art31[^0-9]'   # one article
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.rules.calendar import WorkingCalendar, official_entries_from_package
from app.rules.profiles import NationalLayer, Profile, load_national_layer, load_profiles

_TRACE = re.compile(r"(?<![a-z])art\d+|noart")
_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    untraced = [
        item.nodeid
        for item in items
        if Path(str(item.path)).is_relative_to(_HERE) and not _TRACE.search(item.nodeid)
    ]
    if untraced:
        raise pytest.UsageError(
            "rules tests must name their article (art<N>) or say noart: " + ", ".join(untraced)
        )


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """The official calendar for 2024–2026 as chinesecalendar carries it (2027 is not loaded)."""
    entries = []
    for year in (2024, 2025, 2026):
        entries += official_entries_from_package(year)
    return WorkingCalendar(entries)


@pytest.fixture(scope="session")
def profiles() -> dict[str, Profile]:
    return load_profiles()


@pytest.fixture(scope="session")
def national() -> NationalLayer:
    return load_national_layer()
