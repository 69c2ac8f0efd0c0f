"""Message templates of the record lifecycle (issue 10): withdrawals. Registered on import."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        "withdrawal.not_provided": Message(
            "本辖区未规定良好信息撤回",
            "《{regulation}》没有信用主体申请撤回表彰奖励、志愿服务、慈善捐赠等良好信息的规定，"
            "本系统不受理撤回申请。",
            "请告知申请人向信息提供单位咨询。",
        ),
        "withdrawal.subject_required": Message(
            "缺少信用主体", "请输入申请撤回信息的信用主体的统一社会信用代码或身份证号码。", ""
        ),
        "withdrawal.subject_unknown": Message(
            "找不到信用主体", "平台中没有代码为 {code} 的信用主体。", "请核对代码。"
        ),
        "withdrawal.record_required": Message("未选择信息", "请选择申请撤回的良好信息。", ""),
        "withdrawal.record_other_subject": Message(
            "不是该主体的信息",
            "信息 {record} 不是信用主体“{subject}”的信用信息，不能由其申请撤回。",
            "请核对信用主体和所选信息。",
        ),
        "withdrawal.not_good": Message(
            "不是良好信息",
            "“{record}”不是良好信息（属于{info_class}），不能申请撤回。",
            "只有{categories}等良好信息可以由信用主体申请撤回（{basis}）。",
        ),
        "withdrawal.not_category": Message(
            "不属于可撤回的良好信息",
            "“{record}”不属于{categories}信息，不能申请撤回（{basis}）。",
            "",
        ),
        "withdrawal.already_withdrawn": Message(
            "信息已撤回",
            "“{record}”{when}已撤回或不再公开（{status}），不能重复申请。",
            "",
        ),
        "withdrawal.not_active": Message(
            "信息不在公开状态",
            "“{record}”当前状态为“{status}”，不能申请撤回。",
            "",
        ),
        "withdrawal.already_requested": Message(
            "已有撤回申请",
            "“{record}”已有撤回申请 {case_no} 正在办理。",
            "请在该申请中继续办理。",
        ),
        "withdrawal.written_required": Message(
            "需要书面申请",
            "撤回良好信息应当提交书面申请（{basis}）。",
            "请收取申请人的书面申请后勾选“已提交书面申请”。",
        ),
        "withdrawal.not_found": Message(
            "找不到撤回申请", "没有编号为 {case_no} 的良好信息撤回申请。", "请核对案件编号。"
        ),
        "withdrawal.conflict": Message(
            "申请已被他人处理",
            "撤回申请 {case_no} 已被{by}处理，当前状态为“{state}”。",
            "请重新打开该申请后再办理。",
        ),
        "withdrawal.invalid_transition": Message(
            "不能办理",
            "撤回申请 {case_no} 当前状态为“{state}”，不能{event}。",
            "",
        ),
        "withdrawal.reason_required": Message("缺少不予撤回的理由", "不予撤回时必须写明理由。", ""),
        "withdrawal.record_changed": Message(
            "信息状态已变化",
            "“{record}”当前状态为“{status}”，不能再办理撤回。",
            "请核实后以“不予撤回”办结该申请。",
        ),
    }
)

__all__ = ["Message"]
