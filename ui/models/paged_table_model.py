"""A read-only table model over keyset pages (``app.services.queries.Page``).

``rowCount()`` is what has been loaded; the view calls ``canFetchMore``/``fetchMore`` as the
user scrolls, and the next page is read on the task runner's read lane. ``data()`` only reads
the cache. A generation counter drops pages that arrive after a reset, so a million rows open
at once and only the first page is ever read until someone scrolls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.services.queries import DEFAULT_PAGE_SIZE, Page, PageKey
from ui.models.columns import Column
from ui.tasks import TaskRunner

Fetch = Callable[[PageKey | None, int], Page[Any]]
ROW_ROLE = Qt.ItemDataRole.UserRole
USER_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows now loaded
    load_failed = Signal(object)  # the exception

    def __init__(
        self,
        runner: TaskRunner,
        columns: Sequence[Column],
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.columns = list(columns)
        self.page_size = page_size
        self._rows: list[Any] = []
        self._fetch: Fetch | None = None
        self._next_key: PageKey | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self.total_estimate: int | None = None
        self.pages_fetched = 0

    # -- feeding --------------------------------------------------------------------------
    def set_fetcher(self, fetch: Fetch) -> None:
        """Start over with a new query (new filters): clears and loads the first page."""
        self._fetch = fetch
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._next_key = None
        self._exhausted = False
        self._loading = False
        self.total_estimate = None
        self.endResetModel()
        self._load(None)

    def _load(self, after: PageKey | None) -> None:
        if self._fetch is None or self._loading:
            return
        fetch, size, generation = self._fetch, self.page_size, self._generation
        self._set_loading(True)
        self._runner.query(
            lambda _token: fetch(after, size),
            on_done=lambda page: self._on_page(generation, after, page),
            on_error=lambda exc: self._on_error(generation, exc),
        )

    def _on_page(self, generation: int, after: PageKey | None, page: Page[Any]) -> None:
        if generation != self._generation:
            return  # superseded by a reset
        self._set_loading(False)
        self.pages_fetched += 1
        if after is None and page.total_estimate is not None:
            self.total_estimate = page.total_estimate
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next_key = page.next_key
        self._exhausted = page.next_key is None
        self.page_loaded.emit(len(self._rows))

    def _on_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.load_failed.emit(exc)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    # -- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._exhausted
            and not self._loading
            and (self._next_key is not None)
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(self._next_key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == ROW_ROLE:
            return row
        if role == USER_VALUE_ROLE and column.user is not None:
            return column.user(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- access -----------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def find_row(self, predicate: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if predicate(r)), -1)
