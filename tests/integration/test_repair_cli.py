"""``creditdesk repair …``: a clerk takes in and pre-reviews credit-repair applications and a
different supervisor decides them from the command line — same services, same Chinese, same
letters as the GUI — on SQLite and PostgreSQL.

The company's public penalty (CF001, decided 2 March 2026, general, national class GENERAL) is
the record repaired unless a test says otherwise; November 2026 has no public holiday.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from objection_world import COMPANY, PDF, objection_world
from sqlalchemy import update

from app.cli import main
from app.cli.repair import LODGED_WITH, MATERIAL_OPTIONS
from app.db.models import CreditRecord
from app.domain.enums import Audience, PenaltyClass, RecordStatus, Role, Severity
from app.rules.repair_flow import Material
from app.services import repairs as rp
from app.services.users import add_user
from app.services.window_query import preview_disclosure

RECORD = "c_dishonest_public"
TODAY = date(2026, 11, 25)  # a Wednesday


def world_for(db, staff, profile: str):
    world = objection_world(db, profile, staff)
    with db.uow() as uow:  # arranging the world: the penalty's national class
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(penalty_class=PenaltyClass.GENERAL)
        )
        uow.commit()
    return world


def add_second_supervisor(db) -> None:
    with db.uow() as uow:
        add_user(
            uow.session,
            username="supervisor2",
            display_name="周主管",
            staff_no="S002",
            role=Role.SUPERVISOR,
            password="Sup3r-secret-2026",
            must_change_password=False,
        )
        uow.commit()


def record_status(world, label: str = RECORD) -> RecordStatus:
    with world.db.uow() as uow:
        record = uow.session.get(CreditRecord, world.records[label])
        assert record is not None
        return RecordStatus(record.status)


def shown_to_public(world, staff, on: date = TODAY) -> bool:
    preview = preview_disclosure(world.db, world.company_id, actor=staff[Role.SUPERVISOR], today=on)
    row = next(r for r in preview.rows if r.record_id == world.records[RECORD])
    return row.cells[Audience.PUBLIC].shown


class Desk:
    """Runs ``creditdesk repair …`` in-process against the test database."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str], files: Path) -> None:
        self.url, self.capsys, self.files = url, capsys, files

    def run(self, *argv: str, user: str = "clerk", today: date = TODAY) -> tuple[int, str, str]:
        code = main(
            ["repair", *argv, "--user", user, "--today", today.isoformat(), "--db", self.url]
        )
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *argv: str, user: str = "clerk", today: date = TODAY) -> dict[str, Any]:
        code, out, err = self.run(*argv, "--json", user=user, today=today)
        assert code == 0, err
        return json.loads(out)

    def file(self, name: str, content: bytes = PDF) -> str:
        path = self.files / name
        path.write_bytes(content)
        return str(path)

    def apply_argv(
        self,
        record_id: int,
        *,
        lodged_with: str = "center",
        corrected_on: str = "2026-04-01",
        materials: tuple[str, ...] = ("--commitment",),
    ) -> list[str]:
        """The company's agent applies to repair one record, with proof of correction."""
        argv = [
            "apply",
            "--subject",
            COMPANY,
            "--record",
            str(record_id),
            "--applicant-name",
            "济南某某科技有限公司",
            "--applicant-doc-number",
            COMPANY,
            "--agent-name",
            "刘经办",
            "--agent-doc-number",
            "11010519491231002X",
            "--mandate",
            self.file("授权委托书.pdf"),
            "--phone",
            "0631-5200000",
            "--lodged-with",
            lodged_with,
            "--corrected-on",
            corrected_on,
            "--evidence",
            self.file("缴款凭证.pdf"),
            "--statement",
            "罚款已缴清，已完成整改。",
            "--document-seen",
        ]
        for option in materials:
            argv += [option, self.file(f"{option.removeprefix('--')}.pdf")]
        return argv

    def apply(self, record_id: int, *, user: str = "clerk", today: date = TODAY, **kw: Any):
        return self.json(*self.apply_argv(record_id, **kw), user=user, today=today)


@pytest.fixture
def desk(db_url, capsys, tmp_path) -> Desk:
    return Desk(db_url, capsys, tmp_path)


def test_the_cli_choices_match_the_service() -> None:
    assert {v.value: v.label for v in rp.Lodged} == LODGED_WITH
    assert set(MATERIAL_OPTIONS) == set(Material)


# --- Weihai: the center decides under the national rules, four eyes ---------------------------


def test_weihai_full_path_apply_accept_prereview_and_a_supervisor_approves(
    db, staff, desk, tmp_path
) -> None:
    # given the company's public penalty, whose national minimum publicity has passed
    world = world_for(db, staff, "weihai")
    record_id = world.records[RECORD]
    code, out, err = desk.run("candidates", "--subject", COMPANY)
    assert code == 0, err
    assert "济南某某科技有限公司（91370100MA3C00001H）" in out
    assert f"  #{record_id}　市场监管行政处罚信息　" in out
    assert "可申请修复（最短公示期至 " in out
    assert "受理渠道（依据《威海市公共信用信息管理办法》" in out
    assert "信用中心（--lodged-with center）" in out
    assert "（--evidence）" in out and "信用承诺书（申请人签字或盖章）（--commitment）" in out
    listed = desk.json("candidates", "--subject", COMPANY)
    by_id = {r["id"]: r for r in listed["records"]}
    assert by_id[record_id]["repairable"] is True and by_id[record_id]["refusal"] is None
    licence = by_id[world.records["c_licence_public"]]
    assert licence["repairable"] is False and "不是失信信息" in licence["refusal"]
    assert [o["value"] for o in listed["lodged_options"]] == ["center"]
    assert [m["kind"] for m in listed["materials_with_agent"]] == [
        "evidence",
        "commitment",
        "mandate",
    ]

    # when the clerk registers the application with all the materials
    case = desk.apply(record_id)

    # then it waits to be accepted, with the conditions checklist and no material missing
    case_no = case["case_no"]
    assert case["state"] == "registered" and case["state_label"] == "已登记"
    assert case["missing_materials"] == [] and case["next_step"] == "repair.accept"
    assert case["lodged_with"] == "center" and case["corrected_on"] == "2026-04-01"
    statuses = {c["key"]: c["status"] for c in case["conditions"]}
    manual = [k for k, s in statuses.items() if s == "manual"]
    assert len(manual) == 2 and statuses["within_period"] == "met"
    assert {a["kind"] for a in case["attachments"]} == {"mandate", "evidence", "commitment"}
    assert case["created_by"] == "王窗口" and case["assignee_name"] == "王窗口"

    # when the clerk accepts it and pre-reviews it, confirming the conditions to be checked
    case = desk.json("accept", case_no, "--note", "材料齐全")
    assert case["state"] == "accepted" and "forward" not in [a["event"] for a in case["allowed"]]
    code, out, err = desk.run(
        "prereview", case_no, "--agrees", "--opinion", "材料齐全，符合条件", "--confirm-all-manual"
    )
    assert code == 0, err
    assert f"信用修复案件 {case_no}：已初审（同意修复），转主管审批" in out
    case = desk.json("show", case_no)
    assert f"当前状态：待主管审批；下一步：主管审批（版本 {case['row_version']}）" in out
    assert case["state"] == "prereviewed" and case["assignee_name"] == ""
    assert all(c["status"] == "met" for c in case["conditions"])
    assert case["allowed"] == []  # a clerk does not approve

    # and a supervisor (who neither took it in nor pre-reviewed it) approves, writing the letter
    letter = tmp_path / "决定书.pdf"
    case = desk.json(
        "decide", case_no, "--approve", "--opinion", "同意", "--out", str(letter), user="supervisor"
    )

    # then the repair is effective at once and the decision letter is the signed PDF
    assert case["state"] == "repaired" and case["state_label"] == "已生效"
    assert case["effective_on"] == TODAY.isoformat() and case["decided_by"] == "李主管"
    assert letter.read_bytes().startswith(b"%PDF")
    assert case["document"]["doc_type"] == "repair_decision"
    assert case["document"]["file"] == str(letter)
    assert [d["doc_type"] for d in case["documents"]] == ["repair_decision"]
    assert [t["event"] for t in case["timeline"]] == [
        "apply",
        "accept",
        "prereview",
        "approve",
        "take_effect",
    ]
    assert [d["kind"] for d in case["decisions"]] == ["prereview", "decision"]

    # and the record is no longer shown: repaired, out of the public view, refused as repaired
    assert case["records"][0]["status"] == "repaired"
    assert record_status(world) is RecordStatus.REPAIRED
    assert not shown_to_public(world, staff)
    again = desk.json("candidates", "--subject", COMPANY)
    refusal = next(r for r in again["records"] if r["id"] == record_id)["refusal"]
    assert "已经修复" in refusal


def test_show_lists_conditions_with_keys_materials_and_the_timeline(db, staff, desk) -> None:
    world = world_for(db, staff, "weihai")
    case_no = desk.apply(world.records[RECORD])["case_no"]

    code, out, err = desk.run("show", case_no)

    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"信用修复案件 {case_no}　已登记　版本 1"
    assert "信用主体：济南某某科技有限公司（91370100MA3C00001H）" in lines
    assert any(line.startswith("申请人：济南某某科技有限公司（") for line in lines)
    assert "收到日期：2026-11-25　向信用中心提出　纠正日期：2026-04-01" in lines[3]
    assert "受理：王窗口" in lines
    assert "【修复条件】（键用于 repair prereview --confirm）" in lines
    assert any(line.startswith("  ［待人工确认］profile.0　") for line in lines)
    assert "  ［符合］within_period　在披露（使用）期限内" in lines
    assert any(line.startswith("  已提交：已纠正失信行为") for line in lines)
    assert "  授权委托书：授权委托书.pdf（35 字节）" in lines
    assert "      申请事由：罚款已缴清，已完成整改。" in lines
    assert "【办理过程】" in lines and "  待办　受理审查　→ 已登记" in lines
    assert "【文书】无" in lines
    assert lines[-1] == "现在可以办理：受理、不予受理"


def test_a_supervisor_who_took_the_application_in_cannot_approve_it(db, staff, desk) -> None:
    # given an application a supervisor took in, accepted and pre-reviewed
    world = world_for(db, staff, "weihai")
    case_no = desk.apply(world.records[RECORD], user="supervisor")["case_no"]
    desk.json("accept", case_no, user="supervisor")
    desk.json(
        "prereview",
        case_no,
        "--agrees",
        "--opinion",
        "符合",
        "--confirm-all-manual",
        user="supervisor",
    )

    # when the same supervisor approves it
    code, out, err = desk.run("decide", case_no, "--approve", user="supervisor")

    # then it is refused under the four-eyes rule, and nothing was decided
    assert code == 1 and out == ""
    assert f"您受理了信用修复案件 {case_no}，按照“四眼原则”不能由您本人审批" in err
    assert "请由另一位审核主管审批" in err
    assert desk.json("show", case_no)["state"] == "prereviewed"
    code, _out, err = desk.run("decide", case_no, "--reject", "--reason", "不符", user="supervisor")
    assert code == 1 and "四眼原则" in err

    # and a second supervisor approves it
    add_second_supervisor(db)
    case = desk.json(
        "decide", case_no, "--approve", "--out", str(desk.files / "d.pdf"), user="supervisor2"
    )
    assert case["state"] == "repaired" and case["decided_by"] == "周主管"


def test_a_refusal_at_apply_names_the_reason_and_stores_nothing(db, staff, desk) -> None:
    world = world_for(db, staff, "weihai")

    # when the clerk applies to repair a licence (not dishonest information)
    code, out, err = desk.run(*desk.apply_argv(world.records["c_licence_public"]))

    # then it is refused, naming the reason
    assert code == 1 and out == ""
    assert "不是失信信息，无需也不能申请信用修复" in err

    # and applying to the provider, which Weihai does not allow, is refused naming the rule
    code, _out, err = desk.run(*desk.apply_argv(world.records[RECORD], lodged_with="provider"))
    assert code == 1 and "规定信用修复申请向信用中心提出" in err

    # and a correction before the penalty's decision is refused naming the dates
    code, _out, err = desk.run(*desk.apply_argv(world.records[RECORD], corrected_on="2026-02-01"))
    assert code == 1 and "纠正日期 2026-02-01 早于" in err

    # and a missing file is named with its option
    argv = desk.apply_argv(world.records[RECORD])
    argv[argv.index("--evidence") + 1] = str(desk.files / "缺.pdf")
    code, _out, err = desk.run(*argv)
    assert code == 1 and "缺.pdf（--evidence）：文件不存在" in err

    # and none of the attempts stored a case
    code, out, _err = desk.run("list")
    assert code == 0 and "没有符合条件的信用修复案件" in out
    assert desk.json("list")["total"] == 0


def test_bad_dates_and_unknown_cases_exit_1_in_chinese(db, staff, desk) -> None:
    world = world_for(db, staff, "weihai")

    code, out, err = desk.run(*desk.apply_argv(world.records[RECORD], corrected_on="2026-02-30"))
    assert code == 1 and out == ""
    assert "纠正日期（--corrected-on）“2026-02-30”不是有效日期" in err and "YYYY-MM-DD" in err

    argv = [*desk.apply_argv(world.records[RECORD]), "--received-on", "20261125"]
    code, _out, err = desk.run(*argv)
    assert code == 1 and "收到日期（--received-on）“20261125”不是有效日期" in err

    code, _out, err = desk.run(
        *desk.apply_argv(world.records[RECORD]), "--json", "--corrected-on", "2026-13-01"
    )
    assert code == 1 and json.loads(err)["error"] == "date.invalid"

    assert desk.json("list")["total"] == 0  # nothing was stored

    code, _out, err = desk.run("show", "370000000000000099")
    assert code == 1 and "没有编号为 370000000000000099 的信用修复案件" in err
    code, _out, err = desk.run("accept", "370000000000000099")
    assert code == 1 and "没有编号为 370000000000000099 的信用修复案件" in err


def test_a_stale_expected_version_is_refused_naming_who_acted(db, staff, desk) -> None:
    # given an application the supervisor saw at version 1
    world = world_for(db, staff, "weihai")
    case = desk.apply(world.records[RECORD])
    seen = case["row_version"]

    # when the clerk accepts it meanwhile
    assert desk.json("accept", case["case_no"], "--expect-version", str(seen))["row_version"] > seen

    # then declining with the version seen before is refused, naming who did what
    code, out, err = desk.run(
        "decline",
        case["case_no"],
        "--reasons",
        "材料不全",
        "--expect-version",
        str(seen),
        user="supervisor",
    )
    assert code == 1 and out == ""
    assert f"信用修复案件 {case['case_no']} 已由王窗口办理（受理），当前状态为“已受理”" in err
    assert desk.json("show", case["case_no"])["state"] == "accepted"


def test_prereview_confirms_only_the_conditions_to_confirm_by_hand(db, staff, desk) -> None:
    world = world_for(db, staff, "weihai")
    case_no = desk.apply(world.records[RECORD])["case_no"]
    desk.json("accept", case_no)

    # an unknown key, or a condition the system computes, cannot be confirmed by hand
    code, _out, err = desk.run(
        "prereview", case_no, "--agrees", "--opinion", "符合", "--confirm", "profile.9"
    )
    assert code == 1 and "条件 profile.9 不存在。可人工确认的条件：profile.0（" in err
    code, _out, err = desk.run(
        "prereview", case_no, "--agrees", "--opinion", "符合", "--confirm", "within_period"
    )
    assert code == 1 and "条件 within_period 由系统核对（符合），不能人工确认" in err

    # agreeing with one of the two confirmed is refused by the service, naming the other
    code, _out, err = desk.run(
        "prereview", case_no, "--agrees", "--opinion", "符合", "--confirm", "profile.0"
    )
    assert code == 1 and "初审同意修复前，须逐项确认" in err
    assert desk.json("show", case_no)["state"] == "accepted"

    # both confirmed by key: agreed, for the supervisors' queue
    case = desk.json(
        "prereview",
        case_no,
        "--agrees",
        "--opinion",
        "符合",
        "--confirm",
        "profile.0",
        "--confirm",
        "profile.1",
    )
    assert case["state"] == "prereviewed"
    assert [c["detail"] for c in case["conditions"] if c["key"] == "profile.0"] == [
        f"已核对材料确认（王窗口，{TODAY.isoformat()}）"
    ]


def test_list_awaiting_decision_is_the_supervisors_queue(db, staff, desk) -> None:
    # given one application waiting for the supervisor and one just registered
    world = world_for(db, staff, "weihai")
    waiting = desk.apply(world.records[RECORD])["case_no"]
    desk.json("accept", waiting)
    desk.json("prereview", waiting, "--disagrees", "--opinion", "整改材料不实")
    registered = desk.apply(world.records["c_dishonest_authorized"])["case_no"]

    # when a supervisor lists the applications awaiting a decision
    code, out, err = desk.run("list", "--awaiting-decision", user="supervisor")

    # then only the pre-reviewed one is listed
    assert code == 0, err
    assert waiting in out and registered not in out
    assert "待主管审批" in out and "下一步 主管审批" in out and "经办人 未分派" in out
    assert out.rstrip().endswith("共 1 件。")
    assert desk.json("list", "--open")["total"] == 2
    found = desk.json("list", "--state", "registered")
    assert [c["case_no"] for c in found["cases"]] == [registered]
    assert desk.json("list", "--search", waiting)["total"] == 1

    # and refusing it writes the refusal letter and empties the queue
    letter = desk.files / "告知书.pdf"
    code, out, err = desk.run(
        "decide",
        waiting,
        "--reject",
        "--reason",
        "整改报告与现场核查不符",
        "--out",
        str(letter),
        user="supervisor",
    )
    assert code == 0, err
    assert f"信用修复案件 {waiting}：不予修复" in out and "已出具不予修复告知书" in out
    assert letter.read_bytes().startswith(b"%PDF")
    assert desk.json("list", "--awaiting-decision")["total"] == 0
    assert record_status(world) is RecordStatus.ACTIVE

    # the supervisor can also put the other application in someone's hands
    case = desk.json("assign", registered, "--to", "supervisor", user="supervisor")
    assert case["assignee_name"] == "李主管"
    code, _out, err = desk.run("assign", registered, "--unassign")
    assert code == 1 and "无权" in err  # a clerk does not assign


def test_decide_options_belong_to_approve_or_reject(db, staff, desk) -> None:
    world = world_for(db, staff, "weihai")
    case_no = desk.apply(world.records[RECORD])["case_no"]
    desk.json("accept", case_no)
    desk.json("prereview", case_no, "--agrees", "--opinion", "符合", "--confirm-all-manual")

    code, _out, err = desk.run("decide", case_no, "--reject", "--opinion", "x", user="supervisor")
    assert code == 1 and "--opinion 只用于准予修复（--approve）" in err
    code, _out, err = desk.run("decide", case_no, "--approve", "--reason", "x", user="supervisor")
    assert code == 1 and "--reason 是不予修复（--reject）的理由" in err
    code, _out, err = desk.run("decide", case_no, "--reject", user="supervisor")
    assert code == 1 and "请填写不予修复的理由" in err
    code, _out, err = desk.run(
        "decide", case_no, "--approve", "--publicity-start", "2026-11-25", user="supervisor"
    )
    assert code == 1 and "没有修复公示的规定" in err
    code, _out, err = desk.run(
        "decide", case_no, "--approve", "--out", "/nonexistent/d.pdf", user="supervisor"
    )
    assert code == 1 and "无法写入文件 /nonexistent/d.pdf（--out）" in err
    assert desk.json("show", case_no)["state"] == "prereviewed"  # nothing was decided


# --- Zhangdian: lodged with the provider, its written confirmation first ------------------------


def test_zhangdian_forward_to_the_provider_and_record_its_confirmation(db, staff, desk) -> None:
    # given an application lodged with the provider (Zhangdian asks no 信用承诺书)
    world = world_for(db, staff, "zhangdian")
    case_no = desk.apply(world.records[RECORD], lodged_with="provider", materials=())["case_no"]
    case = desk.json("accept", case_no)
    assert [a["event"] for a in case["allowed"]] == ["forward"]

    # when the clerk sends it to the provider for its written confirmation
    code, out, err = desk.run("forward", case_no, "--sent-on", "2026-11-25", "--note", "请确认")
    assert code == 0, err
    assert "已送" in out and "书面确认" in out
    assert "当前状态：审核中；下一步：等待提供单位确认" in out

    # and enters the provider's written agreement with its number, date and scan
    code, _out, err = desk.run(
        "confirm-provider",
        case_no,
        "--agrees",
        "--document-number",
        "张市监修〔2026〕7号",
        "--document-date",
        "2026-11-31",
    )
    assert code == 1 and "书面意见日期（--document-date）“2026-11-31”不是有效日期" in err
    case = desk.json(
        "confirm-provider",
        case_no,
        "--agrees",
        "--document-number",
        "张市监修〔2026〕7号",
        "--document-date",
        "2026-11-24",
        "--document",
        desk.file("确认函.pdf"),
    )

    # then the case can be pre-reviewed, with the provider's opinion among the decisions
    assert case["provider_confirmed"] is True and case["next_step"] == "repair.prereview"
    assert "prereview" in [a["event"] for a in case["allowed"]]
    [provider] = case["decisions"]
    assert provider["kind"] == "provider_confirmation" and provider["outcome"] == "agree"
    assert provider["document_number"] == "张市监修〔2026〕7号"
    assert provider["document_date"] == "2026-11-24"
    assert "provider_confirmation" in {a["kind"] for a in case["attachments"]}
    code, out, _err = desk.run("show", case_no)
    assert "  提供单位书面意见：同意修复　文号 张市监修〔2026〕7号（2026-11-24）" in out

    # and, approved by the supervisor, the original is kept as an archive
    desk.json("prereview", case_no, "--agrees", "--opinion", "已确认", "--confirm-all-manual")
    case = desk.json(
        "decide", case_no, "--approve", "--out", str(desk.files / "d.pdf"), user="supervisor"
    )
    assert case["state"] == "repaired" and record_status(world) is RecordStatus.REPAIRED


# --- Nantong: materials listed once, the public notice ------------------------------------------


def test_nantong_missing_materials_are_listed_once_and_supplemented(db, staff, desk) -> None:
    world = world_for(db, staff, "nantong")

    # when the agent hands in only the proof of correction
    code, out, err = desk.run(
        *desk.apply_argv(world.records[RECORD], lodged_with="provider", materials=())
    )

    # then the application is registered as waiting for the missing materials, listed once
    assert code == 0, err
    [listed] = desk.json("list")["cases"]
    case_no = listed["case_no"]
    assert out.startswith(f"信用修复案件 {case_no}：已登记申请（济南某某科技有限公司，1 条信息")
    case = desk.json("show", case_no)
    assert case["state"] == "supplement_requested"
    assert {m["kind"] for m in case["missing_materials"]} == {
        "commitment",
        "undertaking",
        "application",
    }
    assert "一次性告知尚缺材料：" in out and "（--undertaking）" in out
    assert f"creditdesk repair supplement {case_no}" in out
    assert "条件不符合：自纠正之日起1年内未再发生同类失信行为" in out  # corrected in April 2026

    # when only part of them is handed in, nothing is stored
    code, _out, err = desk.run("supplement", case_no, "--commitment", desk.file("承诺书.pdf"))
    assert code == 1 and "一次性告知的材料尚缺" in err
    assert desk.json("show", case_no)["state"] == "supplement_requested"

    # and with all of them the application is complete
    case = desk.json(
        "supplement",
        case_no,
        "--commitment",
        desk.file("承诺书.pdf"),
        "--undertaking",
        desk.file("制度.pdf"),
        "--application",
        desk.file("申请书.pdf"),
    )
    assert case["state"] == "registered" and case["missing_materials"] == []
    assert {"commitment", "undertaking", "application"} <= {m["kind"] for m in case["materials"]}


def test_nantong_public_notice_objection_resolved_then_effect(db, staff, desk, tmp_path) -> None:
    # given a serious penalty of March 2025, corrected then: the clean year has passed
    world = world_for(db, staff, "nantong")
    with db.uow() as uow:
        uow.session.execute(
            update(CreditRecord)
            .where(CreditRecord.id == world.records[RECORD])
            .values(
                decision_date=date(2025, 3, 1),
                determined_on=date(2025, 3, 1),
                act_ended_on=date(2025, 3, 1),
                severity=Severity.SERIOUS,  # Nantong 第三十条: 3 years
            )
        )
        uow.commit()
    start = date(2026, 11, 2)
    case_no = desk.apply(
        world.records[RECORD],
        lodged_with="provider",
        corrected_on="2025-03-01",
        materials=("--commitment", "--undertaking", "--application"),
        today=start,
    )["case_no"]
    desk.json("accept", case_no, today=start)
    desk.json("forward", case_no, today=start)
    desk.json(
        "confirm-provider",
        case_no,
        "--agrees",
        "--document-number",
        "通市监修〔2026〕2号",
        "--document-date",
        "2026-11-02",
        today=start,
    )
    desk.json(
        "prereview",
        case_no,
        "--agrees",
        "--opinion",
        "符合条件",
        "--confirm-all-manual",
        today=start,
    )

    # when the supervisor approves: the public notice starts, no letter yet
    code, out, err = desk.run(
        "decide",
        case_no,
        "--approve",
        "--publicity-start",
        "2026-11-02",
        "--out",
        str(tmp_path / "d.pdf"),
        user="supervisor",
        today=start,
    )
    assert code == 0, err
    assert "已准予修复，开始公示（2026-11-02 起，至 2026-11-09 届满）" in out
    assert "第三十五条" in out and "本次未出具文书" in out
    assert not (tmp_path / "d.pdf").exists()
    case = desk.json("show", case_no, today=start)
    assert case["state"] == "publicized" and case["due_on"] == "2026-11-09"
    assert record_status(world) is RecordStatus.ACTIVE

    # and someone objects during the notice
    case = desk.json(
        "publicity-objection",
        case_no,
        "--objector",
        "某投诉人",
        "--statement",
        "仍在违规经营",
        "--received-on",
        "2026-11-04",
        today=date(2026, 11, 4),
    )
    assert case["open_objections"] == 1
    assert "take_effect" not in [a["event"] for a in case["allowed"]]

    # then a clerk cannot resolve it; a supervisor records the provider's finding
    code, _out, err = desk.run(
        "resolve-objection", case_no, "--unfounded", "--finding", "不属实", today=date(2026, 11, 6)
    )
    assert code == 1 and "无权" in err
    case = desk.json(
        "resolve-objection",
        case_no,
        "--unfounded",
        "--finding",
        "经核实，投诉不属实",
        "--document-number",
        "通市监函〔2026〕5号",
        user="supervisor",
        today=date(2026, 11, 6),
    )
    assert case["open_objections"] == 0
    assert [d["outcome"] for d in case["decisions"]][-2:] == ["open", "unfounded"]

    # and the repair cannot take effect before the notice period has ended
    code, _out, err = desk.run("take-effect", case_no, today=date(2026, 11, 9))
    assert code == 1 and "公示期至 2026-11-09 届满，届满后方可生效" in err

    # after it, it takes effect and the decision letter is written
    letter = tmp_path / "修复决定书.pdf"
    code, out, err = desk.run(
        "take-effect", case_no, "--out", str(letter), today=date(2026, 11, 10)
    )
    assert code == 0, err
    assert f"信用修复案件 {case_no}：修复生效（1 条信息不再公开、不再提供查询）" in out
    assert "当前状态：已生效（版本" in out
    assert "已出具信用修复决定书 " in out and str(letter) in out
    assert letter.read_bytes().startswith(b"%PDF")
    assert record_status(world) is RecordStatus.REPAIRED


# --- Xiamen: a repair obtained with false materials is revoked ------------------------------------


def test_xiamen_supervisor_revokes_a_repair_and_the_record_returns(db, staff, desk) -> None:
    world = world_for(db, staff, "xiamen")
    case_no = desk.apply(world.records[RECORD], lodged_with="provider")["case_no"]
    desk.json("accept", case_no)
    desk.json("prereview", case_no, "--agrees", "--opinion", "符合", "--confirm-all-manual")
    desk.json("decide", case_no, "--approve", "--out", str(desk.files / "d.pdf"), user="supervisor")
    assert record_status(world) is RecordStatus.REPAIRED

    code, _out, err = desk.run("revoke", case_no, "--reason", "材料造假")
    assert code == 1 and "无权" in err
    code, out, err = desk.run("revoke", case_no, "--reason", "缴款凭证系伪造", user="supervisor")
    assert code == 0, err
    assert f"信用修复案件 {case_no}：已撤销修复" in out and "当前状态：已撤销修复" in out
    assert record_status(world) is RecordStatus.ACTIVE and shown_to_public(world, staff)


def test_wuhan_has_no_credit_repair(db, staff, desk) -> None:
    world_for(db, staff, "wuhan")
    code, _out, err = desk.run("candidates", "--subject", COMPANY)
    assert code == 1 and "没有信用修复的规定" in err
