"""User stories for the file layer of data intake (no database): a clerk imports the weekly
spreadsheet a provider sent, and the center sends templates and return files back.

Each test reads: given … (the file a provider sent), when … (it is read or written), then …
(the rows the validation layer receives, or the message the clerk sees).
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.domain.errors import ValidationFailed
from app.domain.messages import MESSAGES
from app.services import intake_files
from app.services.intake_files import (
    DETECTION_SAMPLE_BYTES,
    IntakeFileError,
    RowReader,
    SheetRow,
    detect_encoding,
    write_table,
)

LABELS = ["行政相对人名称", "统一社会信用代码", "处罚决定日期", "罚款金额（元）"]
TITLE = "济南市市场监督管理局行政处罚信息报送表（2026年第45周）"


def read_all(source: Path | bytes, name: str, labels=LABELS, **kw) -> tuple[RowReader, list]:
    with RowReader(source, file_name=name, expected_labels=labels, **kw) as reader:
        return reader, list(reader)


def xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- CSV encodings ----------------------------------------------------------------------------


def test_a_gbk_csv_saved_by_excel_on_chinese_windows_is_read_with_its_chinese_intact(
    tmp_path: Path,
) -> None:
    path = tmp_path / "处罚.csv"
    text = (
        f"{TITLE},,,\r\n"
        "行政相对人名称,统一社会信用代码,处罚决定日期,罚款金额（元）\r\n"
        "济南市历下区张记餐饮店,92370102MA3C00001H,2026-11-03,2000\r\n"
        "\r\n"
        ",,,\r\n"
        "山东𬌗齿科技有限公司,91370100MA3C00002J,2026-11-04,500\r\n"
    )
    path.write_bytes(text.encode("gb18030"))  # 𬌗 is outside GBK: GB18030 four-byte form

    reader, rows = read_all(path, "处罚.csv")

    assert (reader.kind, reader.encoding, reader.header_line) == ("csv", "gb18030", 2)
    assert reader.header == tuple(LABELS)
    assert rows == [
        SheetRow(
            3,
            {
                "行政相对人名称": "济南市历下区张记餐饮店",
                "统一社会信用代码": "92370102MA3C00001H",
                "处罚决定日期": "2026-11-03",
                "罚款金额（元）": "2000",
            },
        ),
        SheetRow(
            6,
            {
                "行政相对人名称": "山东𬌗齿科技有限公司",
                "统一社会信用代码": "91370100MA3C00002J",
                "处罚决定日期": "2026-11-04",
                "罚款金额（元）": "500",
            },
        ),
    ]


def test_a_utf8_csv_with_bom_is_read_and_the_bom_is_not_part_of_the_first_label() -> None:
    data = "\ufeff行政相对人名称,统一社会信用代码\r\n张三,110105194912310021\r\n".encode()

    reader, rows = read_all(data, "许可.csv", labels=LABELS[:2])

    assert reader.encoding == "utf-8-sig"
    assert reader.header == ("行政相对人名称", "统一社会信用代码")
    assert rows == [
        SheetRow(2, {"行政相对人名称": "张三", "统一社会信用代码": "110105194912310021"})
    ]


def test_a_utf8_csv_with_a_chinese_character_cut_at_the_sample_boundary_is_still_utf8() -> None:
    head = "名称,备注\r\n".encode()
    # "a,<ASCII …>中": the three bytes of 中 straddle the end of the detection sample
    padding = DETECTION_SAMPLE_BYTES - len(head) - len("a,") - 1
    data = head + b"a," + b"x" * padding + "中文\r\n".encode() + "乙,丙\r\n".encode()
    assert data[DETECTION_SAMPLE_BYTES - 1 : DETECTION_SAMPLE_BYTES + 2] == "中".encode()
    assert detect_encoding(data[:DETECTION_SAMPLE_BYTES]) == "utf-8"

    reader, rows = read_all(data, "长.csv", labels=["名称", "备注"])

    assert reader.encoding == "utf-8"
    assert [row.values for row in rows] == [
        {"名称": "a", "备注": "x" * padding + "中文"},
        {"名称": "乙", "备注": "丙"},
    ]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (b"", "utf-8"),
        (b"name,code\r\n", "utf-8"),
        ("名称,代码".encode(), "utf-8"),
        ("\ufeff名称".encode(), "utf-8-sig"),
        ("名称,代码".encode("gbk"), "gb18030"),
        ("联通".encode("gbk"), "gb18030"),  # the famous Notepad mis-detection
        ("名称,代码".encode()[:-1], "utf-8"),  # cut inside the last character
    ],
)
def test_the_encoding_is_decided_from_the_bytes(sample: bytes, expected: str) -> None:
    assert detect_encoding(sample) == expected


def test_a_gbk_csv_whose_first_64_kib_are_ascii_is_still_read_as_gbk() -> None:
    rows = "".join(f"ACME-{i:06d},ok\r\n" for i in range(DETECTION_SAMPLE_BYTES // 10))
    data = ("name,note\r\n" + rows + "济南分公司,备注\r\n").encode("gbk")

    reader, read = read_all(data, "gbk.csv", labels=["name", "note"])

    assert reader.encoding == "gb18030"
    assert read[-1].values == {"name": "济南分公司", "note": "备注"}


def test_a_file_mixing_encodings_is_refused_naming_the_line_that_does_not_decode() -> None:
    data = "名称,备注\r\n甲,一\r\n乙,二\r\n".encode("gbk") + "丙,三\r\n".encode()

    with pytest.raises(IntakeFileError) as caught:
        read_all(data, "混合.csv", labels=["名称", "备注"])

    assert caught.value.text == (
        "文件“混合.csv”第 4 行含有无法识别的字符（按 GBK/GB18030 编码读取）："
        "文件可能混用了不同的编码，或已损坏。"
    )
    assert caught.value.line == 4
    assert isinstance(caught.value, ValidationFailed)
    assert caught.value.field_errors == {"file": [caught.value.text]}


# --- CSV shape --------------------------------------------------------------------------------


def test_quoted_cells_may_span_lines_and_each_row_carries_the_line_it_starts_on() -> None:
    data = (
        "名称,地址,备注\r\n"
        '甲公司,"济南市历下区\r\n经十路1号",\r\n'
        "\r\n"
        '乙公司,"他说""你好""，然后走了",短行\r\n'
        "丙公司\r\n"
    ).encode()

    _, rows = read_all(data, "多行.csv", labels=["名称", "地址", "备注"])

    assert rows == [
        SheetRow(2, {"名称": "甲公司", "地址": "济南市历下区\r\n经十路1号", "备注": ""}),
        SheetRow(5, {"名称": "乙公司", "地址": '他说"你好"，然后走了', "备注": "短行"}),
        SheetRow(6, {"名称": "丙公司", "地址": "", "备注": ""}),
    ]


def test_a_row_with_more_cells_than_the_header_is_refused_naming_line_and_column() -> None:
    # the classic cause: a comma inside an unquoted address
    data = "名称,地址\r\n甲公司,济南市\r\n乙公司,济南市,历下区\r\n".encode()

    with pytest.raises(IntakeFileError) as caught:
        read_all(data, "地址.csv", labels=["名称", "地址"])

    assert caught.value.text == (
        "文件“地址.csv”第 3 行 C 列有内容“历下区”，但这一列没有列名（超出表头）。"
    )
    assert (caught.value.line, caught.value.column) == (3, "C")


def test_extra_cells_can_be_kept_per_row_for_the_validation_layer_to_report() -> None:
    data = "名称,地址,,\r\n甲公司,济南市,,\r\n乙公司,济南市,历下区,\r\n".encode()

    reader, rows = read_all(data, "地址.csv", labels=["名称", "地址"], extra_cells="keep")

    assert reader.header == ("名称", "地址")
    assert rows == [
        SheetRow(2, {"名称": "甲公司", "地址": "济南市"}),  # empty trailing cells are fine
        SheetRow(3, {"名称": "乙公司", "地址": "济南市"}, extra=(("C", "历下区"),)),
    ]


def test_an_empty_file_or_a_file_with_only_a_header_yields_no_rows() -> None:
    reader, rows = read_all(b"", "空.csv")
    assert (rows, reader.header, reader.header_line) == ([], (), 0)
    reader, rows = read_all(b"", "空.xlsx")
    assert (rows, reader.kind, reader.header) == ([], "xlsx", ())
    reader, rows = read_all(b"\r\n,,,\r\n", "空.csv")
    assert (rows, reader.header) == ([], ())

    reader, rows = read_all(("\r\n".join([TITLE, ",".join(LABELS), "", ""])).encode(), "头.csv")
    assert (rows, reader.header, reader.header_line) == ([], tuple(LABELS), 2)


def test_tab_separated_text_saved_with_an_excel_name_is_read_by_its_content() -> None:
    data = "名称\t代码\r\n甲\t1\r\n".encode("gbk")

    reader, rows = read_all(data, "导出.xls", labels=["名称", "代码"])

    assert (reader.kind, reader.delimiter) == ("csv", "\t")
    assert rows == [SheetRow(2, {"名称": "甲", "代码": "1"})]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            '名称,代码\r\n甲,"未闭合\r\n乙,2\r\n',
            "文件“引号.csv”第 2 行起有一个单元格以英文双引号开头，直到文件末尾都没有结束的双引号。",
        ),
        (
            '名称,代码\r\n甲,1\r\n乙,"2"号\r\n',
            "文件“引号.csv”第 3 行的英文双引号用法有误：用双引号括起的单元格，"
            "结束的双引号后面只能是分隔符（逗号）或换行。",
        ),
    ],
    ids=["left-open", "text-after-closing-quote"],
)
def test_misplaced_quotes_are_refused_naming_the_line(data: str, expected: str) -> None:
    with pytest.raises(IntakeFileError) as caught:
        read_all(data.encode(), "引号.csv", labels=["名称", "代码"])
    assert caught.value.text == expected


# --- the header -------------------------------------------------------------------------------


def test_a_file_without_the_expected_header_is_refused_listing_the_labels_expected() -> None:
    data = "姓名,电话\r\n张三,13800000000\r\n".encode()

    with pytest.raises(IntakeFileError) as caught:
        read_all(data, "错表.csv")

    assert caught.value.text == (
        "文件“错表.csv”中找不到表头：前 2 个非空行中，没有一行含有下列列名中的至少一半："
        "“行政相对人名称”、“统一社会信用代码”、“处罚决定日期”、“罚款金额（元）”。"
    )
    assert "报送模板" in caught.value.resolution


def test_a_header_with_half_the_labels_is_found_and_spelling_variants_are_matched() -> None:
    # full-width spaces for alignment, half-width brackets, a line break in a header cell
    data = "说明：金额单位为元\r\n行政相对人　名称 ,罚款金额(元),其他\r\n甲,100,x\r\n".encode()

    reader, rows = read_all(data, "变体.csv")

    assert reader.header_line == 2
    assert reader.header_found == ("行政相对人 名称", "罚款金额(元)", "其他")
    assert reader.header == ("行政相对人名称", "罚款金额（元）", "其他")
    assert reader.header_columns == {"行政相对人名称": "A", "罚款金额（元）": "B", "其他": "C"}
    assert rows[0].values == {"行政相对人名称": "甲", "罚款金额（元）": "100", "其他": "x"}


def test_duplicate_header_labels_are_refused_naming_them_and_their_columns() -> None:
    data = "名称,代码,名 称\r\n甲,1,乙\r\n".encode()

    with pytest.raises(IntakeFileError) as caught:
        read_all(data, "重复.csv", labels=["名称", "代码"])

    assert caught.value.text == (
        "文件“重复.csv”第 1 行的表头中有重复的列名（括号内为所在列）：“名称”（A、C）。"
    )


def test_without_expected_labels_the_title_row_is_skipped_for_the_first_row_of_cells() -> None:
    data = f"{TITLE}\r\n名称,代码\r\n甲,1\r\n".encode()

    reader, rows = read_all(data, "无标签.csv", labels=())

    assert (reader.header, reader.header_line) == (("名称", "代码"), 2)
    assert rows == [SheetRow(3, {"名称": "甲", "代码": "1"})]


# --- xlsx -------------------------------------------------------------------------------------


def provider_workbook() -> Workbook:
    """As a provider's clerk makes it in Excel: merged title, a note, the header, data, and
    formatting left on rows far below the data."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "处罚信息"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "注：罚款金额单位为元；日期格式为年-月-日。"
    sheet.append(["行政相对人名称", "统一社会信用代码", "处罚决定日期", "罚款金额(元)", "已公示"])
    sheet.append(["张三", "110105194912310021", datetime(2026, 11, 3), 12.0, True])
    sheet["B4"].number_format = "@"  # an ID number in a text cell, as it must be
    sheet.append(["李四", 110105194912310021, date(2026, 11, 4), 0.1 + 0.2, False])
    sheet.append(["  王五  ", None, datetime(2026, 11, 5, 9, 30), 1e-7, None])
    for row in range(20, 26):  # trailing empty rows that still carry formatting
        sheet.cell(row=row, column=1).number_format = "@"
        sheet.cell(row=row, column=2).value = "   "
    sheet.cell(row=3, column=9).number_format = "@"  # and an empty formatted column
    return workbook


def test_an_xlsx_with_a_merged_title_notes_and_trailing_empty_rows_yields_just_the_data() -> None:
    reader, rows = read_all(xlsx_bytes(provider_workbook()), "处罚.xlsx")

    assert (reader.kind, reader.encoding, reader.sheet_name) == ("xlsx", None, "处罚信息")
    assert (reader.header_line, reader.header) == (3, (*LABELS, "已公示"))
    assert reader.header_found[3] == "罚款金额(元)" and len(reader.header_found) == 5
    assert [row.line for row in rows] == [4, 5, 6]
    assert rows[0].values == {
        "行政相对人名称": "张三",
        "统一社会信用代码": "110105194912310021",  # exact: stored as text
        "处罚决定日期": "2026-11-03",
        "罚款金额（元）": "12",
        "已公示": "是",
    }
    assert rows[1].values["罚款金额（元）"] == "0.3"
    assert rows[1].values["已公示"] == "否"
    # typed as a number, Excel kept 15 digits: shown as Excel shows it, and flagged
    assert rows[1].values["统一社会信用代码"] == "110105194912310000"
    assert rows[1].imprecise == {"统一社会信用代码"}
    assert rows[0].imprecise == frozenset()
    assert rows[2].values == {
        "行政相对人名称": "王五",
        "统一社会信用代码": "",
        "处罚决定日期": "2026-11-05 09:30:00",  # a time of day is kept, not dropped
        "罚款金额（元）": "0.0000001",  # never scientific notation
        "已公示": "",
    }
    assert reader.closed


def test_an_xlsx_is_recognised_by_its_content_whatever_its_name() -> None:
    reader, rows = read_all(xlsx_bytes(provider_workbook()), "处罚.csv")
    assert reader.kind == "xlsx" and len(rows) == 3


def test_a_truncated_xlsx_is_refused_naming_the_file() -> None:
    data = xlsx_bytes(provider_workbook())

    with pytest.raises(IntakeFileError) as caught:
        read_all(data[: len(data) // 2], "处罚.xlsx")

    assert caught.value.text == (
        "文件“处罚.xlsx”无法读取：不是有效的 Excel 文件（文件已损坏或不是 .xlsx）。"
    )


def test_an_xlsx_damaged_inside_the_sheet_is_refused_naming_the_file() -> None:
    workbook = Workbook()
    for i in range(3000):
        workbook.active.append([f"公司{i}", f"91370100MA3C{i:05d}X", "2026-11-03", str(i)])
    workbook.active.insert_rows(1)
    for column, label in enumerate(LABELS, 1):
        workbook.active.cell(row=1, column=column, value=label)
    data = bytearray(xlsx_bytes(workbook))
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    middle = member.header_offset + 30 + len(member.filename) + member.compress_size // 2
    data[middle : middle + 64] = bytes(64)

    with pytest.raises(IntakeFileError) as caught:
        read_all(bytes(data), "报送.xlsx")

    assert caught.value.msg_id in {"intake_file.xlsx_damaged", "intake_file.not_xlsx"}
    assert "文件“报送.xlsx”" in caught.value.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("报送.xlsx", "文件“报送.xlsx”无法读取：不是有效的 Excel 文件（文件已损坏或不是 .xlsx）。"),
        ("报送.csv", "文件“报送.csv”无法读取：既不是 Excel 工作簿（.xlsx），也不是 CSV 文本文件。"),
    ],
)
def test_random_bytes_are_refused_naming_the_file(name: str, expected: str) -> None:
    junk = random.Random(20261125).randbytes(4096)

    with pytest.raises(IntakeFileError) as caught:
        read_all(junk, name)

    assert caught.value.text == expected


@pytest.mark.parametrize(
    ("content", "msg_id"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "intake_file.legacy_or_encrypted"),
        (b"<html><body><table><tr><td>1</td></tr></table>", "intake_file.markup"),
        ("名称\t代码".encode("utf-16"), "intake_file.utf16"),
    ],
    ids=["xls-or-password", "html-table-named-xls", "unicode-text"],
)
def test_files_that_only_look_like_excel_get_their_own_explanation(content, msg_id) -> None:
    with pytest.raises(IntakeFileError) as caught:
        read_all(content, "报送.xls")

    assert caught.value.msg_id == msg_id
    assert caught.value.text.startswith("文件“报送.xls”")


def test_a_missing_file_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(IntakeFileError) as caught:
        RowReader(tmp_path / "不在.csv", file_name="不在.csv")
    assert caught.value.text == "文件“不在.csv”不存在或已被移走。"


def test_an_xlsx_whose_first_sheet_has_no_header_says_only_the_first_sheet_is_read() -> None:
    workbook = Workbook()
    workbook.active.title = "填报说明"
    workbook.active.append(["请在第二个工作表填写"])
    workbook.create_sheet("数据").append(LABELS)

    with pytest.raises(IntakeFileError) as caught:
        read_all(xlsx_bytes(workbook), "处罚.xlsx")

    assert caught.value.msg_id == "intake_file.header_missing_sheet"
    assert "第一个工作表“填报说明”" in caught.value.text


# --- the file as a whole ------------------------------------------------------------------------


def test_size_and_sha256_describe_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "处罚.xlsx"
    path.write_bytes(xlsx_bytes(provider_workbook()))

    with RowReader(path, file_name=path.name, expected_labels=LABELS) as reader:
        assert reader.size_bytes == path.stat().st_size
        assert reader.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert reader.closed
    with pytest.raises(ValueError, match="closed"):
        next(reader)


def open_handles_on(path: Path) -> list[str]:
    fds = Path("/proc/self/fd")
    return [fd.name for fd in fds.iterdir() if fd.resolve(strict=False) == path.resolve()]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_leaving_the_with_block_early_closes_the_file_and_the_workbook(
    tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"报送.{fmt}"
    path.write_bytes(write_table(LABELS, [CODES[0]] * 50, fmt=fmt))

    with RowReader(path, file_name=path.name, expected_labels=LABELS) as reader:
        assert open_handles_on(path)
        for row in reader:
            assert row.line == 2
            break  # the clerk cancels after the first row

    assert reader.closed
    assert open_handles_on(path) == []


def test_every_message_the_reader_can_raise_has_a_template_naming_the_file() -> None:
    source = Path(intake_files.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'"(intake_file\.\w+)"', source))
    assert raised
    for msg_id in raised:
        assert "{file}" in MESSAGES[msg_id].text, msg_id


# --- writing templates and return files -------------------------------------------------------

CODES = [
    ["济南市历下区张记餐饮店", "92370102MA3C00001H", "2026-11-03", "2000"],
    ["张三", "110105194912310021", "2026-11-04", "0012.50"],
    ['=HYPERLINK("x")', "#N/A", "1e5", "_x0041_"],
    ["多行\r\n名称", "", "", ""],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_written_table_reads_back_unchanged(fmt: str) -> None:
    data = write_table(LABELS, CODES, fmt=fmt, title=TITLE, notes=["注：日期格式为年-月-日。"])

    reader, rows = read_all(data, f"退回.{fmt}")

    assert (reader.kind, reader.header_line, reader.header) == (fmt, 3, tuple(LABELS))
    assert [row.values for row in rows] == [dict(zip(LABELS, row, strict=True)) for row in CODES]


def test_a_written_xlsx_is_all_text_with_a_bold_frozen_header_under_a_merged_title() -> None:
    data = write_table(LABELS, CODES, fmt="xlsx", title=TITLE, notes=["注一", "注二"])

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]

    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet["A1"].value == TITLE and sheet["A1"].font.b
    assert sheet.freeze_panes == "A5"
    assert all(cell.font.b for cell in sheet[4])
    data_cells = [cell for row in sheet.iter_rows(min_row=5) for cell in row if cell.value]
    assert {(c.data_type, c.number_format) for c in data_cells} == {("s", "@")}
    assert sheet["B6"].value == "110105194912310021"
    assert sheet["A7"].value == '=HYPERLINK("x")'  # text, never a formula
    # whole columns are text, so IDs typed into the template later stay exact
    assert sheet.column_dimensions["B"].number_format == "@"
    assert 20 <= sheet.column_dimensions["A"].width <= 60  # 11 CJK characters → wide


def test_a_written_csv_has_a_bom_and_crlf_for_excel_on_chinese_windows() -> None:
    data = write_table(["名称", "代码"], [["甲", "1"]], fmt="csv")
    assert data == "\ufeff名称,代码\r\n甲,1\r\n".encode()

    titled = write_table(["名称", "代码"], [], fmt="csv", title="标题", notes=["说明"])
    assert titled == "\ufeff标题\r\n说明\r\n名称,代码\r\n".encode()


def test_write_table_refuses_rows_wider_than_the_labels_and_duplicate_labels() -> None:
    with pytest.raises(ValueError, match="row 1"):
        write_table(["名称"], [["甲", "乙"]], fmt="csv")
    with pytest.raises(ValueError, match="duplicate"):
        write_table(["名称", "名 称"], [], fmt="xlsx")


# --- properties ---------------------------------------------------------------------------------

_char = st.characters(exclude_categories=("Cs",))  # any code point a str can be encoded with
_token = st.sampled_from(
    [",", '"', "\n", "\r\n", "\r", "\t", "，", "济南", "𬌗", "_x000D_", "\x01", "=", "0012"]
)
cell_texts = st.lists(st.one_of(_char, _token), max_size=12).map("".join).map(str.strip)
tables = st.lists(st.lists(cell_texts, min_size=3, max_size=3), max_size=8)
ROUND_TRIP_LABELS = ["名称", "代码", "备注"]


def expected_rows(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(ROUND_TRIP_LABELS, r, strict=True)) for r in rows if any(r)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables)
def test_any_cell_text_round_trips_through_csv(rows: list[list[str]]) -> None:
    data = write_table(ROUND_TRIP_LABELS, rows, fmt="csv", title="标题")
    _, read = read_all(data, "p.csv", labels=ROUND_TRIP_LABELS)
    assert [row.values for row in read] == expected_rows(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables)
def test_any_cell_text_round_trips_through_xlsx(rows: list[list[str]]) -> None:
    data = write_table(ROUND_TRIP_LABELS, rows, fmt="xlsx", title="标题", notes=["说明"])
    _, read = read_all(data, "p.xlsx", labels=ROUND_TRIP_LABELS)
    assert [row.values for row in read] == expected_rows(rows)


# --- streaming ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_reading_a_200000_row_csv_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "大.csv"
    labels = ["名称", "统一社会信用代码", "日期", "金额", "机关", "备注"]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(labels)
        writer.writerows(
            [f"济南某某科技有限公司{i}", f"91370100MA3C{i:06d}", "2026-11-03", str(i), "市监局", ""]
            for i in range(200_000)
        )
    assert path.stat().st_size > 15_000_000

    tracemalloc.start()
    try:
        with RowReader(path, file_name=path.name, expected_labels=labels) as reader:
            count = sum(1 for _ in reader)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 200_000
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"
