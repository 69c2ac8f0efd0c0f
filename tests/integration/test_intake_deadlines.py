"""Intake deadlines where the profile has them (Zhangdian 第十一条 and 第十九条; issue 9).

Given an installation under the Zhangdian measures, when a provider's file is received, then
the center sees its own deadline to compare, integrate and enter it (3 working days from
receipt, counted on the real calendar) — on the dashboard while the file waits, in the result
once it is loaded — and the rows the provider sent more than 7 working days after the
information formed are counted and reported, without being refused.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.db.models import IntakeBatch
from app.domain.enums import Role
from app.domain.errors import ValidationFailed
from app.rules.intake_rules import LABELS
from app.services import dashboard, intake
from app.services.dashboard import EVERYONE, WorkQueueFilter
from app.services.intake_files import write_table
from tests.integration.intake_world import HEADER
from tests.integration.intake_world import line as penalty_line
from tests.integration.query_world import TODAY, build_world


def line(doc: str, decided: str) -> list[str]:
    dates = ("decision_date", "act_ended_on", "determined_on")
    return penalty_line(doc=doc, **{LABELS[key]: decided for key in dates})


# Received on Monday 2026-10-12, after the National Day holiday (1–7 October; Saturday
# 10 October a make-up working day). Decided 2026-09-29: 7 working days end on 14 October,
# so in time although 13 calendar days passed. Decided 2026-09-18: they ended on 29 September.
FILE = write_table(
    HEADER,
    [line("市监罚〔2026〕301号", "2026-09-29"), line("市监罚〔2026〕302号", "2026-09-18")],
    fmt="xlsx",
    title="报送表",
)


@pytest.fixture
def zhangdian(db, staff):
    return build_world(db, "zhangdian")


def run(db, staff, *, commit: bool, data: bytes = FILE, **kw):
    fn = intake.commit if commit else intake.preview
    return fn(
        db,
        data,
        file_name="报送表.xlsx",
        provider_code="SCJGJ",
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
        **kw,
    )


def test_late_rows_are_counted_on_the_working_day_calendar_not_refused(
    db, staff, zhangdian
) -> None:
    summary = run(db, staff, commit=False, received_on=date(2026, 10, 12))
    assert (summary.rows_new, summary.rows_rejected, summary.rows_late) == (2, 0, 1)
    assert (
        summary.late_basis
        == "信息形成之日起7个工作日内报送（依据《张店区公共信用信息管理暂行办法》第十一条）"
    )
    committed = run(db, staff, commit=True, received_on=date(2026, 10, 12))
    assert committed.rows_late == 1
    with db.uow() as uow:
        batch = uow.session.get(IntakeBatch, committed.batch_id)
        assert batch is not None and batch.rows_late == 1
        assert batch.received_on == date(2026, 10, 12)


def test_the_centers_own_deadline_counts_from_receipt_across_the_holiday(
    db, staff, zhangdian
) -> None:
    summary = run(db, staff, commit=False, received_on=date(2026, 9, 30))
    due = summary.integrate_due
    assert due is not None and due.step == "intake.integrate" and due.basis == "第十九条"
    assert due.due == date(2026, 10, 10)  # 8th, 9th, then the make-up Saturday


def test_a_registered_file_waits_on_the_dashboard_until_it_is_loaded(db, staff, zhangdian) -> None:
    supervisor = staff[Role.SUPERVISOR]
    receipt = intake.register_receipt(
        db,
        FILE,
        file_name="报送表.xlsx",
        provider_code="SCJGJ",
        actor=supervisor,
        received_on=date(2026, 11, 24),
        today=TODAY,
    )
    assert receipt.state == "received" and receipt.next_due_on == date(2026, 11, 27)
    # registering the same file again returns the same receipt
    again = intake.register_receipt(
        db, FILE, file_name="副本.xlsx", provider_code="SCJGJ", actor=supervisor, today=TODAY
    )
    assert again.id == receipt.id
    queue = dashboard.list_work_queue(
        db, actor=supervisor, flt=WorkQueueFilter(assignee=EVERYONE), today=TODAY
    )
    item = next(i for i in queue.rows if i.case_no == f"归集批次 {receipt.id}")
    assert (item.next_step, item.due_on, item.working_days_left) == (
        "intake.integrate",
        date(2026, 11, 27),
        2,
    )
    assert item.state_label == "已收件待入库"
    # loading the same file completes that very batch, from its receipt date
    committed = run(db, staff, commit=True)
    assert committed.batch_id == receipt.id and committed.received_on == date(2026, 11, 24)
    queue = dashboard.list_work_queue(
        db, actor=supervisor, flt=WorkQueueFilter(assignee=EVERYONE), today=TODAY
    )
    assert all(i.case_no != f"归集批次 {receipt.id}" for i in queue.rows)
    with db.uow() as uow:
        batch = uow.session.get(IntakeBatch, receipt.id)
        assert batch is not None and (batch.state, batch.next_due_on) == ("committed", None)


def test_the_dashboard_warns_about_providers_that_report_late(db, staff, zhangdian) -> None:
    run(db, staff, commit=True, received_on=date(2026, 11, 20))  # both rows late by then
    summary = dashboard.dashboard_summary(db, actor=staff[Role.SUPERVISOR], today=TODAY)
    assert summary.intake_late_warning is not None
    assert "近30日提供单位逾期报送 2 条" in summary.intake_late_warning
    assert "第十一条" in summary.intake_late_warning
    # a clerk does not take in data: no such line for her
    clerk = dashboard.dashboard_summary(db, actor=staff[Role.CLERK], today=TODAY)
    assert clerk.intake_late_warning is None


def test_without_such_articles_there_is_no_deadline_and_nothing_is_late(db, staff) -> None:
    build_world(db, "weihai")
    summary = run(db, staff, commit=True, received_on=date(2026, 10, 12))
    assert summary.integrate_due is None and summary.rows_late == 0
    assert (
        dashboard.dashboard_summary(
            db, actor=staff[Role.SUPERVISOR], today=TODAY
        ).intake_late_warning
        is None
    )


def test_a_receipt_date_in_the_future_is_refused(db, staff, zhangdian) -> None:
    with pytest.raises(ValidationFailed) as refused:
        run(db, staff, commit=False, received_on=date(2026, 11, 26))
    assert refused.value.text == "收件日期 2026-11-26 晚于今天（2026-11-25）。"
    with db.uow() as uow:
        assert uow.session.scalar(select(IntakeBatch)) is None


def test_the_cli_registers_a_receipt_and_reports_the_deadlines(
    db_url, staff, zhangdian, tmp_path, capsys
) -> None:
    from app.cli import main

    path = tmp_path / "报送表.xlsx"
    path.write_bytes(FILE)
    base = ["import", str(path), "--provider", "SCJGJ", "--user", "supervisor", "--db", db_url]
    base += ["--today", TODAY.isoformat(), "--json"]
    assert main([*base, "--register", "--received-on", "2026-11-24"]) == 0
    receipt = json.loads(capsys.readouterr().out)
    assert (receipt["state"], receipt["due_on"]) == ("received", "2026-11-27")
    assert main(base) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert loaded["batch_id"] == receipt["batch_id"]
    assert (loaded["received_on"], loaded["integrate_due"], loaded["rows_late"]) == (
        "2026-11-24",
        "2026-11-27",
        2,
    )
    # a date that is not one is named
    assert main([*base, "--received-on", "2026-13-01"]) != 0
    assert "收件日期（--received-on）" in capsys.readouterr().err
