"""Stories: clerks and supervisors handle credit repair (信用修复) through its screens (issue 7).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), a synchronous
task runner, the repair world of the service tests (the company's public penalty CF001,
decided 2 March 2026, general). Today is 2026-11-25 (the ``clock``) unless a story moves it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from gui_helpers import boxes, last_box, type_into
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.domain.caseflow import DueLight, RepairEvent, RepairState
from app.domain.enums import DocumentType, IdDocType, Role
from app.rules.repair_flow import ConditionStatus, Material
from app.services import repairs as rp
from app.services.attachments import Upload
from tests.integration.query_world import COMPANY, PDF, PNG, THIRD
from tests.integration.test_repair_flows import (
    all_materials,
    apply,
    manual_keys,
    second_supervisor,
    world_for,
)
from ui.cases import common as case_common
from ui.documents.pdf_preview import PdfPreviewDialog
from ui.models.paged_table_model import USER_VALUE_ROLE
from ui.repairs.action_dialogs import (
    AcceptDialog,
    ApproveDialog,
    DeclineDialog,
    PrereviewDialog,
    PublicityObjectionDialog,
    RejectDialog,
    ResolveObjectionDialog,
    SupplementDialog,
)
from ui.repairs.columns import DUE_COLUMN
from ui.repairs.intake_dialog import APPLICANT, CONFIRM, MATERIALS, SUBJECT, RepairIntakeDialog
from ui.repairs.repairs_view import RepairsView

TODAY = date(2026, 11, 25)
RECORD = "c_dishonest_public"


@pytest.fixture
def world(db, staff):
    return world_for(db, staff, "weihai")


@pytest.fixture
def clerk(staff):
    return staff[Role.CLERK]


@pytest.fixture
def supervisor(staff):
    return staff[Role.SUPERVISOR]


def make_view(make_ctx, actor) -> RepairsView:
    widget = RepairsView(make_ctx(actor))
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def view(make_ctx, clerk, world) -> RepairsView:
    return make_view(make_ctx, clerk)


@pytest.fixture
def scans(tmp_path: Path) -> dict[str, Path]:
    files = {
        "mandate": tmp_path / "授权委托书.pdf",
        "evidence": tmp_path / "罚款缴纳凭证.png",
        "commitment": tmp_path / "信用承诺书.pdf",
    }
    files["mandate"].write_bytes(PDF)
    files["evidence"].write_bytes(PNG)
    files["commitment"].write_bytes(PDF)
    return files


def _row_of(dialog: RepairIntakeDialog, world, label: str) -> int:
    records = dialog.subject_step.table.records
    return next(i for i, r in enumerate(records) if r.id == world.records[label])


def _visible_actions(view: RepairsView) -> list[RepairEvent]:
    return [e for e, b in view.case_view.action_buttons.items() if b.isVisible()]


def _pdf_text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _intake(view: RepairsView, world, scans, *, commitment: bool = True) -> RepairIntakeDialog:
    """Steps ① to ④ for the company's penalty, ending on the confirmation page."""
    view.list_view.new_button.click()
    dialog = view.intake
    assert dialog is not None and dialog.isVisible() and dialog.step == SUBJECT

    type_into(dialog.subject_step.code, COMPANY.lower())
    QTest.keyClick(dialog.subject_step.code, Qt.Key.Key_Return)  # Enter looks the code up
    assert dialog.found is not None and dialog.subject_step.code.text() == COMPANY
    assert "济南某某科技有限公司" in dialog.subject_step.subject_label.text()
    table = dialog.subject_step.table
    row = _row_of(dialog, world, RECORD)
    table.setCurrentCell(row, 0)
    QTest.keyClick(table, Qt.Key.Key_Space)  # Space ticks the current record
    assert table.checked_ids() == (world.records[RECORD],)
    # Weihai: the application is lodged with the center only (第三十二条)
    step = dialog.subject_step
    assert step.lodged is rp.Lodged.CENTER
    assert not step.lodged_buttons[rp.Lodged.PROVIDER].isVisible()
    assert "依据《" in step.lodged_basis.text()
    QTest.keyClick(table, Qt.Key.Key_Return)  # Enter is the default button: 下一步
    assert dialog.step == APPLICANT

    page = dialog.applicant_step
    assert page.name.text() == "济南某某科技有限公司"  # prefilled with the subject
    assert page.doc_type.currentData() == IdDocType.USCC.value
    type_into(page.agent_name, "刘经办")
    type_into(page.agent_number, THIRD)
    assert "校验通过" in page.agent_check.text()
    assert page.mandate.attach(scans["mandate"])
    type_into(page.phone, "0631-5200000")
    page.document_seen.setChecked(True)
    dialog.next_button.click()

    assert dialog.step == MATERIALS
    materials = dialog.materials_step
    # 令第36号 in force: proof of correction and the signed 信用承诺书; the 委托书 from step ②
    assert materials.required == (Material.EVIDENCE, Material.COMMITMENT, Material.MANDATE)
    assert "授权委托书.pdf" in materials.mandate_note.text()
    assert not materials.pickers[Material.UNDERTAKING].isVisibleTo(dialog)
    materials.corrected_on.setDate(materials.corrected_on.date().addMonths(-7).addDays(7))
    assert materials.corrected_on.date().toString("yyyy-MM-dd") == "2026-05-02"
    assert materials.pickers[Material.EVIDENCE].attach(scans["evidence"])
    if commitment:
        assert materials.pickers[Material.COMMITMENT].attach(scans["commitment"])
    materials.statement.setPlainText("罚款已于 2026 年 5 月缴清，已完成整改。")
    dialog.next_button.click()

    assert dialog.step == CONFIRM
    summary = dialog.confirm_step.summary.text()
    assert "文书〔2026〕4号" in summary and "刘经办" in summary and "2026-05-02" in summary
    assert "主动纠正" in summary  # the profile's conditions, to be checked
    assert dialog.next_button.text() == "受理申请"
    return dialog


# --- the whole path, Weihai ------------------------------------------------------------------


def test_a_clerk_takes_in_an_application_and_pre_reviews_it_for_a_supervisor(
    view, db, clerk, world, scans
) -> None:
    # Given an applicant at the window with the proof of payment and the signed 信用承诺书
    dialog = _intake(view, world, scans)
    assert "尚缺材料" not in dialog.confirm_step.summary.text()

    # When the clerk confirms (Enter: the default button)
    QTest.keyClick(dialog, Qt.Key.Key_Return)

    # Then the case is registered and shown, with its conditions checklist
    assert not dialog.isVisible()
    assert view.showing_case()
    cv = view.case_view
    case = cv.case
    assert case is not None and case.state is RepairState.REGISTERED
    assert cv.title.text() == f"信用修复案件 {case.case_no}"
    assert cv.state_badge.text() == "已登记"
    assert cv.fields["subject"].text() == f"济南某某科技有限公司（{case.subject_display_code}）"
    assert cv.fields["lodged"].text() == "信用中心"
    assert cv.fields["corrected"].text() == "2026-05-02"
    assert not cv.missing_box.isVisible()
    assert _visible_actions(view) == [RepairEvent.ACCEPT, RepairEvent.DECLINE]
    statuses = [
        cv.conditions_table.item(r, 1).data(Qt.ItemDataRole.UserRole)
        for r in range(cv.conditions_table.rowCount())
    ]
    assert statuses.count(ConditionStatus.MANUAL.value) == 2  # 第三十二条, confirmed by hand
    assert ConditionStatus.NOT_MET.value not in statuses
    assert "待人工确认 2 项" in cv.conditions_summary.text()
    assert "已提交材料" in cv.materials_label.text()
    assert "罚款已于" in cv.statement_label.text()
    assert [kind for _info, kind in case.attachments] == [
        Material.MANDATE,
        Material.EVIDENCE,
        Material.COMMITMENT,
    ]
    assert [r.case_no for r in view.list_view.rows()] == [case.case_no]  # the CASES event

    # When the clerk accepts it
    cv.action_buttons[RepairEvent.ACCEPT].click()
    accept = cv.dialog
    assert isinstance(accept, AcceptDialog)
    accept.ok_button.click()
    assert cv.case.state is RepairState.ACCEPTED
    assert _visible_actions(view) == [RepairEvent.PREREVIEW]  # Weihai: no provider step

    # And agrees at pre-review without ticking the conditions: refused next to them
    cv.action_buttons[RepairEvent.PREREVIEW].click()
    review = cv.dialog
    assert isinstance(review, PrereviewDialog)
    assert len(review.confirm_checks) == 2
    review.opinion.setPlainText("材料齐全，符合修复条件。")
    review.ok_button.click()
    assert review.isVisible()
    assert "逐项确认" in review.errors.text("confirmed")
    assert cv.case.state is RepairState.ACCEPTED

    # When every condition to confirm by hand is ticked
    for check in review.confirm_checks.values():
        check.setChecked(True)
    review.ok_button.click()

    # Then the case waits for a supervisor, and the clerk sees no approval button
    assert not review.isVisible()
    case = cv.case
    assert case.state is RepairState.PREREVIEWED
    assert cv.state_badge.text() == "待主管审批"
    assert _visible_actions(view) == []
    assert "等待审核主管审批" in cv.no_actions.text()
    assert "审核主管" in cv.fields["assignee"].text()
    assert cv.fields["reviewers"].text().startswith("王窗口")
    assert "待人工确认" not in cv.conditions_summary.text().split("　")[0]
    statuses = {c.status for c in case.conditions}
    assert statuses == {ConditionStatus.MET}
    assert "初审" in cv.timeline.texts()[-2] and "王窗口" in cv.timeline.texts()[-2]
    assert "主管审批" in cv.timeline.texts()[-1]  # the step still to do
    assert cv.decisions_table.item(0, 1).text() == "同意修复"


def test_a_different_supervisor_approves_and_the_decision_letter_is_previewed(
    make_ctx, db, clerk, supervisor, world
) -> None:
    # Given an application the clerk took in and pre-reviewed
    case = apply(db, world, clerk)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="材料齐全，符合条件",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case

    # When a supervisor finds it in the supervisors' queue and opens it
    view = make_view(make_ctx, supervisor)
    lv = view.list_view
    lv.awaiting.setChecked(True)
    assert [r.case_no for r in lv.rows()] == [case.case_no]
    assert not lv.state_combo.isEnabled()
    lv.table.setFocus()
    lv.table.selectRow(0)
    QTest.keyClick(lv.table, Qt.Key.Key_Return)
    cv = view.case_view
    assert view.showing_case() and cv.case.case_no == case.case_no
    assert _visible_actions(view) == [RepairEvent.APPROVE, RepairEvent.REJECT]
    assert "Alt+A" in cv.action_buttons[RepairEvent.APPROVE].toolTip()

    # And approves it
    cv.action_buttons[RepairEvent.APPROVE].click()
    approve = cv.dialog
    assert isinstance(approve, ApproveDialog)
    assert "立即生效" in approve.intro.text() and "王窗口" in approve.intro.text()
    assert not approve.publicity_start.isVisibleTo(approve)  # Weihai has no public notice
    approve.opinion.setPlainText("同意修复。")
    QTest.keyClick(approve, Qt.Key.Key_Return)

    # Then the repair takes effect and the decision letter opens in the preview
    assert not approve.isVisible()
    done = cv.case
    assert done.state is RepairState.REPAIRED and done.decided_by == "李主管"
    assert cv.state_badge.text() == "已生效"
    assert isinstance(cv.preview, PdfPreviewDialog) and cv.preview.isVisible()
    assert cv.preview.file_name.startswith("信用修复决定书-")
    text = _pdf_text(cv.preview.pdf_bytes)
    assert "信用修复决定书" in text and done.case_no in text
    assert "已出具信用修复决定书" in cv.status.text()
    assert [d[1] for d in done.documents] == [DocumentType.REPAIR_DECISION]
    assert cv.documents_table.rowCount() == 1
    assert f"{TODAY.isoformat()} 生效" == cv.fields["result"].text()
    assert _visible_actions(view) == [RepairEvent.REVOKE]
    # the queue behind was told: nothing awaits a decision any more
    assert lv.rows() == []


def test_the_supervisor_who_took_in_an_application_sees_no_approval(
    make_ctx, db, supervisor, world
) -> None:
    # Given a supervisor who took in and pre-reviewed an application at the window
    case = apply(db, world, supervisor)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    ).case

    # When the same supervisor opens it
    view = make_view(make_ctx, supervisor)
    view.open_case(case.case_no)
    cv = view.case_view

    # Then neither 准予修复 nor 不予修复 is offered, and the four-eyes rule is said
    assert cv.case.state is RepairState.PREREVIEWED
    assert not cv.action_buttons[RepairEvent.APPROVE].isVisible()
    assert _visible_actions(view) == []
    assert "四眼原则" in cv.no_actions.text()

    # And another supervisor can approve it
    other = make_view(make_ctx, second_supervisor(db))
    other.open_case(case.case_no)
    assert _visible_actions(other) == [RepairEvent.APPROVE, RepairEvent.REJECT]


def test_a_four_eyes_refusal_from_a_stale_view_is_shown_and_the_case_reloaded(
    make_ctx, db, clerk, supervisor, world
) -> None:
    # Given a supervisor with an application open that the clerk took in
    case = apply(db, world, clerk)
    view = make_view(make_ctx, supervisor)
    view.open_case(case.case_no)
    cv = view.case_view
    cv.action_buttons[RepairEvent.DECLINE].click()
    decline = cv.dialog
    assert isinstance(decline, DeclineDialog)

    # When the clerk accepts it meanwhile and the supervisor declines on the old page
    rp.accept(db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY)
    decline.reasons.setPlainText("材料不全")
    decline.ok_button.click()

    # Then the supervisor is told who did what, and sees the case as it is now
    assert not decline.isVisible()
    box = last_box()
    assert box.windowTitle() == "案件已被他人处理"
    assert "王窗口" in box.text()
    assert cv.case.state is RepairState.ACCEPTED
    assert not cv.action_buttons[RepairEvent.DECLINE].isVisible()


# --- materials listed once ---------------------------------------------------------------------


def test_missing_materials_are_listed_once_and_a_supplement_completes_them(
    view, db, clerk, world, scans
) -> None:
    # Given an applicant who brought only the proof of payment
    dialog = _intake(view, world, scans, commitment=False)
    summary = dialog.confirm_step.summary.text()
    assert "尚缺材料" in summary and "信用承诺书" in summary

    # When the clerk registers the application anyway
    dialog.next_button.click()

    # Then the case waits for the material, listed once, in a notice and on the case
    cv = view.case_view
    case = cv.case
    assert case.state is RepairState.SUPPLEMENT_REQUESTED
    assert case.missing_materials == (Material.COMMITMENT,)
    notice = last_box()
    assert notice.windowTitle() == "一次性告知补正材料"
    assert "待补正" in notice.text() and "信用承诺书" in notice.informativeText()
    notice.close()
    assert cv.missing_box.isVisible()
    assert "一次性告知" in cv.missing_label.text() and "信用承诺书" in cv.missing_label.text()
    assert cv.blank_button.isVisible()  # the form can be printed for the applicant
    assert _visible_actions(view) == [RepairEvent.SUPPLEMENT, RepairEvent.DECLINE]
    assert cv.state_badge.text() == "待补正"

    # When the applicant brings it and the clerk registers the supplement
    cv.action_buttons[RepairEvent.SUPPLEMENT].click()
    supplement = cv.dialog
    assert isinstance(supplement, SupplementDialog)
    assert list(supplement.pickers) == [Material.COMMITMENT]
    supplement.ok_button.click()  # nothing picked: refused, the dialog stays
    assert supplement.isVisible() and "尚缺" in supplement.errors.text("materials")
    assert supplement.pickers[Material.COMMITMENT].attach(scans["commitment"])
    supplement.ok_button.click()

    # Then the case is complete and goes on to acceptance
    assert not supplement.isVisible()
    assert cv.case.state is RepairState.REGISTERED and cv.case.missing_materials == ()
    assert not cv.missing_box.isVisible()
    assert _visible_actions(view) == [RepairEvent.ACCEPT, RepairEvent.DECLINE]
    assert cv.attachments_table.rowCount() == 3


def test_the_blank_commitment_form_prints_from_the_list(view) -> None:
    view.list_view.blank_button.click()
    assert isinstance(view.preview, PdfPreviewDialog)
    assert view.preview.file_name == "信用承诺书（空白）.pdf"
    assert "信用承诺书" in _pdf_text(view.preview.pdf_bytes)


# --- refusals and field errors at intake -------------------------------------------------------


def test_a_record_that_cannot_be_repaired_shows_why_and_cannot_be_ticked(view, world) -> None:
    view.list_view.new_button.click()
    dialog = view.intake
    type_into(dialog.subject_step.code, COMPANY)
    dialog.next_button.click()
    table = dialog.subject_step.table
    row = _row_of(dialog, world, "c_licence_public")  # a licence: not dishonest information
    reason = table.item(row, 6).text()
    assert "不是失信信息" in reason
    assert table.item(row, 0).toolTip() == reason
    assert not table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEnabled
    table.set_checked(row, True)
    assert table.checked_ids() == ()
    repaired = _row_of(dialog, world, "c_hidden_repaired")
    assert "已经修复" in table.item(repaired, 6).text()
    ok = _row_of(dialog, world, RECORD)
    assert table.item(ok, 6).text() == "可以申请"
    dialog.next_button.click()  # nothing ticked: stays, says so at the table
    assert dialog.step == SUBJECT
    assert "至少勾选" in dialog.subject_step.errors.text("records")


def test_a_wrong_correction_date_is_said_next_to_the_field(view, db, clerk, world, scans) -> None:
    dialog = _intake(view, world, scans)
    dialog.go_to(MATERIALS)
    dialog.materials_step.corrected_on.setDate(
        dialog.materials_step.corrected_on.date().addMonths(-5)
    )  # 2025-12-02, before the penalty of 2026-03-02
    dialog.go_to(CONFIRM)
    dialog.next_button.click()
    assert dialog.isVisible() and dialog.step == MATERIALS
    assert "早于" in dialog.materials_step.errors.text("corrected_on")
    assert "标红" in dialog.status.text()
    assert rp.list_repairs(db, actor=clerk, today=TODAY)[1] == 0


def test_an_unknown_code_is_said_next_to_the_code(view) -> None:
    view.list_view.new_button.click()
    dialog = view.intake
    type_into(dialog.subject_step.code, "91350200MA2XXXXX0X")
    dialog.next_button.click()
    assert dialog.found is None
    assert dialog.subject_step.errors.text("subject")


# --- the list ----------------------------------------------------------------------------------


def test_the_list_filters_and_opens_with_enter(view, db, clerk, supervisor, world) -> None:
    registered = apply(db, world, clerk)
    refused = apply(
        db,
        world,
        clerk,
        record_ids=(world.records["c_dishonest_authorized"],),
        materials={Material.EVIDENCE: Upload(PDF, "a.pdf")},
    )
    refused = rp.decline(
        db,
        refused.case_no,
        reasons="非本人申请",
        expected_version=refused.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    lv = view.list_view
    lv.refresh()
    assert [r.case_no for r in lv.rows()] == [registered.case_no]  # open only
    lv.open_only.setChecked(False)
    assert [r.case_no for r in lv.rows()] == [registered.case_no, refused.case_no]
    lv.set_state_filter(RepairState.DECLINED.value)
    assert [r.case_no for r in lv.rows()] == [refused.case_no]
    assert not lv.open_only.isEnabled()
    lv.set_state_filter("all")
    model = lv.model
    columns = [c.key for c in model.columns]
    assert model.index(0, columns.index("state")).data() == "已登记"
    assert model.index(0, columns.index("next_step")).data() == "受理审查"
    assert model.index(0, columns.index("assignee")).data() == "王窗口"
    assert model.index(0, DUE_COLUMN).data() == "无期限"
    assert model.index(0, DUE_COLUMN).data(USER_VALUE_ROLE) == DueLight.NONE
    type_into(lv.search_edit, refused.case_no)
    QTest.keyClick(lv.search_edit, Qt.Key.Key_Return)
    assert [r.case_no for r in lv.rows()] == [refused.case_no]
    assert "共 1 件" in lv.footer.text()
    lv.table.setFocus()
    lv.table.selectRow(0)
    QTest.keyClick(lv.table, Qt.Key.Key_Return)
    assert view.showing_case() and view.case_view.case.case_no == refused.case_no
    assert view.case_view.no_actions.text() == "本案不予受理。"
    view.case_view.back_button.click()
    assert not view.showing_case()


def test_open_case_by_number_and_an_attachment_opens_from_a_temporary_copy(
    view, db, clerk, world, monkeypatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(case_common, "open_local_file", lambda p: opened.append(p) or True)
    case = apply(db, world, clerk)
    view.open_case(case.case_no)
    cv = view.case_view
    assert view.showing_case()
    assert cv.attachments_table.rowCount() == 3
    assert cv.attachments_table.item(0, 0).text() == "授权委托书"
    cv.attachments_table.selectRow(1)
    cv.open_attachment_button.click()
    assert len(opened) == 1 and opened[0].read_bytes() == PDF
    assert opened[0].name.endswith("材料.pdf")


def test_an_unknown_case_number_is_said_and_the_list_stays(view) -> None:
    view.open_case("XF000")
    box = last_box()
    assert box.windowTitle() == "找不到信用修复案件"
    assert not view.showing_case()


# --- Nantong: the public notice ------------------------------------------------------------------


def test_nantong_approval_starts_the_notice_and_an_objection_is_resolved(
    make_ctx, db, staff, clock
) -> None:
    from tests.integration.test_repair_flows import _nantong_to_approval

    world = world_for(db, staff, "nantong")
    clerk, supervisor = staff[Role.CLERK], staff[Role.SUPERVISOR]
    published = _nantong_to_approval(db, world, staff)
    # the service test approves with the notice; here we look at it on 4 November
    clock.now = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
    view = make_view(make_ctx, clerk)
    view.open_case(published.case_no)
    cv = view.case_view
    assert cv.case.state is RepairState.PUBLICIZED
    assert "2026-11-09（剩 3 个工作日）" in cv.fields["due"].text()
    assert "第三十五条" in cv.fields["basis"].text()
    assert cv.fields["publicity"].text() == "2026-11-02"
    assert _visible_actions(view) == [RepairEvent.PUBLICITY_OBJECTION]

    # When someone objects during the notice
    cv.action_buttons[RepairEvent.PUBLICITY_OBJECTION].click()
    objection = cv.dialog
    assert isinstance(objection, PublicityObjectionDialog)
    type_into(objection.objector, "某投诉人")
    objection.statement.setPlainText("该企业仍在违规经营")
    objection.ok_button.click()
    assert cv.case.open_objections == 1

    # Then a supervisor records the verification
    boss = make_view(make_ctx, supervisor)
    boss.open_case(published.case_no)
    assert RepairEvent.RESOLVE_OBJECTION in _visible_actions(boss)
    boss.case_view.action_buttons[RepairEvent.RESOLVE_OBJECTION].click()
    resolve = boss.case_view.dialog
    assert isinstance(resolve, ResolveObjectionDialog)
    assert "违规经营" in resolve.intro.text()
    resolve.finding.setPlainText("经核实，投诉不属实")
    resolve.ok_button.click()
    assert boss.case_view.case.open_objections == 0
    kinds = [d.kind for d in boss.case_view.case.decisions]
    assert kinds[-2:] == [rp.DecisionKind.PUBLICITY_OBJECTION, rp.DecisionKind.PUBLICITY_RESULT]


def test_nantong_approval_dialog_asks_for_the_notice_start(make_ctx, db, staff, clock) -> None:
    world = world_for(db, staff, "nantong")
    clerk = staff[Role.CLERK]
    # the clean year has passed: corrected 1 March 2025, a penalty of 1 March 2025
    from sqlalchemy import update

    from app.db.models import CreditRecord
    from app.domain.enums import Severity

    with db.uow() as uow:
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(
                decision_date=date(2025, 3, 1),
                determined_on=date(2025, 3, 1),
                act_ended_on=date(2025, 3, 1),
                severity=Severity.SERIOUS,
            )
        )
        uow.commit()
    nantong = all_materials(Material.UNDERTAKING, Material.APPLICATION)
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        corrected_on=date(2025, 3, 1),
        materials=nantong,
    )
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.forward(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.confirm_provider(
        db,
        case.case_no,
        agrees=True,
        document_number="通市监修〔2026〕2号",
        document_date=TODAY,
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合条件",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    view = make_view(make_ctx, staff[Role.SUPERVISOR])
    view.open_case(case.case_no)
    cv = view.case_view
    cv.action_buttons[RepairEvent.APPROVE].click()
    approve = cv.dialog
    assert isinstance(approve, ApproveDialog)
    assert approve.publicity_start.isVisibleTo(approve)
    assert "5个工作日" in approve.intro.text() and "第三十五条" in approve.intro.text()
    assert approve.ok_button.text() == "准予修复并开始公示"
    approve.ok_button.click()
    assert cv.case.state is RepairState.PUBLICIZED
    assert cv.preview is None  # no letter before the notice period ends
    assert "2026-12-02" in cv.fields["due"].text()


def test_a_refusal_letter_cites_the_reasons_ticked(make_ctx, db, clerk, supervisor, world) -> None:
    case = apply(db, world, clerk)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=False,
        opinion="整改报告与现场核查不符",
        expected_version=case.row_version,
        actor=clerk,
        today=TODAY,
    ).case
    view = make_view(make_ctx, supervisor)
    view.open_case(case.case_no)
    cv = view.case_view
    cv.action_buttons[RepairEvent.REJECT].click()
    reject = cv.dialog
    assert isinstance(reject, RejectDialog)
    reject.ok_button.click()  # no reason: refused next to the field
    assert reject.isVisible() and reject.errors.text("reasons")
    texts = [reject.suggestions.item(i).text() for i in range(reject.suggestions.count())]
    assert texts == ["初审不同意修复：整改报告与现场核查不符"]
    reject.set_suggestion_checked(0, True)
    reject.reasons.setPlainText("申请人未能提供完税证明")
    reject.ok_button.click()
    assert cv.case.state is RepairState.REJECTED
    assert cv.preview.file_name.startswith("不予修复告知书-") or "不予修复" in cv.preview.file_name
    text = _pdf_text(cv.preview.pdf_bytes)
    assert "整改报告与现场核查不符" in text and "完税证明" in text
    assert not [b for b in boxes() if b.isVisible()]


def test_a_four_eyes_refusal_is_shown_and_the_case_reloaded(
    make_ctx, db, supervisor, world
) -> None:
    from dataclasses import replace

    # Given a supervisor who took in and pre-reviewed an application
    case = apply(db, world, supervisor)
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=supervisor, today=TODAY
    ).case
    case = rp.prereview(
        db,
        case.case_no,
        agrees=True,
        opinion="符合",
        confirmed=manual_keys(case),
        expected_version=case.row_version,
        actor=supervisor,
        today=TODAY,
    ).case
    view = make_view(make_ctx, supervisor)
    view.open_case(case.case_no)
    cv = view.case_view
    # When the approval is attempted anyway (a page from before the rule applied)
    cv.case = replace(cv.case, allowed=(RepairEvent.APPROVE,))
    approve = cv.open_action(RepairEvent.APPROVE)
    assert isinstance(approve, ApproveDialog)
    approve.ok_button.click()

    # Then the service's refusal is shown and the case is shown as it is
    assert not approve.isVisible()
    box = last_box()
    assert box.windowTitle() == "不能审批本人经办的申请"
    assert "另一位审核主管" in box.informativeText()
    assert cv.case.state is RepairState.PREREVIEWED
    assert RepairEvent.APPROVE not in cv.case.allowed
    assert not cv.action_buttons[RepairEvent.APPROVE].isVisible()


def test_zhangdian_the_providers_written_opinion_is_recorded(make_ctx, db, staff) -> None:
    from ui.repairs.action_dialogs import ConfirmProviderDialog, ForwardDialog

    world = world_for(db, staff, "zhangdian")
    clerk = staff[Role.CLERK]
    case = apply(
        db,
        world,
        clerk,
        lodged_with=rp.Lodged.PROVIDER,
        materials={Material.EVIDENCE: Upload(PDF, "凭证.pdf")},
    )
    case = rp.accept(
        db, case.case_no, expected_version=case.row_version, actor=clerk, today=TODAY
    ).case
    view = make_view(make_ctx, clerk)
    view.open_case(case.case_no)
    cv = view.case_view
    assert _visible_actions(view) == [RepairEvent.FORWARD]  # 第三十四条: the provider first
    cv.action_buttons[RepairEvent.FORWARD].click()
    forward = cv.dialog
    assert isinstance(forward, ForwardDialog)
    assert "市场监督管理局" in forward.intro.text()
    forward.ok_button.click()
    assert cv.case.state is RepairState.FORWARDED
    assert _visible_actions(view) == [RepairEvent.CONFIRM_PROVIDER]

    cv.action_buttons[RepairEvent.CONFIRM_PROVIDER].click()
    confirm = cv.dialog
    assert isinstance(confirm, ConfirmProviderDialog)
    confirm.outcome_buttons["disagree"].setChecked(True)
    assert confirm.opinion_label.text().startswith("意见 *")
    type_into(confirm.document_number, "张市监函〔2026〕9号")
    confirm.ok_button.click()  # disagreeing needs the provider's reasons
    assert confirm.isVisible() and confirm.errors.text("opinion")
    confirm.opinion.setPlainText("整改未完成")
    confirm.ok_button.click()
    assert not confirm.isVisible()
    case = cv.case
    assert case.provider_confirmed
    assert cv.decisions_table.item(0, 1).text() == "不同意修复"
    assert cv.decisions_table.item(0, 3).text() == "张市监函〔2026〕9号"
    assert _visible_actions(view) == [RepairEvent.PREREVIEW]
