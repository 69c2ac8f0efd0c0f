"""Specimen documents (样张): fixed, fictitious data for previews, tests and the benchmark.

Every name, code and document number here is invented; codes carry valid check characters so
they pass the validators, and ID numbers appear masked where a real report would mask them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.domain.enums import Audience, ReportSection, SubjectKind
from reports.dto import (
    CommitmentFormData,
    CreditReportData,
    InfoItem,
    IssueInfo,
    ObjectionForwardData,
    ObjectionReceiptData,
    ObjectionResultData,
    Party,
    QueryRecordRow,
    RecordRef,
    RecordRow,
    RepairDecisionData,
    RepairRefusalData,
    ReportSectionData,
    SubjectInfo,
    SubjectRef,
    WithdrawalNoticeData,
)

CENTER = "威海市公共信用信息中心"
REGULATION = "威海市公共信用信息管理办法"
REGULATION_NUMBER = "威政发〔2022〕8号"
ISSUED_AT = datetime(2026, 11, 24, 2, 31, 5, tzinfo=UTC)  # 10:31 China time
CUTOFF = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 2026-11-24 00:00 China time
LONG_COMPANY = (
    "威海市环翠区海滨路北段国际经济技术合作与跨境电子商务综合服务产业园区"
    "运营管理股份有限公司第二分公司"
)
LONG_ADDRESS = (
    "山东省威海市环翠区海滨北路123号国际经济技术合作产业园区综合服务中心大楼"
    "B座17层1701-1712室（自主申报）"
)

PROVIDERS = (
    "威海市市场监督管理局",
    "威海市生态环境局",
    "威海市环翠区人民法院",
    "国家税务总局威海市税务局",
    "威海市住房和城乡建设局",
    "威海市应急管理局",
)

_ITEMS: dict[ReportSection, tuple[str, str, str]] = {
    ReportSection.LICENSING: ("行政许可信息", "食品经营许可（预包装食品销售）", "JY13710020012345"),
    ReportSection.PENALTY: (
        "行政处罚信息",
        "未按规定公示年度报告，违反《企业信息公示暂行条例》第八条，处罚款人民币五千元",
        "威市监罚〔2026〕第0012号",
    ),
    ReportSection.JUDICIAL: (
        "失信被执行人信息",
        "未履行生效法律文书确定的给付义务（执行标的 12.6 万元）",
        "（2025）鲁1002执1234号",
    ),
    ReportSection.SERIOUS_DISHONEST_LIST: (
        "严重失信主体名单",
        "拒不履行法院判决，被列入严重失信主体名单",
        "威信用〔2026〕3号",
    ),
    ReportSection.KEY_ATTENTION_LIST: (
        "重点关注名单",
        "安全生产领域较大事故责任单位",
        "威应急〔2026〕15号",
    ),
    ReportSection.ABNORMAL_OPERATION: (
        "经营异常名录",
        "通过登记的住所或者经营场所无法联系",
        "威环市监异〔2026〕第88号",
    ),
    ReportSection.COMMITMENT: (
        "信用承诺信息",
        "告知承诺制审批：建筑施工企业安全生产许可延续，承诺材料真实有效",
        "CN-2026-0003417",
    ),
    ReportSection.HONOURS: (
        "表彰奖励信息",
        "2025 年度威海市守合同重信用企业",
        "威政字〔2026〕21号",
    ),
    ReportSection.OTHER: ("其他信息", "纳税信用等级 A 级（2025 年度）", "2025-A-0099"),
}


def record_row(section: ReportSection, i: int, *, pending: bool = False) -> RecordRow:
    item, content, number = _ITEMS[section]
    decided = date(2026, 1, 5) + timedelta(days=(i * 37) % 300)
    end = None if section == ReportSection.LICENSING else decided + timedelta(days=365 * 3)
    return RecordRow(
        catalogue_item=item,
        provider=PROVIDERS[i % len(PROVIDERS)],
        document_number=number if i == 0 else f"{number}-{i:04d}",
        decision_date=decided,
        disclosure_end=end,
        content=content,
        objection_pending=pending,
    )


def issue_info(number: str = "3710002026000123", qr: str = "") -> IssueInfo:
    return IssueInfo(
        center_name=CENTER,
        number=number,
        issued_at=ISSUED_AT,
        clerk_staff_no="C001",
        qr_payload=qr,
    )


LEGAL_BASIS = (
    "查询：《威海市公共信用信息管理办法》第二十二条、第二十三条——查询他人非公开信息须经信息主体书面授权。",
    "异议：《威海市公共信用信息管理办法》第二十八条、第二十九条——"
    "市信用中心于 3 个工作日内核查处理，"
    "需信息提供主体核实的，信息提供主体于 15 个工作日内反馈。",
    "披露期限：《威海市公共信用信息管理办法》第十九条——失信信息披露期限最长不超过 5 年；"
    "行政处罚信息的公示期限同时适用《信用修复管理办法》（国家发展改革委令第36号）。",
)


def person_report(
    *, per_section: int = 2, audience: Audience = Audience.AUTHORIZED
) -> CreditReportData:
    """A natural person's report for an authorised third party: masked ID, a pending objection,
    a long requester name, rows in most sections (the others print "无"); three pages."""
    sections = []
    for s_index, section in enumerate(
        (
            ReportSection.LICENSING,
            ReportSection.PENALTY,
            ReportSection.JUDICIAL,
            ReportSection.KEY_ATTENTION_LIST,
            ReportSection.COMMITMENT,
            ReportSection.HONOURS,
        )
    ):
        rows = tuple(
            record_row(
                section, s_index * 10 + i, pending=(section == ReportSection.PENALTY and i == 0)
            )
            for i in range(per_section)
        )
        sections.append(ReportSectionData(section, rows))
    own = audience == Audience.SELF
    return CreditReportData(
        issue=issue_info(),
        subject=SubjectInfo(
            name="王小明",
            kind=SubjectKind.NATURAL_PERSON,
            code="37010219900307123X" if own else "370102********123X",
            code_label="居民身份证号码",
            basic_info=(
                InfoItem("性别", "男"),
                InfoItem("出生年月", "1990年3月"),
                InfoItem("户籍地", "山东省济南市历下区"),
                InfoItem("联系地址", LONG_ADDRESS),
            ),
        ),
        audience=audience,
        purpose="招标投标资格审查" if not own else "本人信用状况查询",
        regulation=REGULATION,
        regulation_number=REGULATION_NUMBER,
        data_cutoff=CUTOFF,
        sections=tuple(sections),
        legal_basis=LEGAL_BASIS,
        requester="" if own else LONG_COMPANY,
        authorization=""
        if own
        else "书面授权（授权书编号 SQ-2026-000871，授权用途：招标投标资格审查，"
        "有效期至 2026-12-31）",
        query_records=(
            tuple(
                QueryRecordRow(
                    ISSUED_AT - timedelta(days=3 * i + 1, hours=i),
                    querier=("本人" if i % 3 == 0 else f"威海某某商业银行股份有限公司第{i}支行"),
                    purpose=("本人信用状况查询" if i % 3 == 0 else "贷款审批（经本人书面授权）"),
                    method="窗口查询",
                )
                for i in range(6)
            )
            if own
            else None
        ),
        valid_until=date(2026, 12, 24),
        contact="窗口地址：威海市环翠区新威路 17 号政务服务中心三楼信用窗口；电话 0631-5200000。",
    )


def company_report(records: int = 50) -> CreditReportData:
    """A legal person's public report with ``records`` rows spread over the sections."""
    order = list(_ITEMS)
    by_section: dict[ReportSection, list[RecordRow]] = {s: [] for s in order}
    for i in range(records):
        section = order[i % len(order)]
        by_section[section].append(record_row(section, i, pending=(i % 17 == 3)))
    return CreditReportData(
        issue=issue_info(),
        subject=SubjectInfo(
            name=LONG_COMPANY,
            kind=SubjectKind.LEGAL_PERSON,
            code="91371000MA3C000001",
            basic_info=(
                InfoItem("法定代表人", "李华"),
                InfoItem("成立日期", "2016-08-18"),
                InfoItem("登记机关", "威海市环翠区市场监督管理局"),
                InfoItem("登记状态", "存续（在营、开业、在册）"),
                InfoItem("住所", LONG_ADDRESS),
            ),
        ),
        audience=Audience.PUBLIC,
        purpose="政府采购供应商资格审查",
        regulation=REGULATION,
        regulation_number=REGULATION_NUMBER,
        data_cutoff=CUTOFF,
        sections=tuple(ReportSectionData(s, tuple(rows)) for s, rows in by_section.items() if rows),
        legal_basis=LEGAL_BASIS,
        valid_until=date(2026, 12, 24),
        contact="窗口地址：威海市环翠区新威路 17 号政务服务中心三楼信用窗口；电话 0631-5200000。",
    )


# --- letters --------------------------------------------------------------------------------------

APPLICANT = Party("王小明", "居民身份证号码", "370102********123X")
COMPANY = SubjectRef(LONG_COMPANY, "91371000MA3C000001")
RECORDS = (
    RecordRef(
        "行政处罚信息", "威海市市场监督管理局", "威市监罚〔2026〕第0012号", date(2026, 3, 18)
    ),
    RecordRef("经营异常名录", "威海市市场监督管理局", "威环市监异〔2026〕第88号", date(2026, 5, 6)),
)
CASE_NO = "371000202611240007"
BASIS_OBJECTION = "《威海市公共信用信息管理办法》第二十八条、第二十九条"


def letters() -> dict[str, object]:
    """One specimen of every letter, keyed by document type value."""
    issue = issue_info("SL3710002026000012")
    return {
        "objection_receipt": ObjectionReceiptData(
            issue=issue,
            case_no=CASE_NO,
            applicant=APPLICANT,
            subject=COMPANY,
            records=RECORDS,
            received_on=date(2026, 11, 24),
            grounds=("信息内容错误：处罚决定已被复议机关撤销", "超过披露期限仍在公示"),
            check_due_on=date(2026, 11, 27),
            basis=BASIS_OBJECTION,
            contact="窗口电话 0631-5200000",
        ),
        "objection_forward": ObjectionForwardData(
            issue=issue_info("ZB3710002026000005"),
            case_no=CASE_NO,
            provider="威海市市场监督管理局",
            subject=COMPANY,
            records=RECORDS[:1],
            received_on=date(2026, 11, 24),
            grounds=("信息内容错误：处罚决定已被复议机关撤销",),
            statement="申请人称，该处罚决定已于 2026 年 9 月 30 日被威海市人民政府行政复议决定撤销"
            "（威政复决字〔2026〕第45号），请求删除该条行政处罚信息。",
            reply_due_on=date(2026, 12, 15),
            basis=BASIS_OBJECTION,
            contact="联系人：张敏，电话 0631-5200001",
        ),
        "objection_result": ObjectionResultData(
            issue=issue_info("JG3710002026000003"),
            case_no=CASE_NO,
            applicant=APPLICANT,
            subject=COMPANY,
            records=RECORDS[:1],
            received_on=date(2026, 11, 24),
            outcome="异议成立。经信息提供单位核实，该条行政处罚信息已删除。",
            explanation="威海市市场监督管理局于 2026 年 12 月 8 日书面回复："
            "该处罚决定已被行政复议决定撤销。",
            remedy="如对处理结果仍有异议，可自收到本告知书之日起向本中心提出复核申请。",
            basis=BASIS_OBJECTION,
        ),
        "repair_decision": RepairDecisionData(
            issue=issue_info("XF3710002026000002"),
            case_no="371000202611200003",
            applicant=APPLICANT,
            subject=COMPANY,
            records=RECORDS[:1],
            received_on=date(2026, 11, 20),
            effective_on=date(2026, 11, 26),
            decision="经审核，申请人已履行行政处罚决定规定的义务，公示期已满最短期限，"
            "并提交了信用承诺书，符合信用修复条件，决定予以信用修复。",
            effect="自修复生效之日起，该条信息停止公示，停止共享和使用，相关惩戒措施解除，原始记录转入档案保存。",
            basis="《信用修复管理办法》（国家发展改革委令第36号）；《威海市公共信用信息管理办法》第三十二条",
        ),
        "repair_refusal": RepairRefusalData(
            issue=issue_info("BY3710002026000001"),
            case_no="371000202611200004",
            applicant=APPLICANT,
            subject=COMPANY,
            records=RECORDS[:1],
            received_on=date(2026, 11, 20),
            reasons=(
                "该行政处罚信息自认定之日起未满最短公示期（一年）；",
                "申请材料中缺少履行行政处罚决定的证明材料。",
            ),
            remedy="申请人可在最短公示期届满且补齐材料后重新提出申请。",
            basis="《信用修复管理办法》（国家发展改革委令第36号）第十条",
        ),
        "withdrawal_notice": WithdrawalNoticeData(
            issue=issue_info("CH3710002026000001"),
            case_no="371000202611180002",
            applicant=APPLICANT,
            subject=COMPANY,
            records=(
                RecordRef("表彰奖励信息", "威海市人民政府", "威政字〔2026〕21号", date(2026, 2, 1)),
            ),
            received_on=date(2026, 11, 18),
            withdrawn_on=date(2026, 11, 24),
            provider_notified="威海市人民政府办公室",
            basis="《威海市公共信用信息管理办法》第三十三条",
        ),
        "commitment_blank": CommitmentFormData(center_name=CENTER, purpose="信用修复"),
    }
