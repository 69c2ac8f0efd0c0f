"""Workstation signing keys: private half in the keyring only, public half registered."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null
from sqlalchemy import select

from app.db.models import AuditEvent, SigningKey
from app.domain.enums import Role
from app.domain.errors import PermissionDenied
from app.services import signing
from app.services.database import Database
from app.services.signing import KEYRING_SERVICE, SigningUnavailable
from reports.verify import key_id_of, load_public_keys


def test_ensure_creates_a_key_once_and_keeps_the_private_half_in_the_keyring(
    db: Database, staff, memory_keyring, tmp_path: Path
) -> None:
    admin = staff[Role.ADMIN]
    row = signing.ensure_workstation_key(db, actor=admin, workstation="WIN-CHUANGKOU-01")
    assert row.created
    again = signing.ensure_workstation_key(db, actor=admin, workstation="WIN-CHUANGKOU-01")
    assert (again.key_id, again.created) == (row.key_id, False)

    stored = memory_keyring.passwords[(KEYRING_SERVICE, "WIN-CHUANGKOU-01")]
    private = base64.b64decode(stored)
    assert len(private) == 32
    public = base64.b64decode(row.public_key)
    assert key_id_of(public) == row.key_id and len(row.key_id) == 16
    with db.uow() as uow:
        key = uow.session.get(SigningKey, row.key_id)
        assert key is not None and key.workstation == "WIN-CHUANGKOU-01"
        assert stored not in key.public_key  # the database never sees the private half
        events = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "signing.key_registered")
        ).all()
        assert [e.entity_id for e in events] == [row.key_id]
    # never written to a file
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert stored.encode() not in path.read_bytes()


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_without_a_keyring_signing_is_unavailable(db: Database, staff, backend) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        with pytest.raises(SigningUnavailable) as err:
            signing.ensure_workstation_key(db, actor=staff[Role.ADMIN], workstation="pc")
    finally:
        keyring.set_keyring(previous)
    assert err.value.msg_id == "signing.keyring_unavailable"
    assert "密钥环" in err.value.title and "文件" in err.value.resolution
    with db.uow() as uow:
        assert uow.session.scalars(select(SigningKey)).all() == []


def test_only_the_administrator_manages_keys(db: Database, staff) -> None:
    for role in (Role.CLERK, Role.SUPERVISOR, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            signing.ensure_workstation_key(db, actor=staff[role], workstation="pc")
        with pytest.raises(PermissionDenied):
            signing.list_keys(db, actor=staff[role])


def test_a_revoked_key_is_replaced_on_next_use_and_stays_exported(db: Database, staff) -> None:
    admin = staff[Role.ADMIN]
    first = signing.ensure_workstation_key(db, actor=admin, workstation="pc-1")
    revoked = signing.revoke_key(db, first.key_id, actor=admin)
    assert revoked.revoked_at is not None
    second = signing.ensure_workstation_key(db, actor=admin, workstation="pc-1")
    assert second.created and second.key_id != first.key_id
    keys = load_public_keys(signing.export_public_keys(db))
    assert set(keys) == {first.key_id, second.key_id}
    assert keys[first.key_id].revoked_at is not None and keys[second.key_id].revoked_at is None


def test_a_lost_private_key_gets_a_new_key_beside_the_old(
    db: Database, staff, memory_keyring
) -> None:
    admin = staff[Role.ADMIN]
    first = signing.ensure_workstation_key(db, actor=admin, workstation="pc-2")
    memory_keyring.passwords.clear()  # the keyring was wiped
    second = signing.ensure_workstation_key(db, actor=admin, workstation="pc-2")
    assert second.key_id != first.key_id
    rows = {r.key_id: r for r in signing.list_keys(db, actor=admin)}
    assert rows[first.key_id].revoked_at is None  # what it signed still verifies


def test_exported_bundle_is_json_with_pem(db: Database, staff) -> None:
    from app.services.settings import SettingKey, save_settings

    save_settings(
        db,
        {
            SettingKey.JURISDICTION_PROFILE: "weihai",
            SettingKey.CENTER_NAME: "威海市公共信用信息中心",
        },
        actor=staff[Role.ADMIN],
    )
    row = signing.ensure_workstation_key(db, actor=staff[Role.ADMIN], workstation="pc-3")
    bundle = json.loads(signing.export_public_keys(db))
    assert bundle["format"] == "creditdesk.signing-keys/1"
    assert bundle["issuer"] == "威海市公共信用信息中心"
    (key,) = bundle["keys"]
    assert key["key_id"] == row.key_id and key["algorithm"] == "Ed25519"
    assert key["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert "private" not in json.dumps(bundle).lower()
