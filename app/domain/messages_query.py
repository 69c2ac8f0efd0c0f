"""Chinese message templates: window-service queries, grants, query log, batch queries (issue 5)."""

from __future__ import annotations

from app.domain.messages import Message, register

_REFUSED = "不予查询"

register(
    {
        # --- attachments (scanned 授权书 / 委托书) ------------------------------------------
        "attachment.name_empty": Message("文件名为空", "文件名不能为空。", "请重新选择文件。"),
        "attachment.name_control": Message(
            "文件名无效",
            "文件名含不可见的控制字符（{char}）。",
            "请将文件改名（只用文字、数字和常见标点）后重新选择。",
        ),
        "attachment.name_path": Message(
            "文件名无效",
            "“{name}”不是单纯的文件名：文件名不能含路径（/、\\、: 或 ..）。",
            "请只填写文件名本身，例如 授权书.pdf。",
        ),
        "attachment.name_too_long": Message(
            "文件名过长",
            "文件名有 {length} 个字符，最多 {max} 个。",
            "请将文件改用较短的名称后重新选择。",
        ),
        "attachment.empty": Message("文件为空", "文件“{name}”是空文件（0 字节）。", "请重新扫描。"),
        "attachment.too_large": Message(
            "文件过大",
            "文件“{name}”大小为 {size_mb} MB，超过 {max_mb} MB 的上限。",
            "请降低扫描分辨率（200–300 dpi 即可）或改用黑白扫描后重试。",
        ),
        "attachment.bad_type": Message(
            "文件类型不支持",
            "文件“{name}”不是 {allowed} 文件（按文件内容判断，与扩展名无关）。",
            "请上传扫描件的 PDF、JPEG 或 PNG 文件。",
        ),
        # --- grants (授权书) ---------------------------------------------------------------
        "grant.doc_number_format": Message(
            "证件号码格式错误",
            "{label}号码只能由英文字母和数字组成，最长 40 位。",
            "请核对证件上的号码。",
        ),
        "grant.field_required": Message("信息不完整", "{label}不能为空。", "请填写{label}。"),
        "grant.field_too_long": Message(
            "内容过长", "{label}不能超过 {max} 个字符。", "请缩短后重试。"
        ),
        "grant.grantee_is_grantor": Message(
            "被授权人有误",
            "被授权人就是信息主体本人，本人查询无需授权。",
            "请改为“本人查询”，或核对被授权人证件号码。",
        ),
        "grant.scope_empty": Message(
            "授权范围为空",
            "授权范围不能为空。",
            "请按授权书勾选信息类别（基础、良好、失信、其他）或填写信息事项代码。",
        ),
        "grant.scope_unknown": Message(
            "授权范围有误",
            "授权范围中的信息事项代码 {codes} 不在公共信用信息目录中。",
            "请核对授权书上的信息事项，或改按信息类别授权。",
        ),
        "grant.dates_reversed": Message(
            "有效期有误",
            "授权有效期截止日 {valid_to} 早于起始日 {valid_from}。",
            "请核对授权书上的有效期。",
        ),
        "grant.too_long": Message(
            "有效期过长",
            "授权有效期共 {days} 天，超过本系统允许的 {max} 天（一年）。",
            "请按授权书登记；超过一年的授权须由信息主体重新出具，截止日最晚为 {latest}。",
        ),
        "grant.already_expired": Message(
            "授权已过期",
            "授权有效期已于 {valid_to} 届满，不能登记。",
            "请信息主体重新出具授权书。",
        ),
        "grant.method_not_allowed": Message(
            "授权方式不适用",
            "本辖区不接受“{method}”方式的授权（{citation}）。",
            "请提供信息主体签署的书面授权书。",
        ),
        "grant.document_required": Message(
            "缺少授权书扫描件",
            "书面授权须附授权书扫描件。",
            "请扫描信息主体签署的授权书（PDF、JPEG 或 PNG）后上传。",
        ),
        "grant.sms_reference_required": Message(
            "缺少短信验证记录",
            "短信验证授权须填写短信验证记录编号。",
            "请填写短信验证平台给出的验证流水号。",
        ),
        "grant.not_found": Message(
            "授权不存在", "找不到编号为 {grant_id} 的授权。", "请核对授权编号。"
        ),
        "grant.no_document": Message(
            "没有授权书扫描件", "授权 {grant_id} 未附授权书扫描件（短信验证授权）。", ""
        ),
        "grant.already_revoked": Message(
            "授权已撤销", "授权 {grant_id} 已于 {revoked_at} 撤销。", "如需查询，请重新登记授权。"
        ),
        # --- subject search --------------------------------------------------------------
        "search.empty": Message(
            "请输入查询条件",
            "请输入信息主体的代码或名称。",
            "可输入统一社会信用代码、身份证号码或名称。",
        ),
        "search.too_long": Message("查询条件过长", "查询条件不能超过 {max} 个字符。", ""),
        "search.name_too_short": Message(
            "名称过短",
            "按名称查找至少需要输入 {min} 个汉字。",
            "请输入更完整的名称，或改用统一社会信用代码、身份证号码查找。",
        ),
        # --- the window query: typing faults (not logged) --------------------------------
        "query.field_required": Message("信息不完整", "{label}不能为空。", "请填写{label}。"),
        "query.field_too_long": Message("内容过长", "{label}不能超过 {max} 个字符。", ""),
        "query.agent_doc_type": Message(
            "经办人证件类型有误",
            "经办人证件应为个人身份证件，不能是统一社会信用代码。",
            "请选择经办人的居民身份证、护照等证件。",
        ),
        "query.subject_required": Message(
            "未选择信息主体", "请先选择要查询的信息主体。", "可按代码或名称查找。"
        ),
        "query.grant_not_needed": Message(
            "无需登记授权", "“{audience}”不需要登记授权书。", "只有授权查询需要授权书。"
        ),
        # --- the window query: refusals (logged) -----------------------------------------
        "query.subject_unknown": Message(
            _REFUSED,
            "平台未归集代码为 {code} 的信息主体的公共信用信息。",
            "请核对代码；确无记录的，可告知申请人平台暂无其公共信用信息。",
        ),
        "query.document_not_seen": Message(
            _REFUSED,
            "未确认已查验查询人的有效身份证件。",
            "请查验查询人的身份证件原件后勾选“已查验证件”。",
        ),
        "query.purpose_required": Message(
            _REFUSED,
            "查询目的不能为空：{audience}须说明查询目的。",
            "请从列表中选择查询目的，必要时补充说明。",
        ),
        "query.purpose_detail_required": Message(
            _REFUSED, "查询目的不能为空：选择“其他”时须说明具体目的。", "请填写具体的查询目的。"
        ),
        "query.government_purpose_invalid": Message(
            _REFUSED,
            "政务共享查询的目的“{purpose}”不属于规定的情形（{citation}）。",
            "可选的查询目的：{allowed}",
        ),
        "query.application_required": Message(
            _REFUSED,
            "政务共享查询须提交书面申请，未填写申请文号。{citation}",
            "请填写查询单位书面申请的文号。",
        ),
        "query.government_requester": Message(
            _REFUSED,
            "政务共享查询的查询人须为国家机关或者法律、法规授权的组织。",
            "请按单位登记查询人（统一社会信用代码）并填写经办人证件。",
        ),
        "query.self_mismatch": Message(
            _REFUSED,
            "本人查询须查询人即信息主体：查询人 {requester} 不是信息主体“{subject}”。",
            "查询他人非公开信息，请改为“授权查询”并提供信息主体的授权书。",
        ),
        "query.mandate_missing": Message(
            _REFUSED,
            "单位查询须提供本单位出具的委托书。",
            "请扫描委托书（PDF、JPEG 或 PNG）后上传。",
        ),
        "query.grant_missing": Message(
            _REFUSED,
            "未提供授权：查询他人的非公开信息须有信息主体的授权。",
            "请登记信息主体签署的授权书，或只查询社会公开信息。",
        ),
        "query.grant_not_found": Message(
            _REFUSED, "未提供授权：找不到编号为 {grant_id} 的授权。", "请核对授权编号。"
        ),
        "query.grant_other_subject": Message(
            _REFUSED,
            "授权 {grant_id} 的授权人不是被查询的信息主体。",
            "请使用被查询主体出具的授权书。",
        ),
        "query.grant_revoked": Message(
            _REFUSED,
            "授权已撤销（授权 {grant_id} 于 {revoked_on} 撤销：{reason}）。",
            "请信息主体重新出具授权书。",
        ),
        "query.grant_wrong_grantee": Message(
            _REFUSED,
            "被授权人与查询人不一致：授权 {grant_id} 授予“{grantee}”，查询人为 {requester}。",
            "只有授权书载明的被授权人可以查询。",
        ),
        "query.grant_not_yet_valid": Message(
            _REFUSED,
            "授权尚未生效（授权 {grant_id} 有效期自 {valid_from} 起）。",
            "请在授权有效期内查询。",
        ),
        "query.grant_expired": Message(
            _REFUSED,
            "授权已过期（授权 {grant_id} 有效期至 {valid_to}）。",
            "请信息主体重新出具授权书。",
        ),
        "query.grant_method_not_allowed": Message(
            _REFUSED,
            "授权 {grant_id} 为“{method}”，本辖区不接受该授权方式（{citation}）。",
            "请提供信息主体签署的书面授权书。",
        ),
        "query.grant_scope": Message(
            _REFUSED,
            "授权范围不含{missing}（授权 {grant_id} 的范围：{scope}）。",
            "请只查询授权范围内的信息，或请信息主体扩大授权范围。",
        ),
        "query.grant_scope_empty": Message(
            _REFUSED,
            "授权范围不含任何有效的信息事项（授权 {grant_id} 的范围：{scope}）。",
            "请信息主体按现行信息目录重新出具授权书。",
        ),
        # --- agencies ---------------------------------------------------------------------
        "agency.field_required": Message("信息不完整", "{label}不能为空。", "请填写{label}。"),
        "agency.field_too_long": Message("内容过长", "{label}不能超过 {max} 个字符。", ""),
        "agency.duplicate": Message(
            "机构已登记", "统一社会信用代码 {uscc} 已登记为“{holder}”。", "请勿重复登记。"
        ),
        "agency.licence_past": Message(
            "备案已过期", "备案（许可）有效期已于 {valid_to} 届满。", "请核对备案证明。"
        ),
        "agency.agreement_dates": Message(
            "保密协议日期有误",
            "保密协议截止日 {valid_to} 早于签订日 {signed_on}。",
            "请核对保密协议。",
        ),
        "agency.agreement_past": Message(
            "保密协议已过期", "保密协议已于 {valid_to} 到期，不能登记。", "请先续签保密协议。"
        ),
        "agency.not_found": Message(
            "机构不存在", "找不到编号为 {agency_id} 的信用服务机构。", "请核对机构编号。"
        ),
        "agency.inactive": Message(_REFUSED, "信用服务机构“{name}”已停用。", ""),
        "agency.licence_expired": Message(
            _REFUSED, "信用服务机构“{name}”的备案（许可）已于 {valid_to} 到期。", ""
        ),
        "agency.agreement_not_started": Message(
            _REFUSED, "信用服务机构“{name}”的保密协议自 {signed_on} 起生效。", ""
        ),
        "agency.agreement_expired": Message(
            _REFUSED, "信用服务机构“{name}”的保密协议已于 {valid_to} 到期。", "请先续签保密协议。"
        ),
        # --- batch queries -----------------------------------------------------------------
        "batch.not_provided": Message(
            "不提供批量查询",
            "《{regulation}》未规定信用服务机构批量查询，本系统不办理。",
            "信用服务机构可逐一到窗口办理授权查询。",
        ),
        "batch.file_empty": Message("文件为空", "批量查询文件没有内容。", ""),
        "batch.file_too_large": Message(
            "文件过大", "批量查询文件超过 {max_mb} MB。", "请拆分为多个文件。"
        ),
        "batch.file_binary": Message(
            "文件格式错误",
            "批量查询文件不是文本（CSV）文件。",
            "请在 Excel 中“另存为 CSV（逗号分隔）”后重试。",
        ),
        "batch.file_encoding": Message(
            "文件编码无法识别",
            "批量查询文件既不是 UTF-8 也不是 GBK 编码。",
            "请另存为 UTF-8 或 GBK 编码的 CSV 文件。",
        ),
        "batch.file_no_rows": Message(
            "没有查询行", "批量查询文件中没有数据行。", "每行一个主体代码和授权编号，用逗号分隔。"
        ),
        "batch.file_too_many_rows": Message(
            "行数过多", "批量查询文件有 {rows} 行，每批最多 {max} 行。", "请拆分为多个文件。"
        ),
        "batch.row_bad_code": Message(_REFUSED, "主体代码无效：{reason}", ""),
        "batch.row_bad_grant": Message(
            _REFUSED, "授权编号“{ref}”无效：应为登记时给出的数字编号。", ""
        ),
    }
)

__all__ = ["Message"]
