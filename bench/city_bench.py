"""City scale (issue 11): what a clerk waits for on a city's data, each next to a raw baseline.

    .venv/bin/python bench/city_bench.py                                  # 1,000,000 / 5,000,000
    .venv/bin/python bench/city_bench.py --subjects 50000 --records 250000 --runs 100
    .venv/bin/python bench/city_bench.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/city_bench.py --reuse /tmp/city.sqlite3        # skip the SQLite load

The dataset is the demo generator's (``app.services.demo_data.generate_subjects``: the same
subjects, records and submissions as ``creditdesk demo-data``), written by the bench with the
intake loader's bulk writer (``app.db.bulk.BulkWriter``: ``executemany`` on SQLite, ``COPY`` on
PostgreSQL) instead of ``load_demo_data``, whose ``INSERT … RETURNING`` per chunk takes far too
long for a million subjects on SQLite. Then 100,000 open objection cases are inserted directly.

Each measurement alternates the service call and its baseline (raw SQL on the same engine), after
warm-up runs, and reports median and p95 (nearest rank) of both and their ratio
(service / baseline). The GUI cold start is timed in subprocesses (``QT_QPA_PLATFORM=offscreen``).
Results go to ``bench/results/<date>-vm-city.json``; numbers are never asserted: the command
fails only when the suite itself cannot run.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.domain.enums import Audience, IdDocType, RecordStatus, Role, SubjectKind  # noqa: E402
from app.domain.permissions import Actor  # noqa: E402
from app.services.database import Database  # noqa: E402

TODAY = date(2026, 11, 25)
SEED = 2026
PASSWORD = "Chuangkou#2026"
TARGETS_MS = {
    "code_lookup": 2.0,
    "name_search_2char": 30.0,
    "name_search_4char": 30.0,
    "name_search_company": 30.0,
    "subject_view": 10.0,
    "window_query_public": 10.0,
    "work_queue": 100.0,
    "gui_cold_start": 800.0,
}


# --- timing ----------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 3),
        "p95_ms": round(p95(values), 3),
        "min_ms": round(min(values), 3),
    }


def compare(
    name: str,
    service: Callable[[Any], object],
    baseline: Callable[[Any], object],
    inputs: list[Any],
    runs: int,
    *,
    warmup: int = 3,
    note: str = "",
) -> dict[str, Any]:
    """Alternate service and baseline over ``inputs`` (cycled), ``runs`` times each."""
    for i in range(warmup):
        service(inputs[i % len(inputs)])
        baseline(inputs[i % len(inputs)])
    s_times: list[float] = []
    b_times: list[float] = []
    for i in range(runs):
        arg = inputs[i % len(inputs)]
        t0 = time.perf_counter()
        service(arg)
        t1 = time.perf_counter()
        baseline(arg)
        t2 = time.perf_counter()
        s_times.append((t1 - t0) * 1000)
        b_times.append((t2 - t1) * 1000)
    return row(name, s_times, b_times, note=note)


def row(name: str, s_times: list[float], b_times: list[float], *, note: str = "") -> dict[str, Any]:
    svc, base = summary(s_times), summary(b_times)
    target = TARGETS_MS.get(name)
    out: dict[str, Any] = {
        "runs": len(s_times),
        **svc,
        "baseline": base,
        "ratio_median": round(svc["median_ms"] / base["median_ms"], 2)
        if base["median_ms"]
        else None,
        "ratio_p95": round(svc["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None,
        "target_p95_ms": target,
        "met": None if target is None else svc["p95_ms"] <= target,
    }
    if note:
        out["note"] = note
    met = "" if target is None else ("  met" if out["met"] else "  MISSED")
    print(
        f"  {name:<22} median {svc['median_ms']:9.2f} ms  p95 {svc['p95_ms']:9.2f} ms"
        f" | baseline median {base['median_ms']:8.2f} p95 {base['p95_ms']:8.2f}"
        f" | ratio p95 {out['ratio_p95']}  target {target}{met}",
        flush=True,
    )
    return out


# --- the dataset ----------------------------------------------------------------------------


def fresh_database(url: str | None, sqlite_path: Path | None) -> Database:
    if url is None:
        assert sqlite_path is not None
        return Database(f"sqlite:///{sqlite_path}")
    name = f"bench_city_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return Database(make_url(url).set(database=name).render_as_string(hide_password=False))


def setup_installation(db: Database) -> None:
    """Schema, the Weihai profile, a clerk and an administrator (fast password hashing)."""
    from argon2 import PasswordHasher

    from app.services import rules
    from app.services.auth import use_hasher
    from app.services.maintenance import upgrade_schema
    from app.services.settings import SettingKey, set_setting
    from app.services.users import add_user

    use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    upgrade_schema(db, actor=Actor.operator())
    rules.set_current_profile(db, "weihai", actor=Actor.operator())
    set_setting(db, SettingKey.CENTER_NAME, "威海市公共信用信息中心", actor=Actor.operator())
    with db.uow() as uow:
        for username, display, staff, role in (
            ("clerk", "王窗口", "C001", Role.CLERK),
            ("admin", "张管理", "A001", Role.ADMIN),
        ):
            add_user(
                uow.session,
                username=username,
                display_name=display,
                staff_no=staff,
                role=role,
                password=PASSWORD,
                must_change_password=False,
            )
        uow.commit()


def load_dataset(db: Database, subjects: int, records: int) -> dict[str, Any]:
    """The demo generator's subjects and records, written with ``BulkWriter``; one transaction."""
    from app.db.bulk import BulkWriter
    from app.db.history import snapshot_of
    from app.db.models import CreditRecord, CreditRecordVersion, Subject, SubjectIdentity
    from app.domain.enums import ChangeKind
    from app.services import demo_data as demo

    start = time.perf_counter()
    per_subject = records / subjects
    now = datetime.now(UTC)
    subject_cols = (
        "id",
        "kind",
        "code",
        "name",
        "birth_date",
        "legal_representative",
        "address",
        "row_version",
        "created_at",
        "updated_at",
    )
    record_keys = (
        "subject_id",
        "catalog_item_id",
        "provider_id",
        "document_number",
        "decision_date",
        "act_ended_on",
        "determined_on",
        "formed_on",
        "listed_on",
        "severity",
        "list_type",
        "penalty_class",
        "content",
        "status",
        "status_changed_on",
        "status_reason",
        "source_submission",
        "row_version",
        "created_at",
        "updated_at",
    )
    version_cols = (
        "record_id",
        "version_no",
        "change_kind",
        "reason",
        "source_ref",
        "changed_by_user_id",
        "changed_at",
        "snapshot",
    )
    n_subjects = n_records = 0
    with db.uow() as uow:
        s = uow.session
        provider_ids = demo._ensure_providers(s)
        item_ids = demo._ensure_catalog(s, provider_ids)
        writer = BulkWriter(s)
        next_subject = next_record = 1
        stream = demo.generate_subjects(
            subjects, seed=SEED, as_of=TODAY, records_per_subject=per_subject
        )
        for batch in demo._chunks(stream, 10_000):
            ids = list(range(next_subject, next_subject + len(batch)))
            next_subject += len(batch)
            writer.insert(
                Subject.__table__,
                subject_cols,
                [
                    (
                        sid,
                        x.kind,
                        x.code,
                        x.name,
                        x.birth_date,
                        x.legal_representative,
                        x.address,
                        1,
                        now,
                        now,
                    )
                    for sid, x in zip(ids, batch, strict=True)
                ],
            )
            passports = [
                (sid, IdDocType.PASSPORT, x.passport, "CHN", now)
                for sid, x in zip(ids, batch, strict=True)
                if x.passport
            ]
            writer.insert(
                SubjectIdentity.__table__,
                ("subject_id", "doc_type", "doc_number", "issuing_country", "created_at"),
                passports,
            )
            rec_rows: list[tuple[Any, ...]] = []
            ver_rows: list[tuple[Any, ...]] = []
            for sid, x in zip(ids, batch, strict=True):
                for r in x.records:
                    values = {
                        "subject_id": sid,
                        "catalog_item_id": item_ids[r.item_code],
                        "provider_id": provider_ids[r.provider_code],
                        "document_number": r.document_number,
                        "decision_date": r.decision_date,
                        "act_ended_on": r.act_ended_on,
                        "determined_on": r.determined_on,
                        "formed_on": r.formed_on,
                        "listed_on": r.listed_on,
                        "severity": r.severity,
                        "list_type": demo._item(r.item_code).list_type,
                        "penalty_class": r.penalty_class,
                        "content": r.content,
                        "status": r.status,
                        "status_changed_on": None if r.status is RecordStatus.ACTIVE else TODAY,
                        "status_reason": r.status_reason,
                        "source_submission": demo._submission(r),
                        "row_version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    rid = next_record
                    next_record += 1
                    rec_rows.append((rid, *(values[k] for k in record_keys)))
                    ver_rows.append(
                        (
                            rid,
                            1,
                            ChangeKind.DEMO,
                            "演示数据",
                            f"demo:seed={SEED}",
                            None,
                            now,
                            snapshot_of(values),
                        )
                    )
            writer.insert(CreditRecord.__table__, ("id", *record_keys), rec_rows)
            writer.insert(CreditRecordVersion.__table__, version_cols, ver_rows)
            n_subjects += len(batch)
            n_records += len(rec_rows)
            if n_subjects % 100_000 == 0:
                print(
                    f"    {n_subjects:,} subjects, {n_records:,} records"
                    f" ({time.perf_counter() - start:.0f} s)",
                    flush=True,
                )
        if db.url.get_backend_name() == "postgresql":
            for table in ("subjects", "credit_records", "credit_record_versions"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        uow.commit()
    return {
        "subjects": n_subjects,
        "records": n_records,
        "load_seconds": round(time.perf_counter() - start, 1),
    }


OPEN_OBJECTION = ("received", "checked", "corrected", "forwarded", "answered", "appealed")
NEXT_STEP = {
    "received": "objection.check",
    "checked": "objection.forward",
    "corrected": "objection.notify",
    "forwarded": "objection.provider_reply",
    "answered": "objection.notify",
    "appealed": "objection.appeal",
}


def add_open_cases(db: Database, count: int, subjects: int) -> float:
    """``count`` open objection cases, inserted directly (not through the casework service):
    states spread over the open ones, due dates ±60 days around today (5 % without), a third
    assigned to the clerk or the administrator, the rest unassigned."""
    from app.db.bulk import BulkWriter
    from app.db.models import Objection, User

    start = time.perf_counter()
    rng = random.Random(11)
    now = datetime.now(UTC)
    with db.uow() as uow:
        s = uow.session
        users = [u for (u,) in s.execute(text("SELECT id FROM users ORDER BY id"))]
        assert users, User
        top = int(s.scalar(text("SELECT COALESCE(MAX(id), 0) FROM objections")) or 0)
        cols = (
            "id",
            "case_no",
            "subject_id",
            "applicant_name",
            "applicant_doc_type",
            "applicant_doc_number",
            "grounds",
            "statement",
            "received_on",
            "state",
            "assignee_user_id",
            "next_step",
            "next_due_on",
            "due_step",
            "due_start",
            "assisted",
            "disputed",
            "row_version",
            "created_at",
            "updated_at",
        )
        rows = []
        for i in range(count):
            state = rng.choice(OPEN_OBJECTION)
            received = TODAY - timedelta(days=rng.randint(0, 90))
            due = None if rng.random() < 0.05 else TODAY + timedelta(days=rng.randint(-60, 60))
            assignee = rng.choice(users) if rng.random() < 0.33 else None
            rows.append(
                (
                    top + i + 1,
                    f"YY{received:%Y}{i + 1:07d}",
                    rng.randint(1, subjects),
                    "李四",
                    IdDocType.RESIDENT_ID,
                    "11010519491231002X",
                    ["record_wrong"],
                    "",
                    received,
                    state,
                    assignee,
                    NEXT_STEP[state],
                    due,
                    None,
                    None,
                    False,
                    False,
                    1,
                    now,
                    now,
                )
            )
        writer = BulkWriter(s)
        for k in range(0, count, 20_000):
            writer.insert(Objection.__table__, cols, rows[k : k + 20_000])
        if db.url.get_backend_name() == "postgresql":
            s.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('objections', 'id'), "
                    "(SELECT max(id) FROM objections))"
                )
            )
        uow.commit()
    return round(time.perf_counter() - start, 1)


def dataset_size(db: Database) -> dict[str, int]:
    with db.engine.connect() as c:
        return {
            t: int(c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() or 0)
            for t in ("subjects", "credit_records", "objections")
        }


def indexes(db: Database) -> dict[str, list[str]]:
    """The indexes the measured queries can use, as the migrations left them."""
    out: dict[str, list[str]] = {}
    with db.engine.connect() as c:
        for table in ("subjects", "credit_records", "objections"):
            if db.url.get_backend_name() == "postgresql":
                rows = c.exec_driver_sql(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = %(t)s ORDER BY indexname",
                    {"t": table},
                ).all()
            else:
                rows = c.exec_driver_sql(
                    "SELECT coalesce(sql, name) FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = ? ORDER BY name",
                    (table,),
                ).all()
            out[table] = [r[0] for r in rows]
    return out


# --- inputs ---------------------------------------------------------------------------------


def sample_inputs(db: Database, runs: int) -> dict[str, list[Any]]:
    """Real codes, ids and names from the database (seeded): lookups hit different pages."""
    rng = random.Random(7)
    with db.engine.connect() as c:
        top = int(c.exec_driver_sql("SELECT max(id) FROM subjects").scalar() or 0)
        wanted = sorted(rng.sample(range(1, top + 1), min(top, 20_000)))
        rows: list[Any] = []
        for k in range(0, len(wanted), 500):
            part = wanted[k : k + 500]
            marks = ", ".join(str(i) for i in part)
            rows += c.exec_driver_sql(
                f"SELECT id, kind, code, name FROM subjects WHERE id IN ({marks})"
            ).all()
    rng.shuffle(rows)
    persons = [r for r in rows if r[1] == SubjectKind.NATURAL_PERSON.value]
    legal = [r for r in rows if r[1] == SubjectKind.LEGAL_PERSON.value and "市" in r[3]]
    n = max(20, min(runs, 200))
    two = [r[3] for r in persons if len(r[3]) == 2][:n]
    four = [r[3] for r in persons if len(r[3]) == 4][:n]
    company = []
    for r in legal[:n]:
        rest = r[3][r[3].index("市") + 1 :]
        company.append(rest[:4])
    return {
        "codes": [r[2] for r in rows[:n]],
        "subject_ids": [r[0] for r in rows[:n]],
        "name_2": two,
        "name_4": four,
        "company": company,
    }


# --- the measurements -----------------------------------------------------------------------


def actors(db: Database) -> tuple[Actor, Actor]:
    from sqlalchemy import select

    from app.db.models import User
    from app.services.auth import actor_of

    with db.uow() as uow:
        clerk = uow.session.scalar(select(User).where(User.username == "clerk"))
        admin = uow.session.scalar(select(User).where(User.username == "admin"))
        assert clerk is not None and admin is not None
        return actor_of(clerk), actor_of(admin)


def measure_database(db: Database, runs: int) -> dict[str, Any]:
    from app.services import rules
    from app.services.dashboard import list_work_queue
    from app.services.queries import DEFAULT_PAGE_SIZE
    from app.services.record_view import disclose, load_records
    from app.services.subject_search import search_subjects
    from app.services.window_query import QueryRequest, RequesterInput, run_query

    clerk, _admin = actors(db)
    inputs = sample_inputs(db, runs)
    pg = db.url.get_backend_name() == "postgresql"

    # The baseline runs on one connection opened once and held for the whole measurement (its
    # transaction ended after each query); the services check a connection out per call, as
    # they do in the app (NullPool on a SQLite file: a new connection and its PRAGMAs per call).
    held = db.engine.connect()

    def raw(sql: str, params: tuple[Any, ...]) -> Callable[..., list[Any]]:
        def run(*_a: Any) -> list[Any]:
            try:
                if pg:
                    names = [f"p{i}" for i in range(len(params))]
                    q = sql.replace("?", "{}").format(*(f"%({n})s" for n in names))
                    return held.exec_driver_sql(q, dict(zip(names, params, strict=True))).all()
                return held.exec_driver_sql(sql, params).all()
            finally:
                held.rollback()

        return run

    def raw_with(sql: str) -> Callable[[Any], list[Any]]:
        return lambda arg: raw(sql, arg if isinstance(arg, tuple) else (arg,))()

    out: dict[str, Any] = {}

    # 0. what a checkout costs: SELECT 1 on a fresh checkout vs on the held connection
    def checkout(_x: object) -> None:
        with db.engine.connect() as c:
            c.exec_driver_sql("SELECT 1").all()

    out["checkout_select1"] = compare(
        "checkout_select1",
        checkout,
        lambda _x: raw("SELECT 1", ())(),
        [None],
        runs,
        note="engine.connect() + SELECT 1 (the pool the app configures) vs SELECT 1 on the held "
        "connection",
    )

    # 1. the window's search box with a code → search_subjects (the subject_search service)
    out["code_lookup"] = compare(
        "code_lookup",
        lambda code: search_subjects(db, code, actor=clerk),
        raw_with("SELECT id, kind, code, name FROM subjects WHERE code = ?"),
        inputs["codes"],
        runs,
        note="subject_search.search_subjects(code) as the window's search box calls it, clerk",
    )

    # 2. name search: measure_names (the baseline needs the LIKE pattern)

    # 3. the subject view: the profile, the subject's records, visibility for the public
    profile_of = rules.current_profile
    layer = rules.national_layer()
    from app.db.models import Subject

    def view(subject_id: int) -> object:
        profile = profile_of(db)
        with db.uow() as uow:
            subject = uow.session.get(Subject, subject_id)
            assert subject is not None
            recs = load_records(uow.session, {subject.id: SubjectKind(subject.kind)})[subject.id]
            return disclose(recs, profile, Audience.PUBLIC, TODAY, national_layer=layer)

    records_sql = (
        "SELECT * FROM credit_records WHERE subject_id = ? ORDER BY decision_date DESC, id"
    )
    out["subject_view"] = compare(
        "subject_view",
        view,
        raw_with(records_sql),
        inputs["subject_ids"],
        runs,
        note="rules.current_profile + record_view.load_records + disclose(PUBLIC), what "
        "window_query.run_query does between its checks and its log entry; baseline: "
        + records_sql,
    )

    # 3b. the whole window query for the public audience (checks, visibility, hash-chained log)
    requester = RequesterInput(IdDocType.RESIDENT_ID, "11010519491231002X", "李四")
    with db.engine.connect() as c:
        code_of = dict(
            c.exec_driver_sql(
                "SELECT id, code FROM subjects WHERE id IN ("
                + ", ".join(str(i) for i in inputs["subject_ids"])
                + ")"
            ).all()
        )

    def window(subject_id: int) -> object:
        return run_query(
            db,
            QueryRequest(
                requester=requester,
                audience=Audience.PUBLIC,
                subject_code=code_of[subject_id],
                document_seen=True,
                purpose="招标投标",
            ),
            actor=clerk,
            today=TODAY,
        )

    out["window_query_public"] = compare(
        "window_query_public",
        window,
        raw_with(records_sql),
        inputs["subject_ids"],
        runs,
        note="window_query.run_query, public audience, by code: checks, records, visibility, "
        "query-log entry, commit; baseline: " + records_sql,
    )

    # 4. the dashboard's work queue, first page, as the clerk opens it
    open_states = ", ".join(f"'{s}'" for s in OPEN_OBJECTION)
    queue_sql = (
        "SELECT id, case_no, applicant_name, state, next_step, next_due_on, assignee_user_id, "
        f"received_on FROM objections WHERE state IN ({open_states}) "
        f"ORDER BY next_due_on, id LIMIT {DEFAULT_PAGE_SIZE + 1}"
    )
    out["work_queue"] = compare(
        "work_queue",
        lambda _x: list_work_queue(db, actor=clerk, today=TODAY),
        lambda _x: raw(queue_sql, ())(),
        [None],
        runs,
        note=f"dashboard.list_work_queue(clerk, first page of {DEFAULT_PAGE_SIZE}); baseline: "
        + queue_sql,
    )
    held.close()
    return out


def measure_names(db: Database, runs: int, out: dict[str, Any]) -> None:
    """Name search, with the LIKE pattern for the baseline (kept apart: clearer)."""
    from app.services.subject_search import search_subjects

    clerk, _ = actors(db)
    inputs = sample_inputs(db, runs)
    pg = db.url.get_backend_name() == "postgresql"
    sql = (
        "SELECT id, kind, code, name FROM subjects WHERE name LIKE {} ORDER BY name, id LIMIT 51"
    ).format("%(p)s" if pg else "?")

    held = db.engine.connect()

    def baseline(q: str) -> list[Any]:
        params: Any = {"p": f"%{q}%"} if pg else (f"%{q}%",)
        try:
            return held.exec_driver_sql(sql, params).all()
        finally:
            held.rollback()

    name_runs = max(10, runs // 4)
    for key, case in (
        ("name_2", "name_search_2char"),
        ("name_4", "name_search_4char"),
        ("company", "name_search_company"),
    ):
        queries = inputs[key] or ["王伟"]
        out[case] = compare(
            case,
            lambda q: search_subjects(db, q, actor=clerk, limit=50),
            baseline,
            queries,
            name_runs,
            warmup=2,
            note="search_subjects(fragment, limit=50): page + count capped at 10,000; baseline "
            f"the page alone: {sql}; queries e.g. {queries[:4]}",
        )
    held.close()


# --- GUI cold start -------------------------------------------------------------------------

GUI_SCRIPT = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QSettings, QTimer
from ui.main import create_application
from ui.errors import install_excepthook
from ui.tasks import TaskRunner
from ui.app_controller import AppController
install_excepthook()
app = create_application(sys.argv)
runner = TaskRunner(app)
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
controller = AppController(settings, runner, parent=app)
def changed(state):
    if state == "login":
        print("login", round((time.perf_counter() - t0) * 1000, 1), flush=True)
        QTimer.singleShot(0, app.quit)
    elif state in ("problem", "setup", "quit"):
        print("unexpected state", state, flush=True)
        app.exit(3)
controller.state_changed.connect(changed)
QTimer.singleShot(0, controller.start)
code = app.exec()
runner.shutdown()
sys.exit(code)
"""

BARE_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget()
w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def gui_cold_start(db_url: str, runs: int, work: Path) -> dict[str, Any]:
    """``python -c`` of what ``ui.main.main`` does up to the login dialog (without the log file
    handler), against the bench database through ``CREDITDESK_DB_URL``, vs a bare
    QApplication + QWidget. Wall time of the whole subprocess, interpreter start included."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CREDITDESK_DB_URL=db_url)
    env["PYTHONPATH"] = str(ROOT)
    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    ini = str(work / "gui-bench.ini")
    s_times: list[float] = []
    b_times: list[float] = []
    inner: list[float] = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        done = subprocess.run(
            [python, "-c", GUI_SCRIPT, ini],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        t1 = time.perf_counter()
        if done.returncode != 0 or "login" not in done.stdout:
            raise RuntimeError(f"GUI start failed ({done.returncode}): {done.stdout}{done.stderr}")
        subprocess.run(
            [python, "-c", BARE_SCRIPT],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        t2 = time.perf_counter()
        if i == 0:
            continue  # warm-up: the first run fills the page cache
        s_times.append((t1 - t0) * 1000)
        b_times.append((t2 - t1) * 1000)
        inner.append(float(done.stdout.split("login", 1)[1].split()[0]))
    out = row(
        "gui_cold_start",
        s_times,
        b_times,
        note="subprocess wall time: interpreter start, ui imports, create_application, "
        "TaskRunner, AppController.start → schema check (worker thread) → LoginDialog shown; "
        "no log file handler; baseline: bare QApplication + QWidget.show()",
    )
    out["in_process_to_login_median_ms"] = round(statistics.median(inner), 1)
    return out


# --- collected figures ----------------------------------------------------------------------


def collected() -> dict[str, Any]:
    """The latest intake (issue 9) and report (issue 8) figures, as their benches wrote them."""
    out: dict[str, Any] = {}
    results = ROOT / "bench" / "results"
    intake = sorted(glob.glob(str(results / "*-intake.json")))
    if intake:
        data = json.loads(Path(intake[-1]).read_text(encoding="utf-8"))
        out["intake"] = {"file": Path(intake[-1]).name, "rows": data.get("rows")}
        for db in ("sqlite", "postgresql"):
            if db in data:
                out["intake"][db] = {
                    k: data[db].get(k)
                    for k in ("loader_rows_per_s", "ratio_same_output", "ratio_records_only")
                }
    reports = []
    for path in sorted(glob.glob(str(results / "*.json"))):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("benchmark") == "reports":
            reports.append((path, data))
    if reports:
        path, data = reports[-1]
        res = data.get("results", {})
        out["reports"] = {
            "file": Path(path).name,
            **{
                k: {"median_ms": res[k]["median_ms"], "p95_ms": res[k]["p95_ms"]}
                for k in ("issue_50", "issue_1000", "baseline_50", "baseline_1000")
                if k in res
            },
            "targets_ms": data.get("targets_ms"),
            "within_target": data.get("within_target"),
        }
    return out


# --- main -----------------------------------------------------------------------------------


def prepare(
    label: str, url: str | None, args: argparse.Namespace, work: Path
) -> tuple[Database, dict[str, Any]]:
    info: dict[str, Any] = {}
    if label == "sqlite" and args.reuse:
        path = Path(args.reuse)
        if path.exists() and (path.parent / (path.name + ".complete")).exists():
            db = Database(f"sqlite:///{path}")
            info["reused"] = str(path)
            info.update(dataset_size(db))
            return db, info
    path = Path(args.reuse) if (label == "sqlite" and args.reuse) else work / "city.sqlite3"
    db = fresh_database(url, path if label == "sqlite" else None)
    if label == "postgresql":
        info["database"] = db.url.database
    setup_installation(db)
    print(f"  loading {args.subjects:,} subjects …", flush=True)
    info.update(load_dataset(db, args.subjects, args.records))
    info["cases_load_seconds"] = add_open_cases(db, args.cases, info["subjects"])
    if label == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE")  # what autovacuum does soon after a load
    info.update(dataset_size(db))
    if label == "sqlite" and args.reuse:
        (path.parent / (path.name + ".complete")).write_text(json.dumps(info) + "\n")
    return db, info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=5_000_000)
    parser.add_argument("--cases", type=int, default=100_000, help="open objection cases")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--gui-runs", type=int, default=10)
    parser.add_argument("--pg", metavar="URL", default=None, help="also run on PostgreSQL")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--reuse", metavar="PATH", help="SQLite file: load it if missing, else use it"
    )
    parser.add_argument("--name", default="city", help="result file suffix")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "benchmark": "city",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "node": platform.node(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "loadavg_start": os.getloadavg(),
        },
        "sizes": {"subjects": args.subjects, "records": args.records, "open_cases": args.cases},
        "runs": args.runs,
        "targets_p95_ms": TARGETS_MS,
    }
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-vm-{args.name}.json"

    def save() -> None:
        results["machine"]["loadavg_end"] = os.getloadavg()
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sqlite_db: Database | None = None
        for label, url in (("sqlite", None), ("postgresql", args.pg)):
            if (label == "postgresql" and url is None) or (label == "sqlite" and args.skip_sqlite):
                continue
            print(f"{label}:", flush=True)
            db, info = prepare(label, url, args, work)
            print(f"  dataset {json.dumps(info, ensure_ascii=False)}", flush=True)
            figures = measure_database(db, args.runs)
            measure_names(db, args.runs, figures)
            results[label] = {"dataset": info, "indexes": indexes(db), "figures": figures}
            if label == "sqlite":
                sqlite_db = db
            else:
                db.dispose()
            save()  # after each database: a long PostgreSQL run does not lose the SQLite one
        if sqlite_db is not None:
            print("gui:", flush=True)
            results["gui"] = gui_cold_start(
                sqlite_db.url.render_as_string(hide_password=False), args.gui_runs, work
            )
            sqlite_db.dispose()
    results["collected"] = collected()
    save()
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
