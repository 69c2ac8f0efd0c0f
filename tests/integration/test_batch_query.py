"""Batch queries by licensed credit service agencies (Zhangdian art. 29, Wuhan art. 23,
Xiamen art. 20): row by row, every row logged."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from query_world import (
    AGENCY,
    COMPANY,
    OTHER,
    PERSON,
    TODAY,
    build_world,
    grant_for,
    log_entries,
)

from app.cli import main
from app.domain.enums import IdDocType, QueryMethod, QueryOutcome, Role
from app.domain.errors import CreditDeskError, PermissionDenied, ValidationFailed
from app.services.agencies import AgencyInput, list_agencies, register_agency
from app.services.batch_query import parse_batch_file, run_batch_query
from app.services.grants import revoke_grant


def _agency(db, staff, **kw):
    data = {
        "name": "某某信用评级有限公司",
        "uscc": AGENCY,
        "licence_number": "鄂信备〔2025〕001号",
        "confidentiality_signed_on": TODAY - timedelta(days=30),
        "confidentiality_valid_to": TODAY + timedelta(days=335),
        **kw,
    }
    return register_agency(db, AgencyInput(**data), actor=staff[Role.ADMIN], today=TODAY)


@pytest.fixture
def setup(db, staff):
    world = build_world(db, "wuhan")
    agency = _agency(db, staff)
    clerk = staff[Role.CLERK]

    def to_agency(**kw):
        return grant_for(
            world,
            clerk,
            grantee=AGENCY,
            grantee_type=IdDocType.USCC,
            grantee_name="某某信用评级有限公司",
            **kw,
        )

    grants = {
        "company": to_agency(scope=("dishonest",)),
        "person": to_agency(subject_id=world.person_id, scope=("basic",)),
        "revoked": to_agency(),
        "someone_else": grant_for(world, clerk),  # the grantee is 李四, not the agency
    }
    revoke_grant(db, grants["revoked"], "撤回", actor=clerk)
    return world, agency, grants


def test_each_row_is_answered_and_logged(setup, staff) -> None:
    world, agency, g = setup
    lines = [
        "主体代码,授权编号",
        f"{COMPANY},{g['company']}",
        f"{PERSON},#{g['person']}",
        f"{COMPANY},{g['revoked']}",
        f"{COMPANY},{g['someone_else']}",
        f"{COMPANY},",
        "91370100MA3C00001A,1",
        f"{OTHER},{g['company']}",
        f"{COMPANY},abc",
        "",
    ]
    result = run_batch_query(
        world.db, agency.id, "\r\n".join(lines).encode("gbk"), actor=staff[Role.CLERK], today=TODAY
    )
    expected = [
        (2, QueryOutcome.SHOWN, ""),
        (3, QueryOutcome.SHOWN, ""),
        (4, QueryOutcome.REFUSED, f"授权已撤销（授权 {g['revoked']} 于"),
        (5, QueryOutcome.REFUSED, "被授权人与查询人不一致：授权"),
        (6, QueryOutcome.REFUSED, "未提供授权"),
        (7, QueryOutcome.REFUSED, "主体代码无效：统一社会信用代码第18位校验码"),
        (8, QueryOutcome.REFUSED, f"平台未归集代码为 {OTHER}"),
        (9, QueryOutcome.REFUSED, "授权编号“abc”无效"),
    ]
    assert [(r.row_no, r.outcome) for r in result.rows] == [e[:2] for e in expected]
    for row, (_n, _o, prefix) in zip(result.rows, expected, strict=True):
        assert (row.refusal_reason or "").startswith(prefix), row.refusal_reason
    company = result.rows[0]
    # dishonest scope: the public items and the authorised-only dishonest one
    assert {world.record_label(r.record_id) for r in company.records} == {
        "c_basic_public",
        "c_licence_public",
        "c_good_public",
        "c_dishonest_public",
        "c_dishonest_authorized",
    }
    # Wuhan art. 19: the person's penalty is not public; basic scope shows the licence only
    assert {world.record_label(r.record_id) for r in result.rows[1].records} == {
        "p_basic_authorized"
    }
    entries = log_entries(world.db)
    assert len(entries) == 8
    assert {e.method for e in entries} == {QueryMethod.BATCH}
    assert {e.batch_ref for e in entries} == {result.batch_ref}
    assert {e.agency_id for e in entries} == {agency.id}
    assert [e.seq for e in entries] == [r.log_seq for r in result.rows]
    assert entries[0].requester_org_code == AGENCY and entries[0].grant_id == g["company"]
    assert entries[0].purpose == "批量查询：办理银行贷款"

    csv_text = result.export_csv().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("行号,主体代码,主体名称,授权编号,结果,拒绝原因")
    assert "失信信息" in csv_text and "已拒绝" in csv_text
    sheet = load_workbook(io.BytesIO(result.export_xlsx())).active
    assert sheet["A1"].value == "行号" and sheet.max_row == len(csv_text.splitlines())


def test_an_agency_whose_agreement_expired_gets_every_row_refused(setup, staff) -> None:
    world, agency, g = setup
    later = TODAY + timedelta(days=400)
    result = run_batch_query(
        world.db,
        agency.id,
        f"{COMPANY},{g['company']}\n".encode(),
        actor=staff[Role.CLERK],
        today=later,
    )
    assert result.rows[0].refusal_reason.startswith(
        "信用服务机构“某某信用评级有限公司”的保密协议已于"
    )
    assert log_entries(world.db)[-1].outcome is QueryOutcome.REFUSED


def test_batch_queries_only_where_the_regulation_provides_them(db, staff) -> None:
    build_world(db, "weihai")
    agency = _agency(db, staff)
    with pytest.raises(CreditDeskError, match="未规定信用服务机构批量查询"):
        run_batch_query(
            db, agency.id, f"{COMPANY},1\n".encode(), actor=staff[Role.CLERK], today=TODAY
        )
    assert log_entries(db) == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "没有内容"),
        (b"\xff\xfe\x00\x00binary", "不是文本"),
        (b"\x81\x30\x81", "编码"),
        ("主体代码,授权编号\n".encode(), "没有数据行"),
    ],
    ids=["empty", "binary", "encoding", "header-only"],
)
def test_an_unusable_file_is_refused_as_a_whole(content, fragment) -> None:
    with pytest.raises(ValidationFailed, match=fragment):
        parse_batch_file(content)


def test_utf8_with_bom_and_english_headers() -> None:
    lines = parse_batch_file("\ufeffgrant_id,subject_code\n7,ABC\n".encode())
    assert [(x.row_no, x.code, x.grant_ref) for x in lines] == [(2, "ABC", "7")]


def test_agencies_are_registered_by_administrators(db, staff) -> None:
    with pytest.raises(PermissionDenied):
        register_agency(
            db,
            AgencyInput("x", AGENCY, "1", TODAY, TODAY + timedelta(days=1)),
            actor=staff[Role.CLERK],
        )
    with pytest.raises(ValidationFailed) as caught:
        _agency(
            db,
            staff,
            uscc="91420100MA4K00002A",
            confidentiality_valid_to=TODAY - timedelta(days=31),
        )
    assert set(caught.value.field_errors) == {"uscc", "confidentiality_valid_to"}
    row = _agency(db, staff)
    assert row.usable
    with pytest.raises(ValidationFailed, match="已登记为"):
        _agency(db, staff)
    assert [a.id for a in list_agencies(db, actor=staff[Role.CLERK])] == [row.id]
    with pytest.raises(PermissionDenied):
        list_agencies(db, actor=staff[Role.AUDITOR])


def test_auditors_cannot_run_batches(setup, staff) -> None:
    _world, agency, _g = setup
    with pytest.raises(PermissionDenied):
        run_batch_query(setup[0].db, agency.id, b"x,1\n", actor=staff[Role.AUDITOR])


def test_cli_batch_query(setup, tmp_path, capsys) -> None:
    world, agency, g = setup
    url = world.db.url.render_as_string(hide_password=False)
    source = tmp_path / "in.csv"
    source.write_text(f"{COMPANY},{g['company']}\n{COMPANY},{g['revoked']}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    code = main(
        [
            "batch-query",
            "--db",
            url,
            "--agency",
            str(agency.id),
            str(source),
            "--out",
            str(out),
            "--clerk",
            "clerk",
            "--today",
            TODAY.isoformat(),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "提供 1 行，拒绝 1 行" in capsys.readouterr().out
    assert load_workbook(out).active["B2"].value == COMPANY
