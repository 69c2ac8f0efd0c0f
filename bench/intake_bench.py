"""Intake throughput (issue 9): validate + load a provider CSV, next to a raw loader.

    .venv/bin/python bench/intake_bench.py                 # 200,000 rows on SQLite
    .venv/bin/python bench/intake_bench.py --rows 1000000  # the issue's figure
    .venv/bin/python bench/intake_bench.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

For the same rows (CF001 penalties of distinct companies, 12 columns) it measures, on a fresh
database each:

- ``loader``: ``app.services.intake.commit`` — read (streaming), validate every row under the
  Weihai profile, create the subjects, insert records with their history snapshot and the
  provider's submission, write the batch and the intake log; one transaction;
- ``raw``: the rows already shaped as ``credit_records`` rows, loaded without validation or
  history: ``sqlite3 .import`` into the same table (SQLite), ``COPY`` (PostgreSQL).

It reports rows/s for both and their ratio (the issue's target: loader ≥ 0.5 × raw), and the
peak RSS of the loader run. Results go to ``bench/results/<date>-<machine>-intake.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.domain.codes import uscc_check_char  # noqa: E402
from app.domain.enums import Role  # noqa: E402
from app.domain.permissions import Actor  # noqa: E402
from app.rules.intake_rules import LABELS  # noqa: E402
from app.services import intake  # noqa: E402
from app.services.database import Database  # noqa: E402
from app.services.maintenance import upgrade_schema  # noqa: E402

TODAY = date(2026, 11, 25)
HEADER = [
    LABELS[k]
    for k in (
        "item_code",
        "subject_name",
        "subject_code",
        "document_number",
        "decision_date",
        "act_ended_on",
        "determined_on",
        "severity",
        "procedure",
    )
] + ["违法事实", "处罚依据", "处罚结果"]


def company(i: int) -> str:
    base = "913701" + f"{i:011d}"
    return base + uscc_check_char(base)


def write_provider_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow(
                [
                    "CF001",
                    f"某某商贸有限公司{i}",
                    company(i),
                    f"市监罚〔2026〕{i + 1}号",
                    "2026-09-01",
                    "2026-09-01",
                    "2026-09-01",
                    "一般",
                    "一般程序",
                    "未按规定公示年度报告",
                    "《企业信息公示暂行条例》",
                    "罚款",
                ]
            )


RAW_COLUMNS = (
    "subject_id",
    "catalog_item_id",
    "provider_id",
    "document_number",
    "decision_date",
    "act_ended_on",
    "determined_on",
    "formed_on",
    "severity",
    "list_type",
    "content",
    "status",
    "row_version",
    "created_at",
    "updated_at",
)


def write_raw_csv(path: Path, rows: int, subject0: int, item_id: int, provider_id: int) -> None:
    content = json.dumps(
        {"facts": "未按规定公示年度报告", "basis": "《企业信息公示暂行条例》", "result": "罚款"},
        ensure_ascii=False,
    )
    now = "2026-11-25 00:00:00.000000+00:00"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        for i in range(rows):
            w.writerow(
                [
                    subject0 + i,
                    item_id,
                    provider_id,
                    f"市监罚〔2026〕{i + 1}号",
                    "2026-09-01",
                    "2026-09-01",
                    "2026-09-01",
                    "2026-11-25",
                    "general",
                    "none",
                    content,
                    "active",
                    1,
                    now,
                    now,
                ]
            )


def fresh(url: str | None, workdir: Path) -> Database:
    from tests.integration.query_world import build_world

    if url is None:
        db = Database(f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:6]}.sqlite3'}")
    else:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        db = Database(make_url(url).set(database=name).render_as_string(hide_password=False))
    upgrade_schema(db, actor=Actor.operator())
    build_world(db, "weihai")
    return db


def seed_subjects(db: Database, rows: int) -> tuple[int, int, int]:
    """The raw loader gets its subjects for free (they are not part of its time)."""
    from sqlalchemy import insert, select

    from app.db.models import CatalogItem, ProviderUnit, Subject
    from app.db.types import utcnow

    with db.uow() as uow:
        s = uow.session
        now = utcnow()
        first = None
        for start in range(0, rows, 20000):
            s.execute(
                insert(Subject.__table__),
                [
                    {
                        "kind": "legal_person",
                        "code": company(i),
                        "name": f"某某商贸有限公司{i}",
                        "row_version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(rows, start + 20000))
                ],
            )
        first = s.scalar(select(Subject.id).where(Subject.code == company(0)))
        item = s.scalar(select(CatalogItem.id).where(CatalogItem.code == "CF001"))
        provider = s.scalar(select(ProviderUnit.id).where(ProviderUnit.code == "SCJGJ"))
        uow.commit()
    assert first is not None and item is not None and provider is not None
    return first, item, provider


SUBJECT_COLUMNS = ("id", "kind", "code", "name", "row_version", "created_at", "updated_at")
VERSION_COLUMNS = (
    "record_id",
    "version_no",
    "change_kind",
    "reason",
    "source_ref",
    "changed_at",
    "snapshot",
)
NOW = "2026-11-25 00:00:00.000000+00:00"
CONTENT = {"facts": "未按规定公示年度报告", "basis": "《企业信息公示暂行条例》", "result": "罚款"}

RawTable = tuple[str, tuple[str, ...], Path]


def write_same_output_csvs(db: Database, rows: int, work: Path) -> list[RawTable]:
    """What the loader writes, as plain CSV: the subjects, the records (with the provider's
    submission) and each record's first history version, ids assigned up front."""
    from sqlalchemy import func, select

    from app.db.models import CatalogItem, CreditRecord, ProviderUnit, Subject

    with db.uow() as uow:
        s = uow.session
        subject0 = int(s.scalar(select(func.max(Subject.id))) or 0) + 1
        record0 = int(s.scalar(select(func.max(CreditRecord.id))) or 0) + 1
        item = s.scalar(select(CatalogItem.id).where(CatalogItem.code == "CF001"))
        provider = s.scalar(select(ProviderUnit.id).where(ProviderUnit.code == "SCJGJ"))
    content = json.dumps(CONTENT)
    paths = [work / f"same-{t}.csv" for t in ("subjects", "records", "versions")]
    with (
        paths[0].open("w", newline="", encoding="utf-8") as fs,
        paths[1].open("w", newline="", encoding="utf-8") as fr,
        paths[2].open("w", newline="", encoding="utf-8") as fv,
    ):
        ws, wr, wv = csv.writer(fs), csv.writer(fr), csv.writer(fv)
        for i in range(rows):
            sid, rid, doc = subject0 + i, record0 + i, f"市监罚〔2026〕{i + 1}号"
            ws.writerow([sid, "legal_person", company(i), f"某某商贸有限公司{i}", 1, NOW, NOW])
            submission = json.dumps(
                {
                    "document_number": doc,
                    "decision_date": "2026-09-01",
                    "act_ended_on": "2026-09-01",
                    "determined_on": "2026-09-01",
                    "listed_on": None,
                    "severity": "general",
                    "penalty_class": None,
                    "content": CONTENT,
                }
            )
            wr.writerow(
                [sid, item, provider, doc, "2026-09-01", "2026-09-01", "2026-09-01"]
                + ["2026-11-25", "general", "none", content, "active", 1, NOW, NOW]
                + [rid, submission]
            )
            snapshot = json.dumps(
                {
                    "subject_id": sid,
                    "catalog_item_id": item,
                    "provider_id": provider,
                    "document_number": doc,
                    "decision_date": "2026-09-01",
                    "act_ended_on": "2026-09-01",
                    "determined_on": "2026-09-01",
                    "formed_on": "2026-11-25",
                    "listed_on": None,
                    "severity": "general",
                    "list_type": "none",
                    "penalty_class": None,
                    "content": CONTENT,
                    "status": "active",
                    "status_changed_on": None,
                    "status_reason": None,
                }
            )
            wv.writerow([rid, 1, "intake", "归集入库", "intake_batch:1", NOW, snapshot])
    return [
        ("subjects", SUBJECT_COLUMNS, paths[0]),
        ("credit_records", (*RAW_COLUMNS, "id", "source_submission"), paths[1]),
        ("credit_record_versions", VERSION_COLUMNS, paths[2]),
    ]


def raw_load(db: Database, tables: list[RawTable]) -> float:
    """Load the CSVs in one transaction: ``sqlite3 .import`` (into a staging table, then
    ``INSERT … SELECT``) or ``COPY``."""
    url = db.url
    if url.get_backend_name() == "sqlite":
        db.dispose()
        script = ".mode csv\nBEGIN;\n"
        for n, (table, columns, path) in enumerate(tables):
            names = ", ".join(columns)
            script += (
                f"CREATE TEMP TABLE staging{n}({names});\n"
                f".import {path} staging{n}\n"
                f"INSERT INTO {table}({names}) SELECT * FROM staging{n};\n"
            )
        script += "COMMIT;\n"
        start = time.perf_counter()
        subprocess.run(["sqlite3", url.database], input=script, text=True, check=True)
        return time.perf_counter() - start
    start = time.perf_counter()
    raw_conn = db.engine.raw_connection()
    try:
        cur = raw_conn.cursor()
        for table, columns, path in tables:
            with (
                cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)") as cp,
                path.open("rb") as fh,
            ):
                while chunk := fh.read(1 << 20):
                    cp.write(chunk)
        raw_conn.commit()
    finally:
        raw_conn.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pg", metavar="URL", default=None, help="also run on PostgreSQL")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--in-process",
        dest="parallel",
        action="store_const",
        const=False,
        default=None,
        help="validate in this process (default: a helper process, as the app does for a file "
        "of this size)",
    )
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("sqlite3 (the command-line shell) is needed for the raw SQLite baseline")
    results: dict[str, object] = {
        "rows": args.rows,
        "machine": platform.node(),
        "python": platform.python_version(),
        "loadavg_start": os.getloadavg(),
    }
    actor = Actor(user_id=None, username="bench", role=Role.SUPERVISOR)
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-vm-intake.json"
    if out.exists():  # keep the other database's figure from an earlier run of the same size
        earlier = json.loads(out.read_text(encoding="utf-8"))
        if earlier.get("rows") == args.rows:
            results.update({k: v for k, v in earlier.items() if k in ("sqlite", "postgresql")})
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        provider_csv = work / "provider.csv"
        raw_csv = work / "raw.csv"
        write_provider_csv(provider_csv, args.rows)
        for label, url in (("sqlite", None), ("postgresql", args.pg)):
            if (label == "postgresql" and url is None) or (label == "sqlite" and args.skip_sqlite):
                continue
            db = fresh(url, work)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            summary = intake.commit(
                db,
                provider_csv,
                file_name="provider.csv",
                provider_code="SCJGJ",
                actor=actor,
                today=TODAY,
                parallel=args.parallel,
            )
            loader = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            assert summary.rows_new == args.rows, summary
            helper_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            assert summary.rows_new == args.rows, summary
            db.dispose()
            # baseline 1 (the issue's): the records alone, subjects already there
            base = fresh(url, work)
            first, item, provider = seed_subjects(base, args.rows)
            write_raw_csv(raw_csv, args.rows, first, item, provider)
            raw_records = raw_load(base, [("credit_records", RAW_COLUMNS, raw_csv)])
            base.dispose()
            # baseline 2: the same output as the loader (subjects, records, first versions)
            base = fresh(url, work)
            raw_same = raw_load(base, write_same_output_csvs(base, args.rows, work))
            base.dispose()
            results[label] = {
                "loader_seconds": round(loader, 2),
                "loader_rows_per_s": round(args.rows / loader),
                "raw_same_output_seconds": round(raw_same, 2),
                "raw_same_output_rows_per_s": round(args.rows / raw_same),
                "ratio_same_output": round(raw_same / loader, 3),
                "raw_records_only_seconds": round(raw_records, 2),
                "raw_records_only_rows_per_s": round(args.rows / raw_records),
                "ratio_records_only": round(raw_records / loader, 3),
                "validation": "helper process" if args.parallel is not False else "in process",
                "peak_rss_mb": round(max(before, peak) / 1024, 1),
                "helper_peak_rss_mb": round(helper_peak / 1024, 1),
            }
            print(label, json.dumps(results[label], ensure_ascii=False))
            results["loadavg_end"] = os.getloadavg()
            out.write_text(
                json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )  # after each database: a long PostgreSQL run does not lose the SQLite figure
    print(f"written: {out}")


if __name__ == "__main__":
    main()
