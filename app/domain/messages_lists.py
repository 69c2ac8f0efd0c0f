"""Message templates of the record lifecycle (issue 10): lists. Registered on import."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # --- list memberships ---------------------------------------------------------------
        "lists.unknown_list": Message(
            "名单类型无效",
            "“{value}”不是名单类型。",
            "可选：red（守信激励名单）、black（严重失信主体名单）、key_attention（重点关注名单）。",
        ),
        "lists.subject_unknown": Message(
            "信用主体不存在",
            "没有代码为 {code} 的信用主体。",
            "请核对统一社会信用代码或身份证号码。",
        ),
        # --- alerts (Xiamen 第二十八条) -------------------------------------------------------
        "alert.unknown_state": Message(
            "提示状态无效",
            "“{value}”不是信用提示的状态。",
            "可选：open（待处理）、handled（已处理）。",
        ),
        "alert.note_required": Message(
            "请填写处理情况",
            "处理信用提示须写明如何告知信用主体、如何提醒信息提供单位调整公示期。",
            "例如：已于某日电话告知主体，已书面提醒各提供单位将公示期调整为二年。",
        ),
        # --- links (Nantong 第二十九条) --------------------------------------------------------
        "link.not_provided": Message(
            "本辖区规则不适用",
            "《{regulation}》没有将严重失信法人的失信信息记入法定代表人、负责人失信记录的规定。",
            "只有适用《南通市公共信用信息管理办法》（第二十九条）的安装才能关联责任人。",
        ),
        "link.unknown_role": Message(
            "责任人身份无效", "“{value}”不是责任人身份。", "可选：{known}。"
        ),
        "link.not_legal_person": Message(
            "不能关联责任人",
            "信用信息 {record_id} 的信用主体不是法人，不能关联责任人。",
            "{basis}，只有严重失信法人的失信信息记入其法定代表人、主要负责人和其他直接责任人的失信记录。",
        ),
        "link.not_serious": Message(
            "不能关联责任人",
            "信用信息 {record_id} 不是严重失信信息，不能关联责任人。",
            "{basis}，只有严重失信法人的失信信息记入负有责任的法定代表人、主要负责人和其他直接责任人的失信记录。",
        ),
        "link.record_inactive": Message(
            "不能关联责任人",
            "信用信息 {record_id} 当前状态为“{status}”，不再有效，不能关联责任人。",
            "",
        ),
        "link.person_not_natural": Message(
            "责任人须为自然人",
            "{code} 不是居民身份证号码。",
            "法定代表人、主要负责人和其他直接责任人按居民身份证号码登记。",
        ),
        "link.name_required": Message(
            "请填写责任人姓名",
            "系统中还没有身份证号码为 {code} 的自然人。",
            "请填写其姓名，系统将据此登记该自然人。",
        ),
        "link.duplicate": Message(
            "已经关联",
            "信用信息 {record_id} 已经关联了 {person}。",
            "同一条信用信息对同一人只关联一次。",
        ),
    }
)

__all__ = ["Message"]
