"""公共信用信息报告 (the credit report), following the structure of the national report standard.

Cover block (center, title, subject, code, number, time, clerk, purpose, audience, QR) →
一、报告说明 → 二、基础信息 → 三、公共信用信息概要 → one section per detail category in the
national order, each a table or "无" → 查询记录 (a natural person's own report) → 法律依据.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from app.domain.enums import Audience, ReportSection
from reports import styles as st
from reports import template as tp
from reports.dto import DETAIL_SECTIONS, CreditReportData, RecordRow
from reports.styles import fmt_date, fmt_datetime

TITLE = "公共信用信息报告"
VERIFY_HINT = "扫描首页二维码或凭报告编号核验真伪"

VARIANT: dict[Audience, str] = {
    Audience.SELF: "（本人查询版）",
    Audience.AUTHORIZED: "（授权查询版）",
    Audience.PUBLIC: "（社会公开版）",
    Audience.GOVERNMENT: "（政务共享版）",
}

SECTION_TITLES: dict[ReportSection, str] = {
    ReportSection.LICENSING: "行政许可信息",
    ReportSection.PENALTY: "行政处罚信息",
    ReportSection.JUDICIAL: "司法裁判及执行信息（含失信被执行人）",
    ReportSection.SERIOUS_DISHONEST_LIST: "严重失信主体名单信息",
    ReportSection.KEY_ATTENTION_LIST: "重点关注名单信息",
    ReportSection.ABNORMAL_OPERATION: "经营异常名录信息",
    ReportSection.COMMITMENT: "信用承诺信息",
    ReportSection.HONOURS: "守信激励（荣誉）信息",
    ReportSection.OTHER: "其他信息",
}

OBJECTION_MARK = "异议处理中"
DISPUTED_MARK = "存在争议"  # the applicant still disagrees after the objection closed

_CN_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一 (section numbers)."""
    if n <= 10:
        return _CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_NUMERALS[tens - 1] + "十"
    return head + (_CN_NUMERALS[ones - 1] if ones else "")


def page_setup(data: CreditReportData, *, reprint: bool = False) -> tp.PageSetup:
    return tp.PageSetup(
        title=TITLE,
        issuer=data.issue.center_name,
        number=data.issue.number,
        number_label="报告编号",
        watermark=watermark_text(data),
        reprint=reprint,
        created=data.issue.issued_at,
        subject=f"{TITLE}：{data.subject.name}",
        verify_hint=VERIFY_HINT,
    )


def watermark_text(data: CreditReportData) -> str:
    return f"仅供{data.purpose}使用" if data.purpose else data.issue.center_name


def build_credit_report(
    data: CreditReportData,
    *,
    reprint: bool = False,
    reprinted_at: datetime | None = None,
) -> bytes:
    """The report as PDF bytes. Deterministic: the same data gives the same bytes."""
    from reports.documents import with_attachments

    setup = with_attachments(page_setup(data, reprint=reprint), data, reprint, reprinted_at)
    return tp.render(setup, story(data, reprint=reprint, reprinted_at=reprinted_at))


def story(
    data: CreditReportData, *, reprint: bool = False, reprinted_at: datetime | None = None
) -> list[Any]:
    from reports.documents import missing_characters

    out: list[Any] = []
    out.extend(_cover(data, reprint=reprint, reprinted_at=reprinted_at))
    out.extend(tp.missing_glyph_note([m.char for m in missing_characters(data)], "报告"))
    n = 0

    def heading(text: str) -> list[Any]:
        nonlocal n
        n += 1
        return tp.section_heading(f"{cn_number(n)}、{text}")

    out.extend(heading("报告说明"))
    out.extend(tp.numbered(_explanations(data), st.BODY))

    out.extend(heading("基础信息"))
    subject = data.subject
    items: list[tuple[str, Any]] = [
        ("主体名称", subject.name),
        ("主体类型", subject.kind.label),
        (subject.code_label, subject.code),
    ]
    items.extend((item.label, item.value) for item in subject.basic_info)
    out.append(tp.kv_table(items, columns=2, label_width=30 * mm))

    out.extend(heading("公共信用信息概要"))
    out.extend(_summary(data))

    for section in DETAIL_SECTIONS:
        out.extend(heading(SECTION_TITLES[section]))
        rows = data.rows_of(section)
        if rows:
            out.extend(_records_table(section, rows))
        else:
            out.extend(tp.empty_note("无"))

    if data.query_records is not None:
        out.extend(heading("查询记录"))
        out.append(
            tp.para("近期查询本人信用信息的记录（查询时间、查询机构或人员、查询用途）：", st.BODY)
        )
        out.append(Spacer(1, 1.5 * mm))
        if data.query_records:
            columns = [
                tp.Column("序号", 10 * mm, "CENTER"),
                tp.Column("查询时间", 28 * mm, "CENTER"),
                tp.Column("查询机构或人员", 58 * mm),
                tp.Column("查询用途", 48 * mm),
                tp.Column("查询方式", st.CONTENT_WIDTH - 144 * mm),
            ]
            rows_q = [
                [str(i), fmt_datetime(q.queried_at), q.querier, q.purpose, q.method]
                for i, q in enumerate(data.query_records, start=1)
            ]
            out.extend(tp.data_table(columns, rows_q))
        else:
            out.extend(tp.empty_note("无"))

    out.extend(heading("法律依据"))
    number = f"（{data.regulation_number}）" if data.regulation_number else ""
    basis = [f"本报告依据《{data.regulation}》{number}出具。"]
    basis.extend(data.legal_basis)
    items = tp.numbered(basis, st.BODY)
    ending = [
        *tp.paragraphs(data.notes, st.NOTE),
        Spacer(1, 4 * mm),
        tp.para("—— 报告结束 ——", st.SUBTITLE),
    ]
    # the end mark never stands alone on a page
    out.extend(items[:-2])
    out.append(KeepTogether([*items[-2:], *ending]))
    return out


def _cover(data: CreditReportData, *, reprint: bool, reprinted_at: datetime | None) -> list[Any]:
    issue = data.issue
    out: list[Any] = [
        Spacer(1, 2 * mm),
        tp.para(issue.center_name, st.ISSUER),
        Spacer(1, 2.5 * mm),
        tp.para(TITLE, st.TITLE),
        tp.para(VARIANT.get(data.audience, ""), st.SUBTITLE),
        Spacer(1, 5 * mm),
    ]
    items: list[tuple[str, Any]] = [
        ("信用主体", data.subject.name),
        (data.subject.code_label, data.subject.code),
        ("报告编号", issue.number or tp.NO_NUMBER),
        ("出具时间", fmt_datetime(issue.issued_at) if issue.issued_at else "（未出具）"),
        ("出具人员工号", issue.clerk_staff_no),
        ("查询类型", data.audience.label),
        ("查询用途", data.purpose),
    ]
    if data.requester:
        items.append(("查询申请人", data.requester))
    if data.authorization:
        items.append(("授权情况", data.authorization))
    items.append(("数据截止时间", fmt_datetime(data.data_cutoff)))
    if reprint:
        items.append(
            (
                "补打",
                "本件为补打件"
                + (f"，补打时间 {fmt_datetime(reprinted_at)}" if reprinted_at else ""),
            )
        )
    qr_width = 40 * mm
    info = tp.kv_table(
        items, columns=1, width=st.CONTENT_WIDTH - qr_width, label_width=30 * mm, boxed=False
    )
    if issue.qr_payload:
        qr: Any = tp.qr_block(issue.qr_payload, "扫码核验真伪", size=32 * mm)
    else:
        qr = tp.para("（草稿：未签名，无核验码）", st.CELL_CENTER)
    block = Table([[info, qr]], colWidths=[st.CONTENT_WIDTH - qr_width, qr_width])
    block.setStyle(
        tp.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.8, st.RULE),
                ("LINEBEFORE", (1, 0), (1, 0), 0.4, st.GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    out.append(block)
    return out


def _explanations(data: CreditReportData) -> list[str]:
    center = data.issue.center_name
    items = [
        f"本报告由{center}出具，信息来源于{center}依法归集的各信息提供单位报送的公共信用信息，"
        f"数据截止时间为 {fmt_datetime(data.data_cutoff)}。报告内容由信息提供单位对其真实性负责。",
        f"本报告按照“{data.audience.label}”的范围提供信息。已修复、已超过披露期限、已撤回或已删除的"
        "信息不在本报告中展示。",
        f"标注“{OBJECTION_MARK}”的信息正在异议处理程序中，处理完毕前仍按原记录展示，以处理结果为准；"
        f"标注“{DISPUTED_MARK}”的信息，信息主体对异议处理结果仍有异议。",
        f"信息主体认为本报告所载信息存在错误、遗漏或超过披露期限等情形的，可以向{center}或信息提供单位"
        f"提出异议申请。{data.contact}",
        f"本报告仅供“{data.purpose}”使用，报告使用者应依法使用、妥善保管，不得用于其他用途，"
        "不得向第三方泄露非公开信息。",
    ]
    if data.valid_until:
        items.append(f"本报告有效期至 {fmt_date(data.valid_until)}，逾期请重新查询。")
    else:
        items.append("本报告反映数据截止时间的信用信息状况，使用时请注意时效。")
    items.append(
        "报告真伪可扫描首页二维码核验，或凭报告编号到出具机构核验；电子版可使用出具机构公布的公钥离线核验。"
    )
    return items


def _summary(data: CreditReportData) -> list[Any]:
    columns = [
        tp.Column("信息类别", 80 * mm),
        tp.Column("记录条数", 40 * mm, "CENTER"),
        tp.Column(f"其中{OBJECTION_MARK}", st.CONTENT_WIDTH - 120 * mm, "CENTER"),
    ]
    rows = [
        [SECTION_TITLES[c.section], str(c.records), str(c.under_objection)] for c in data.summary
    ]
    rows.append(
        [
            "合计",
            str(sum(c.records for c in data.summary)),
            str(sum(c.under_objection for c in data.summary)),
        ]
    )
    return tp.data_table(columns, rows)


_RECORD_WIDTHS = (9, 27, 42, 29, 31, 18, 18)


def _records_table(section: ReportSection, rows: tuple[RecordRow, ...]) -> list[Any]:
    w = [x * mm for x in _RECORD_WIDTHS]
    w[2] = st.CONTENT_WIDTH - sum(w) + w[2]
    end_label = "公示截止日" if section == ReportSection.PENALTY else "披露截止日"
    doc_label = "案号" if section == ReportSection.JUDICIAL else "文书号"
    columns = [
        tp.Column("序号", w[0], "CENTER"),
        tp.Column("目录事项", w[1]),
        tp.Column("主要内容", w[2]),
        tp.Column("信息提供单位", w[3]),
        tp.Column(doc_label, w[4]),
        tp.Column("决定日期", w[5], "CENTER"),
        tp.Column(end_label, w[6], "CENTER"),
    ]
    body = []
    for i, row in enumerate(rows, start=1):
        content: Any = row.content
        marks = [
            m
            for m, on in ((OBJECTION_MARK, row.objection_pending), (DISPUTED_MARK, row.disputed))
            if on
        ]
        if marks:
            content = tp.Marked("".join(f"【{m}】" for m in marks), row.content)
        body.append(
            [
                str(i),
                row.catalogue_item,
                content,
                row.provider,
                row.document_number,
                fmt_date(row.decision_date),
                fmt_date(row.disclosure_end) or "—",
            ]
        )
    return tp.data_table(columns, body)


__all__ = ["SECTION_TITLES", "TITLE", "build_credit_report", "page_setup"]
