"""Message catalogue: msg_id → Chinese title, text and resolution templates.

Services raise ``CreditDeskError(msg_id, **params)``; the CLI and the GUI render the same
Chinese from here (Tryton's ``gettext`` pattern). A meta-test checks every raised msg_id has
an entry. Templates use ``str.format`` fields named after the error's params.
"""

from __future__ import annotations

from typing import NamedTuple


class Message(NamedTuple):
    title: str
    text: str
    resolution: str = ""


MESSAGES: dict[str, Message] = {
    # --- codes and identity documents -------------------------------------------------
    "code.empty": Message("代码为空", "{label}不能为空。", "请输入完整的{label}。"),
    "code.length": Message(
        "代码长度错误", "{label}应为 {expected} 位，实际为 {actual} 位。", "{hint}"
    ),
    "code.illegal_char": Message(
        "代码含非法字符", "{label}第{position}位含非法字符 {char}。", "{hint}"
    ),
    "code.check_char": Message(
        "校验码错误",
        "{label}第{position}位校验码应为 {expected}，实际为 {actual}。",
        "请核对证件上的号码，常见原因是抄录错误（错一位或相邻两位颠倒）。",
    ),
    "code.region": Message(
        "行政区划码无效",
        "{label}第1–6位行政区划码 {region} 无效：前两位 {province} 不是省级行政区划代码。",
        "请核对号码。前两位应为省、自治区、直辖市代码，例如 11 北京、37 山东、44 广东。",
    ),
    "code.uscc_region": Message(
        "行政区划码无效",
        "{label}第{position}位应为数字（第3–8位为登记管理机关行政区划码），实际为 {char}。",
        "请核对号码。",
    ),
    "code.birth_date": Message(
        "出生日期无效", "{label}第{positions}位出生日期 {value} 无效：{reason}。", "请核对号码。"
    ),
    "code.registration_authority": Message(
        "登记管理部门代码无效",
        "{label}第1位登记管理部门代码 {char} 无效。",
        "有效的登记管理部门代码为 1–9、A、N、Y，例如 9 为市场监督管理部门，5 为民政部门。",
    ),
    "code.org_type": Message(
        "机构类别代码无效",
        "{label}第2位机构类别代码 {char} 与第1位登记管理部门代码 {authority} 不匹配。",
        "登记管理部门代码为 {authority} 时，机构类别代码只能是 {allowed}。请核对号码。",
    ),
    "code.unknown_kind": Message(
        "无法识别的代码",
        "无法识别“{value}”（{length} 位）："
        "既不是18位统一社会信用代码，也不是15位或18位居民身份证号码。",
        "请核对号码，或先选择主体类别再输入。",
    ),
    # --- dates ---------------------------------------------------------------------
    "date.invalid": Message("日期格式错误", "{field}“{value}”不是有效日期。", "请按 YYYY-MM-DD 格式输入，例如 2026-11-25。"),
    # --- database ------------------------------------------------------------------
    "db.unavailable": Message(
        "数据库连接失败", "无法连接数据库 {target}：{reason}", "请检查数据库服务是否运行、网络是否通畅，然后重试。"
    ),
    "db.not_migrated": Message(
        "数据库尚未初始化",
        "数据库 {target} 的结构版本为 {current}，程序需要 {head}。",
        "请运行 creditdesk db upgrade。",
    ),
    "db.bad_url": Message("数据库地址无效", "数据库地址“{url}”无效：{reason}", "示例：sqlite:///路径/creditdesk.sqlite3 或 postgresql+psycopg://用户@主机/库名"),
    "db.concurrency_conflict": Message(
        "数据已被他人修改",
        "{entity} 已被其他用户修改（您看到的是第 {expected} 版，当前为第 {actual} 版）。",
        "请刷新后查看最新状态再操作。",
    ),
    # --- demo data -----------------------------------------------------------------
    "demo.bad_count": Message("参数错误", "主体数量必须是正整数，实际为 {value}。", ""),
    "demo.already_loaded": Message(
        "演示数据已存在", "数据库中已有 {count} 个信用主体，未重复加载演示数据。", "如需重新加载，请使用新的空数据库。"
    ),
    # --- generic -------------------------------------------------------------------
    "validation.failed": Message("输入有误", "{summary}", "请按提示修改后重试。"),
    "permission.denied": Message(
        "没有权限", "当前用户（{role}）无权执行“{action}”。", "如需办理，请联系系统管理员分配权限。"
    ),
    "transition.invalid": Message(
        "当前状态不允许此操作", "{entity}当前状态为“{state}”，不能执行“{event}”。", "请刷新查看案件的最新状态。"
    ),
    "not_found": Message("记录不存在", "找不到{entity}“{key}”。", "请核对后重试。"),
}


def render(msg_id: str, params: dict[str, object]) -> Message:
    """Fill the templates of ``msg_id`` with ``params``; unknown ids render visibly, never crash."""
    template = MESSAGES.get(msg_id)
    if template is None:
        return Message("错误", f"{msg_id} {params}", "")
    safe = _SafeDict({k: ("" if v is None else v) for k, v in params.items()})
    return Message(
        template.title.format_map(safe),
        template.text.format_map(safe),
        template.resolution.format_map(safe),
    )


class _SafeDict(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
