"""Chinese message templates for the information catalogue (信息目录) and its providers.

Raised by ``app/services/catalog.py`` (目录管理: information items, provider units, import and
export of the catalogue). Field errors name the field as the administrator sees it; import
errors are shown per row by the caller ("第 3 行（CF001）：…").
"""

from __future__ import annotations

from app.domain.messages import Message, register

_FIELDS_SYNTAX = (
    "字段写作“代码:名称”，可加“:必填”、类别（如“:收入”）或类型（“:日期”“:数字”），"
    "多个字段用分号隔开，例如：facts:违法事实:必填; result:处罚结果"
)

register(
    {
        # --- plain input ----------------------------------------------------------------------
        "catalog.field_required": Message("信息不完整", "{label}不能为空。", "请填写{label}。"),
        "catalog.too_long": Message("内容过长", "{label}不能超过 {max} 个字符。", "请缩短后重试。"),
        "catalog.code_invalid": Message(
            "代码无效",
            "{label}“{value}”无效：应为 1–32 位{allowed}。",
            "例如 CF001。代码保存后不能修改。",
        ),
        "catalog.choice_invalid": Message(
            "选项无效", "{label}“{value}”无效；可选：{choices}。", ""
        ),
        "catalog.validity_invalid": Message(
            "有效期规则无效",
            "有效期规则“{value}”无效：应为 profile（按辖区规则计算），"
            "或 ISO 8601 期间，如 P3Y（3 年）、P6M（6 个月）、P1Y6M。",
            "",
        ),
        # --- items ----------------------------------------------------------------------------
        "catalog.item_exists": Message(
            "信息事项已存在",
            "信息事项代码“{code}”已被“{name}”使用。",
            "如需修改该事项，请在目录列表中打开它。",
        ),
        "catalog.item_not_found": Message(
            "找不到信息事项", "信息目录中没有代码为“{code}”的信息事项。", "请核对信息事项代码。"
        ),
        "catalog.provider_unknown": Message(
            "找不到信息提供单位",
            "没有代码为“{code}”的信息提供单位。",
            "请先在信息目录中登记该单位。",
        ),
        "catalog.provider_inactive": Message(
            "信息提供单位已停用",
            "信息提供单位“{name}”（{code}）已停用，不能为其设置信息事项。",
            "请选择在用的单位，或先重新启用该单位。",
        ),
        # --- content fields -------------------------------------------------------------------
        "catalog.fields_syntax": Message(
            "字段格式错误", "第 {n} 个字段“{part}”格式错误。", _FIELDS_SYNTAX
        ),
        "catalog.field_key_invalid": Message(
            "字段代码无效",
            "字段代码“{key}”无效：应以小写英文字母开头，只含小写字母、数字和下划线，"
            "不超过 {max} 个字符。",
            "例如 facts、penalty_amount。",
        ),
        "catalog.field_key_duplicate": Message(
            "字段代码重复", "字段代码“{key}”重复。", "每个字段的代码只能出现一次。"
        ),
        "catalog.field_label_required": Message(
            "字段名称为空", "第 {n} 个字段（{key}）的名称不能为空。", ""
        ),
        "catalog.field_label_chars": Message(
            "字段名称含非法字符",
            "字段名称“{label}”不能含有冒号或分号。",
            "字段名称就是报送模板的列名，请换一种写法。",
        ),
        "catalog.field_label_duplicate": Message(
            "字段名称重复",
            "字段名称“{label}”重复（全角半角、空格不计）。",
            "字段名称就是报送模板的列名，每列只能出现一次。",
        ),
        "catalog.field_label_reserved": Message(
            "字段名称与标准列相同",
            "字段名称“{label}”与报送模板的标准列“{standard}”相同（全角半角、空格不计）。",
            "标准列已在每个模板中，请换一个字段名称。",
        ),
        "catalog.field_label_spelling": Message(
            "字段名称写法不一致",
            "字段名称“{label}”与同一提供单位的信息事项 {other} 的字段“{existing}”是同一列"
            "（全角半角、空格不计），但写法不同。",
            "同一单位的报送文件中同名的列只能有一种写法，请写成“{existing}”。",
        ),
        "catalog.field_type_invalid": Message(
            "字段类型无效", "字段“{label}”的类型“{value}”无效；可选：{choices}。", ""
        ),
        "catalog.field_category_invalid": Message(
            "字段类别无效",
            "字段“{label}”的类别“{value}”无效；可选：{choices}。",
            "类别只用于须经信息主体书面同意方可归集的信息（收入、存款等）；一般字段不填。",
        ),
        "catalog.field_forbidden": Message(
            "不得归集的信息",
            "字段“{label}”属于{category}信息，不得归集（{basis}）。",
            "信息目录不能设置此类字段。",
        ),
        "catalog.field_sensitive": Message(
            "不得归集的信息",
            "字段“{label}”属于{category}信息（个人敏感信息），信息目录不设此类字段。",
            "",
        ),
        # --- providers ------------------------------------------------------------------------
        "catalog.provider_exists": Message(
            "信息提供单位已存在",
            "信息提供单位代码“{code}”已被“{name}”使用。",
            "如需修改该单位，请在列表中打开它。",
        ),
        "catalog.provider_not_found": Message(
            "找不到信息提供单位", "没有代码为“{code}”的信息提供单位。", "请核对单位代码。"
        ),
        # --- import and export ----------------------------------------------------------------
        "catalog.format_invalid": Message(
            "格式无效", "目录文件的格式“{fmt}”无效；可选：xlsx、json。", ""
        ),
        "catalog.file_invalid": Message(
            "无法读取目录文件",
            "目录文件“{file}”无法读取：{reason}。",
            "请使用 creditdesk catalog export 或“系统管理—信息目录—导出”生成的文件。",
        ),
        "catalog.columns_missing": Message(
            "目录文件缺少列",
            "目录文件“{file}”缺少列：{labels}。",
            "请使用导出的目录文件修改后再导入。",
        ),
        "catalog.import_duplicate": Message(
            "信息事项重复", "信息事项代码“{code}”在文件中出现多次（另见{first}）。", ""
        ),
        "catalog.import_provider_differs": Message(
            "信息提供单位前后不一致",
            "信息提供单位 {code} 的{label}与{first}不同。",
            "同一单位在文件中只能有一种写法。",
        ),
        "catalog.import_not_list": Message(
            "", "JSON 文件的内容应为信息事项的列表，每项一个对象", ""
        ),
        "catalog.import_not_object": Message("", "该项不是 JSON 对象", ""),
    }
)

__all__ = ["Message"]
