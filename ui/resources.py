"""Fonts, icons and translations shipped in ``resources/``.

The base image of many Linux machines has no Chinese font, so the app always loads its own
(WenQuanYi Micro Hei, the same file reportlab embeds in PDFs) and uses it app-wide.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.config import resource_root

log = logging.getLogger(__name__)

FONT_FILE = "fonts/wqy-microhei.ttc"
FALLBACK_FAMILY = "WenQuanYi Micro Hei"
BASE_POINT_SIZE = 10

_translators: list[QTranslator] = []


def load_app_font(app: QApplication) -> str:
    """Register the CJK font and make it the application font; returns the family name."""
    path = resource_root() / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load %s; Chinese may render as boxes", path)
        return app.font().family()
    family = families[0]
    font = QFont(family, BASE_POINT_SIZE)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    return family


def install_translators(app: QCoreApplication, locale: str = "zh_CN") -> list[str]:
    """Qt's own strings (buttons of standard dialogs) and ours; returns what was loaded."""
    loaded: list[str] = []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    candidates = [
        (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{locale}"),
        (resource_root() / "translations", f"creditdesk_{locale}"),
    ]
    for directory, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(directory)):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded.append(name)
        else:
            log.info("translation %s not found in %s", name, directory)
    return loaded


def icon(name: str) -> QIcon:
    path = resource_root() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
