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
