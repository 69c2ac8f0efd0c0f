"""Message templates of the record lifecycle (issue 10): notices. Registered on import."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # --- the record -----------------------------------------------------------------
        "notice.record_unknown": Message(
            "信用信息不存在", "编号为 {record_id} 的信用信息不存在。", "请核对信息编号。"
        ),
        "notice.record_closed": Message(
            "信息已撤销，不能再更正或撤销",
            "信用信息 {record_id}（{document_number}）的状态为“{status}”，"
            "不能再登记更正或撤销通知。",
            "已撤销的信息保留在版本历史中；如提供单位重新作出决定，应作为新的信息报送归集。",
        ),
        "notice.conflict": Message(
            "信息已被他人修改",
            "信用信息 {record_id} 已有新的版本"
            "（您看到的是第 {expected} 版，当前为第 {actual} 版）。",
            "请重新打开该信息的版本历史，核对最新内容后再登记通知。",
        ),
        # --- who sent it and what it says -----------------------------------------------
        "notice.kind_invalid": Message(
            "通知类型有误", "通知类型“{value}”无效，应为 更正 或 撤销。", ""
        ),
        "notice.provider_required": Message(
            "缺少信息提供单位", "请填写发出通知的信息提供单位代码。", ""
        ),
        "notice.provider_unknown": Message(
            "找不到信息提供单位", "平台中没有代码为“{code}”的信息提供单位。", "请核对单位代码。"
        ),
        "notice.provider_mismatch": Message(
            "不是该信息的提供单位",
            "通知来自“{given}”，但信用信息 {record_id} 由“{expected}”提供。"
            "信用中心只能根据该信息提供单位的通知更正或撤销信息（{basis}）。",
            "请核对通知的发文单位；其他单位发现信息有误的，应告知信息提供单位处理。",
        ),
        "notice.reference_required": Message(
            "缺少来文文号",
            "请填写提供单位通知的来文文号。信用中心不得自行更改信用信息，"
            "每一处更改都要有提供单位的通知作依据（《威海市公共信用信息管理办法》第十八条）。",
            "",
        ),
        "notice.reason_required": Message(
            "缺少更正或撤销理由",
            "请填写提供单位通知中所述的理由（如原行政决定已被撤销或变更）。",
            "",
        ),
        "notice.text_too_long": Message("内容过长", "{label}不能超过 {max} 个字。", ""),
        "notice.date_required": Message("缺少日期", "请填写{label}。", ""),
        "notice.date_in_future": Message(
            "日期有误", "{label} {day} 晚于今天（{today}）。", "请填写实际发生的日期。"
        ),
        "notice.changed_after_received": Message(
            "日期有误",
            "法律文书撤销或变更（或发现信息有误）的日期 {changed_on} 晚于收到通知的日期 "
            "{received_on}。",
            "请核对两个日期：收到通知不可能早于文书撤销或变更。",
        ),
        # --- what changes ---------------------------------------------------------------
        "notice.changes_required": Message(
            "未填写更正内容", "更正通知至少要更正一项内容。", "请填写要更正的项目及更正后的值。"
        ),
        "notice.revocation_with_changes": Message(
            "撤销通知不更正内容",
            "撤销通知使信息不再提供，不能同时更正内容（{fields}）。",
            "如提供单位要求更正而非撤销，请选择“更正”。",
        ),
        "notice.field_unknown": Message(
            "不能更正的项目",
            "“{field}”不是信用信息 {record_id}（{item}）可以更正的项目。",
            "可以更正的项目：{allowed}。",
        ),
        "notice.field_date": Message(
            "日期格式错误", "{label}“{value}”不是有效日期。", "请按 YYYY-MM-DD 格式填写。"
        ),
        "notice.field_date_future": Message(
            "日期有误", "{label} {value} 晚于今天（{today}）。", "请核对更正后的日期。"
        ),
        "notice.field_required": Message(
            "不能为空", "{label}不能为空。", "请填写更正后的{label}。"
        ),
        "notice.field_choice": Message("取值有误", "{label}“{value}”无效，应为 {choices}。", ""),
        "notice.field_number": Message("数字格式错误", "{label}“{value}”不是有效数字。", ""),
        "notice.field_too_long": Message("内容过长", "{label}不能超过 {max} 个字。", ""),
        "notice.document_number_taken": Message(
            "决定文书号重复",
            "该信息提供单位报送的、同一信用主体的另一条信息（编号 {other_id}）"
            "已使用决定文书号“{value}”。",
            "请核对提供单位通知中的文书号。",
        ),
        "notice.nothing_changed": Message(
            "更正内容与现有信息相同",
            "填写的更正内容与信用信息 {record_id} 的现有内容完全相同，没有需要更正的项目。",
            "请核对提供单位通知中更正后的内容；只填写确有变化的项目。",
        ),
        "notice.change_reason": Message(
            "更正或撤销的依据", "根据{provider}的{kind}通知（{reference}）", ""
        ),
        # --- reading the history --------------------------------------------------------
        "history.record_unknown": Message(
            "信用信息不存在", "编号为 {record_id} 的信用信息不存在。", "请核对信息编号。"
        ),
    }
)

__all__ = ["Message"]
