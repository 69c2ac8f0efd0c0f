"""Chinese message templates for objections (issue 6)."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # --- intake ---------------------------------------------------------------------------
        "applicant.field_required": Message("信息不完整", "请填写“{label}”。", ""),
        "applicant.field_too_long": Message(
            "内容过长", "“{label}”最多 {max} 个字符。", "请精简后再提交。"
        ),
        "objection.subject_required": Message(
            "缺少信用主体", "请输入异议所涉信用主体的统一社会信用代码或身份证号码。", ""
        ),
        "objection.subject_unknown": Message(
            "找不到信用主体",
            "平台中没有代码为 {code} 的信用主体，无法受理对其信息的异议。",
            "请核对代码；如主体确无信息，请告知申请人平台未记载其公共信用信息。",
        ),
        "applicant.org_needs_agent": Message(
            "缺少经办人",
            "法人和非法人组织提出申请，须由经办人（代理人）办理：请填写经办人姓名和身份证号码。",
            "",
        ),
        "applicant.agent_doc_type": Message(
            "证件类型错误", "代理人（经办人）须出示个人身份证件，不能用统一社会信用代码。", ""
        ),
        "applicant.mandate_required": Message(
            "缺少授权委托书",
            "由代理人（经办人）提出申请的，须提交信息主体出具的授权委托书（扫描件）。",
            "请扫描授权委托书后选择文件。",
        ),
        "applicant.document_not_seen": Message(
            "未核验证件",
            "请核验申请人（代理人）身份证件原件后勾选“已核验身份证件原件”。",
            "",
        ),
        "applicant.not_the_subject": Message(
            "申请人不是信息主体",
            "申请人证件号码与信用主体“{subject}”不符：申请须由信息主体本人或其委托的代理人提出。",
            "请核对证件号码；代理人代为提出的，申请人一栏填写信息主体，代理人一栏填写代理人。",
        ),
        "objection.records_required": Message(
            "未选择异议信息", "请至少选择一条申请人提出异议的信用信息。", ""
        ),
        "objection.record_unknown": Message(
            "信用信息不存在", "编号为 {record_id} 的信用信息不存在。", "请刷新后重新选择。"
        ),
        "objection.record_other_subject": Message(
            "信息不属于该主体", "信用信息“{record}”不属于所选信用主体。", "请重新选择。"
        ),
        "objection.record_removed": Message(
            "信息已不再提供",
            "信用信息“{record}”的状态为“{status}”，已不再对外提供，无需提出异议。",
            "",
        ),
        "objection.several_providers": Message(
            "信息来自不同单位",
            "所选信息来自 {count} 个不同的信息提供单位。核查须分别转至各提供单位、分别计算期限。",
            "请按信息提供单位分别受理（每个单位一件异议）。",
        ),
        "objection.record_busy": Message(
            "信息已在异议处理中",
            "信用信息“{record}”已在异议案件 {case_no} 中处理，不能重复受理。",
            "请在该案件中补充材料，或待其办结后再受理。",
        ),
        "objection.grounds_required": Message("未选择异议理由", "请至少选择一项异议理由。", ""),
        "objection.ground_unknown": Message(
            "异议理由不适用",
            "“{ground}”不是《{regulation}》规定的异议理由。可选理由：{allowed}。",
            "",
        ),
        "objection.received_in_future": Message(
            "日期有误", "收到日期 {day} 晚于今天。", "请填写实际收到异议申请的日期。"
        ),
        "objection.too_many_files": Message(
            "材料过多", "共选择了 {count} 个证明材料文件，最多 {max} 个。", "请合并扫描后再选择。"
        ),
        # --- processing -----------------------------------------------------------------------
        "objection.not_found": Message(
            "找不到异议案件", "没有编号为 {case_no} 的异议案件。", "请核对案件编号。"
        ),
        "objection.attachment_not_found": Message(
            "找不到材料", "异议案件 {case_no} 中没有编号为 {id} 的材料。", ""
        ),
        "objection.conflict": Message(
            "案件已被他人处理",
            "异议案件 {case_no} 已由{by}办理（{event}），当前状态为“{state}”。"
            "您看到的是办理前的内容。",
            "已为您刷新案件，请查看最新状态后再决定是否继续办理。",
        ),
        "objection.not_allowed": Message(
            "当前不能办理",
            "异议案件 {case_no} 当前状态为“{state}”，不能“{action}”。现在可以办理：{allowed}。",
            "",
        ),
        "objection.no_difference": Message(
            "平台信息与报送一致",
            "异议案件 {case_no} 所涉信息与信息提供单位报送的内容一致，没有可更正之处。",
            "一致的，应转信息提供单位核查。",
        ),
        "objection.correction_reason": Message(
            "", "异议案件 {case_no}：平台信息与信息提供单位报送不一致，按报送内容更正", ""
        ),
        "objection.provider_correction_reason": Message(
            "", "异议案件 {case_no}：信息提供单位核查后更正", ""
        ),
        "objection.deletion_reason": Message(
            "", "异议案件 {case_no}：信息提供单位核查后确认异议成立，删除该信息", ""
        ),
        "objection.unverifiable_reason": Message("", "经核查，无法确认该信息的真实性", ""),
        "objection.outcome_not_allowed": Message(
            "核查结果不适用", "“{outcome}”不适用于《{regulation}》。", ""
        ),
        "objection.reasons_required": Message(
            "缺少理由",
            "异议不成立的，信息提供单位应当说明理由（{basis}）。",
            "请填写不予处理的理由。",
        ),
        "objection.changes_required": Message(
            "缺少更正内容",
            "异议成立并予以更正的，请填写信息提供单位确认的更正后内容。",
            "",
        ),
        "objection.record_not_in_case": Message(
            "信息不在本案中", "编号为 {record_id} 的信用信息不是本异议案件所涉信息。", ""
        ),
        "objection.field_unknown": Message("字段无效", "“{field}”不是可更正的信息项。", ""),
        "objection.bad_date": Message(
            "日期格式错误", "“{field}”的值“{value}”不是有效日期。", "请按 2026-03-01 的格式填写。"
        ),
        "objection.bad_value": Message("取值无效", "“{field}”不能取值“{value}”。", ""),
        "objection.receipt_exists": Message(
            "回执已出具",
            "异议案件 {case_no} 的受理回执已出具（编号 {number}）。",
            "需要再次打印的，请在“报告与文书”中补打。",
        ),
        # --- letters --------------------------------------------------------------------------
        "objection.forward_overdue_effect": Message(
            "",
            "逾期未反馈的，本中心将自期限届满次日起中止提供该信息的查询，直至收到贵单位的核查结果（{basis}）。",
            "",
        ),
        "objection.remedy_appeal": Message(
            "",
            "如对处理结果仍有异议，可以向{authority}申诉；对申诉结果不服的，可以依法申请行政复议或者提起行政诉讼（{basis}）。",
            "",
        ),
        "objection.remedy_annotation": Message(
            "",
            "如对处理结果仍有异议，可向本中心提出，本中心将对该信息予以标注（{basis}）；"
            "您也可以依法申请行政复议或者提起行政诉讼。",
            "",
        ),
        "objection.remedy_general": Message(
            "", "如对处理结果仍有异议，可以依法申请行政复议或者提起行政诉讼。", ""
        ),
    }
)
