"""Workstation signing keys (Ed25519) for issued documents.

Each workstation has its own key pair. The private half lives only in the OS keyring of that
workstation (service ``CreditDesk-signing``, user = the workstation's name, value = base64 of
the raw 32-byte private key) — never in a file, never in the database. The public half is
registered in ``signing_keys`` under its key id (first 16 hex digits of the SHA-256 of the raw
public key) so that every workstation, and third parties given ``export_public_keys``, can
verify what any workstation signed.

Without a usable keyring (a headless Linux session has only keyring's "fail" backend) nothing
can be signed: ``SigningUnavailable`` says so and how to fix it. We never fall back to a file.

When the keyring holds no key for this workstation (first use, keyring wiped, another OS
account), a new key is generated and registered beside the old ones, which stay valid for
what they signed. An administrator revokes a key that must no longer be trusted: documents it
signed before the revocation still verify, later ones do not, and a workstation whose own key
was revoked gets a new one on its next use.
"""

from __future__ import annotations

import base64
import binascii
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import keyring
import keyring.errors
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import SigningKey
from app.domain.errors import CreditDeskError, NotFound
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import record_event
from app.services.clock import utc_now
from app.services.database import Database
from reports.verify import PublicKeyInfo, key_id_of, keys_to_json

KEYRING_SERVICE = "CreditDesk-signing"
ALGORITHM = "Ed25519"


class SigningUnavailable(CreditDeskError):
    """No OS keyring to keep the private key in: documents cannot be signed here."""


@dataclass(frozen=True)
class SigningKeyRow:
    key_id: str
    workstation: str
    public_key: str  # base64 raw
    created_at: datetime
    revoked_at: datetime | None
    created: bool = False  # True when ``ensure_workstation_key`` just made it


@dataclass(frozen=True)
class WorkstationSigner:
    """The private key of this workstation, for the length of one use case."""

    key_id: str
    workstation: str
    _private: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)


def workstation_name() -> str:
    return platform.node() or "unknown-workstation"


# --- the keyring ----------------------------------------------------------------------------------


def _backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _check_backend() -> None:
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        raise SigningUnavailable("signing.keyring_unavailable", backend=_backend_name())


def _load_private(workstation: str) -> Ed25519PrivateKey | None:
    _check_backend()
    try:
        stored = keyring.get_password(KEYRING_SERVICE, workstation)
    except keyring.errors.NoKeyringError as exc:
        raise SigningUnavailable("signing.keyring_unavailable", backend=_backend_name()) from exc
    except keyring.errors.KeyringError as exc:
        raise CreditDeskError("signing.keyring_failed", action="读取", reason=str(exc)) from exc
    if not stored:
        return None
    try:
        raw = base64.b64decode(stored, validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        return None  # not ours or damaged: treated as lost, a new key replaces it


def _store_private(workstation: str, key: Ed25519PrivateKey) -> None:
    raw = key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    try:
        keyring.set_password(KEYRING_SERVICE, workstation, base64.b64encode(raw).decode("ascii"))
    except keyring.errors.NoKeyringError as exc:
        raise SigningUnavailable("signing.keyring_unavailable", backend=_backend_name()) from exc
    except keyring.errors.KeyringError as exc:
        raise CreditDeskError("signing.keyring_failed", action="保存", reason=str(exc)) from exc


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --- keys in the database -------------------------------------------------------------------------


def _row(key: SigningKey, *, created: bool = False) -> SigningKeyRow:
    return SigningKeyRow(
        key.key_id, key.workstation, key.public_key, key.created_at, key.revoked_at, created
    )


def signer_for(
    session: Session, *, workstation: str, actor_user_id: int | None, now: datetime | None = None
) -> tuple[WorkstationSigner, bool]:
    """This workstation's signer, creating and registering its key if needed (in ``session``'s
    transaction; the caller commits). Returns (signer, created)."""
    now = now or utc_now()
    private = _load_private(workstation)
    created = False
    if private is not None:
        key_id = key_id_of(_public_raw(private))
        row = session.get(SigningKey, key_id)
        if row is not None and row.revoked_at is not None:
            private = None  # revoked by an administrator: make a new one
        elif row is None:
            _register(session, private, workstation, actor_user_id, now)
            created = True
    if private is None:
        private = Ed25519PrivateKey.generate()
        _register(session, private, workstation, actor_user_id, now)
        # The keyring is written before the database commits: a failed commit leaves an
        # unregistered key in the keyring, which the next call registers (branch above).
        _store_private(workstation, private)
        created = True
    return WorkstationSigner(key_id_of(_public_raw(private)), workstation, private), created


def _register(
    session: Session,
    private: Ed25519PrivateKey,
    workstation: str,
    actor_user_id: int | None,
    now: datetime,
) -> None:
    raw = _public_raw(private)
    key_id = key_id_of(raw)
    session.add(
        SigningKey(
            key_id=key_id,
            algorithm=ALGORITHM,
            public_key=base64.b64encode(raw).decode("ascii"),
            workstation=workstation[:100],
            created_at=now,
            created_by_user_id=actor_user_id,
        )
    )
    session.flush()
    record_event(
        session,
        action="signing.key_registered",
        entity_type="signing_key",
        entity_id=key_id,
        actor_user_id=actor_user_id,
        details={"workstation": workstation, "algorithm": ALGORITHM},
        now=now,
    )


def ensure_workstation_key(
    db: Database, *, actor: Actor, workstation: str | None = None, now: datetime | None = None
) -> SigningKeyRow:
    """Make sure this workstation can sign: a private key in the keyring, its public half
    registered. Run at setup; issuing a document does the same on first use."""
    authz.require(actor, Permission.SIGNING_KEYS_MANAGE)
    workstation = workstation or workstation_name()
    with db.uow() as uow:
        signer, created = signer_for(
            uow.session, workstation=workstation, actor_user_id=actor.user_id, now=now
        )
        uow.commit()
        row = uow.session.get(SigningKey, signer.key_id)
        assert row is not None
        return _row(row, created=created)


def list_keys(db: Database, *, actor: Actor) -> list[SigningKeyRow]:
    authz.require(actor, Permission.SIGNING_KEYS_MANAGE)
    with db.uow() as uow:
        return [
            _row(k) for k in uow.session.scalars(select(SigningKey).order_by(SigningKey.created_at))
        ]


def revoke_key(
    db: Database, key_id: str, *, actor: Actor, now: datetime | None = None
) -> SigningKeyRow:
    """Stop a key from signing from now on; what it signed before stays verifiable."""
    authz.require(actor, Permission.SIGNING_KEYS_MANAGE)
    now = now or utc_now()
    with db.uow() as uow:
        row = uow.session.get(SigningKey, key_id)
        if row is None:
            raise NotFound(entity="签名密钥", key=key_id)
        if row.revoked_at is None:
            row.revoked_at = now
            record_event(
                uow.session,
                action="signing.key_revoked",
                entity_type="signing_key",
                entity_id=key_id,
                actor_user_id=actor.user_id,
                details={"workstation": row.workstation},
                now=now,
            )
        uow.commit()
        return _row(row)


def public_keys(session: Session) -> dict[str, PublicKeyInfo]:
    """Every registered key (revoked ones too: they verify what they signed before)."""
    return {
        k.key_id: PublicKeyInfo(
            k.key_id, base64.b64decode(k.public_key), k.workstation, k.created_at, k.revoked_at
        )
        for k in session.scalars(select(SigningKey))
    }


def load_public_keys(db: Database) -> Mapping[str, PublicKeyInfo]:
    with db.uow() as uow:
        return public_keys(uow.session)


def export_public_keys(db: Database, *, now: datetime | None = None) -> bytes:
    """The public-key bundle for third parties (JSON with PEM; public data, no permission)."""
    from app.services.settings import load_from_session

    with db.uow() as uow:
        keys = public_keys(uow.session).values()
        issuer = load_from_session(uow.session).center_name
    return keys_to_json(keys, exported_at=now or utc_now(), issuer=issuer)


__all__ = [
    "KEYRING_SERVICE",
    "SigningKeyRow",
    "SigningUnavailable",
    "WorkstationSigner",
    "ensure_workstation_key",
    "export_public_keys",
    "list_keys",
    "load_public_keys",
    "public_keys",
    "revoke_key",
    "signer_for",
    "workstation_name",
]
