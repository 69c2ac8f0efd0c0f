"""``creditdesk import``, ``template`` and ``catalog``: data intake from the command line, on
SQLite and PostgreSQL — same services, same Chinese as the GUI.

Given the market regulator (SCJGJ) supplying CF001 penalties under the Weihai profile (the
layout of tests/integration/test_intake_batches.py), when a supervisor imports a file, then a
dry run only counts, a commit loads what conforms and says which rows went back and why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import CatalogItem, CreditRecord, IntakeBatch
from app.rules.intake_rules import LABELS
from app.services.intake import REASON_LABEL
from app.services.intake_files import RowReader, write_table
from tests.integration.intake_world import BAD_CODE, HEADER, line
from tests.integration.query_world import ITEM_CODES, TODAY, build_world


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


class Desk:
    """Runs ``creditdesk …`` in-process against the test database."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str], files: Path) -> None:
        self.url, self.capsys, self.files = url, capsys, files

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", self.url])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def intake(self, *argv: str, user: str = "supervisor") -> tuple[int, str, str]:
        return self.run("import", *argv, "--user", user, "--today", TODAY.isoformat())

    def json(self, *argv: str) -> Any:
        code, out, err = self.run(*argv, "--json")
        assert code == 0, err
        return json.loads(out)

    def file(self, name: str, content: bytes) -> str:
        path = self.files / name
        path.write_bytes(content)
        return str(path)

    def batch_file(self, name: str = "处罚.xlsx") -> str:
        rows = [line(), line(doc="市监罚〔2026〕102号"), line(code=BAD_CODE)]
        fmt = "csv" if name.endswith(".csv") else "xlsx"
        data = write_table(HEADER, rows, fmt=fmt, title="市场监督管理局行政处罚信息报送表")
        return self.file(name, data)


@pytest.fixture
def desk(db_url, capsys, tmp_path) -> Desk:
    return Desk(db_url, capsys, tmp_path)


def count(db, model) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


# --- import ----------------------------------------------------------------------------------


def test_a_dry_run_counts_then_the_commit_loads_and_names_the_returned_row(db, world, desk) -> None:
    records = count(db, CreditRecord)
    path = desk.batch_file()
    code, out, err = desk.intake(path, "--provider", "SCJGJ", "--dry-run")
    assert code == 0, err
    assert "预演（未写入数据库）：处罚.xlsx（市场监督管理局，SCJGJ）" in out
    assert "共 3 行：新增 2，更新 0，未变 0，退回 1；新建信用主体 1 个。" in out
    assert "第 5 行：统一社会信用代码或身份证号码：" in out and "校验码" in out
    assert "去掉 --dry-run 即正式入库" in out
    assert (count(db, CreditRecord), count(db, IntakeBatch)) == (records, 0)

    code, out, err = desk.intake(path, "--provider", "SCJGJ")
    assert code == 0, err  # the batch ran, although a row went back
    with db.uow() as uow:
        batch_id = uow.session.scalar(select(IntakeBatch.id))
    assert f"已入库：处罚.xlsx（市场监督管理局，SCJGJ），批次 {batch_id}，归集日志第 1 条。" in out
    assert "注意：1 行不符合要求，退回报送单位更正；其余 2 行已入库。" in out
    assert count(db, CreditRecord) == records + 2


def test_returns_writes_the_return_list_with_the_reasons(db, world, desk) -> None:
    out_file = desk.files / "退回清单.csv"
    code, out, err = desk.intake(
        desk.batch_file(), "--provider", "SCJGJ", "--returns", str(out_file)
    )
    assert code == 0, err
    assert f"退回清单：{out_file}（1 行）" in out
    with RowReader(out_file, file_name=out_file.name, expected_labels=HEADER) as reader:
        rows = list(reader)
    assert len(rows) == 1 and rows[0].values[LABELS["subject_code"]] == BAD_CODE
    assert "校验码" in rows[0].values[REASON_LABEL]


def test_json_output_carries_counts_batch_and_rejected_rows(db, world, desk) -> None:
    data = desk.json(
        "import",
        desk.batch_file("处罚.csv"),
        "--provider",
        "SCJGJ",
        "--user",
        "admin",
        "--today",
        TODAY.isoformat(),
    )
    assert data["committed"] is True and data["dry_run"] is False
    assert (data["rows_total"], data["rows_new"], data["rows_rejected"]) == (3, 2, 1)
    assert data["provider"] == {"code": "SCJGJ", "name": "市场监督管理局"}
    assert isinstance(data["batch_id"], int) and data["log_seq"] == 1
    rejected = data["rejected"][0]
    assert rejected["line"] == 5 and rejected["errors"][0]["column"] == LABELS["subject_code"]


def test_an_unknown_provider_exits_1_in_chinese(db, world, desk) -> None:
    code, out, err = desk.intake(desk.batch_file(), "--provider", "XXJ")
    assert code == 1 and out == ""
    assert "没有代码为“XXJ”的在用信息提供单位" in err


def test_a_damaged_or_missing_file_exits_1_naming_it(db, world, desk) -> None:
    broken = desk.file("损坏.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    code, _out, err = desk.intake(broken, "--provider", "SCJGJ")
    assert code == 1 and "文件“损坏.xlsx”无法读取：不是有效的 Excel 文件" in err
    missing = str(desk.files / "没有.xlsx")
    code, _out, err = desk.intake(missing, "--provider", "SCJGJ")
    assert code == 1 and f"无法读取文件 {missing}：文件不存在" in err
    code, _out, err = desk.intake(desk.batch_file(), "--provider", "SCJGJ", "--returns", "x.txt")
    assert code == 1 and "扩展名应为 .xlsx 或 .csv" in err
    assert count(db, IntakeBatch) == 0


def test_a_clerk_may_not_import(db, world, desk) -> None:
    code, _out, err = desk.intake(desk.batch_file(), "--provider", "SCJGJ", user="clerk")
    assert code == 1 and "无权执行“导入归集批次”" in err


# --- template --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_template_is_written_and_reads_back(db, world, desk, suffix) -> None:
    out_file = desk.files / f"模板.{suffix}"
    code, out, err = desk.run("template", "CF001", "--out", str(out_file), "--user", "supervisor")
    assert code == 0, err
    assert f"已生成信息事项 CF001 的报送模板：{out_file}" in out
    with RowReader(out_file, file_name=out_file.name, expected_labels=HEADER) as reader:
        assert set(HEADER) <= set(reader.header)
        assert [r.values[LABELS["item_code"]] for r in reader] == ["CF001"]
    code, _out, err = desk.run("template", "ZZ999", "--user", "supervisor")
    assert code == 1 and "信息目录中没有代码为“ZZ999”的信息事项" in err


# --- catalogue -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "json"])
def test_the_catalogue_exports_and_imports_back_unchanged(db, world, desk, suffix) -> None:
    out_file = desk.files / f"目录.{suffix}"
    code, out, err = desk.run("catalog", "export", "--out", str(out_file))
    assert code == 0, err
    assert f"信息目录已导出到 {out_file}" in out
    code, out, err = desk.run("catalog", "import", str(out_file), "--dry-run")
    assert code == 0, err
    total = len(ITEM_CODES)
    assert f"信息事项 {total} 项：新增 0，更新 0，未变 {total}" in out and "预演" in out
    result = desk.json("catalog", "import", str(out_file), "--user", "admin")
    assert result["committed"] is True and result["unchanged"] == total


def test_a_faulty_catalogue_file_exits_1_listing_the_rows(db, world, desk) -> None:
    items = desk.json("catalog", "export", "--format", "json", "--out", str(desk.files / "c.json"))
    assert items["format"] == "json"
    document = json.loads((desk.files / "c.json").read_text(encoding="utf-8"))
    document[0]["name"] = "改名"
    document[1]["fields"] = "faith:信仰:宗教信仰"
    path = desk.file("c2.json", json.dumps(document, ensure_ascii=False).encode())
    code, out, err = desk.run("catalog", "import", path)
    assert code == 1 and out == ""
    assert "有 1 处错误，没有导入任何内容" in err
    assert f"第 2 项（{document[1]['code']}）：字段“信仰”属于宗教信仰信息，不得归集" in err
    with db.uow() as uow:
        assert "改名" not in uow.session.scalars(select(CatalogItem.name)).all()


def test_catalogue_lists_and_who_may_use_them(db, world, desk) -> None:
    items = desk.json("catalog", "list", "--provider", "SCJGJ")
    assert {i["code"] for i in items} >= {"CF001", "JC001"}
    cf001 = next(i for i in items if i["code"] == "CF001")
    assert cf001["fields"][0] == {
        "key": "facts",
        "label": "违法事实",
        "type": "text",
        "required": False,
    }
    providers = desk.json("catalog", "provider", "list", "--user", "supervisor")
    assert next(p for p in providers if p["code"] == "SCJGJ")["items"] >= 3
    code, out, _err = desk.run("catalog", "list")
    assert code == 0 and "CF001\t市场监管行政处罚信息" in out and "字段：facts:违法事实" in out
    code, _out, err = desk.run("catalog", "list", "--user", "clerk")
    assert code == 1 and "无权执行“查看归集批次”" in err
    code, _out, err = desk.run(
        "catalog", "import", str(desk.files / "none.json"), "--user", "admin"
    )
    assert code == 1 and "文件不存在" in err
