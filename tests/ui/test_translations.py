"""Every visible string goes through Qt's translation system; the .ts is complete and current."""

from __future__ import annotations

import shutil
from pathlib import Path

from ui import i18n


def test_the_ts_file_has_no_unfinished_entries() -> None:
    assert i18n.TS_FILE.exists()
    assert i18n.unfinished() == []


def test_the_ts_file_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    copy = tmp_path / "check.ts"
    shutil.copyfile(i18n.TS_FILE, copy)
    i18n.update(copy)
    assert copy.read_text(encoding="utf-8") == i18n.TS_FILE.read_text(encoding="utf-8"), (
        "UI strings changed: run `python -m ui.i18n` and commit the .ts"
    )


def test_qt_and_app_translations_load(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.resources import install_translators

    loaded = install_translators(qapp)
    assert "qtbase_zh_CN" in loaded
    # Qt's own buttons in Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_the_cjk_font_is_the_application_font(qapp, _app_resources) -> None:
    assert _app_resources == "WenQuanYi Micro Hei"
    assert qapp.font().family() == "WenQuanYi Micro Hei"
