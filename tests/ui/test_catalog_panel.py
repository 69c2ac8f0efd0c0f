"""Story: an administrator maintains the information catalogue in 系统管理 → 信息目录.

Given the Weihai installation with the demo catalogue's items (query_world), the administrator
creates an item with two fields, meets a colleague's concurrent edit, is refused a forbidden
field with the article named, deactivates an item, and exports and imports the catalogue
(always checked first). The rules themselves are proven in test_catalog_service.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gui_helpers import last_box
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from app.domain.enums import Role
from app.services import catalog, rules
from app.services.catalog import CatalogImportResult
from tests.integration.query_world import build_world
from ui.admin.admin_view import AdminView
from ui.admin.catalog_panel import CatalogImportDialog, CatalogItemDialog, CatalogPanel


@pytest.fixture
def panel(make_ctx, staff, db) -> CatalogPanel:
    build_world(db, "weihai")
    widget = CatalogPanel(make_ctx(staff[Role.ADMIN]))
    widget.show()
    return widget


def _new_item(panel: CatalogPanel, *fields: tuple[str, str]) -> CatalogItemDialog:
    panel.open_new()
    dialog = panel.dialog
    assert isinstance(dialog, CatalogItemDialog) and not dialog.code.isReadOnly()
    dialog.code.setText("CF900")
    dialog.name.setText("食品安全行政处罚信息")
    dialog.provider.setCurrentIndex(dialog.provider.findData("SCJGJ"))
    dialog.validity.setText("P3Y")
    grid = dialog.fields
    for n, (key, label) in enumerate(fields):
        row = n if n < grid.table.rowCount() else grid.add_row()
        grid.set_cell(row, key, label)
    return dialog


def _save(dialog: CatalogItemDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_an_administrator_creates_an_item_with_two_fields_and_sees_it_listed(panel, db) -> None:
    assert "CF001" in panel.codes() and "CF900" not in panel.codes()
    dialog = _new_item(panel, ("facts", "违法事实"), ("amount", "罚没金额"))
    dialog.fields.widget(0, dialog.fields.REQUIRED).setChecked(True)
    amount_type = dialog.fields.widget(1, dialog.fields.TYPE)
    amount_type.setCurrentIndex(amount_type.findData("number"))
    _save(dialog)

    assert dialog.result() == CatalogItemDialog.DialogCode.Accepted
    assert "CF900" in panel.codes()
    row = panel.codes().index("CF900")
    assert panel.table.item(row, panel.FIELDS).text() == "2"
    assert panel.table.item(row, panel.PROVIDER).text() == "市场监督管理局（SCJGJ）"
    assert panel.selected() is not None and panel.selected().code == "CF900"
    assert "已保存信息事项 CF900" in panel.status.text()
    stored = next(i for i in catalog.list_items(db, actor=panel.ctx.actor) if i.code == "CF900")
    assert stored.fields_text == "facts:违法事实:必填; amount:罚没金额:数字"


def test_editing_an_item_someone_else_changed_shows_the_conflict_and_reloads(
    panel, db, qtbot
) -> None:
    panel.select_code("CF001")
    panel.activateWindow()
    panel.table.setFocus()
    qtbot.waitUntil(lambda: panel.table.hasFocus())
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter (or a double-click) edits
    dialog = panel.dialog
    assert isinstance(dialog, CatalogItemDialog) and dialog.code.isReadOnly()
    assert dialog.code.text() == "CF001"

    # Meanwhile a colleague renames the item
    seen = panel.selected()
    assert seen is not None
    colleague = catalog.CatalogItemInput(
        code=seen.code,
        name="行政处罚信息（已改）",
        info_class=seen.info_class,
        disclosure=seen.disclosure,
        report_section=seen.report_section,
        provider_code=seen.provider_code or "",
        validity_rule=seen.validity_rule,
        legal_basis=seen.legal_basis,
        fields=seen.fields,
    )
    catalog.save_item(db, colleague, expected_version=seen.row_version, actor=panel.ctx.actor)

    dialog.name.setText("我的改名")
    _save(dialog)
    box = last_box()
    assert box.windowTitle() == "数据已被他人修改"
    assert "信息事项 CF001 已被其他用户修改" in box.text()
    assert "已被他人修改" in dialog.status.text()
    row = panel.codes().index("CF001")
    assert panel.table.item(row, panel.NAME).text() == "行政处罚信息（已改）"


def test_a_forbidden_field_is_refused_naming_the_article(panel, db) -> None:
    weihai = rules.get_profile("weihai")
    basis = weihai.cite(weihai.intake.forbidden.basis)
    dialog = _new_item(panel, ("facts", "违法事实"), ("faith", "宗教信仰"))
    _save(dialog)

    assert dialog.isVisible()
    assert dialog.errors.text("fields") == f"字段“宗教信仰”属于宗教信仰信息，不得归集（{basis}）。"
    assert "标红" in dialog.status.text()
    assert "CF900" not in [i.code for i in catalog.list_items(db, actor=panel.ctx.actor)]


def test_deactivating_asks_first_then_hides_the_item(panel) -> None:
    panel.select_code("CF005")
    panel.deactivate()
    box = panel.dialog
    assert "停用信息事项 CF005" in box.text()
    next(b for b in box.buttons() if b.text() == "停用").click()
    assert "CF005" not in panel.codes()
    panel.show_inactive.setChecked(True)
    row = panel.codes().index("CF005")
    assert panel.table.item(row, panel.ACTIVE).text() == "停用"


def test_export_then_import_is_checked_first_and_changes_nothing(
    panel, tmp_path: Path, monkeypatch
) -> None:
    exported = tmp_path / "信息目录.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(exported), "Excel 工作簿 (*.xlsx)")
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(exported), ""))
    panel.export_button.click()
    assert exported.stat().st_size > 0
    assert "已导出信息目录" in panel.status.text()

    panel.import_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, CatalogImportDialog)
    result: CatalogImportResult = dialog.import_result
    assert (result.dry_run, result.created, result.updated, result.errors) == (True, 0, 0, ())
    assert result.unchanged == len(panel.codes())
    assert "新增 0 个，修改 0 个" in dialog.summary.text()
    assert "无需导入" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_an_edited_json_file_is_imported_after_confirming(
    panel, tmp_path: Path, monkeypatch
) -> None:
    exported = tmp_path / "catalog.json"
    panel.export_to(exported)
    items = json.loads(exported.read_text(encoding="utf-8"))
    items[0]["name"] = "行政许可信息（新名）"
    items[1]["fields"].append({"key": "faith", "label": "宗教信仰"})
    exported.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    # A faulty row: nothing can be imported, the row is listed with its reason
    panel.check_import(exported)
    dialog = panel.dialog
    assert not dialog.import_button.isEnabled()
    assert "第 2 项" in dialog.error_list.toPlainText()
    assert "宗教信仰" in dialog.error_list.toPlainText()

    del items[1]["fields"][-1]
    exported.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(exported), ""))
    panel.choose_import()
    dialog = panel.dialog
    assert "修改 1 个" in dialog.summary.text() and dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert "新增 0 个、修改 1 个信息事项" in panel.status.text()
    code = items[0]["code"]
    assert panel.table.item(panel.codes().index(code), panel.NAME).text() == "行政许可信息（新名）"


def test_the_catalogue_is_a_tab_of_the_admin_view(make_ctx, staff) -> None:
    view = AdminView(make_ctx(staff[Role.ADMIN]))
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert "信息目录" in tabs and view.catalog is not None
