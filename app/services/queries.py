"""Keyset pages for list screens: ``Page(rows, next_key, total_estimate)``.

A list service takes ``after`` (the ``next_key`` of the previous page, or None for the first)
and ``limit`` and returns one ``Page``. Pages are keyed on the sort columns plus the id, never
on OFFSET, so the millionth row costs what the first did. ``total_estimate`` is a bounded
count (``None`` when not computed, ``COUNT_LIMIT`` meaning "at least that many").
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row")

DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 2000
COUNT_LIMIT = 10_000

PageKey = tuple[Hashable, ...]


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: tuple[Row, ...]
    next_key: PageKey | None  # None: this was the last page
    total_estimate: int | None = None

    @property
    def is_last(self) -> bool:
        return self.next_key is None


def clamp_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE_SIZE))
