"""Chinese message templates for credit repair (issue 7) and what cases share."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # --- shared by objections and repairs ----------------------------------------------------
        "case.date_in_future": Message(
            "日期有误", "日期 {day} 晚于今天。", "请填写实际办理的日期。"
        ),
        "case.date_too_early": Message(
            "日期有误", "日期 {day} 早于上一步的办理日期 {earliest}。", "请核对日期。"
        ),
        "case.assignee_unknown": Message(
            "找不到用户", "编号为 {user_id} 的用户不存在或已停用。", ""
        ),
        "case.assignee_role": Message(
            "不能分派", "用户“{user}”的角色不办理此类案件。", "请选择窗口受理员或审核主管。"
        ),
        # --- intake ---------------------------------------------------------------------------
        "repair.not_provided": Message(
            "本辖区未规定信用修复",
            "《{regulation}》没有信用修复的规定，本系统不受理信用修复申请。",
            "请告知申请人向信息提供单位或上级信用主管部门咨询。",
        ),
        "repair.subject_required": Message(
            "缺少信用主体", "请输入申请修复的信用主体的统一社会信用代码或身份证号码。", ""
        ),
        "repair.subject_unknown": Message(
            "找不到信用主体", "平台中没有代码为 {code} 的信用主体。", "请核对代码。"
        ),
        "repair.provider_disagrees": Message(
            "缺少提供单位的书面确认",
            "信息提供单位未出具同意修复的书面确认，不能准予修复（{basis}）。",
            "请登记提供单位的书面确认；提供单位不同意的，应不予修复。",
        ),
        "repair.lodged_with": Message(
            "受理渠道不符",
            "《{regulation}》规定信用修复申请向{allowed}提出（{basis}）。",
            "",
        ),
        "repair.records_required": Message("未选择信息", "请至少选择一条申请修复的失信信息。", ""),
        "repair.record_unknown": Message(
            "信用信息不存在", "编号为 {record_id} 的信用信息不存在或不属于该信用主体。", ""
        ),
        "repair.not_dishonest": Message(
            "不是失信信息", "“{record}”不是失信信息，无需也不能申请信用修复。", ""
        ),
        "repair.already_repaired": Message("已经修复", "“{record}”已经修复，不在查询中提供。", ""),
        "repair.not_active": Message(
            "信息已不再提供",
            "“{record}”的状态为“{status}”，已不再对外提供，无需申请信用修复。",
            "",
        ),
        "repair.record_busy": Message(
            "已在办理中",
            "“{record}”已在信用修复案件 {case_no} 中办理，不能重复申请。",
            "",
        ),
        "repair.outside_period": Message(
            "已超过披露期限",
            "“{record}”已超过披露期限、不再公开，无需申请信用修复（{basis}）。",
            "",
        ),
        "repair.minimum_not_passed": Message(
            "最短公示期未满",
            "“{record}”的最短公示期至 {min_end} 届满，届满前不能申请信用修复；"
            "自 {from} 起可以申请（{basis}）。",
            "请告知申请人届时再来申请。",
        ),
        "repair.one_application": Message(
            "已申请过修复",
            "“{record}”已提出过信用修复申请；同一条行政处罚信息只能申请一次（{basis}）。",
            "",
        ),
        "repair.several_providers": Message(
            "信息来自不同单位",
            "所选信息来自 {count} 个不同的信息提供单位。",
            "请按信息提供单位分别申请（每个单位一件）。",
        ),
        "repair.corrected_on_required": Message(
            "缺少纠正日期", "请填写失信行为纠正（义务履行完毕）的日期。", ""
        ),
        "repair.corrected_in_future": Message("日期有误", "纠正日期 {day} 晚于今天。", ""),
        "repair.corrected_before_decision": Message(
            "日期有误",
            "纠正日期 {day} 早于“{record}”的决定日期 {decided}。",
            "请核对纠正日期。",
        ),
        "repair.material_unknown": Message("材料类型无效", "“{kind}”不是信用修复材料的类型。", ""),
        "repair.supplement_incomplete": Message(
            "补正材料不全",
            "一次性告知的材料尚缺：{missing}。",
            "请收齐后再登记补正。",
        ),
        # --- review -----------------------------------------------------------------------------
        "repair.not_found": Message(
            "找不到信用修复案件", "没有编号为 {case_no} 的信用修复案件。", "请核对案件编号。"
        ),
        "repair.conflict": Message(
            "案件已被他人处理",
            "信用修复案件 {case_no} 已由{by}办理（{event}），当前状态为“{state}”。"
            "您看到的是办理前的内容。",
            "已为您刷新案件，请查看最新状态后再决定是否继续办理。",
        ),
        "repair.not_allowed": Message(
            "当前不能办理",
            "信用修复案件 {case_no} 当前状态为“{state}”，不能“{action}”。现在可以办理：{allowed}。",
            "",
        ),
        "repair.four_eyes": Message(
            "不能审批本人经办的申请",
            "您{role}了信用修复案件 {case_no}，按照“四眼原则”不能由您本人审批。",
            "请由另一位审核主管审批。",
        ),
        "repair.reasons_required": Message("缺少理由", "请填写{what}的理由。", ""),
        "repair.manual_unconfirmed": Message(
            "条件未确认",
            "初审同意修复前，须逐项确认：{conditions}。",
            "请核对材料后勾选确认，或填写不同意的意见。",
        ),
        "repair.publicity_running": Message(
            "公示期未满",
            "公示期至 {due} 届满，届满后方可生效（{basis}）。",
            "",
        ),
        "repair.reason_effect": Message("", "信用修复（案件 {case_no}）：{effect}", ""),
        "repair.reason_revoked": Message(
            "", "撤销信用修复（案件 {case_no}），恢复原信息：{reason}", ""
        ),
    }
)
