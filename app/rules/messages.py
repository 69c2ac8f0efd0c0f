"""Chinese message templates of the rules engine (merged into ``app.domain.messages.MESSAGES``)."""

from __future__ import annotations

from app.domain.messages import Message

RULES_MESSAGES: dict[str, Message] = {
    # --- working-day calendar --------------------------------------------------------
    "calendar.year_missing": Message(
        "工作日历缺少 {year} 年",
        "工作日历中没有 {year} 年的数据，无法计算该年份内的工作日或期限。",
        "请系统管理员导入国务院办公厅发布的 {year} 年部分节假日安排"
        "（creditdesk calendar import 文件），程序不会按推测的节假日计算。",
    ),
    "calendar.next_year_missing": Message(
        "尚未导入 {year} 年节假日安排",
        "工作日历尚未包含 {year} 年。请在国务院办公厅发布 {year} 年部分节假日安排后及时导入，"
        "否则跨入 {year} 年的期限将无法计算。",
        "creditdesk calendar import 文件，或在“系统管理—工作日历”中导入。",
    ),
    "calendar.negative_days": Message(
        "工作日数无效", "工作日数应为 0 或正整数，实际为 {value}。", ""
    ),
    "calendar.package_year": Message(
        "内置日历不含 {year} 年",
        "chinesecalendar 程序包只收录 {first}–{last} 年的国务院官方节假日安排，不含 {year} 年。",
        "请导入国务院办公厅发布的 {year} 年节假日安排文件。",
    ),
    "calendar.file_invalid": Message(
        "节假日安排文件有误",
        "文件“{source}”有 {count} 处错误：{summary}",
        "每行格式：日期,类型,说明，例如 2027-01-01,休,元旦 或 2027-02-07,班,春节调休上班。"
        "类型只能是 休/班（或 holiday/workday）。改正后重新导入，本次未导入任何日期。",
    ),
    "calendar.file_empty": Message("文件为空", "文件中没有任何日期行。", ""),
    "calendar.file_encoding": Message(
        "文件编码无法识别",
        "文件既不是 UTF-8 编码也不是 GBK 编码。",
        "请另存为 UTF-8 编码的文本文件。",
    ),
    "calendar.file_columns": Message(
        "列数不对",
        "第{line}行应有 2 或 3 列（日期,类型[,说明]），实际为 {count} 列：“{text}”。",
        "",
    ),
    "calendar.file_bad_date": Message(
        "日期无效", "第{line}行的日期“{value}”无效，应为 YYYY-MM-DD（如 2027-10-01）。", ""
    ),
    "calendar.file_bad_range": Message(
        "日期范围无效", "第{line}行的日期范围“{value}”结束日早于开始日。", ""
    ),
    "calendar.file_bad_type": Message(
        "类型无效",
        "第{line}行的类型“{value}”无法识别，应为 休 或 班（也可写 holiday / workday）。",
        "",
    ),
    "calendar.file_duplicate_date": Message(
        "日期重复", "第{line}行的日期 {value} 已在第{first_line}行出现过。", ""
    ),
    "calendar.file_mixed_years": Message(
        "年份不一致",
        "第{line}行的日期 {value} 属于 {year} 年，而文件第一条日期属于 {expected} 年；"
        "一个文件只能包含一个年份。",
        "",
    ),
    # --- jurisdiction profiles ----------------------------------------------------------
    "rules.profile_invalid": Message(
        "规则配置文件有误",
        "规则配置文件 {file} 有误：字段 {field}：{problem}{more}",
        "请改正该配置文件后重新启动程序（[[…]] 表按出现顺序从 1 计数）。",
    ),
    "rules.profile_syntax": Message(
        "规则配置文件格式错误",
        "规则配置文件 {file} 不是有效的 TOML 文件：{problem}",
        "请检查该行的引号、括号和等号。",
    ),
    "rules.profile_unreadable": Message(
        "无法读取规则配置文件",
        "无法读取规则配置文件 {file}：{problem}",
        "请检查文件是否存在及其编码（UTF-8）。",
    ),
    "rules.profile_directory_empty": Message(
        "没有规则配置文件",
        "目录 {directory} 中没有任何辖区规则配置文件（*.toml）。",
        "请检查安装是否完整。",
    ),
    "rules.unknown_profile": Message(
        "未知的辖区规则", "没有名为“{profile}”的辖区规则配置。可用的有：{known}。", ""
    ),
    "rules.unknown_step": Message(
        "未知的办理环节", "“{step}”不是已定义的办理环节编号。可用的有：{known}。", ""
    ),
    "rules.profile_validity": Message(
        "规则文件可能已失效",
        "《{regulation}》的有效期为 {valid_from} 至 {valid_to}，{on} 不在有效期内。",
        "请系统管理员确认该办法是否已修订或延期，并更新规则配置文件。",
    ),
    "rules.fact_missing": Message(
        "缺少计算所需日期",
        "计算披露期限需要“{field}”（{basis}），但该记录未填写。",
        "请补录该日期后再查询。",
    ),
    "rules.no_disclosure_rule": Message(
        "没有适用的披露期限规则",
        "辖区规则“{profile}”对 {info_class}（严重程度：{severity}，名单：{list_type}）"
        "没有适用的披露期限规则。",
        "请核对记录的严重程度和名单类型（例如南通市须标明一般或严重失信）。",
    ),
}
