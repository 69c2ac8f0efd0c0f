"""Chinese message templates for credit reports, letters, signing and verification (issue 8)."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # --- signing keys ---------------------------------------------------------------------
        "signing.keyring_unavailable": Message(
            "没有可用的系统密钥环",
            "本机没有可用的系统密钥环（{backend}），无法保管文书签名私钥，"
            "因此本机不能出具带电子签名的报告和文书。",
            "请在提供密钥环的桌面环境中运行（Windows 凭据管理器、macOS 钥匙串、GNOME 密钥环或 "
            "KWallet）。为安全起见，签名私钥不会保存到文件中。",
        ),
        "signing.keyring_failed": Message(
            "密钥环操作失败",
            "无法在系统密钥环中{action}文书签名私钥：{reason}",
            "请检查系统密钥环后重试。",
        ),
        # --- numbering ------------------------------------------------------------------------
        "numbering.exhausted": Message(
            "编号已用完",
            "{what}在{period}的流水号已达上限 {limit}，不能再编号。",
            "请联系系统管理员。",
        ),
        # --- issuing and reprinting -------------------------------------------------------------
        "documents.missing_glyphs": Message(
            "字库缺字",
            "以下字符在报告字库中没有，打印时以“〓”标示并附缺字说明：{chars}。"
            "原字完整保存在文书的电子核验内容中。",
            "如字符录入无误，请确认后继续出具，并在纸质件上手写补正；如录入有误，请先更正。",
        ),
        "documents.type_mismatch": Message(
            "文书类型不符",
            "要出具的是“{expected}”，所给内容却是“{actual}”。",
            "这是程序错误，请联系系统管理员。",
        ),
        "documents.no_user": Message(
            "需要工作人员办理",
            "出具和补打文书须由已登录的工作人员办理（文书上印有经办人工号）。",
            "请以工作人员账户登录后办理；命令行请用 --clerk 指定经办人。",
        ),
        "documents.payload_altered": Message(
            "文书存档内容异常",
            "文书 {number} 的存档内容与出具时的摘要或签名不符，不能补打。",
            "存档可能被改动，请联系系统管理员核查数据库和审计日志。",
        ),
        # --- credit reports for logged queries ----------------------------------------------
        "report.query_refused": Message(
            "该查询未获准",
            "第 {seq} 号查询记录是一次被拒绝的查询，不能据此出具信用报告。",
            "请核实申请人的身份与授权后重新查询。",
        ),
        "report.not_a_query": Message(
            "不是窗口查询",
            "第 {seq} 号查询记录不是为申请人办理的查询（如工作人员披露预览），不能据此出具报告。",
            "请在“窗口查询”中为申请人办理查询后出具。",
        ),
        "report.batch_query": Message(
            "批量查询不出具报告",
            "第 {seq} 号查询记录属于信用服务机构的批量查询，其结果以导出文件提供，不出具单份报告。",
            "",
        ),
        "report.query_stale": Message(
            "查询已过当日",
            "第 {seq} 号查询办理于 {queried_on}，信用报告只能在查询当日出具。",
            "请重新核验申请人的身份与授权并办理查询后出具。",
        ),
        "report.grant_missing": Message(
            "缺少授权记录", "第 {seq} 号授权查询没有关联的授权记录，不能出具报告。", ""
        ),
        "report.grant_no_longer_valid": Message(
            "授权已失效",
            "查询所依据的授权（编号 {grant_id}）现已撤销或过期，不能出具报告。",
            "请申请人提供有效授权后重新查询。",
        ),
        # --- verification -----------------------------------------------------------------------
        "documents.qr_invalid": Message(
            "无法识别核验码", "无法识别扫描的内容：{reason}。", "请重新扫描，或手工输入报告编号。"
        ),
        "documents.keys_invalid": Message(
            "公钥文件无效",
            "{path} 不是本系统导出的公钥文件：{reason}。",
            "请使用出具机构以 creditdesk report export-keys 导出的文件。",
        ),
    }
)

__all__ = ["Message"]
