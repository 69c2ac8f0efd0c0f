"""``creditdesk query`` / ``grant`` / ``agency``: same services, same Chinese, same log;
and subject search for the wizard."""

from __future__ import annotations

import json

import pytest
from query_world import (
    AGENCY,
    COMPANY,
    PDF,
    PERSON,
    THIRD,
    TODAY,
    build_world,
    log_entries,
)

from app.cli import main
from app.domain.enums import QueryOutcome, Role
from app.domain.errors import InvalidCode, PermissionDenied, ValidationFailed
from app.services.subject_search import search_subjects


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


def _run(world, capsys, *argv: str) -> tuple[int, str, str]:
    url = world.db.url.render_as_string(hide_password=False)
    code = main(
        [argv[0], *argv[1:], "--db", url]
        if argv[0] not in ("grant", "agency")
        else [argv[0], argv[1], *argv[2:], "--db", url]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_public_query_as_json(world, capsys) -> None:
    code, out, err = _run(
        world,
        capsys,
        "query",
        "--requester",
        THIRD,
        "--requester-name",
        "李四",
        "--subject",
        COMPANY,
        "--audience",
        "public",
        "--clerk",
        "clerk",
        "--today",
        TODAY.isoformat(),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["record_count"] == 4 and data["times_requester_queried_subject"] == 1
    assert data["categories"] == ["basic", "good", "dishonest"]
    assert log_entries(world.db)[-1].seq == data["log_seq"]


def test_cli_grant_add_then_authorised_query(world, capsys, tmp_path) -> None:
    scan = tmp_path / "授权书.pdf"
    scan.write_bytes(PDF)
    code, out, err = _run(
        world,
        capsys,
        "grant",
        "add",
        "--subject",
        COMPANY,
        "--grantee",
        THIRD,
        "--grantee-name",
        "李四",
        "--scope",
        "dishonest",
        "--purpose",
        "贷款",
        "--from",
        TODAY.isoformat(),
        "--to",
        "2027-02-01",
        "--document",
        str(scan),
        "--clerk",
        "clerk",
        "--today",
        TODAY.isoformat(),
        "--json",
    )
    assert code == 0, err
    grant_id = json.loads(out)["id"]
    code, out, err = _run(
        world,
        capsys,
        "query",
        "--requester",
        THIRD,
        "--requester-name",
        "李四",
        "--subject",
        COMPANY,
        "--audience",
        "authorized",
        "--purpose",
        "融资信贷",
        "--grant",
        str(grant_id),
        "--clerk",
        "clerk",
        "--today",
        TODAY.isoformat(),
    )
    assert code == 0, err
    assert "共 5 条" in out and "【失信信息】" in out
    code, out, err = _run(
        world,
        capsys,
        "grant",
        "list",
        "--subject",
        COMPANY,
        "--clerk",
        "clerk",
        "--today",
        TODAY.isoformat(),
        "--json",
    )
    assert [g["id"] for g in json.loads(out)] == [grant_id]
    code, out, err = _run(
        world, capsys, "grant", "revoke", str(grant_id), "--reason", "撤回", "--clerk", "clerk"
    )
    assert code == 0 and "已撤销授权" in out


def test_cli_refusal_is_logged_and_exits_1(world, capsys) -> None:
    code, _out, err = _run(
        world,
        capsys,
        "query",
        "--requester",
        THIRD,
        "--requester-name",
        "李四",
        "--subject",
        PERSON,
        "--audience",
        "self",
        "--purpose",
        "了解本人信用状况",
        "--clerk",
        "clerk",
        "--json",
    )
    assert code == 1
    error = json.loads(err)
    assert error["error"] == "query.self_mismatch"
    assert error["message"].startswith("本人查询须查询人即信息主体")
    assert log_entries(world.db)[-1].outcome is QueryOutcome.REFUSED


def test_cli_requester_name_defaults_to_the_registered_name(world, capsys) -> None:
    code, _out, err = _run(
        world,
        capsys,
        "query",
        "--requester",
        PERSON,
        "--subject",
        PERSON,
        "--audience",
        "self",
        "--purpose",
        "了解本人信用状况",
        "--clerk",
        "clerk",
    )
    assert code == 0, err
    assert log_entries(world.db)[-1].requester_name == "张三"


def test_cli_auditor_cannot_query(world, capsys) -> None:
    code, _out, err = _run(
        world,
        capsys,
        "query",
        "--requester",
        THIRD,
        "--requester-name",
        "李四",
        "--subject",
        COMPANY,
        "--audience",
        "public",
        "--clerk",
        "auditor",
    )
    assert code == 1 and "无权执行“窗口查询”" in err
    assert log_entries(world.db) == []


def test_cli_agency_add_and_list(world, capsys) -> None:
    code, out, err = _run(
        world,
        capsys,
        "agency",
        "add",
        "--name",
        "某某信用评级有限公司",
        "--uscc",
        AGENCY,
        "--licence-no",
        "鄂信备001",
        "--agreement-signed",
        "2026-01-01",
        "--agreement-valid-to",
        "2027-12-31",
        "--json",
    )
    assert code == 0, err
    code, out, err = _run(world, capsys, "agency", "list", "--json")
    assert [a["uscc"] for a in json.loads(out)] == [AGENCY]


# --- subject search ----------------------------------------------------------------------------


def test_search_by_code_masks_natural_persons(world, staff) -> None:
    clerk = staff[Role.CLERK]
    page = search_subjects(world.db, PERSON, actor=clerk)
    assert [(h.name, h.display_code, h.matched_by) for h in page.rows] == [
        ("张三", "370102********1237", "code")
    ]
    assert search_subjects(world.db, COMPANY.lower(), actor=clerk).rows[0].display_code == COMPANY
    assert search_subjects(world.db, "e12345678", actor=clerk).rows[0].matched_by == "identity"
    assert search_subjects(world.db, THIRD, actor=clerk).rows == ()


def test_search_with_a_wrong_check_digit_says_so(world, staff) -> None:
    with pytest.raises(InvalidCode, match="第18位校验码应为 7，实际为 8"):
        search_subjects(world.db, PERSON[:-1] + "8", actor=staff[Role.CLERK])


def test_search_by_name_fragment_pages(world, staff) -> None:
    clerk = staff[Role.CLERK]
    with world.db.uow() as uow:
        from app.db.models import Subject
        from app.domain.enums import SubjectKind

        for i in range(5):
            uow.session.add(
                Subject(
                    kind=SubjectKind.LEGAL_PERSON,
                    code=f"91370100MA3C1000{i}X"[:18],
                    name=f"济南某某商贸{i}有限公司",
                )
            )
        uow.commit()
    first = search_subjects(world.db, "某某", actor=clerk, limit=4)
    assert first.total_estimate == 6 and len(first.rows) == 4
    second = search_subjects(world.db, "某某", actor=clerk, page_key=first.next_key, limit=4)
    assert len(second.rows) == 2 and second.next_key is None
    names = [h.name for h in first.rows + second.rows]
    assert names == sorted(names) and len(set(names)) == 6
    assert search_subjects(world.db, "某某%", actor=clerk).rows == ()  # "%" is literal
    with pytest.raises(ValidationFailed, match="至少需要输入 2 个汉字"):
        search_subjects(world.db, "某", actor=clerk)


def test_search_needs_the_query_permission(world, staff) -> None:
    with pytest.raises(PermissionDenied):
        search_subjects(world.db, "某某", actor=staff[Role.AUDITOR])
