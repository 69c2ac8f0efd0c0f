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
    "date.invalid": Message(
        "日期格式错误",
        "{field}“{value}”不是有效日期。",
        "请按 YYYY-MM-DD 格式输入，例如 2026-11-25。",
    ),
    # --- database ------------------------------------------------------------------
    "db.unavailable": Message(
        "数据库连接失败",
        "无法连接数据库 {target}：{reason}",
        "请检查数据库服务是否运行、网络是否通畅，然后重试。",
    ),
    "db.not_migrated": Message(
        "数据库尚未初始化",
        "数据库 {target} 的结构版本为 {current}，程序需要 {head}。",
        "请运行 creditdesk db upgrade。",
    ),
    "db.bad_url": Message(
        "数据库地址无效",
        "数据库地址“{url}”无效：{reason}",
        "示例：sqlite:///路径/creditdesk.sqlite3 或 postgresql+psycopg://用户@主机/库名",
    ),
    "db.concurrency_conflict": Message(
        "数据已被他人修改",
        "{entity} 已被其他用户修改（您看到的是第 {expected} 版，当前为第 {actual} 版）。",
        "请刷新后查看最新状态再操作。",
    ),
    # --- demo data -----------------------------------------------------------------
    "demo.bad_count": Message("参数错误", "主体数量必须是正整数，实际为 {value}。", ""),
    "demo.already_loaded": Message(
        "演示数据已存在",
        "数据库中已有 {count} 个信用主体，未重复加载演示数据。",
        "如需重新加载，请使用新的空数据库。",
    ),
    # --- installation ---------------------------------------------------------------
    "rules.no_profile_chosen": Message(
        "尚未选择辖区规则",
        "本系统尚未设置所适用的辖区规则（公共信用信息管理办法）。",
        "请系统管理员在“系统管理—辖区规则”中选择，或运行 creditdesk rules use 规则编号。",
    ),
    # --- files ----------------------------------------------------------------------
    "file.unreadable": Message(
        "无法读取文件", "无法读取文件 {path}：{reason}", "请检查文件路径和访问权限。"
    ),
    # --- generic -------------------------------------------------------------------
    "validation.failed": Message("输入有误", "{summary}", "请按提示修改后重试。"),
    "permission.denied": Message(
        "没有权限", "当前用户（{role}）无权执行“{action}”。", "如需办理，请联系系统管理员分配权限。"
    ),
    "transition.invalid": Message(
        "当前状态不允许此操作",
        "{entity}当前状态为“{state}”，不能执行“{event}”。",
        "请刷新查看案件的最新状态。",
    ),
    "not_found": Message("记录不存在", "找不到{entity}“{key}”。", "请核对后重试。"),
    "operation.cancelled": Message("操作已取消", "操作已取消，未做任何更改。", ""),
    # --- sign-in, passwords, sessions (desktop shell) --------------------------------------
    "auth.failed": Message(
        "登录失败",
        "用户名或密码错误。",
        "请检查用户名和密码（密码区分大小写）。连续输错 {limit} 次，账户将锁定 {minutes} 分钟。",
    ),
    "auth.locked": Message(
        "账户已锁定",
        "账户 {username} 因连续 {limit} 次密码错误已锁定，{until} 后可再次登录。",
        "如需立即解锁，请联系系统管理员。",
    ),
    "auth.disabled": Message(
        "账户已停用", "账户 {username} 已停用，不能登录。", "如有疑问，请联系系统管理员。"
    ),
    "auth.unlock_failed": Message(
        "解锁失败",
        "密码不正确，会话仍处于锁定状态。",
        "还可尝试 {remaining} 次；连续输错 {limit} 次账户将锁定 {minutes} 分钟。"
        "如不是本人，请点击“注销”。",
    ),
    "auth.old_password_wrong": Message(
        "原密码不正确", "输入的当前密码不正确，密码未修改。", "请重新输入当前密码。"
    ),
    "password.weak": Message(
        "密码强度不足",
        "密码不符合要求：{problems}。",
        "密码至少 {min_length} 位，包含大写字母、小写字母、数字、符号中的至少三类，"
        "且不能与用户名相同。",
    ),
    "password.same_as_old": Message(
        "新密码与原密码相同", "新密码不能与当前密码相同。", "请设置一个新的密码。"
    ),
    # --- users ------------------------------------------------------------------------------
    "user.username_invalid": Message(
        "用户名无效",
        "用户名“{username}”无效：应为 3–32 位小写字母、数字、点、下划线或连字符，并以字母开头。",
        "例如 zhangsan 或 wang.li。",
    ),
    "user.username_taken": Message(
        "用户名已存在", "用户名“{username}”已被使用。", "请换一个用户名（停用的账户也占用用户名）。"
    ),
    "user.staff_no_taken": Message(
        "工号已存在", "工号“{staff_no}”已被用户 {holder} 使用。", "请核对工号。"
    ),
    "user.field_required": Message("信息不完整", "{label}不能为空。", "请填写{label}。"),
    "user.field_too_long": Message("内容过长", "{label}不能超过 {max} 个字符。", "请缩短后重试。"),
    "user.last_admin": Message(
        "不能移除最后一位系统管理员",
        "{username} 是唯一启用的系统管理员，停用该账户或改变其角色后将无人能管理用户。",
        "请先为另一位用户分配系统管理员角色。",
    ),
    "user.self_disable": Message(
        "不能停用自己的账户", "不能停用当前登录的账户 {username}。", "请由另一位系统管理员操作。"
    ),
    "user.password_input": Message(
        "需要输入密码",
        "没有可交互的终端，无法输入密码。",
        "请使用 --password-stdin 从标准输入提供密码（一行）。",
    ),
    "user.password_mismatch": Message(
        "两次输入的密码不一致", "两次输入的密码不一致，未做任何更改。", "请重新输入。"
    ),
    "setup.already_done": Message(
        "系统已完成初始设置",
        "数据库中已有用户账户，不能再次运行初始设置。",
        "请使用已有的系统管理员账户登录。",
    ),
    # --- installation settings --------------------------------------------------------------
    "settings.unknown_key": Message("未知设置项", "未知的设置项“{key}”。", ""),
    "settings.profile_unknown": Message(
        "辖区规则不存在", "辖区规则“{value}”不存在。", "可选的辖区规则：{known}。"
    ),
    "settings.text_length": Message(
        "内容长度不符", "{label}应为 1–{max} 个字符。", "请修改后重试。"
    ),
    "settings.int_range": Message(
        "数值超出范围", "{label}应为 {min}–{max} 之间的整数，实际为“{value}”。", "请修改后重试。"
    ),
    "settings.thresholds": Message(
        "提示灯阈值不合理",
        "黄灯阈值（剩余不超过 {yellow} 个工作日）不能小于红灯阈值（剩余少于 {red} 个工作日）。",
        "请调整后重试，例如红灯 0、黄灯 1。",
    ),
    "settings.not_configured": Message(
        "尚未完成初始设置",
        "系统尚未选择辖区规则或填写中心名称。",
        "请由系统管理员在“系统管理—安装设置”中完成设置。",
    ),
    # --- database connection and keyring ------------------------------------------------------
    "connection.field_required": Message(
        "连接设置不完整",
        "请填写{label}。",
        "PostgreSQL 连接需要服务器地址、端口、数据库名和用户名。",
    ),
    "connection.port_invalid": Message(
        "端口无效", "端口应为 1–65535 之间的整数，实际为“{value}”。", "PostgreSQL 默认端口为 5432。"
    ),
    "keyring.unavailable": Message(
        "没有可用的系统密钥环",
        "本机没有可用的系统密钥环（{backend}），数据库密码不会被保存。",
        "每次启动时需要输入数据库密码。如需保存密码，请在提供密钥环的桌面环境中运行"
        "（Windows 凭据管理器、macOS 钥匙串、GNOME 密钥环或 KWallet）。",
    ),
    "keyring.failed": Message(
        "密钥环操作失败",
        "无法在系统密钥环中{action}数据库密码：{reason}",
        "请检查系统密钥环后重试。",
    ),
    # --- work queue ---------------------------------------------------------------------------
    "dashboard.state_unknown": Message(
        "状态筛选无效", "“{state}”不是{kind}的办理状态。", "请从列表中选择状态。"
    ),
}


def register(area: dict[str, Message]) -> None:
    """Add an area's templates (``app/domain/messages_<area>.py``); ids must be new."""
    clash = MESSAGES.keys() & area.keys()
    if clash:
        raise ValueError(f"message ids defined twice: {sorted(clash)}")
    MESSAGES.update(area)


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


# Area catalogues register themselves on import; one line each, so parallel work never edits
# the same line. Imported last: they use ``Message`` and ``register`` from above.
from app.domain import messages_query  # noqa: E402, F401, I001
from app.domain import messages_reports  # noqa: E402, F401
from app.domain import messages_objections  # noqa: E402, F401
from app.domain import messages_repairs  # noqa: E402, F401
from app.domain import messages_intake  # noqa: E402, F401
from app.domain import messages_catalog  # noqa: E402, F401
from app.domain import messages_notices  # noqa: E402, F401
from app.domain import messages_withdrawals  # noqa: E402, F401
from app.domain import messages_lists  # noqa: E402, F401
