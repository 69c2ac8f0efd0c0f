"""The eight screens of the main window, each behind a permission of the role matrix.

Screens whose issue has not landed show an honest 尚未启用 page naming what will come. Their
numbers are fixed (Ctrl+1 … Ctrl+8), whatever the role sees, so the shortcuts never move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Permission
from ui.context import AppContext

ScreenFactory = Callable[[AppContext, QWidget | None], QWidget]


@dataclass(frozen=True)
class Screen:
    key: str
    number: int
    title: str
    permission: Permission
    icon: str
    factory: ScreenFactory | None = None
    coming: tuple[str, ...] = field(default_factory=tuple)


def _dashboard(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.dashboard.dashboard_view import DashboardView

    return DashboardView(ctx, parent)


def _window_query(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.window_query.window_query_view import WindowQueryView

    return WindowQueryView(ctx, parent)


def _objections(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.objections.objections_view import ObjectionsView

    return ObjectionsView(ctx, parent)


def _repairs(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.repairs.repairs_view import RepairsView

    return RepairsView(ctx, parent)


def _intake(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.intake.intake_view import IntakeView

    return IntakeView(ctx, parent)


def _lists(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.lists.lists_view import ListsView

    return ListsView(ctx, parent)


def _documents(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.documents.documents_view import DocumentsView

    return DocumentsView(ctx, parent)


def _admin(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from ui.admin.admin_view import AdminView

    return AdminView(ctx, parent)


def screens() -> list[Screen]:
    """All screens, in menu order (titles translated when called)."""
    return [
        Screen(
            "dashboard",
            1,
            QCoreApplication.translate("Navigation", "工作台"),
            Permission.NAV_DASHBOARD,
            "dashboard",
            _dashboard,
        ),
        Screen(
            "window_query",
            2,
            QCoreApplication.translate("Navigation", "窗口查询"),
            Permission.NAV_WINDOW_QUERY,
            "query",
            _window_query,
        ),
        Screen(
            "objections",
            3,
            QCoreApplication.translate("Navigation", "异议处理"),
            Permission.NAV_OBJECTIONS,
            "objection",
            _objections,
        ),
        Screen(
            "repairs",
            4,
            QCoreApplication.translate("Navigation", "信用修复"),
            Permission.NAV_REPAIRS,
            "repair",
            _repairs,
        ),
        Screen(
            "documents",
            5,
            QCoreApplication.translate("Navigation", "报告与文书"),
            Permission.NAV_DOCUMENTS,
            "document",
            _documents,
        ),
        Screen(
            "intake",
            6,
            QCoreApplication.translate("Navigation", "数据归集"),
            Permission.NAV_INTAKE,
            "intake",
            _intake,
        ),
        Screen(
            "admin",
            7,
            QCoreApplication.translate("Navigation", "系统管理"),
            Permission.NAV_ADMIN,
            "admin",
            _admin,
        ),
        Screen(
            "audit",
            8,
            QCoreApplication.translate("Navigation", "日志审计"),
            Permission.NAV_AUDIT,
            "audit",
            coming=(
                QCoreApplication.translate(
                    "Navigation", "按条件查阅和导出查询日志与操作日志（仅审计员）"
                ),
                QCoreApplication.translate(
                    "Navigation", "校验日志哈希链是否完整，发现被修改、删除或插入的记录"
                ),
            ),
        ),
        Screen(
            "lists",
            9,
            QCoreApplication.translate("Navigation", "名单与提示"),
            Permission.LISTS_READ,
            "lists",
            _lists,
        ),
    ]


def visible_screens(ctx: AppContext) -> list[Screen]:
    return [s for s in screens() if ctx.may(s.permission)]
