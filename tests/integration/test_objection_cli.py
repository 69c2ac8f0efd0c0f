"""``creditdesk objection …``: a clerk (and a supervisor) work objection cases from the command
line — same services, same Chinese, same documents as the GUI — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from objection_world import CENTER, COMPANY, PDF, objection_world

from app.cli import main
from app.cli.objection import FORWARD_METHODS
from app.db.history import ChangeInfo, attach_change
from app.db.models import CreditRecord
from app.domain.enums import ChangeKind
from app.services.objections import ForwardMethod

TODAY = date(2026, 11, 25)  # a Wednesday; the check period (3 WD) ends Monday 2026-11-30


@pytest.fixture
def world(db, staff):
    return objection_world(db, "weihai", staff)


class Desk:
    """Runs ``creditdesk objection …`` in-process against the test database."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str], files: Path) -> None:
        self.url, self.capsys, self.files = url, capsys, files

    def run(self, *argv: str, user: str = "clerk", today: date = TODAY) -> tuple[int, str, str]:
        code = main(
            ["objection", *argv, "--user", user, "--today", today.isoformat(), "--db", self.url]
        )
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *argv: str, user: str = "clerk") -> dict[str, Any]:
        code, out, err = self.run(*argv, "--json", user=user)
        assert code == 0, err
        return json.loads(out)

    def file(self, name: str, content: bytes = PDF) -> str:
        path = self.files / name
        path.write_bytes(content)
        return str(path)

    def open_case(self, record_id: int, *extra: str) -> dict[str, Any]:
        """The company's agent lodges an objection against one record."""
        return self.json(
            "open",
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
            "--ground-no",
            "1",
            "--statement",
            "处罚决定已被复议机关撤销，平台仍在公示。",
            "--evidence",
            self.file("判决书.pdf"),
            "--document-seen",
            *extra,
        )


@pytest.fixture
def desk(world, db_url, capsys, tmp_path) -> Desk:
    return Desk(db_url, capsys, tmp_path)


def test_forward_method_choices_match_the_service() -> None:
    assert {m.value: m.label for m in ForwardMethod} == FORWARD_METHODS


def test_full_path_open_check_forward_reply_notify_as_json(world, desk, tmp_path) -> None:
    # given the company's dishonest record, which its agent says is wrong
    record_id = world.records["c_dishonest_public"]
    code, out, err = desk.run("records", "--subject", COMPANY)
    assert code == 0, err
    assert f"#{record_id}　市场监管行政处罚信息" in out
    assert "1. 信用信息的内容存在错误、遗漏" in out

    # when the clerk accepts it and prints the receipt
    receipt = tmp_path / "回执.pdf"
    case = desk.open_case(record_id, "--receipt-out", str(receipt))

    # then the case waits for the check, due in 3 working days (Weihai 第二十八条)
    case_no = case["case_no"]
    assert case["state"] == "received" and case["state_label"] == "已受理"
    assert case["next_step"] == "objection.check" and case["next_step_label"] == "核查比对"
    assert case["due_on"] == "2026-11-30" and case["working_days_left"] == 3
    assert case["light"] == "green" and case["outcome"] is None and case["disputed"] is False
    assert "第二十八条" in case["due_basis"]
    assert case["grounds"] == ["信用信息的内容存在错误、遗漏"]
    [rec] = case["records"]
    assert rec["id"] == record_id and rec["differs"] is False and rec["versions"] == 1
    assert {"field": "content.result", "label": "处罚结果"}.items() <= rec["comparison"][-1].items()
    assert [t["event"] for t in case["timeline"]] == ["open", ""]  # done, then still to come
    assert [d["doc_type"] for d in case["documents"]] == ["objection_receipt"]
    assert case["document"]["file"] == str(receipt)
    assert receipt.read_bytes().startswith(b"%PDF")
    assert {a["kind"] for a in case["attachments"]} == {"mandate", "evidence"}

    # when the clerk compares the platform with the provider's submission
    case = desk.json("check", case_no, "--note", "与报送一致")
    assert case["state"] == "checked" and case["check_result"] == "matches"
    assert case["next_step"] == "objection.forward"

    # and forwards it to the provider by post, writing the forwarding slip
    slip = tmp_path / "转办单.pdf"
    case = desk.json("forward", case_no, "--method", "post", "--out", str(slip))
    assert case["state"] == "forwarded" and case["forward_method"] == "post"
    assert case["forwarded_on"] == TODAY.isoformat()
    assert case["next_step"] == "objection.provider_reply" and case["due_on"] == "2026-12-16"
    assert slip.read_bytes().startswith(b"%PDF")
    assert case["document"]["doc_type"] == "objection_forward"
    assert case["document"]["number"] in {d["number"] for d in case["documents"]}

    # and enters the provider's reply: the record is right
    case = desk.json(
        "reply",
        case_no,
        "--outcome",
        "not_upheld",
        "--reasons",
        "复议决定维持原处罚",
        "--document-number",
        "威市监函〔2026〕9号",
        "--document",
        desk.file("答复.pdf"),
    )
    assert case["state"] == "answered" and case["outcome"] == "not_upheld"
    assert case["outcome_label"] == "异议不成立，维持原信息"
    assert case["next_step"] == "objection.notify_result"

    # and tells the applicant
    letter = tmp_path / "告知书.pdf"
    case = desk.json("notify", case_no, "--out", str(letter))

    # then the case is closed with three letters and the whole path on its timeline
    assert case["state"] == "closed" and case["is_open"] is False
    assert case["closed_on"] == TODAY.isoformat() and case["next_step"] is None
    assert letter.read_bytes().startswith(b"%PDF")
    assert [d["doc_type"] for d in case["documents"]] == [
        "objection_receipt",
        "objection_forward",
        "objection_result",
    ]
    assert [t["event"] for t in case["timeline"]] == [
        "open",
        "check",
        "forward",
        "reply",
        "notify",
    ]
    assert [t["actor"] for t in case["timeline"]] == ["王窗口"] * 5
    reply = case["timeline"][3]
    assert reply["note"] == "复议决定维持原处罚" and reply["on_time"] is True
    assert [a["event"] for a in case["allowed"]] == ["dispute"]
    assert case["row_version"] == 5


def test_text_output_is_a_short_chinese_summary(world, desk) -> None:
    case_no = desk.open_case(world.records["c_dishonest_public"])["case_no"]
    code, out, err = desk.run("check", case_no)
    assert code == 0, err
    assert out.splitlines() == [
        f"异议案件 {case_no}：已核查比对，平台信息与提供单位报送一致",
        "当前状态：已核查；下一步：转提供单位核查，期限 2026-11-30（还剩 3 个工作日）［绿灯］"
        "（版本 2）",
    ]


def test_upheld_reply_with_changes_corrects_the_record_and_show_lists_the_new_version(
    world, desk
) -> None:
    # given a case forwarded to the provider
    record_id = world.records["c_dishonest_public"]
    case_no = desk.open_case(record_id)["case_no"]
    desk.json("check", case_no)
    desk.json("forward", case_no, "--out", str(desk.files / "slip.pdf"))

    # when the provider confirms the objection and sends corrected content
    case = desk.json(
        "reply",
        case_no,
        "--outcome",
        "upheld_corrected",
        "--set",
        f"{record_id}:decision_date=2026-03-01",
        "--set",
        f"{record_id}:content.result=警告",
    )

    # then the record has a new version with the corrected values, and no difference remains
    assert case["state"] == "answered" and case["outcome"] == "upheld_corrected"
    [rec] = case["records"]
    assert rec["versions"] == 2 and rec["decision_date"] == "2026-03-01"
    fields = {c["field"]: c for c in rec["comparison"]}
    assert fields["content.result"]["platform"] == "警告"
    assert rec["differs"] is False  # the provider corrected its own submission

    # and show lists the new version and the corrected content
    code, out, err = desk.run("show", case_no)
    assert code == 0, err
    assert (
        f"#{record_id}　市场监管行政处罚信息　文书〔2026〕4号　2026-03-01　有效　共 2 个版本"
        in (out)
    )
    assert "处罚结果：警告" in out
    assert "结果：异议成立，予以更正" in out


def test_a_stale_expected_version_is_refused_naming_who_acted(world, desk) -> None:
    # given a case the clerk saw at version 1
    case = desk.open_case(world.records["c_dishonest_public"])
    seen = case["row_version"]

    # when the clerk checks it with that version, the check is recorded
    assert desk.json("check", case["case_no"], "--expect-version", str(seen))["row_version"] > seen

    # then forwarding with the version seen before the check is refused
    code, out, err = desk.run("forward", case["case_no"], "--expect-version", str(seen))
    assert code == 1 and out == ""
    assert f"异议案件 {case['case_no']} 已由王窗口办理（核查比对），当前状态为“已核查”" in err
    assert desk.json("show", case["case_no"])["state"] == "checked"  # nothing was forwarded


def test_a_bad_date_or_unknown_case_exits_1_in_chinese(world, desk) -> None:
    case_no = desk.open_case(world.records["c_dishonest_public"])["case_no"]

    code, _out, err = desk.run("check", case_no, "--on", "2026-02-30")
    assert code == 1
    assert "办理日期（--on）“2026-02-30”不是有效日期" in err and "YYYY-MM-DD" in err

    code, _out, err = desk.run("forward", case_no, "--sent-on", "20261125")
    assert code == 1 and "发出日期（--sent-on）“20261125”不是有效日期" in err

    code, _out, err = desk.run("show", "370000000000000099")
    assert code == 1 and "没有编号为 370000000000000099 的异议案件" in err

    code, _out, err = desk.run("check", "370000000000000099")
    assert code == 1 and "没有编号为 370000000000000099 的异议案件" in err

    code, _out, err = desk.run("check", case_no, "--json", "--on", "2026-13-01")
    assert code == 1 and json.loads(err)["error"] == "date.invalid"

    assert desk.json("show", case_no)["state"] == "received"  # nothing happened


def test_intake_problems_are_named(world, desk, tmp_path) -> None:
    record = str(world.records["c_dishonest_public"])
    base = [
        "open",
        "--subject",
        COMPANY,
        "--record",
        record,
        "--applicant-name",
        "济南某某科技有限公司",
        "--applicant-doc-number",
        COMPANY,
        "--agent-name",
        "刘经办",
        "--agent-doc-number",
        "11010519491231002X",
        "--statement",
        "有误",
        "--document-seen",
    ]
    mandate = desk.file("委托书.pdf")

    code, _out, err = desk.run(*base, "--mandate", str(tmp_path / "缺.pdf"), "--ground-no", "1")
    assert code == 1 and "缺.pdf（--mandate）：文件不存在" in err

    code, _out, err = desk.run(*base, "--mandate", mandate, "--ground-no", "3")
    assert code == 1 and "异议理由序号 3 不存在：适用的规则共有 2 项异议理由" in err

    code, _out, err = desk.run(*base, "--mandate", mandate, "--ground", "看不顺眼")
    assert code == 1 and "“看不顺眼”不是《威海市公共信用信息管理办法》规定的异议理由" in err

    code, _out, err = desk.run(
        *base, "--mandate", mandate, "--ground-no", "1", "--received-on", "2026-11-31"
    )
    assert code == 1 and "收到日期（--received-on）“2026-11-31”不是有效日期" in err

    code, _out, err = desk.run(
        *base, "--mandate", mandate, "--ground-no", "1", "--receipt-out", "/nonexistent/r.pdf"
    )
    assert code == 1 and "无法写入文件 /nonexistent/r.pdf（--receipt-out）" in err

    code, out, _err = desk.run("list")
    assert "没有符合条件的异议案件" in out  # none of the attempts opened a case


def test_list_open_cases_and_show_one(world, desk) -> None:
    # given one case still waiting for its check and one the applicant withdrew
    waiting = desk.open_case(world.records["c_dishonest_public"])["case_no"]
    withdrawn = desk.open_case(world.records["c_licence_public"])["case_no"]
    code, out, err = desk.run("close", withdrawn, "--reason", "申请人书面撤回")
    assert code == 0, err
    assert f"异议案件 {withdrawn}：申请人已撤回异议，案件终结" in out

    # when the clerk lists the open cases
    code, out, err = desk.run("list", "--open")

    # then only the waiting one is listed, with its step, due date and light
    assert code == 0, err
    assert waiting in out and withdrawn not in out
    assert "已受理" in out and "下一步 核查比对 2026-11-30（还剩 3 个工作日）［绿灯］" in out
    assert out.rstrip().endswith("共 1 件。")
    everything = desk.json("list")
    assert everything["total"] == 2
    assert {c["case_no"]: c["state"] for c in everything["cases"]} == {
        waiting: "received",
        withdrawn: "withdrawn",
    }
    assert [c["case_no"] for c in desk.json("list", "--state", "withdrawn")["cases"]] == [withdrawn]
    assert desk.json("list", "--light", "red")["total"] == 0

    # and show gives the header, the records, the timeline with due date and basis, documents
    code, out, err = desk.run("show", waiting)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"异议案件 {waiting}　已受理　版本 1"
    assert "信用主体：济南某某科技有限公司（91370100MA3C00001H）" in lines
    assert "下一步：核查比对，期限 2026-11-30（还剩 3 个工作日）［绿灯］" in lines
    assert any(line.startswith("  期限依据：3个工作日") for line in lines)
    assert "【异议信息】（※ 平台信息与提供单位报送不一致）" in lines
    assert "  待办　核查比对　→ 已受理　期限 2026-11-30" in lines
    assert "【文书】无" in lines
    assert lines[-1] == "现在可以办理：核查比对、撤回异议"


def test_supervisor_corrects_a_platform_that_differs_from_the_submission(world, desk, db) -> None:
    # given a record whose platform date differs from what the provider submitted
    record_id = world.records["c_dishonest_public"]
    with db.uow() as uow:
        record = uow.session.get(CreditRecord, record_id)
        record.source_submission = {
            "document_number": record.document_number,
            "decision_date": "2026-03-01",
            "act_ended_on": "2026-03-02",
            "determined_on": "2026-03-02",
            "listed_on": None,
            "severity": "general",
            "penalty_class": None,
            "content": dict(record.content),
        }
        attach_change(record, ChangeInfo(ChangeKind.DEMO))
        uow.commit()
    case_no = desk.open_case(record_id)["case_no"]

    # when the check finds the difference, which show marks
    case = desk.json("check", case_no)
    assert case["check_result"] == "differs" and case["next_step"] == "objection.correct"
    code, out, _err = desk.run("show", case_no)
    assert "    ※ 决定日期：平台“2026-03-02”，报送“2026-03-01”" in out

    # then only a supervisor may correct it
    code, _out, err = desk.run("correct", case_no)
    assert code == 1 and "无权" in err
    case = desk.json("correct", case_no, "--note", "按报送更正", user="supervisor")
    assert case["state"] == "corrected" and case["outcome_label"] == "平台信息已更正"
    assert case["records"][0]["decision_date"] == "2026-03-01"
    assert case["records"][0]["differs"] is False

    # and the supervisor can take the case over, or put it back in the shared queue
    case = desk.json("assign", case_no, "--to", "supervisor", user="supervisor")
    assert case["assignee_name"] == "李主管"
    code, out, err = desk.run("assign", case_no, "--unassign", user="supervisor")
    assert code == 0 and f"异议案件 {case_no}：已退回待分派" in out
    assert desk.json("list", "--open")["cases"][0]["assignee_name"] == ""


def test_the_written_slip_is_the_signed_letter_of_the_case(world, desk, tmp_path) -> None:
    # given a forwarded case whose slip was written with --out
    case_no = desk.open_case(world.records["c_dishonest_public"])["case_no"]
    desk.json("check", case_no)
    case = desk.json("forward", case_no, "--out", str(tmp_path / "slip.pdf"))

    # when anyone verifies the file
    code = main(["report", "verify", str(tmp_path / "slip.pdf"), "--db", desk.url])
    out = desk.capsys.readouterr().out

    # then it is the center's signed forwarding slip with the case's document number
    assert code == 0, out
    assert CENTER in out and case["document"]["number"] in out


def test_after_closing_the_applicant_disagrees_and_appeals_in_nantong(
    db, staff, db_url, capsys, tmp_path
) -> None:
    # given a Nantong case closed with the provider's "not upheld"
    world = objection_world(db, "nantong", staff)
    desk = Desk(db_url, capsys, tmp_path)
    record_id = world.records["c_dishonest_public"]
    case_no = desk.open_case(record_id)["case_no"]
    desk.json("check", case_no)
    desk.json("forward", case_no, "--out", str(tmp_path / "slip.pdf"))
    desk.json("reply", case_no, "--outcome", "not_upheld", "--reasons", "处罚有效")
    case = desk.json("notify", case_no, "--out", str(tmp_path / "letter.pdf"))
    assert case["appeal_to"] == "本级信用主管部门"
    assert {a["event"] for a in case["allowed"]} == {"dispute", "appeal"}

    # when the applicant still disagrees, and then appeals to the credit authority
    case = desk.json("dispute", case_no, "--statement", "仍认为处罚已撤销")
    assert case["disputed"] is True and case["state"] == "closed"
    code, out, err = desk.run(
        "appeal", case_no, "--statement", "请求删除该信息", "--document", desk.file("申诉书.pdf")
    )
    assert code == 0, err
    assert f"异议案件 {case_no}：已登记申诉（本级信用主管部门）" in out
    assert "当前状态：申诉中" in out

    # then a clerk cannot enter the authority's decision, a supervisor can
    code, _out, err = desk.run("appeal-decide", case_no, "--outcome", "upheld_deleted")
    assert code == 1 and "无权" in err
    case = desk.json(
        "appeal-decide",
        case_no,
        "--outcome",
        "upheld_deleted",
        "--document-number",
        "通信用〔2026〕3号",
        user="supervisor",
    )
    assert case["state"] == "closed" and case["outcome_label"] == "申诉结果：异议成立，予以删除"
    assert case["records"][0]["status"] == "deleted"
    assert [t["event"] for t in case["timeline"]][-3:] == ["dispute", "appeal", "decide_appeal"]


def test_a_receipt_not_printed_at_intake_is_printed_once_later(world, desk, tmp_path) -> None:
    # given a case opened without --receipt-out
    case_no = desk.open_case(world.records["c_dishonest_public"])["case_no"]

    # when the clerk prints the receipt afterwards
    case = desk.json("receipt", case_no, "--out", str(tmp_path / "回执.pdf"))

    # then it is issued and written; a second print is refused, pointing to the reprint
    assert (tmp_path / "回执.pdf").read_bytes().startswith(b"%PDF")
    assert [d["doc_type"] for d in case["documents"]] == ["objection_receipt"]
    code, _out, err = desk.run("receipt", case_no, "--out", str(tmp_path / "again.pdf"))
    assert code == 1 and f"受理回执已出具（编号 {case['document']['number']}）" in err
    assert "补打" in err and not (tmp_path / "again.pdf").exists()
