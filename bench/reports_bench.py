"""Credit-report speed: a 50-record and a 1,000-record report, service call to PDF bytes.

    python bench/reports_bench.py [--runs 21] [--big-runs 7] [--out bench/results]

Targets (issue 8): 50 records ≤ 80 ms, 1,000 records ≤ 2 s, median from the service call
(``issue_document``: number, signature, render, seal, record, audit — on a fresh SQLite
database with an in-memory keyring) to the bytes. Measured beside, in the same run:

* ``build``    — ``build_credit_report`` alone (the layout, no database, no signature);
* ``baseline`` — reportlab's bare canvas drawing the same text (every printed value, one
  line each, wrapped at the page width, same embedded font, page breaks) with no layout
  engine: the floor for "the same content as a PDF" here. LibreOffice from a .docx
  template is the other baseline the issue names; it is used when ``soffice`` is on the
  PATH (it is not on the development machines: the run records that).

Median, p95 (nearest rank), minimum and the median CPU time of each case are written to
``bench/results/<date>-<machine>.json``; wall time on a shared machine is noisy, CPU time
less so. Not asserted in tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS_MS = {"issue_50": 80.0, "issue_1000": 2000.0}


def _memory_keyring() -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(MemoryKeyring())


def _database(tmp: Path) -> tuple[Any, Any]:
    """A migrated SQLite database with a configured installation and one clerk."""
    from argon2 import PasswordHasher

    from app.domain.enums import Role
    from app.domain.permissions import Actor
    from app.services.auth import actor_of, use_hasher
    from app.services.database import Database
    from app.services.maintenance import upgrade_schema
    from app.services.settings import SettingKey, save_settings
    from app.services.users import add_user

    use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    db = Database(f"sqlite:///{tmp / 'bench.sqlite3'}")
    upgrade_schema(db, actor=Actor.operator())
    with db.uow() as uow:
        clerk = add_user(
            uow.session,
            username="clerk",
            display_name="王窗口",
            staff_no="C001",
            role=Role.CLERK,
            password="Chuangkou#2026",
            must_change_password=False,
        )
        admin = add_user(
            uow.session,
            username="admin",
            display_name="张管理",
            staff_no="A001",
            role=Role.ADMIN,
            password="Chuangkou#2026",
            must_change_password=False,
        )
        uow.commit()
        clerk_actor, admin_actor = actor_of(clerk), actor_of(admin)
    save_settings(
        db,
        {
            SettingKey.JURISDICTION_PROFILE: "weihai",
            SettingKey.CENTER_NAME: "威海市公共信用信息中心",
        },
        actor=admin_actor,
    )
    return db, clerk_actor


def baseline_pdf(data: Any) -> bytes:
    """The same text on reportlab's bare canvas: no platypus, no tables, no QR."""
    from reportlab.pdfgen.canvas import Canvas

    from reports import styles as st
    from reports.documents import printed_values

    st.register_fonts()
    size, leading = 8.5, 11.5
    left, right = st.MARGIN_LEFT, st.PAGE_WIDTH - st.MARGIN_RIGHT
    top, bottom = st.PAGE_HEIGHT - st.MARGIN_TOP, st.MARGIN_BOTTOM
    width = right - left
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=st.PAGE_SIZE, invariant=1, initialFontName=st.FONT)
    y = top
    canvas.setFont(st.FONT, size)
    from reportlab.lib.textsplit import getCharWidths

    for _path, forms in printed_values(data):
        text = st.printable(forms[0])
        widths = getCharWidths(text, st.FONT, size)
        line, used = [], 0.0
        lines = []
        for ch, w in zip(text, widths, strict=True):
            if used + w > width and line:
                lines.append("".join(line))
                line, used = [], 0.0
            line.append(ch)
            used += w
        lines.append("".join(line))
        for text_line in lines:
            if y < bottom:
                canvas.showPage()
                canvas.setFont(st.FONT, size)
                y = top
            canvas.drawString(left, y, text_line)
            y -= leading
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure(cases: dict[str, Callable[[], bytes]], runs: int) -> dict[str, dict[str, Any]]:
    """Run the cases interleaved (one of each per round), so that a busy neighbour on a shared
    machine slows them alike; one warm-up round first (font, imports, caches)."""
    for fn in cases.values():
        fn()
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    size: dict[str, int] = {}
    for _ in range(runs):
        for name, fn in cases.items():
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            out = fn()
            wall[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.process_time() - c0) * 1000)
            size[name] = len(out)
    results = {}
    for name in cases:
        ordered = sorted(wall[name])
        results[name] = {
            "runs": runs,
            "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 1),
            "min_ms": round(ordered[0], 1),
            "cpu_median_ms": round(statistics.median(cpu[name]), 1),
            "bytes": size[name],
        }
    return results


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of the 50-record cases")
    parser.add_argument("--big-runs", type=int, default=7, help="runs of the 1,000-record cases")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)

    _memory_keyring()
    from app.domain.enums import DocumentType
    from app.services.documents import issue_document
    from reports import samples
    from reports.credit_report import build_credit_report

    load_start = os.getloadavg()
    results: dict[str, Any] = {}
    tmp = Path(tempfile.mkdtemp(prefix="creditdesk-bench-"))
    try:
        db, clerk = _database(tmp)
        for records, runs in ((50, args.runs), (1000, args.big_runs)):
            data = samples.company_report(records)

            def issue(data: Any = data) -> bytes:
                result = issue_document(
                    db, doc_type=DocumentType.CREDIT_REPORT, payload_dto=data, actor=clerk
                )
                return result.pdf_bytes

            def build(data: Any = data) -> bytes:
                return build_credit_report(data)

            def baseline(data: Any = data) -> bytes:
                return baseline_pdf(data)

            cases = {f"issue_{records}": issue, f"build_{records}": build}
            cases[f"baseline_{records}"] = baseline
            measured = measure(cases, runs)
            for key, fn in cases.items():
                results[key] = measured[key]
                results[key]["pages"] = _pages(fn())
                print(
                    f"{key:>14}: median {results[key]['median_ms']:8.1f} ms  "
                    f"p95 {results[key]['p95_ms']:8.1f} ms  "
                    f"cpu {results[key]['cpu_median_ms']:8.1f} ms"
                    f"  {results[key]['pages']} pages",
                    flush=True,
                )
        db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    import reportlab

    try:
        import _rl_accel  # noqa: F401

        accel = True
    except ImportError:
        accel = False
    now = datetime.now(UTC)
    machine = platform.node() or "unknown"
    report = {
        "benchmark": "reports",
        "date": now.isoformat(timespec="seconds"),
        "machine": {
            "node": machine,
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_start": [round(x, 2) for x in load_start],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "reportlab": reportlab.Version,
            "rl_accel": accel,
            "libreoffice": shutil.which("soffice") or shutil.which("libreoffice"),
        },
        "targets_ms": TARGETS_MS,
        "within_target": {k: results[k]["median_ms"] <= v for k, v in TARGETS_MS.items()},
        "results": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{now:%Y-%m-%d}-{machine}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")
    for key, ok in report["within_target"].items():
        print(f"{key}: {'within' if ok else 'OVER'} target ({TARGETS_MS[key]:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
