"""The jurisdiction profile of this installation, and the rules engine as use cases.

Profiles are read from ``resources/profiles`` (rules as data); which one applies is an
installation setting stored in the database (``app.services.settings``), so every workstation
of a center follows the same regulation. Deadlines use the stored calendar.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import InfoClass, ListType, PenaltyClass, Severity
from app.domain.errors import CreditDeskError
from app.domain.permissions import Actor
from app.rules.deadlines import Deadline, step_deadline
from app.rules.disclosure import (
    DisclosureEnd,
    EffectiveEnd,
    disclosure_end,
    effective_last_visible_day,
)
from app.rules.profiles import (
    NationalLayer,
    Profile,
    load_national_layer,
    load_profiles,
)
from app.services import calendar, settings
from app.services.database import Database

__all__ = [
    "DisclosureAnswer",
    "ProfileSummary",
    "available_profiles",
    "current_profile",
    "current_profile_id",
    "deadline",
    "disclosure",
    "get_profile",
    "national_layer",
    "profile_warning",
    "set_current_profile",
]


@dataclass(frozen=True)
class ProfileSummary:
    id: str
    name: str
    regulation: str
    document_number: str | None
    status: str
    valid_from: date | None
    valid_to: date | None
    division_code: str


@dataclass(frozen=True)
class DisclosureAnswer:
    profile: str
    local: DisclosureEnd
    effective: EffectiveEnd


# --- profiles (files, cached per directory) -------------------------------------------------

_lock = threading.Lock()
_profiles: dict[Path | None, dict[str, Profile]] = {}
_national: dict[Path | None, NationalLayer] = {}


def _all(directory: Path | None = None) -> dict[str, Profile]:
    with _lock:
        if directory not in _profiles:
            _profiles[directory] = load_profiles(directory)
        return _profiles[directory]


def national_layer(directory: Path | None = None) -> NationalLayer:
    with _lock:
        if directory not in _national:
            _national[directory] = load_national_layer(directory)
        return _national[directory]


def available_profiles(directory: Path | None = None) -> list[ProfileSummary]:
    return [
        ProfileSummary(
            id=p.id,
            name=p.name,
            regulation=p.regulation,
            document_number=p.document_number,
            status=p.status,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            division_code=p.division_code,
        )
        for p in sorted(_all(directory).values(), key=lambda p: p.id)
    ]


def get_profile(profile_id: str, directory: Path | None = None) -> Profile:
    profiles = _all(directory)
    if profile_id not in profiles:
        raise CreditDeskError(
            "rules.unknown_profile", profile=profile_id, known="、".join(sorted(profiles))
        )
    return profiles[profile_id]


def profile_document(profile_id: str) -> dict[str, Any]:
    """The whole profile as JSON-ready data (``creditdesk rules show``)."""
    return get_profile(profile_id).model_dump(mode="json")


# --- the installation's choice --------------------------------------------------------------


def current_profile_id(db: Database) -> str | None:
    with db.uow() as uow:
        return settings.load_from_session(uow.session).jurisdiction_profile


def current_profile(db: Database) -> Profile:
    with db.uow() as uow:
        return current_profile_in(uow.session)


def current_profile_in(s: Session) -> Profile:
    """The installation's profile as this transaction sees it (a center name is not needed)."""
    profile_id = settings.load_from_session(s).jurisdiction_profile
    if not profile_id:
        raise CreditDeskError("rules.no_profile_chosen")
    return get_profile(profile_id)


def set_current_profile(db: Database, profile_id: str, *, actor: Actor) -> ProfileSummary:
    """Choose the installation's profile (the settings service stores and audits it)."""
    profile = get_profile(profile_id)  # an unknown id names the known ones
    settings.set_setting(db, settings.SettingKey.JURISDICTION_PROFILE, profile.id, actor=actor)
    return next(p for p in available_profiles() if p.id == profile.id)


def profile_warning(db: Database, *, today: date) -> str | None:
    """For administrators: the chosen regulation is outside its validity on ``today``."""
    profile_id = current_profile_id(db)
    return get_profile(profile_id).validity_warning(today) if profile_id else None


# --- computations ---------------------------------------------------------------------------


def deadline(
    db: Database, *, profile_id: str, step: str, start: date, assisted: bool = False
) -> Deadline | None:
    """Due date of a step started on ``start``, in working days of the stored calendar."""
    profile = get_profile(profile_id)
    return step_deadline(profile, step, start, calendar.load_calendar(db), assisted=assisted)


def disclosure(
    *,
    profile_id: str,
    info_class: InfoClass,
    severity: Severity | None = None,
    list_type: ListType = ListType.NONE,
    act_ended: date | None = None,
    formed: date | None = None,
    determined: date | None = None,
    listed: date | None = None,
    period_extended: bool = False,
    penalty_class: PenaltyClass | None = None,
    sector: str | None = None,
) -> DisclosureAnswer:
    profile = get_profile(profile_id)
    local = disclosure_end(
        profile,
        info_class=info_class,
        severity=severity,
        list_type=list_type,
        act_ended=act_ended,
        formed=formed,
        determined=determined,
        listed=listed,
        period_extended=period_extended,
        penalty_class=penalty_class,
        sector=sector,
        national_layer=national_layer(),
    )
    return DisclosureAnswer(profile.id, local, effective_last_visible_day(profile, local))
