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


_CASEWORK = frozenset(
    {
        Permission.CALENDAR_READ,
        Permission.RULES_READ,
        Permission.SETTINGS_READ,
        Permission.CASES_READ,
        Permission.NAV_DASHBOARD,
        Permission.NAV_WINDOW_QUERY,
        Permission.NAV_OBJECTIONS,
        Permission.NAV_REPAIRS,
        Permission.NAV_DOCUMENTS,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CASEWORK,
    Role.SUPERVISOR: _CASEWORK
    | {Permission.STATS_READ, Permission.INTAKE_READ, Permission.NAV_INTAKE},
    Role.ADMIN: frozenset(
        {
            Permission.DB_MIGRATE,
            Permission.DEMO_DATA_LOAD,
            Permission.CALENDAR_MANAGE,
            Permission.CALENDAR_READ,
            Permission.PROFILE_MANAGE,
            Permission.USERS_MANAGE,
            Permission.CATALOG_MANAGE,
            Permission.RULES_READ,
            Permission.STATS_READ,
            Permission.SETTINGS_READ,
            Permission.SETTINGS_MANAGE,
            Permission.INTAKE_READ,
            Permission.NAV_DASHBOARD,
            Permission.NAV_INTAKE,
            Permission.NAV_ADMIN,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            Permission.AUDIT_READ,
            Permission.CALENDAR_READ,
            Permission.SETTINGS_READ,
            Permission.NAV_AUDIT,
        }
    ),
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.DB_MIGRATE: "升级数据库结构",
    Permission.DEMO_DATA_LOAD: "加载演示数据",
    Permission.CALENDAR_MANAGE: "维护节假日日历",
    Permission.PROFILE_MANAGE: "设置辖区规则",
    Permission.USERS_MANAGE: "管理用户",
    Permission.CATALOG_MANAGE: "维护信息目录",
    Permission.STATS_READ: "查看统计",
    Permission.CALENDAR_READ: "查看工作日日历",
    Permission.RULES_READ: "查看辖区规则",
    Permission.AUDIT_READ: "查阅日志",
    Permission.SETTINGS_READ: "查看系统设置",
    Permission.SETTINGS_MANAGE: "修改系统设置",
    Permission.CASES_READ: "查看异议与修复案件",
    Permission.INTAKE_READ: "查看归集批次",
    Permission.NAV_DASHBOARD: "使用工作台",
    Permission.NAV_WINDOW_QUERY: "使用窗口查询",
    Permission.NAV_OBJECTIONS: "使用异议处理",
    Permission.NAV_REPAIRS: "使用信用修复",
    Permission.NAV_DOCUMENTS: "使用报告与文书",
    Permission.NAV_INTAKE: "使用数据归集",
    Permission.NAV_ADMIN: "使用系统管理",
    Permission.NAV_AUDIT: "使用日志审计",
}


# Window-service queries (issue 5). Clerks and supervisors query, register grants and run
# agencies' batch files; auditors read the logs (AUDIT_READ, above) but never a record; the
# administrator registers agencies and may check the chains' integrity (AUDIT_VERIFY shows
# positions and hashes, no log content) but may not read the logs: separation of duties
# (Weihai art. 35, Wuhan art. 28 — 越权查询 is what the logs are read for).
_QUERY_WORK = frozenset(
    {
        Permission.QUERY_RUN,
        Permission.QUERY_PREVIEW,
        Permission.QUERY_BATCH,
        Permission.GRANT_MANAGE,
        Permission.AGENCY_READ,
    }
)
ROLE_PERMISSIONS[Role.CLERK] = ROLE_PERMISSIONS[Role.CLERK] | _QUERY_WORK
ROLE_PERMISSIONS[Role.SUPERVISOR] = ROLE_PERMISSIONS[Role.SUPERVISOR] | _QUERY_WORK
ROLE_PERMISSIONS[Role.ADMIN] = ROLE_PERMISSIONS[Role.ADMIN] | {
    Permission.AGENCY_READ,
    Permission.AGENCY_MANAGE,
    Permission.AUDIT_VERIFY,
}
ROLE_PERMISSIONS[Role.AUDITOR] = ROLE_PERMISSIONS[Role.AUDITOR] | {Permission.AUDIT_VERIFY}
PERMISSION_LABELS.update(
    {
        Permission.QUERY_RUN: "窗口查询",
        Permission.QUERY_PREVIEW: "披露预览",
        Permission.QUERY_BATCH: "办理机构批量查询",
        Permission.GRANT_MANAGE: "登记和撤销授权书",
        Permission.AGENCY_READ: "查看信用服务机构",
        Permission.AGENCY_MANAGE: "登记信用服务机构",
        Permission.AUDIT_VERIFY: "校验日志完整性",
    }
)


# Reports and letters (issue 8). Clerks and supervisors issue, reprint and verify documents;
# auditors verify them; the administrator manages the workstations' signing keys (a clerk's
# workstation registers its own key the first time it issues a document).
_DOCUMENT_WORK = frozenset(
    {Permission.DOCUMENT_ISSUE, Permission.DOCUMENT_REPRINT, Permission.DOCUMENT_VERIFY}
)
ROLE_PERMISSIONS[Role.CLERK] = ROLE_PERMISSIONS[Role.CLERK] | _DOCUMENT_WORK
ROLE_PERMISSIONS[Role.SUPERVISOR] = ROLE_PERMISSIONS[Role.SUPERVISOR] | _DOCUMENT_WORK
ROLE_PERMISSIONS[Role.AUDITOR] = ROLE_PERMISSIONS[Role.AUDITOR] | {Permission.DOCUMENT_VERIFY}
ROLE_PERMISSIONS[Role.ADMIN] = ROLE_PERMISSIONS[Role.ADMIN] | {Permission.SIGNING_KEYS_MANAGE}
PERMISSION_LABELS.update(
    {
        Permission.DOCUMENT_ISSUE: "出具报告与文书",
        Permission.DOCUMENT_REPRINT: "补打报告与文书",
        Permission.DOCUMENT_VERIFY: "核验报告与文书",
        Permission.SIGNING_KEYS_MANAGE: "管理文书签名密钥",
    }
)


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
