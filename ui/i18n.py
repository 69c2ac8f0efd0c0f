"""Keeps ``resources/translations/creditdesk_zh_CN.ts`` in step with the ``tr()`` strings.

The source strings are already Simplified Chinese (the shipped language), so each
translation is the source itself, marked finished; another language would get its own .ts.
Run ``python -m ui.i18n`` after changing UI text; ``make translations`` compiles the .qm.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "creditdesk_zh_CN.ts"


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if p.name != "i18n.py")


def update(ts_file: Path = TS_FILE) -> int:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(lupdate),
            *map(str, sources()),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "zh_CN",
            "-target-language",
            "zh_CN",
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
    )
    tree = ET.parse(ts_file)
    count = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.text = source
        translation.attrib.pop("type", None)
        count += 1
    ET.indent(tree)
    header = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(header + body + "\n", encoding="utf-8")
    return count


def unfinished(ts_file: Path = TS_FILE) -> list[str]:
    tree = ET.parse(ts_file)
    return [
        m.findtext("source") or ""
        for m in tree.iter("message")
        if (t := m.find("translation")) is None
        or t.get("type") in ("unfinished", "obsolete")
        or not (t.text or "").strip()
    ]


if __name__ == "__main__":
    print(f"{update()} messages in {TS_FILE.relative_to(ROOT)}")
