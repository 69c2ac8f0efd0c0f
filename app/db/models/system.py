"""Users, roles and installation settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, Timestamps, version_column
from app.db.types import BigIntPK, JsonDoc, UTCDateTime, enum_col
from app.domain.enums import Role


class RoleRow(Base):
    """The four roles, seeded by the initial migration. What each may do is the permission
    matrix in ``app.domain.permissions`` (enforced by the services)."""

    __tablename__ = "roles"

    code: Mapped[Role] = mapped_column(enum_col(Role, "role"), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(300), default="")


class User(Timestamps, Base):
    """A staff member. Never deleted (logs refer to users): disabled instead."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    staff_no: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(enum_col(Role, "user_role"), ForeignKey("roles.code"))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": row_version}


class AppSetting(Base):
    """Installation-wide settings stored in the database (e.g. the jurisdiction profile, the
    center's name), so every workstation of a center sees the same choice."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonDoc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
