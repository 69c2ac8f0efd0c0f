"""Installation settings and the first-run setup (services; the wizard itself is in tests/ui)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import AppSetting, AuditEvent, Subject
from app.domain.enums import Role
from app.domain.errors import CreditDeskError, PermissionDenied, ValidationFailed
from app.domain.permissions import Actor
from app.services import settings
from app.services.auth import authenticate
from app.services.demo_data import load_demo_data
from app.services.settings import SettingKey
from app.services.setup import complete_setup, needs_setup

ADMIN_PASSWORD = "Guanliyuan#2026"


def _setup(db, **overrides):
    fields = dict(
        profile_id="weihai",
        center_name="威海市公共信用信息中心",
        username="admin",
        display_name="张管理",
        staff_no="A001",
        password=ADMIN_PASSWORD,
    )
    fields.update(overrides)
    return complete_setup(db, **fields)


def test_profiles_offered_are_the_shipped_ones() -> None:
    choices = {p.id: p for p in settings.list_profiles()}
    assert {"weihai", "zhangdian", "wuhan", "nantong", "xiamen"} <= set(choices)
    assert choices["weihai"].city == "威海市"
    assert choices["weihai"].regulation == "威海市公共信用信息管理办法"


def test_given_demo_subjects_but_no_users_when_setup_runs_then_admin_and_settings_exist(db) -> None:
    load_demo_data(db, actor=Actor.operator(), subjects=5, seed=1)
    with db.uow() as uow:
        assert uow.session.scalars(select(Subject)).first() is not None
    assert needs_setup(db)

    result = _setup(db)

    assert not needs_setup(db)
    assert result.username == "admin"
    signed = authenticate(db, "admin", ADMIN_PASSWORD)
    assert signed.actor.role is Role.ADMIN and not signed.must_change_password
    loaded = settings.load_settings(db, actor=signed.actor)
    assert loaded.jurisdiction_profile == "weihai"
    assert loaded.center_name == "威海市公共信用信息中心"
    assert loaded.profile is not None and loaded.profile.city == "威海市"
    assert loaded.idle_lock_minutes == 10
    assert (loaded.light_red_below, loaded.light_yellow_within) == (0, 1)
    banner = settings.login_banner(db)
    assert banner.center_name == "威海市公共信用信息中心"
    with db.uow() as uow:
        actions = list(uow.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert actions == [
        "settings.changed",
        "settings.changed",
        "setup.completed",
        "auth.login_succeeded",
    ]


def test_setup_reports_every_fault_and_writes_nothing(db) -> None:
    with pytest.raises(ValidationFailed) as err:
        _setup(db, profile_id="atlantis", center_name="", username="a", password="weak")
    faults = err.value.field_errors
    assert set(faults) == {"jurisdiction_profile", "center_name", "username", "password"}
    assert needs_setup(db)
    with db.uow() as uow:
        assert uow.session.scalars(select(AppSetting)).first() is None


def test_setup_runs_only_once(db) -> None:
    _setup(db)
    with pytest.raises(CreditDeskError) as err:
        _setup(db, username="admin2", staff_no="A002")
    assert err.value.msg_id == "setup.already_done"


def test_an_admin_changes_settings_and_each_change_is_audited(db, staff) -> None:
    admin = staff[Role.ADMIN]
    saved = settings.save_settings(
        db,
        {
            SettingKey.JURISDICTION_PROFILE: "xiamen",
            SettingKey.CENTER_NAME: "厦门市信用中心",
            SettingKey.IDLE_LOCK_MINUTES: "5",
            SettingKey.LIGHT_RED_BELOW: 1,
            SettingKey.LIGHT_YELLOW_WITHIN: 3,
        },
        actor=admin,
    )
    assert saved.idle_lock_minutes == 5 and saved.thresholds.yellow_within == 3
    assert settings.get_setting(db, "center_name", actor=staff[Role.CLERK]) == "厦门市信用中心"
    with db.uow() as uow:
        details = [
            e.details for e in uow.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
    assert {"key": "idle_lock_minutes", "old": 10, "new": 5} in details
    assert len(details) == 5


def test_invalid_values_are_refused_with_their_range(db, staff) -> None:
    admin = staff[Role.ADMIN]
    with pytest.raises(ValidationFailed) as err:
        settings.save_settings(db, {"idle_lock_minutes": 0, "center_name": "x" * 61}, actor=admin)
    assert err.value.field_errors["idle_lock_minutes"] == [
        "空闲锁定时间（分钟）应为 1–240 之间的整数，实际为“0”。"
    ]
    assert "中心名称应为 1–60 个字符" in err.value.field_errors["center_name"][0]
    with pytest.raises(ValidationFailed) as order:
        settings.save_settings(
            db, {"light_red_below_days": 3, "light_yellow_within_days": 1}, actor=admin
        )
    assert "黄灯阈值" in order.value.field_errors["light_yellow_within_days"][0]
    with pytest.raises(CreditDeskError):
        settings.save_settings(db, {"colour": "red"}, actor=admin)


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR, Role.AUDITOR])
def test_only_administrators_change_settings(db, staff, role: Role) -> None:
    actor = staff[role]
    with pytest.raises(PermissionDenied) as profile:
        settings.set_setting(db, SettingKey.JURISDICTION_PROFILE, "wuhan", actor=actor)
    assert "设置辖区规则" in profile.value.text
    with pytest.raises(PermissionDenied):
        settings.set_setting(db, SettingKey.CENTER_NAME, "某中心", actor=actor)
    with pytest.raises(PermissionDenied) as idle:
        settings.set_setting(db, SettingKey.IDLE_LOCK_MINUTES, 5, actor=actor)
    assert "修改系统设置" in idle.value.text
    # everyone signed in may read them
    assert settings.load_settings(db, actor=actor).idle_lock_minutes == 10
