"""Letters and forms: one layout (``LetterLayout``) filled by a small function per letter.

受理回执 · 异议核查转办单 · 异议处理结果告知书 · 信用修复决定书 · 不予修复告知书 ·
良好信息撤回告知书 · 信用提示告知书 · 公示期调整提醒函 · 信用承诺书 (blank). Each
``_layout_*`` only says what goes where; the header with number and QR, the facts block, the
records table, the numbered items, the seal area and the fill-in lines are drawn once, by
``story``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from app.domain.enums import DocumentType
from reports import styles as st
from reports import template as tp
from reports.dto import (
    CommitmentFormData,
    CreditAlertNoticeData,
    CreditAlertReminderData,
    ListingRef,
    ObjectionForwardData,
    ObjectionReceiptData,
    ObjectionResultData,
    Party,
    RecordRef,
    RepairDecisionData,
    RepairRefusalData,
    SubjectRef,
    WithdrawalNoticeData,
)
from reports.styles import fmt_cn_date, fmt_date

VERIFY_HINT = "扫描二维码或凭文书编号核验真伪"


@dataclass
class LetterLayout:
    title: str
    addressee: str = ""  # "王小明：" — the salutation line
    opening: list[str] = field(default_factory=list)
    facts: list[tuple[str, Any]] = field(default_factory=list)
    records_caption: str = "涉及的信用信息"
    records: tuple[RecordRef, ...] = ()
    records_date_label: str = "决定日期"  # the records table's date column
    items_caption: str = ""
    items: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    basis: str = ""
    contact: str = ""
    dated: date | None = None  # the date under the signature (None: blank, to fill in)
    fill_in: list[str] = field(default_factory=list)  # hand-filled lines (签收, 签字 …)
    signature: bool = True


def _cn(d: date | None) -> str:
    return fmt_cn_date(d) if d else "____年__月__日"


def _issue_date(data: Any) -> date | None:
    issued = data.issue.issued_at
    return st.local_date(issued) if issued else None


def _subject_facts(subject: SubjectRef) -> list[tuple[str, Any]]:
    return [("信用主体", subject.name), (subject.code_label, subject.code)]


def _party_facts(label: str, party: Party) -> list[tuple[str, Any]]:
    facts: list[tuple[str, Any]] = [(label, party.name)]
    if party.doc_number:
        facts.append((party.doc_label, party.doc_number))
    return facts


# --- one function per letter ----------------------------------------------------------------------


def _layout_receipt(d: ObjectionReceiptData) -> LetterLayout:
    facts = [("案件编号", d.case_no), *_party_facts("申请人", d.applicant)]
    if d.agent:
        facts.extend(_party_facts("代理人", d.agent))
    facts.extend(_subject_facts(d.subject))
    facts.append(("受理日期", fmt_cn_date(d.received_on)))
    if d.check_due_on:
        facts.append(("核查期限", f"{fmt_cn_date(d.check_due_on)}前"))
    return LetterLayout(
        title=DocumentType.OBJECTION_RECEIPT.label,
        addressee=f"{d.applicant.name}：",
        opening=[
            f"您于{fmt_cn_date(d.received_on)}对信用主体“{d.subject.name}”的下列公共信用信息"
            "提出的异议申请，本中心已受理。"
        ],
        facts=facts,
        records_caption="异议涉及的信用信息",
        records=d.records,
        items_caption="异议理由",
        items=list(d.grounds),
        body=[
            "本中心将在规定期限内核查处理，并将处理结果书面告知您。异议处理期间，"
            "相关信息在查询中标注“异议处理中”。"
        ],
        basis=d.basis,
        contact=d.contact,
        dated=_issue_date(d),
        fill_in=["申请人签收：", "签收日期："],
    )


def _layout_forward(d: ObjectionForwardData) -> LetterLayout:
    facts: list[tuple[str, Any]] = [("案件编号", d.case_no), *_subject_facts(d.subject)]
    facts.append(("异议受理日期", fmt_cn_date(d.received_on)))
    if d.reply_due_on:
        facts.append(("反馈期限", f"{fmt_cn_date(d.reply_due_on)}前"))
    if d.delivery:
        facts.append(("送达方式", d.delivery))
    due = f"于{fmt_cn_date(d.reply_due_on)}前" if d.reply_due_on else "在规定期限内"
    finding = d.finding or "经比对，平台记载的下列信息与贵单位报送的信息一致"
    overdue = d.overdue_effect or "逾期未反馈的，本中心将按规定处理。"
    return LetterLayout(
        title=DocumentType.OBJECTION_FORWARD.label,
        addressee=f"{d.provider}：",
        opening=[
            f"本中心于{fmt_cn_date(d.received_on)}受理了关于信用主体“{d.subject.name}”的异议申请。"
            f"{finding}，现转请贵单位核查。"
        ],
        facts=facts,
        records_caption="需核查的信用信息",
        records=d.records,
        items_caption="异议理由",
        items=list(d.grounds),
        body=[
            *([f"申请人陈述：{d.statement}"] if d.statement else []),
            f"请贵单位{due}完成核实，并书面反馈核查结果（维持、更正或删除）及理由、依据。"
            + overdue,
        ],
        basis=d.basis,
        contact=d.contact,
        dated=_issue_date(d),
        fill_in=["接收单位签收：", "签收日期："],
    )


def _layout_result(d: ObjectionResultData) -> LetterLayout:
    return LetterLayout(
        title=DocumentType.OBJECTION_RESULT.label,
        addressee=f"{d.applicant.name}：",
        opening=[
            f"您于{fmt_cn_date(d.received_on)}对信用主体“{d.subject.name}”的公共信用信息提出的"
            f"异议申请（案件编号 {d.case_no}），经核查，现将处理结果告知如下。"
        ],
        facts=[
            ("案件编号", d.case_no),
            *_party_facts("申请人", d.applicant),
            *_subject_facts(d.subject),
            ("受理日期", fmt_cn_date(d.received_on)),
        ],
        records=d.records,
        body=[f"处理结果：{d.outcome}", d.explanation, d.remedy],
        basis=d.basis,
        dated=_issue_date(d),
    )


def _layout_repair_decision(d: RepairDecisionData) -> LetterLayout:
    return LetterLayout(
        title=DocumentType.REPAIR_DECISION.label,
        addressee=f"{d.applicant.name}：",
        opening=[
            f"您于{fmt_cn_date(d.received_on)}就信用主体“{d.subject.name}”的下列信息提出的信用修复申请"
            f"（案件编号 {d.case_no}），本中心已审核完毕。"
        ],
        facts=[
            ("案件编号", d.case_no),
            *_party_facts("申请人", d.applicant),
            *_subject_facts(d.subject),
            ("申请日期", fmt_cn_date(d.received_on)),
            ("修复生效日期", fmt_cn_date(d.effective_on)),
        ],
        records_caption="予以修复的信用信息",
        records=d.records,
        body=[d.decision, f"修复自{fmt_cn_date(d.effective_on)}起生效。{d.effect}"],
        basis=d.basis,
        dated=_issue_date(d),
    )


def _layout_repair_refusal(d: RepairRefusalData) -> LetterLayout:
    return LetterLayout(
        title=DocumentType.REPAIR_REFUSAL.label,
        addressee=f"{d.applicant.name}：",
        opening=[
            f"您于{fmt_cn_date(d.received_on)}就信用主体“{d.subject.name}”的下列信息提出的信用修复申请"
            f"（案件编号 {d.case_no}），经审核，不符合信用修复条件，决定不予修复。"
        ],
        facts=[
            ("案件编号", d.case_no),
            *_party_facts("申请人", d.applicant),
            *_subject_facts(d.subject),
            ("申请日期", fmt_cn_date(d.received_on)),
        ],
        records_caption="申请修复的信用信息",
        records=d.records,
        items_caption="不予修复的理由",
        items=list(d.reasons),
        body=[d.remedy],
        basis=d.basis,
        dated=_issue_date(d),
    )


def _layout_withdrawal(d: WithdrawalNoticeData) -> LetterLayout:
    effect = d.effect or "该信息不再对外提供查询，转入档案保存"
    facts: list[tuple[str, Any]] = [
        ("案件编号", d.case_no),
        *_party_facts("申请人", d.applicant),
        *_subject_facts(d.subject),
        ("申请日期", fmt_cn_date(d.received_on)),
        ("撤回日期", fmt_cn_date(d.withdrawn_on)),
    ]
    if d.addressee and d.request_days:  # the provider deletes: asked when the request comes in
        return LetterLayout(
            title=DocumentType.WITHDRAWAL_NOTICE.label,
            addressee=f"{d.addressee}：",
            opening=[
                f"信用主体“{d.subject.name}”于{fmt_cn_date(d.received_on)}申请撤回贵单位提供的"
                f"下列良好信息（案件编号 {d.case_no}）。请贵单位自收到本通知之日起"
                f"{d.request_days}个工作日内予以删除，并将办理情况告知本中心。特此通知。"
            ],
            facts=facts[:-1],  # no withdrawal date yet
            records_caption="申请撤回的良好信息",
            records=d.records,
            basis=d.basis,
            dated=_issue_date(d),
            fill_in=["接收单位签收：", "签收日期："],
        )
    if d.addressee:  # the notice to the provider unit (通知书)
        return LetterLayout(
            title=DocumentType.WITHDRAWAL_NOTICE.label,
            addressee=f"{d.addressee}：",
            opening=[
                f"信用主体“{d.subject.name}”于{fmt_cn_date(d.received_on)}申请撤回贵单位提供的"
                f"下列良好信息（案件编号 {d.case_no}）。经核实，{effect}。特此通知。"
            ],
            facts=facts,
            records_caption="撤回的良好信息",
            records=d.records,
            basis=d.basis,
            dated=_issue_date(d),
            fill_in=["接收单位签收：", "签收日期："],
        )
    told = f"，并已告知信息提供单位{d.provider_notified}" if d.provider_notified else ""
    return LetterLayout(
        title=DocumentType.WITHDRAWAL_NOTICE.label,
        addressee=f"{d.applicant.name}：",
        opening=[
            f"您于{fmt_cn_date(d.received_on)}申请撤回信用主体“{d.subject.name}”的下列良好信息"
            f"（案件编号 {d.case_no}）。本中心已于{fmt_cn_date(d.withdrawn_on)}办理撤回："
            f"{effect}{told}。"
        ],
        facts=facts,
        records_caption="撤回的良好信息",
        records=d.records,
        basis=d.basis,
        dated=_issue_date(d),
    )


def _listing_records(listings: tuple[ListingRef, ...]) -> tuple[RecordRef, ...]:
    """The listings as rows of the records table (its date column: the listing day)."""
    return tuple(
        RecordRef(x.catalogue_item, x.provider, x.document_number, x.listed_on) for x in listings
    )


def _alert_facts(
    d: CreditAlertNoticeData | CreditAlertReminderData,
) -> list[tuple[str, Any]]:
    return [
        ("提示编号", d.case_no),
        *_subject_facts(d.subject),
        ("列入情况", f"{len(d.providers)}个行业、领域的重点关注名单，共{len(d.listings)}条"),
        ("提示日期", fmt_cn_date(d.raised_on)),
    ]


def _alert_rule(d: CreditAlertNoticeData | CreditAlertReminderData) -> str:
    return (
        f"在十二个月内被列入{d.min_lists}个以上行业、领域重点关注名单的，市信用中心应告知"
        f"信用主体，并提醒信息提供单位将公示期调整为{d.extended_period}。"
    )


def _layout_alert_notice(d: CreditAlertNoticeData) -> LetterLayout:
    you = d.pronoun or "您"
    providers = "、".join(d.providers)
    return LetterLayout(
        title=DocumentType.CREDIT_ALERT_NOTICE.label,
        addressee=f"{d.subject.name}：",
        opening=[
            f"经本中心核查，{you}在十二个月内（{fmt_cn_date(d.window_from)}至"
            f"{fmt_cn_date(d.window_to)}）被{len(d.providers)}个行业、领域的信息提供单位列入"
            "重点关注名单，具体情况见下表。现将有关事项告知如下。"
        ],
        facts=_alert_facts(d),
        records_caption="列入的重点关注名单",
        records=_listing_records(d.listings),
        records_date_label="列入日期",
        body=[
            f"根据规定，{_alert_rule(d)}本中心已于{fmt_cn_date(d.reminded_on)}书面提醒"
            f"{providers}，将上述重点关注名单信息的公示期调整为{d.extended_period}。"
            "公示期是否调整以信息提供单位的决定为准；调整前，上述信息按原公示期公示。",
            f"{you}如认为上述信息存在错误、遗漏等情形，可以向本中心提出异议申请。",
        ],
        basis=d.basis,
        contact=d.contact,
        dated=_issue_date(d),
    )


def _layout_alert_reminder(d: CreditAlertReminderData) -> LetterLayout:
    own = sum(1 for x in d.listings if x.provider == d.provider)
    return LetterLayout(
        title=DocumentType.CREDIT_ALERT_REMINDER.label,
        addressee=f"{d.provider}：",
        opening=[
            f"信用主体“{d.subject.name}”在十二个月内（{fmt_cn_date(d.window_from)}至"
            f"{fmt_cn_date(d.window_to)}）被{len(d.providers)}个行业、领域的信息提供单位列入"
            f"重点关注名单，其中贵单位列入{own}条（见下表）。"
        ],
        facts=_alert_facts(d),
        records_caption="十二个月内列入重点关注名单的情况",
        records=_listing_records(d.listings),
        records_date_label="列入日期",
        body=[
            f"根据规定，{_alert_rule(d)}现提醒贵单位将所列入的上述重点关注名单信息的公示期"
            f"调整为{d.extended_period}。",
            "贵单位决定调整的，请书面告知本中心（来文文号、涉及的信息及决定生效日期），"
            "本中心收到后据以调整公示期限；在此之前，相关信息按原公示期公示。"
            "本中心已同时告知信用主体。",
        ],
        basis=d.basis,
        contact=d.contact,
        dated=_issue_date(d),
        fill_in=["接收单位签收：", "签收日期："],
    )


STANDARD_COMMITMENTS = (
    "所提供的全部材料真实、准确、完整、有效，不存在虚假记载、误导性陈述或重大遗漏；",
    "已依法履行行政处罚决定（或判决、裁定）规定的义务，失信行为已纠正，不良影响已消除；",
    "自觉遵守法律法规和信用管理规定，依法诚信经营，自愿接受信用监管和社会监督；",
    "如违背上述承诺，自愿承担相应的法律责任，同意将违背承诺的情况记入信用记录并依法公开。",
)


def _layout_commitment(d: CommitmentFormData) -> LetterLayout:
    blank = ""
    return LetterLayout(
        title=DocumentType.COMMITMENT_BLANK.label + (f"（{d.purpose}）" if d.purpose else ""),
        addressee=f"致{d.center_name}：",
        opening=["本承诺主体郑重承诺如下："],
        facts=[
            ("承诺主体名称", blank),
            ("统一社会信用代码或身份证号码", blank),
            ("法定代表人（负责人）", blank),
            ("联系电话", blank),
            ("承诺事项", d.purpose or blank),
        ],
        items=list(d.commitments or STANDARD_COMMITMENTS),
        basis=d.basis,
        dated=None,
        fill_in=["承诺主体（盖章）：", "法定代表人（负责人）签字：", "承诺日期："],
        signature=False,
    )


_LAYOUTS: dict[type, Callable[[Any], LetterLayout]] = {
    ObjectionReceiptData: _layout_receipt,
    ObjectionForwardData: _layout_forward,
    ObjectionResultData: _layout_result,
    RepairDecisionData: _layout_repair_decision,
    RepairRefusalData: _layout_repair_refusal,
    WithdrawalNoticeData: _layout_withdrawal,
    CreditAlertNoticeData: _layout_alert_notice,
    CreditAlertReminderData: _layout_alert_reminder,
    CommitmentFormData: _layout_commitment,
}


def layout(data: Any) -> LetterLayout:
    try:
        return _LAYOUTS[type(data)](data)
    except KeyError:
        raise TypeError(f"{type(data).__name__} is not a letter") from None


# --- the one renderer -----------------------------------------------------------------------------


def page_setup(data: Any, *, reprint: bool = False) -> tp.PageSetup:
    if isinstance(data, CommitmentFormData):
        return tp.PageSetup(title=layout(data).title, issuer=data.center_name, number_label="")
    return tp.PageSetup(
        title=data.doc_type.label,
        issuer=data.issue.center_name,
        number=data.issue.number,
        number_label="文书编号",
        reprint=reprint,
        created=data.issue.issued_at,
        subject=f"{data.doc_type.label}：{data.case_no}",
        verify_hint=VERIFY_HINT if data.issue.number else "",
    )


def build_letter(
    data: Any, *, reprint: bool = False, reprinted_at: datetime | None = None
) -> bytes:
    """Any letter (or the blank commitment form) as PDF bytes; deterministic."""
    from reports.documents import with_attachments

    setup = with_attachments(page_setup(data, reprint=reprint), data, reprint, reprinted_at)
    return tp.render(setup, story(data, reprint=reprint, reprinted_at=reprinted_at))


def build_objection_receipt(data: ObjectionReceiptData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_objection_forward(data: ObjectionForwardData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_objection_result(data: ObjectionResultData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_repair_decision(data: RepairDecisionData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_repair_refusal(data: RepairRefusalData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_withdrawal_notice(data: WithdrawalNoticeData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_credit_alert_notice(data: CreditAlertNoticeData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_credit_alert_reminder(data: CreditAlertReminderData, *, reprint: bool = False) -> bytes:
    return build_letter(data, reprint=reprint)


def build_commitment_form(data: CommitmentFormData) -> bytes:
    return build_letter(data)


def story(data: Any, *, reprint: bool = False, reprinted_at: datetime | None = None) -> list[Any]:
    from reports.documents import missing_characters

    lay = layout(data)
    issue = getattr(data, "issue", None)
    out: list[Any] = [_head(lay, issue, reprint=reprint, reprinted_at=reprinted_at)]
    if issue is not None:
        out.extend(tp.missing_glyph_note([m.char for m in missing_characters(data)], "文书"))
    out.append(Spacer(1, 5 * mm))
    if lay.addressee:
        out.append(tp.para(lay.addressee, st.LEFT))
        out.append(Spacer(1, 1.5 * mm))
    out.extend(tp.paragraphs(lay.opening, st.LETTER_BODY))
    if lay.facts:
        out.append(Spacer(1, 1 * mm))
        out.append(_facts(lay.facts, blank=isinstance(data, CommitmentFormData)))
    if lay.records:
        out.extend(tp.subsection_heading(lay.records_caption))
        columns = [
            tp.Column("序号", 10 * mm, "CENTER"),
            tp.Column("目录事项", 32 * mm),
            tp.Column("信息提供单位", 46 * mm),
            tp.Column("文书号", st.CONTENT_WIDTH - 110 * mm),
            tp.Column(lay.records_date_label, 22 * mm, "CENTER"),
        ]
        rows = [
            [str(i), r.catalogue_item, r.provider, r.document_number, fmt_date(r.decision_date)]
            for i, r in enumerate(lay.records, start=1)
        ]
        out.extend(tp.data_table(columns, rows))
    if lay.items:
        if lay.items_caption:
            out.extend(tp.subsection_heading(lay.items_caption))
        else:
            out.append(Spacer(1, 3 * mm))
        out.extend(tp.numbered(lay.items, st.LETTER_BODY.clone("cd-item", firstLineIndent=0)))
    if lay.body:
        out.append(Spacer(1, 3 * mm))
        out.extend(tp.paragraphs([b for b in lay.body if b], st.LETTER_BODY))
    if lay.basis:
        out.append(Spacer(1, 2 * mm))
        out.extend(tp.paragraphs([f"依据：{lay.basis}"], st.LETTER_BODY))
    if lay.contact:
        out.extend(tp.paragraphs([f"联系方式：{lay.contact}"], st.LETTER_BODY))
    if lay.signature:
        out.extend(tp.signature_block(data.issue.center_name, _cn(lay.dated), beside=lay.fill_in))
    elif lay.fill_in:
        out.append(Spacer(1, 10 * mm))
        for label in lay.fill_in:
            out.append(tp.fill_in_line([label], width=110 * mm))
            out.append(Spacer(1, 10 * mm))
    return out


def _head(lay: LetterLayout, issue: Any, *, reprint: bool, reprinted_at: datetime | None) -> Table:
    left: list[Any] = []
    if issue is not None:
        left.append(tp.para(issue.center_name, st.ISSUER))
        left.append(Spacer(1, 2 * mm))
    left.append(tp.para(lay.title, st.LETTER_TITLE))
    if issue is not None:
        left.append(Spacer(1, 1.5 * mm))
        staff = f"　经办人工号：{issue.clerk_staff_no}" if issue.clerk_staff_no else ""
        left.append(tp.para(f"文书编号：{issue.number or tp.NO_NUMBER}{staff}", st.SUBTITLE))
        if reprint:
            when = f"（补打时间 {st.fmt_datetime(reprinted_at)}）" if reprinted_at else ""
            left.append(tp.para(f"补打件{when}", st.SUBTITLE))
    qr_width = 32 * mm
    right: Any = ""
    if issue is not None and issue.qr_payload:
        right = tp.qr_block(issue.qr_payload, "扫码核验", size=24 * mm)
    pad = qr_width if right != "" else 0
    # keep the title centered on the page: the QR column is balanced by an empty one
    table = Table(
        [["", left, right]],
        colWidths=[pad, st.CONTENT_WIDTH - 2 * pad, pad] if pad else [0, st.CONTENT_WIDTH, 0],
    )
    table.setStyle(
        tp.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ]
        )
    )
    return table


def _facts(facts: list[tuple[str, Any]], *, blank: bool) -> Table:
    if blank:
        return tp.kv_table(
            facts,
            columns=1,
            label_width=62 * mm,
            boxed=True,
            row_height=10 * mm,
            label_style=st.BODY,
        )
    return tp.kv_table(facts, columns=1, label_width=30 * mm)
