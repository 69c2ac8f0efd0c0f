"""Installation settings shared by every workstation of a center (table ``app_settings``).

The jurisdiction profile and the center's name (printed on reports) need
``Permission.PROFILE_MANAGE``; the idle-lock minutes and the due-light thresholds need
``Permission.SETTINGS_MANAGE``. Every change is validated, then audited with old and new value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AppSetting
from app.domain.caseflow import LightThresholds
from app.domain.errors import CreditDeskError, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.rules.profiles import load_profiles
from app.services import authz
from app.services.audit_trail import AuditAction, record_event
from app.services.clock import utc_now
from app.services.database import Database


class SettingKey(StrEnum):
    JURISDICTION_PROFILE = "jurisdiction_profile"
    CENTER_NAME = "center_name"
    IDLE_LOCK_MINUTES = "idle_lock_minutes"
    LIGHT_RED_BELOW = "light_red_below_days"
    LIGHT_YELLOW_WITHIN = "light_yellow_within_days"


@dataclass(frozen=True)
class SettingSpec:
    key: SettingKey
    label: str
    default: Any
    permission: Permission
    kind: str  # "profile" | "text" | "int"
    minimum: int = 0
    maximum: int = 0


CENTER_NAME_MAX = 60

SPECS: dict[SettingKey, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec(
            SettingKey.JURISDICTION_PROFILE, "辖区规则", None, Permission.PROFILE_MANAGE, "profile"
        ),
        SettingSpec(
            SettingKey.CENTER_NAME,
            "中心名称",
            "",
            Permission.PROFILE_MANAGE,
            "text",
            maximum=CENTER_NAME_MAX,
        ),
        SettingSpec(
            SettingKey.IDLE_LOCK_MINUTES,
            "空闲锁定时间（分钟）",
            10,
            Permission.SETTINGS_MANAGE,
            "int",
            1,
            240,
        ),
        SettingSpec(
            SettingKey.LIGHT_RED_BELOW,
            "红灯阈值（剩余工作日少于）",
            0,
            Permission.SETTINGS_MANAGE,
            "int",
            0,
            30,
        ),
        SettingSpec(
            SettingKey.LIGHT_YELLOW_WITHIN,
            "黄灯阈值（剩余工作日不超过）",
            1,
            Permission.SETTINGS_MANAGE,
            "int",
            0,
            60,
        ),
    )
}


@dataclass(frozen=True)
class ProfileChoice:
    id: str
    city: str
    regulation: str
    document_number: str | None
    in_force: bool

    @property
    def title(self) -> str:
        return f"{self.city} —《{self.regulation}》"


@dataclass(frozen=True)
class InstallationSettings:
    jurisdiction_profile: str | None
    center_name: str
    idle_lock_minutes: int
    light_red_below: int
    light_yellow_within: int
    profile: ProfileChoice | None

    @property
    def configured(self) -> bool:
        return bool(self.jurisdiction_profile and self.center_name)

    @property
    def thresholds(self) -> LightThresholds:
        return LightThresholds(self.light_red_below, self.light_yellow_within)

    def value(self, key: SettingKey) -> Any:
        return {
            SettingKey.JURISDICTION_PROFILE: self.jurisdiction_profile,
            SettingKey.CENTER_NAME: self.center_name,
            SettingKey.IDLE_LOCK_MINUTES: self.idle_lock_minutes,
            SettingKey.LIGHT_RED_BELOW: self.light_red_below,
            SettingKey.LIGHT_YELLOW_WITHIN: self.light_yellow_within,
        }[key]


@dataclass(frozen=True)
class LoginBanner:
    """What the sign-in dialog may show before anyone is signed in (public facts only)."""

    center_name: str
    profile: ProfileChoice | None


# --- profiles --------------------------------------------------------------------------------


@cache
def _profile_choices() -> tuple[ProfileChoice, ...]:
    return tuple(
        ProfileChoice(
            id=p.id,
            city=p.name,
            regulation=p.regulation,
            document_number=p.document_number,
            in_force=p.status == "in_force",
        )
        for p in load_profiles().values()
    )


def list_profiles() -> tuple[ProfileChoice, ...]:
    """The shipped jurisdiction profiles (no database, no personal data)."""
    return _profile_choices()


def _profile(profile_id: str | None) -> ProfileChoice | None:
    return next((p for p in _profile_choices() if p.id == profile_id), None)


# --- reading ---------------------------------------------------------------------------------


def load_settings(db: Database, *, actor: Actor) -> InstallationSettings:
    authz.require(actor, Permission.SETTINGS_READ)
    with db.uow() as uow:
        return load_from_session(uow.session)


def get_setting(db: Database, key: SettingKey | str, *, actor: Actor) -> Any:
    authz.require(actor, Permission.SETTINGS_READ)
    return load_settings(db, actor=actor).value(_key(key))


def login_banner(db: Database) -> LoginBanner:
    with db.uow() as uow:
        settings = load_from_session(uow.session)
    return LoginBanner(settings.center_name, settings.profile)


def load_from_session(session: Session) -> InstallationSettings:
    stored = {
        row.key: row.value
        for row in session.scalars(
            select(AppSetting).where(AppSetting.key.in_([k.value for k in SettingKey]))
        )
    }

    def value(key: SettingKey) -> Any:
        return stored.get(key.value, SPECS[key].default)

    profile_id = value(SettingKey.JURISDICTION_PROFILE)
    return InstallationSettings(
        jurisdiction_profile=profile_id,
        center_name=value(SettingKey.CENTER_NAME) or "",
        idle_lock_minutes=int(value(SettingKey.IDLE_LOCK_MINUTES)),
        light_red_below=int(value(SettingKey.LIGHT_RED_BELOW)),
        light_yellow_within=int(value(SettingKey.LIGHT_YELLOW_WITHIN)),
        profile=_profile(profile_id),
    )


# --- changing --------------------------------------------------------------------------------


def set_setting(
    db: Database, key: SettingKey | str, value: Any, *, actor: Actor, now: datetime | None = None
) -> InstallationSettings:
    authz.require(actor, SPECS[_key(key)].permission)
    return save_settings(db, {key: value}, actor=actor, now=now)


def save_settings(
    db: Database,
    changes: Mapping[SettingKey | str, Any],
    *,
    actor: Actor,
    now: datetime | None = None,
) -> InstallationSettings:
    """Apply several settings at once: all valid and permitted, or none."""
    keys = {_key(k): v for k, v in changes.items()}
    for key in keys:
        authz.require(actor, SPECS[key].permission)
    with db.uow() as uow:
        s = uow.session
        current = load_from_session(s)
        cleaned = _validate(keys, current)
        write_settings(s, cleaned, actor_user_id=actor.user_id, current=current, now=now)
        uow.commit()
        return load_from_session(s)


def write_settings(
    session: Session,
    cleaned: Mapping[SettingKey, Any],
    *,
    actor_user_id: int | None,
    current: InstallationSettings,
    now: datetime | None = None,
) -> None:
    now = now or utc_now()
    for key, new in cleaned.items():
        old = current.value(key)
        if old == new:
            continue
        row = session.get(AppSetting, key.value)
        if row is None:
            session.add(
                AppSetting(
                    key=key.value, value=new, updated_at=now, updated_by_user_id=actor_user_id
                )
            )
        else:
            row.value = new
            row.updated_at = now
            row.updated_by_user_id = actor_user_id
        record_event(
            session,
            action=AuditAction.SETTING_CHANGED,
            entity_type="setting",
            entity_id=key.value,
            actor_user_id=actor_user_id,
            details={"key": key.value, "old": old, "new": new},
            now=now,
        )
    session.flush()


def validate_settings(
    changes: Mapping[SettingKey | str, Any], current: InstallationSettings | None = None
) -> dict[SettingKey, Any]:
    """Check values without saving (the setup wizard validates its pages with this)."""
    return _validate({_key(k): v for k, v in changes.items()}, current)


def _validate(
    changes: Mapping[SettingKey, Any], current: InstallationSettings | None
) -> dict[SettingKey, Any]:
    cleaned: dict[SettingKey, Any] = {}
    errors: dict[str, list[str]] = {}

    def fault(key: SettingKey, msg_id: str, **params: object) -> None:
        errors.setdefault(key.value, []).append(render(msg_id, params).text)

    for key, raw in changes.items():
        spec = SPECS[key]
        if spec.kind == "profile":
            if _profile(str(raw or "")) is None:
                known = "、".join(f"{p.id}（{p.city}）" for p in _profile_choices())
                fault(key, "settings.profile_unknown", value=raw, known=known)
            else:
                cleaned[key] = str(raw)
        elif spec.kind == "text":
            text = str(raw or "").strip()
            if not 1 <= len(text) <= spec.maximum:
                fault(key, "settings.text_length", label=spec.label, max=spec.maximum)
            else:
                cleaned[key] = text
        else:
            try:
                number = int(str(raw).strip())
            except (TypeError, ValueError):
                number = None
            if number is None or not spec.minimum <= number <= spec.maximum:
                fault(
                    key,
                    "settings.int_range",
                    label=spec.label,
                    min=spec.minimum,
                    max=spec.maximum,
                    value=raw,
                )
            else:
                cleaned[key] = number
    red = cleaned.get(
        SettingKey.LIGHT_RED_BELOW,
        current.light_red_below if current else SPECS[SettingKey.LIGHT_RED_BELOW].default,
    )
    yellow = cleaned.get(
        SettingKey.LIGHT_YELLOW_WITHIN,
        current.light_yellow_within if current else SPECS[SettingKey.LIGHT_YELLOW_WITHIN].default,
    )
    if not errors and yellow < red:
        fault(SettingKey.LIGHT_YELLOW_WITHIN, "settings.thresholds", yellow=yellow, red=red)
    if errors:
        raise ValidationFailed(field_errors=errors)
    return cleaned


def _key(key: SettingKey | str) -> SettingKey:
    try:
        return SettingKey(key)
    except ValueError:
        raise CreditDeskError("settings.unknown_key", key=key) from None
