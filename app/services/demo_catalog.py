"""Reference data for demo installations: realistic provider units and a catalogue covering
every information class, disclosure attribute and report section."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import Disclosure, InfoClass, ListType, ReportSection, SubjectKind

PERSON = frozenset({SubjectKind.NATURAL_PERSON})
ORG = frozenset({SubjectKind.LEGAL_PERSON, SubjectKind.UNINCORPORATED})
ANY = PERSON | ORG


@dataclass(frozen=True)
class DemoProvider:
    code: str
    name: str
    doc_prefix: str  # used in document numbers, e.g. 市监罚〔2025〕12号


@dataclass(frozen=True)
class DemoItem:
    code: str
    name: str
    info_class: InfoClass
    disclosure: Disclosure
    section: ReportSection
    provider: str
    legal_basis: str
    kinds: frozenset[SubjectKind]
    fields: tuple[tuple[str, str], ...]  # (key, Chinese label)
    list_type: ListType = ListType.NONE
    is_penalty: bool = False
    weight: int = 10  # relative frequency in generated records
    doc_word: str = "决"


PROVIDERS: tuple[DemoProvider, ...] = (
    DemoProvider("SCJGJ", "市场监督管理局", "市监"),
    DemoProvider("SWJ", "国家税务总局市税务局", "税"),
    DemoProvider("RSJ", "人力资源和社会保障局", "人社"),
    DemoProvider("STHJJ", "生态环境局", "环"),
    DemoProvider("ZJRMFY", "中级人民法院", "法"),
    DemoProvider("ZJJ", "住房和城乡建设局", "建"),
    DemoProvider("YJGLJ", "应急管理局", "应急"),
    DemoProvider("WJW", "卫生健康委员会", "卫健"),
    DemoProvider("GAJ", "公安局交通警察支队", "公交"),
    DemoProvider("MZJ", "民政局", "民"),
    DemoProvider("WMB", "精神文明建设委员会办公室", "文明"),
    DemoProvider("FGW", "发展和改革委员会", "发改"),
)

_PENALTY_FIELDS = (
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("result", "处罚结果"),
)

ITEMS: tuple[DemoItem, ...] = (
    DemoItem("JC001", "法人和非法人组织登记信息", InfoClass.BASIC, Disclosure.PUBLIC,
             ReportSection.BASIC, "SCJGJ", "《中华人民共和国市场主体登记管理条例》", ORG,
             (("reg_authority", "登记机关"), ("reg_status", "登记状态")), weight=0),
    DemoItem("XK001", "行政许可信息", InfoClass.BASIC, Disclosure.PUBLIC,
             ReportSection.LICENSING, "SCJGJ", "《中华人民共和国行政许可法》", ORG,
             (("licence_name", "许可证名称"), ("licence_content", "许可内容")), weight=18,
             doc_word="许"),
    DemoItem("XK002", "建筑业企业资质", InfoClass.BASIC, Disclosure.PUBLIC,
             ReportSection.LICENSING, "ZJJ", "《建筑业企业资质管理规定》", ORG,
             (("licence_name", "资质名称"), ("grade", "资质等级")), weight=5, doc_word="资"),
    DemoItem("XK003", "专业技术人员职业资格", InfoClass.BASIC, Disclosure.AUTHORIZED,
             ReportSection.LICENSING, "RSJ", "《专业技术人员职业资格证书管理工作规定》", PERSON,
             (("qualification", "资格名称"), ("level", "级别")), weight=12, doc_word="证"),
    DemoItem("LH001", "纳税信用A级纳税人", InfoClass.GOOD, Disclosure.PUBLIC,
             ReportSection.HONOURS, "SWJ", "《纳税信用管理办法》", ORG,
             (("year", "评价年度"),), list_type=ListType.RED, weight=6, doc_word="评"),
    DemoItem("LH002", "表彰奖励信息", InfoClass.GOOD, Disclosure.PUBLIC,
             ReportSection.HONOURS, "FGW", "有关表彰奖励决定", ANY,
             (("honour", "荣誉名称"), ("grantor", "授予机关")), weight=5, doc_word="表"),
    DemoItem("LH003", "志愿服务记录", InfoClass.GOOD, Disclosure.AUTHORIZED,
             ReportSection.HONOURS, "WMB", "《志愿服务条例》", PERSON,
             (("hours", "服务时长（小时）"), ("organisation", "志愿服务组织")), weight=8,
             doc_word="志"),
    DemoItem("LH004", "慈善捐赠信息", InfoClass.GOOD, Disclosure.AUTHORIZED,
             ReportSection.HONOURS, "MZJ", "《中华人民共和国慈善法》", ANY,
             (("recipient", "受赠组织"), ("item", "捐赠事项")), weight=4, doc_word="捐"),
    DemoItem("CN001", "信用承诺信息", InfoClass.OTHER, Disclosure.PUBLIC,
             ReportSection.COMMITMENT, "FGW", "《关于建立健全信用承诺制度的指导意见》", ORG,
             (("matter", "承诺事项"), ("fulfilled", "履约情况")), weight=6, doc_word="诺"),
    DemoItem("CF001", "市场监管行政处罚信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.PENALTY, "SCJGJ", "《中华人民共和国行政处罚法》", ANY,
             _PENALTY_FIELDS, is_penalty=True, weight=14, doc_word="罚"),
    DemoItem("CF002", "税务行政处罚信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.PENALTY, "SWJ", "《中华人民共和国税收征收管理法》", ORG,
             _PENALTY_FIELDS, is_penalty=True, weight=8, doc_word="罚"),
    DemoItem("CF003", "生态环境行政处罚信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.PENALTY, "STHJJ", "《中华人民共和国环境保护法》", ORG,
             _PENALTY_FIELDS, is_penalty=True, weight=5, doc_word="罚"),
    DemoItem("CF004", "安全生产行政处罚信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.PENALTY, "YJGLJ", "《中华人民共和国安全生产法》", ORG,
             _PENALTY_FIELDS, is_penalty=True, weight=4, doc_word="罚"),
    DemoItem("CF005", "道路交通安全违法行政处罚（一般程序）", InfoClass.DISHONEST,
             Disclosure.GOVERNMENT, ReportSection.PENALTY, "GAJ",
             "《中华人民共和国道路交通安全法》", PERSON, _PENALTY_FIELDS, is_penalty=True,
             weight=6, doc_word="罚"),
    DemoItem("QJ001", "欠缴社会保险费信息", InfoClass.DISHONEST, Disclosure.AUTHORIZED,
             ReportSection.OTHER, "RSJ", "《中华人民共和国社会保险法》", ANY,
             (("period", "欠缴期间"), ("kind", "险种")), weight=5, doc_word="催"),
    DemoItem("QJ002", "欠税信息", InfoClass.DISHONEST, Disclosure.AUTHORIZED,
             ReportSection.OTHER, "SWJ", "《中华人民共和国税收征收管理法》", ORG,
             (("tax_kind", "欠缴税种"), ("period", "所属期")), weight=4, doc_word="公告"),
    DemoItem("SF001", "失信被执行人信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.JUDICIAL, "ZJRMFY", "《最高人民法院关于公布失信被执行人名单信息的若干规定》",
             ANY, (("case_no", "执行案号"), ("obligation", "生效法律文书确定的义务")),
             list_type=ListType.BLACK, weight=6, doc_word="执"),
    DemoItem("SF002", "生效民商事判决信息", InfoClass.OTHER, Disclosure.GOVERNMENT,
             ReportSection.JUDICIAL, "ZJRMFY", "《中华人民共和国民事诉讼法》", ANY,
             (("case_no", "案号"), ("cause", "案由")), weight=4, doc_word="民初"),
    DemoItem("YC001", "经营异常名录信息", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.ABNORMAL_OPERATION, "SCJGJ", "《企业经营异常名录管理暂行办法》", ORG,
             (("reason", "列入原因"),), weight=7, doc_word="异"),
    DemoItem("MD001", "严重违法失信名单", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.SERIOUS_DISHONEST_LIST, "SCJGJ", "《市场监督管理严重违法失信名单管理办法》",
             ORG, (("reason", "列入事由"),), list_type=ListType.BLACK, weight=2, doc_word="严"),
    DemoItem("MD002", "拖欠农民工工资失信联合惩戒对象名单", InfoClass.DISHONEST,
             Disclosure.PUBLIC, ReportSection.SERIOUS_DISHONEST_LIST, "RSJ",
             "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》", ANY,
             (("reason", "列入事由"),), list_type=ListType.BLACK, weight=2, doc_word="欠薪"),
    DemoItem("ZD001", "环境信用重点关注名单", InfoClass.DISHONEST, Disclosure.PUBLIC,
             ReportSection.KEY_ATTENTION_LIST, "STHJJ", "环境信用评价有关规定", ORG,
             (("reason", "列入事由"),), list_type=ListType.KEY_ATTENTION, weight=2,
             doc_word="关注"),
    DemoItem("ZD002", "医疗机构不良执业行为记录", InfoClass.DISHONEST, Disclosure.GOVERNMENT,
             ReportSection.KEY_ATTENTION_LIST, "WJW", "《医疗机构不良执业行为记分管理办法》", ORG,
             (("behaviour", "不良执业行为"), ("score", "记分")),
             list_type=ListType.KEY_ATTENTION, weight=2, doc_word="记"),
)
