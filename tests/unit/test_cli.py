"""The companion CLI as an operator uses it."""

from __future__ import annotations

import json

import pytest

from app.cli import main as cli


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("creditdesk ")


def test_validate_a_valid_id_number_prints_kind_and_birth_date(capsys) -> None:
    assert cli(["validate", "11010519491231002X"]) == 0
    out = capsys.readouterr().out
    assert "有效" in out and "自然人" in out and "1949年12月31日" in out


def test_validate_a_bad_check_digit_exits_1_naming_the_fault(capsys) -> None:
    assert cli(["validate", "110105194912310023"]) == 1
    assert "第18位校验码应为 X，实际为 3" in capsys.readouterr().err


def test_validate_json_for_a_uscc(capsys) -> None:
    assert cli(["validate", "91350100M000100Y43", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert data["doc_type"] == "uscc"
    assert data["kind"] == "legal_person"


def test_validate_legacy_15_digit_number_is_converted(capsys) -> None:
    assert cli(["validate", "110105491231002", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["normalized"] == "11010519491231002X"
    assert data["converted_from"] == "110105491231002"


def test_unknown_database_scheme_is_a_clear_error(capsys) -> None:
    assert cli(["db", "current", "--db", "mysql://root@localhost/x"]) == 1
    assert "仅支持 SQLite 与 PostgreSQL" in capsys.readouterr().err


def test_unreachable_postgresql_is_a_clear_error(capsys) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert cli(["db", "current", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "无法连接数据库 PostgreSQL 127.0.0.1:1/none" in err


def test_bad_date_argument_is_rejected_in_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(["demo-data", "--as-of", "2026-02-30"])
    assert exit_info.value.code == 2
    assert "不是有效日期" in capsys.readouterr().err
