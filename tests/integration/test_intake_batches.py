"""Provider batches end to end, on SQLite and PostgreSQL (issue 9).

Given the market regulator (SCJGJ) supplying CF001 penalties under the Weihai profile, when a
file is previewed and committed, then what conforms is loaded in one transaction, what does not
is returned with reasons, and the intake log records the batch.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import CreditRecord, CreditRecordVersion, IntakeBatch, IntakeLogEntry, Subject
from app.domain.enums import ChangeKind, Role, SubjectKind
from app.domain.errors import PermissionDenied
from app.rules.intake_rules import LABELS
from app.services import intake, intake_pipeline
from app.services.cancel import CancelToken, OperationCancelled
from app.services.intake_files import RowReader, write_table
from app.services.log_verify import verify_logs
from tests.integration.intake_world import HEADER, NEW_COMPANY, line
from tests.integration.query_world import TODAY, build_world


def file_of(rows: list[list[str]], fmt: str = "xlsx") -> bytes:
    return write_table(HEADER, rows, fmt=fmt, title="市场监督管理局行政处罚信息报送表")  # type: ignore[arg-type]


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


def count(db, model) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def run(db, staff, data: bytes, *, commit: bool, name: str = "处罚.xlsx", **kw):
    fn = intake.commit if commit else intake.preview
    return fn(
        db,
        data,
        file_name=name,
        provider_code="SCJGJ",
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
        **kw,
    )


def test_a_dry_run_counts_and_writes_nothing(db, staff, world) -> None:
    data = file_of([line(), line(doc="市监罚〔2026〕102号"), line(code="91370100MA3C00001X")])
    summary = run(db, staff, data, commit=False)
    assert (summary.rows_total, summary.rows_new, summary.rows_rejected) == (3, 2, 1)
    assert summary.subjects_new == 1 and not summary.committed
    assert summary.rejected[0].line == 5  # title row, header, two good rows, then this one
    assert "校验码" in summary.rejected[0].reason
    assert count(db, IntakeBatch) == 0 and count(db, IntakeLogEntry) == 0


def test_commit_loads_what_conforms_and_returns_the_rest_with_reasons(db, staff, world) -> None:
    before = count(db, CreditRecord)
    data = file_of(
        [
            line(),
            line(doc="", **{"违法事实": "x"}),
            line(**{LABELS["procedure"]: "简易程序"}, doc="市监罚〔2026〕103号"),
        ]
    )
    summary = run(db, staff, data, commit=True)
    assert (summary.rows_new, summary.rows_rejected) == (1, 2)
    assert count(db, CreditRecord) == before + 1
    with db.uow() as uow:
        subject = uow.session.scalar(select(Subject).where(Subject.code == NEW_COMPANY))
        assert subject is not None and subject.name == "济南新公司有限公司"
        record = uow.session.scalar(
            select(CreditRecord).where(CreditRecord.subject_id == subject.id)
        )
        assert record is not None and record.source_submission["content"]["result"] == "罚款"
        batch = uow.session.get(IntakeBatch, summary.batch_id)
        assert batch is not None and (batch.state, batch.rows_new, batch.rows_rejected) == (
            "returned",  # open work on the dashboard until the provider resubmits
            1,
            2,
        )
    # the return file: the provider's columns, the reason, readable back
    returned = summary.returns("xlsx")
    with RowReader(returned, file_name="退回.xlsx", expected_labels=HEADER) as reader:
        rows = list(reader)
    assert len(rows) == 2
    assert "决定文书号不能为空" in rows[0].values[intake.REASON_LABEL]
    assert "简易程序" in rows[1].values[intake.REASON_LABEL]
    # the intake log is chained and verifies
    report = verify_logs(db, actor=staff[Role.AUDITOR])
    assert report.ok and any(c.entries_checked == 1 for c in report.chains if "归集" in c.label)


def test_a_reimport_updates_as_a_new_version_rather_than_doubling(db, staff, world) -> None:
    run(db, staff, file_of([line()]), commit=True)
    records = count(db, CreditRecord)
    again = run(
        db,
        staff,
        file_of([line(**{"处罚结果": "罚款五千元"})], fmt="csv"),
        commit=True,
        name="b.csv",
    )
    assert (again.rows_new, again.rows_updated) == (0, 1)
    assert count(db, CreditRecord) == records
    same = run(db, staff, file_of([line(**{"处罚结果": "罚款五千元"})]), commit=True)
    assert (same.rows_new, same.rows_updated, same.rows_unchanged) == (0, 0, 1)
    with db.uow() as uow:
        kinds = uow.session.scalars(
            select(CreditRecordVersion.change_kind)
            .join(CreditRecord, CreditRecordVersion.record_id == CreditRecord.id)
            .where(CreditRecord.document_number == "市监罚〔2026〕101号")
            .order_by(CreditRecordVersion.version_no)
        ).all()
    assert kinds == [ChangeKind.INTAKE, ChangeKind.INTAKE_UPDATE]


def test_a_cancelled_batch_leaves_nothing_behind(db, staff, world) -> None:
    rows = [line(doc=f"市监罚〔2026〕{i}号") for i in range(1, 4500)]
    token = CancelToken()
    seen: list[int] = []

    def progress(n: int, _bytes: int) -> None:
        seen.append(n)
        if n >= 4000:
            token.cancel()

    before = (count(db, CreditRecord), count(db, Subject), count(db, IntakeBatch))
    with pytest.raises(OperationCancelled):
        run(
            db,
            staff,
            file_of(rows, fmt="csv"),
            commit=True,
            name="big.csv",
            progress=progress,
            cancel=token,
        )
    assert seen and (count(db, CreditRecord), count(db, Subject), count(db, IntakeBatch)) == before


def test_gbk_csv_from_excel_on_chinese_windows_is_read(db, staff, world) -> None:
    text = ",".join(HEADER) + "\r\n" + ",".join(line()) + "\r\n"
    summary = run(db, staff, text.encode("gb18030"), commit=False, name="gbk.csv")
    assert (summary.rows_total, summary.rows_new) == (1, 1)


def test_only_supervisors_and_administrators_import(db, staff, world) -> None:
    with pytest.raises(PermissionDenied):
        intake.preview(
            db,
            file_of([line()]),
            file_name="x.xlsx",
            provider_code="SCJGJ",
            actor=staff[Role.CLERK],
            today=TODAY,
        )


def test_an_unknown_provider_and_an_id_number_excel_cut_are_named(db, staff, world) -> None:
    from openpyxl import Workbook

    from app.domain.errors import NotFound

    with pytest.raises(NotFound, match="没有代码为“XXJ”"):
        intake.preview(
            db,
            file_of([line()]),
            file_name="x.xlsx",
            provider_code="XXJ",
            actor=staff[Role.SUPERVISOR],
            today=TODAY,
        )
    # an ID number typed into Excel as a number keeps only 15 significant digits
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    values = line(code="370102198001011237")
    values[HEADER.index(LABELS["subject_code"])] = 370102198001011237  # type: ignore[call-overload]
    sheet.append(values)
    import io as _io

    out = _io.BytesIO()
    book.save(out)
    summary = run(db, staff, out.getvalue(), commit=False)
    assert summary.rows_rejected == 1 and "15位有效数字" in summary.rejected[0].reason


def test_the_template_round_trips_through_the_loader(db, staff, world) -> None:
    name, data = intake.template(db, "CF001", fmt="xlsx", actor=staff[Role.SUPERVISOR])
    assert name.startswith("CF001-") and name.endswith(".xlsx")
    with RowReader(data, file_name=name, expected_labels=HEADER) as reader:
        assert set(HEADER) <= set(reader.header)
        assert LABELS["notice_date"] not in reader.header  # Weihai needs no prior notice
    summary = run(db, staff, data, commit=False, name=name)
    assert summary.rows_total == 1 and summary.rows_rejected == 1  # the example row is empty


def test_a_returned_batch_is_open_work_until_resolved(db, staff, world) -> None:
    from app.services import dashboard
    from app.services.dashboard import EVERYONE, WorkQueueFilter

    summary = run(db, staff, file_of([line(), line(doc="")]), commit=True)
    supervisor = staff[Role.SUPERVISOR]
    queue = dashboard.list_work_queue(
        db, actor=supervisor, flt=WorkQueueFilter(assignee=EVERYONE), today=TODAY
    )
    assert any(i.id == summary.batch_id and i.kind.value == "intake" for i in queue.rows)
    intake.resolve_return(db, summary.batch_id, note="已于第48周重新报送", actor=supervisor)
    queue = dashboard.list_work_queue(
        db, actor=supervisor, flt=WorkQueueFilter(assignee=EVERYONE), today=TODAY
    )
    assert not any(i.kind.value == "intake" for i in queue.rows)


def test_a_new_subject_across_chunks_is_counted_once_in_a_dry_run(db, staff, world) -> None:
    rows = [line(doc=f"市监罚〔2026〕{i}号") for i in range(1, intake_pipeline.CHUNK * 2 + 10)]
    summary = run(db, staff, file_of(rows, fmt="csv"), commit=False, name="big.csv")
    assert (summary.rows_new, summary.subjects_new) == (len(rows), 1)


def test_a_file_changed_since_the_dry_run_is_refused(db, staff, world) -> None:
    from app.domain.errors import CreditDeskError

    checked = run(db, staff, file_of([line()]), commit=False)
    with pytest.raises(CreditDeskError, match="在预检后已被修改"):
        run(
            db,
            staff,
            file_of([line(), line(doc="市监罚〔2026〕109号")]),
            commit=True,
            expected_sha256=checked.sha256,
        )
    assert count(db, IntakeBatch) == 0


def test_a_process_killed_mid_batch_leaves_nothing_behind(db, staff, world, tmp_path) -> None:
    import subprocess
    import sys
    import textwrap

    source = tmp_path / "big.csv"
    source.write_bytes(
        file_of([line(doc=f"市监罚〔2026〕{i}号") for i in range(1, 6000)], fmt="csv")
    )
    before = (count(db, CreditRecord), count(db, Subject), count(db, IntakeBatch))
    script = textwrap.dedent(
        f"""
        import os, signal
        from datetime import date
        from pathlib import Path
        from app.domain.enums import Role
        from app.domain.permissions import Actor
        from app.services import intake
        from app.services.database import Database

        def progress(rows, _bytes):
            if rows >= 4000:
                os.kill(os.getpid(), signal.SIGKILL)  # power cut, mid-batch

        intake.commit(
            Database({db.url.render_as_string(hide_password=False)!r}),
            Path({str(source)!r}), file_name="big.csv", provider_code="SCJGJ",
            actor=Actor(None, "op", Role.SUPERVISOR), today=date(2026, 11, 25),
            progress=progress,
        )
        """
    )
    db.dispose()  # let the child have the file (SQLite) to itself
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    assert (count(db, CreditRecord), count(db, Subject), count(db, IntakeBatch)) == before


def test_under_xiamen_the_pre_report_notice_is_required_and_kept_with_the_record(db, staff) -> None:
    # Given Xiamen (第十三条: dishonest information is reported after notifying the subject)
    build_world(db, "xiamen")
    header = [*HEADER, LABELS["notice_date"], LABELS["notice_method"]]
    rows = [
        [*line(), "2026-08-20", "书面送达"],
        [*line(doc="市监罚〔2026〕102号"), "", ""],
    ]
    data = write_table(header, rows, fmt="xlsx", title="报送表")
    summary = run(db, staff, data, commit=True)
    # Then the row without the notice goes back, naming both columns
    assert (summary.rows_new, summary.rows_rejected) == (1, 1)
    reason = summary.rejected[0].reason
    assert LABELS["notice_date"] in reason and LABELS["notice_method"] in reason
    # and the notice stays with the loaded record, shown under its own labels
    from app.services.record_view import _fields, load_records

    with db.uow() as uow:
        record = uow.session.scalar(
            select(CreditRecord).where(CreditRecord.document_number == "市监罚〔2026〕101号")
        )
        assert record is not None
        assert record.content["pre_notice_date"] == "2026-08-20"
        assert record.content["pre_notice_method"] == "书面送达"
        loaded = load_records(uow.session, {record.subject_id: SubjectKind.LEGAL_PERSON})
        [mine] = [r for r in loaded[record.subject_id] if r.record_id == record.id]
    shown = {label: value for _key, label, value in _fields(mine)}
    assert shown["事先告知日期"] == "2026-08-20" and shown["告知方式"] == "书面送达"
