"""Who may do what: the permission matrix, enforced by the services (never by widgets alone)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.enums import Role


class Permission(StrEnum):
    # maintenance (CLI operator or administrator)
    DB_MIGRATE = "db.migrate"
    DEMO_DATA_LOAD = "demo_data.load"
    CALENDAR_MANAGE = "calendar.manage"
    PROFILE_MANAGE = "profile.manage"
    USERS_MANAGE = "users.manage"
    CATALOG_MANAGE = "catalog.manage"
    # reading
    STATS_READ = "stats.read"
    CALENDAR_READ = "calendar.read"
    RULES_READ = "rules.read"
    # audit
    AUDIT_READ = "audit.read"
    # installation settings (idle lock, due-light thresholds); profile/center: PROFILE_MANAGE
    SETTINGS_READ = "settings.read"
    SETTINGS_MANAGE = "settings.manage"
    # the work queue: which kinds of open work a role sees
    CASES_READ = "cases.read"
    INTAKE_READ = "intake.read"
    # screens of the main window (the navigation shows an entry only with its permission)
    NAV_DASHBOARD = "nav.dashboard"
    NAV_WINDOW_QUERY = "nav.window_query"
    NAV_OBJECTIONS = "nav.objections"
    NAV_REPAIRS = "nav.repairs"
    NAV_DOCUMENTS = "nav.documents"
    NAV_INTAKE = "nav.intake"
    NAV_ADMIN = "nav.admin"
    NAV_AUDIT = "nav.audit"
    # window-service queries (issue 5)
    QUERY_RUN = "query.run"
    QUERY_PREVIEW = "query.preview"
    QUERY_BATCH = "query.batch"
    GRANT_MANAGE = "grant.manage"
    AGENCY_READ = "agency.read"
    AGENCY_MANAGE = "agency.manage"
    AUDIT_VERIFY = "audit.verify"
    # reports and letters (issue 8)
    DOCUMENT_ISSUE = "document.issue"
    DOCUMENT_REPRINT = "document.reprint"
    DOCUMENT_VERIFY = "document.verify"
    SIGNING_KEYS_MANAGE = "signing_keys.manage"
    # objections (issue 6)
    OBJECTION_READ = "objection.read"
    OBJECTION_HANDLE = "objection.handle"
    OBJECTION_CORRECT = "objection.correct"
    OBJECTION_ASSIGN = "objection.assign"
    # credit repair (issue 7)
    REPAIR_READ = "repair.read"
    REPAIR_HANDLE = "repair.handle"
    REPAIR_DECIDE = "repair.decide"
    # data intake (issue 9)
    INTAKE_IMPORT = "intake.import"
    # record lifecycle (issue 10)
    RECORD_HISTORY = "record.history"
    RECORD_NOTICE = "record.notice"
    WITHDRAWAL_HANDLE = "withdrawal.handle"
    LISTS_READ = "lists.read"
    ALERT_HANDLE = "alert.handle"
    RECORD_LINK = "record.link"
    MAINTENANCE_EXPIRE = "maintenance.expire"


# The permission matrix: one row per permission, the roles that hold it. The services enforce
# it (authz.require); the GUI only hides what a role may not use. Roles: C 窗口受理员 clerk,
# S 审核主管 supervisor, A 系统管理员 administrator, U 审计员 auditor.
_C, _S, _A, _U = Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR

MATRIX: dict[Permission, tuple[str, frozenset[Role]]] = {
    Permission.DB_MIGRATE: ("升级数据库结构", frozenset({_A})),
    Permission.DEMO_DATA_LOAD: ("加载演示数据", frozenset({_A})),
    Permission.CALENDAR_MANAGE: ("维护节假日日历", frozenset({_A})),
    Permission.PROFILE_MANAGE: ("设置辖区规则", frozenset({_A})),
    Permission.USERS_MANAGE: ("管理用户", frozenset({_A})),
    Permission.CATALOG_MANAGE: ("维护信息目录", frozenset({_A})),
    Permission.STATS_READ: ("查看统计", frozenset({_S, _A})),
    Permission.CALENDAR_READ: ("查看工作日日历", frozenset({_C, _S, _A, _U})),
    Permission.RULES_READ: ("查看辖区规则", frozenset({_C, _S, _A})),
    Permission.AUDIT_READ: ("查阅日志", frozenset({_U})),
    Permission.SETTINGS_READ: ("查看系统设置", frozenset({_C, _S, _A, _U})),
    Permission.SETTINGS_MANAGE: ("修改系统设置", frozenset({_A})),
    Permission.CASES_READ: ("查看异议与修复案件", frozenset({_C, _S})),
    Permission.INTAKE_READ: ("查看归集批次", frozenset({_S, _A})),
    Permission.NAV_DASHBOARD: ("使用工作台", frozenset({_C, _S, _A})),
    Permission.NAV_WINDOW_QUERY: ("使用窗口查询", frozenset({_C, _S})),
    Permission.NAV_OBJECTIONS: ("使用异议处理", frozenset({_C, _S})),
    Permission.NAV_REPAIRS: ("使用信用修复", frozenset({_C, _S})),
    Permission.NAV_DOCUMENTS: ("使用报告与文书", frozenset({_C, _S, _U})),
    Permission.NAV_INTAKE: ("使用数据归集", frozenset({_S, _A})),
    Permission.NAV_ADMIN: ("使用系统管理", frozenset({_A})),
    Permission.NAV_AUDIT: ("使用日志审计", frozenset({_U})),
    Permission.QUERY_RUN: ("窗口查询", frozenset({_C, _S})),
    Permission.QUERY_PREVIEW: ("披露预览", frozenset({_C, _S})),
    Permission.QUERY_BATCH: ("办理机构批量查询", frozenset({_C, _S})),
    Permission.GRANT_MANAGE: ("登记和撤销授权书", frozenset({_C, _S})),
    Permission.AGENCY_READ: ("查看信用服务机构", frozenset({_C, _S, _A})),
    Permission.AGENCY_MANAGE: ("登记信用服务机构", frozenset({_A})),
    Permission.AUDIT_VERIFY: ("校验日志完整性", frozenset({_A, _U})),
    Permission.DOCUMENT_ISSUE: ("出具报告与文书", frozenset({_C, _S})),
    Permission.DOCUMENT_REPRINT: ("补打报告与文书", frozenset({_C, _S})),
    Permission.DOCUMENT_VERIFY: ("核验报告与文书", frozenset({_C, _S, _U})),
    Permission.SIGNING_KEYS_MANAGE: ("管理文书签名密钥", frozenset({_A})),
    Permission.OBJECTION_READ: ("查看异议案件", frozenset({_C, _S})),
    Permission.OBJECTION_HANDLE: ("受理、核查、转办异议并告知结果", frozenset({_C, _S})),
    Permission.OBJECTION_CORRECT: ("更正平台信息、登记申诉结果", frozenset({_S})),
    Permission.OBJECTION_ASSIGN: ("分派异议案件", frozenset({_S})),
    Permission.REPAIR_READ: ("查看信用修复案件", frozenset({_C, _S})),
    Permission.REPAIR_HANDLE: ("受理、初审信用修复申请", frozenset({_C, _S})),
    Permission.REPAIR_DECIDE: ("审批、撤销信用修复", frozenset({_S})),
    Permission.INTAKE_IMPORT: ("导入归集批次", frozenset({_S, _A})),
    Permission.RECORD_HISTORY: ("查看信用信息的版本历史", frozenset({_C, _S, _U})),
    Permission.RECORD_NOTICE: ("登记提供单位的更正、撤销通知", frozenset({_S})),
    Permission.WITHDRAWAL_HANDLE: ("受理、办结良好信息撤回申请", frozenset({_C, _S})),
    Permission.LISTS_READ: ("查看红黑名单与重点关注名单", frozenset({_C, _S})),
    Permission.ALERT_HANDLE: ("处理信用提示（告知主体、提醒提供单位）", frozenset({_S})),
    Permission.RECORD_LINK: ("关联法定代表人及责任人", frozenset({_S})),
    Permission.MAINTENANCE_EXPIRE: ("运行披露期满归档", frozenset({_S, _A})),
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    role: frozenset(p for p, (_label, roles) in MATRIX.items() if role in roles) for role in Role
}
PERMISSION_LABELS: dict[Permission, str] = {p: label for p, (label, _roles) in MATRIX.items()}


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``user_id`` is None for the local operator running the CLI with direct
    database access (``Actor.operator()``), who acts with administrator rights on maintenance
    commands; every workflow command of later issues names a signed-in user."""

    user_id: int | None
    username: str
    role: Role
    display_name: str = ""

    @classmethod
    def operator(cls) -> Actor:
        return cls(user_id=None, username="operator", role=Role.ADMIN, display_name="本机操作员")

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())
