"""Backup and restore (api.md "Operations"; security decisions 12 and 18): `backup --to DIR` writes the
database, the uploads and the signing keys with a manifest; `restore --from DIR` rebuilds them in an
empty database, storage and key folder and proves it (table digests, the audit chain's head), or
refuses and changes nothing. The restores run as an operator would: `manage.py restore` in a
production process whose DATABASE_URL, MEDIA_ROOT and SIGNING_KEY_DIR name fresh, empty ones."""

import datetime as dt
import hashlib
import io
import json
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from accounts.actor import Actor
from audit.models import AuditEvent
from audit.services import audit_head, audit_record
from audit.tests.support import drop_append_only_trigger
from core.tests.support import production_env
from ops import backup as backup_module
from ops.backup import table_digests
from verification import signing

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 15)
NEEDS_POSTGRES = "needs PostgreSQL (pg_dump, a second database, concurrent writers): set DATABASE_URL"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)


@dataclass
class Site:
    media: Path
    keys: Path


@pytest.fixture
def site(settings: Any, tmp_path: Path) -> Site:
    """This test's upload storage and key folder, apart from every other test's."""
    media, keys = tmp_path / "site-media", tmp_path / "site-keys"
    settings.MEDIA_ROOT = media
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "core.storage.EncryptedFileSystemStorage", "OPTIONS": {"location": str(media)}}}
    settings.SIGNING_KEY_DIR = keys
    return Site(media, keys)


@pytest.fixture
def populated(site: Site, clock: Any, make_unit: Any, file_new_case: Any) -> Site:
    """A unit, an approved case with its photo (an upload), two signing keys (one rotated out)."""
    clock(TODAY)
    client, _ = make_unit("haidian")
    file_new_case(client, until="approved")
    signing.rotate()
    signing.rotate()
    assert list(site.media.rglob("*.jpg")), "the case's photo should be in the upload storage"
    return site


@dataclass
class Fresh:
    """An empty database, upload storage and key folder, and the environment of a production
    process that uses them."""

    env: dict[str, str]
    media: Path
    keys: Path
    url: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, check=False)

    def python(self, script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + script], cwd=ROOT,
                              env=self.env, capture_output=True, text=True, check=False)

    def tables(self) -> list[str]:
        done = self.python("import json\nfrom django.db import connection\n"
                           "print(json.dumps(connection.introspection.table_names()))")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def digests(self) -> dict[str, Any]:
        done = self.python("import json\nfrom django.db import transaction\n"
                           "from ops.backup import table_digests\n"
                           "with transaction.atomic():\n    print(json.dumps(table_digests()))")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def _admin_connection() -> Any:
    import psycopg

    params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Fresh]:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        name = f"{db['NAME']}_restore"
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        url = f"postgres://{db['USER']}{password}@{host}:{port}/{name}"
    else:
        name, url = "", f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    media, keys = tmp_path / "fresh-media", tmp_path / "fresh-keys"
    env = production_env(DATABASE_URL=url, MEDIA_ROOT=str(media), SIGNING_KEY_DIR=str(keys),
                         AUDIT_ANCHOR_DIR=str(tmp_path / "fresh-anchors"))
    yield Fresh(env, media, keys, url)
    if name:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(target: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command("backup", to=target, stdout=out)
    assert "backup written to" in out.getvalue()
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _snapshot_digests() -> dict[str, Any]:
    with transaction.atomic():
        return table_digests()


# --- backup ---------------------------------------------------------------------------------------

def test_backup_holds_the_database_uploads_and_keys_with_checksums_readable_by_its_owner_only(
    populated: Site, tmp_path: Path
) -> None:
    target = tmp_path / "backup"
    manifest = _backup(target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    db_file = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[connection.vendor]
    assert manifest["database"] == {"vendor": connection.vendor, "file": db_file}
    assert dt.datetime.fromisoformat(manifest["created_at"]).utcoffset() is not None
    # every file of the storage and the key folder, byte for byte, each with its SHA-256 and size
    backed_up = _files(target)
    assert {n for n in backed_up if n.startswith("media/")} == {f"media/{n}" for n in _files(populated.media)}
    assert {n for n in backed_up if n.startswith("keys/")} == {f"keys/{n}" for n in _files(populated.keys)}
    assert len([n for n in backed_up if n.startswith("keys/") and n.endswith(".pem")]) == 2
    for name, content in _files(populated.media).items():
        assert backed_up[f"media/{name}"] == content
    for name, entry in manifest["files"].items():
        assert entry == {"sha256": hashlib.sha256(backed_up[name]).hexdigest(), "size": len(backed_up[name])}
    assert set(manifest["files"]) == set(backed_up) - {"manifest.json"}
    # the audit chain's head and a digest per table, read in the backup's snapshot
    assert manifest["audit_head"] == audit_head()
    assert manifest["audit_head"]["id"] == AuditEvent.objects.order_by("-seq").first().pk
    assert manifest["tables"]["audit_auditevent"]["rows"] == AuditEvent.objects.count()
    assert manifest["tables"]["cases_case"]["rows"] == 1
    assert manifest["tables"] == _snapshot_digests()


def test_backup_refuses_a_folder_that_is_not_empty(site: Site, tmp_path: Path) -> None:
    target = tmp_path / "used"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", to=target, stdout=io.StringIO())
    assert _files(target) == {"notes.txt": b"keep me"}


# --- restore --------------------------------------------------------------------------------------

def test_restore_into_a_fresh_database_reproduces_every_table_upload_and_key(
    populated: Site, fresh: Fresh, tmp_path: Path
) -> None:
    target = tmp_path / "backup"
    manifest = _backup(target)

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 0, done.stdout + done.stderr
    assert "restore verified: OK" in done.stdout
    assert f"table digests: {len(manifest['tables'])} of {len(manifest['tables'])} match" in done.stdout
    # checked again from outside the command: every table, every upload and key byte for byte
    assert fresh.digests() == manifest["tables"] == _snapshot_digests()
    assert _files(fresh.media) == _files(populated.media)
    assert _files(fresh.keys) == _files(populated.keys)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in fresh.keys.iterdir())
    # and the restored chain holds the manifest's head
    verified = fresh.run("audit_verify", "--no-seal", "--manifest", str(target / "manifest.json"))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"head id={manifest['audit_head']['id']} found" in verified.stdout


def test_restore_into_a_database_that_is_not_empty_refuses_and_changes_nothing(
    populated: Site, settings: Any, tmp_path: Path
) -> None:
    target = tmp_path / "backup"
    _backup(target)
    before = _snapshot_digests()
    empty_media, empty_keys = tmp_path / "empty-media", tmp_path / "empty-keys"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(empty_media)}}}
    settings.SIGNING_KEY_DIR = empty_keys

    with pytest.raises(CommandError) as refused:
        call_command("restore", source=target, stdout=io.StringIO())

    message = str(refused.value)
    assert refused.value.returncode == 1
    assert "restore needs an empty database" in message
    assert f"holds {len(before)} tables" in message and "accounts_user" in message
    assert "upload storage is not empty" not in message and "signing-key folder" not in message
    assert _snapshot_digests() == before
    assert not empty_media.exists() and not empty_keys.exists()


@pytest.mark.parametrize("occupied", ["media", "keys"])
def test_restore_refuses_a_storage_or_key_folder_that_is_not_empty(
    site: Site, fresh: Fresh, tmp_path: Path, occupied: str
) -> None:
    target = tmp_path / "backup"
    _backup(target)
    folder = fresh.media if occupied == "media" else fresh.keys
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "left-over.jpg").write_bytes(b"not ours")

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 1
    named = "the upload storage is not empty" if occupied == "media" else "signing-key folder"
    assert named in done.stderr and "nothing was restored" in done.stderr
    assert fresh.tables() == []
    assert _files(folder) == {"photos/left-over.jpg": b"not ours"}


def test_a_backup_file_that_differs_from_its_manifest_refuses_the_restore_and_changes_nothing(
    populated: Site, fresh: Fresh, tmp_path: Path
) -> None:
    target = tmp_path / "backup"
    manifest = _backup(target)
    photo = next(n for n in manifest["files"] if n.startswith("media/"))
    data = bytearray((target / photo).read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit
    (target / photo).write_bytes(bytes(data))
    key = next(n for n in manifest["files"] if n.startswith("keys/") and n.endswith(".pem"))
    (target / key).unlink()

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 1
    assert f"{photo}: checksum mismatch" in done.stderr
    assert f"{key}: missing" in done.stderr
    assert "nothing was restored" in done.stderr
    assert fresh.tables() == []
    assert not fresh.media.exists() and not fresh.keys.exists()


def test_a_corrupted_database_file_refuses_the_restore(populated: Site, fresh: Fresh, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    manifest = _backup(target)
    db_file = manifest["database"]["file"]
    with (target / db_file).open("ab") as fh:
        fh.write(b"\0")

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 1 and f"{db_file}: checksum mismatch" in done.stderr
    assert fresh.tables() == []


def test_a_restore_that_does_not_match_the_manifest_exits_1_naming_the_table(
    populated: Site, fresh: Fresh, tmp_path: Path
) -> None:
    """The checksums hold but the digests recorded do not (a manifest edited with its files, or a
    dump that restores differently): the restore says which table differs and exits 1."""
    target = tmp_path / "backup"
    manifest = _backup(target)
    manifest["tables"]["cases_case"]["rows"] = 2
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 1
    assert "table cases_case: digest differs (1 rows, the manifest 2)" in done.stderr
    assert "restore verified" not in done.stdout


# --- the manifest's head catches rows missing at the end (security decision 18) ---------------------

class _Undo(Exception):
    pass


def _verify_with(manifest: Path) -> str:
    out = io.StringIO()
    call_command("audit_verify", manifest=str(manifest), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("tampering", ["newest row deleted", "table truncated"])
def test_audit_verify_with_the_manifest_fails_when_rows_are_missing_at_the_end(
    populated: Site, tmp_path: Path, tampering: str
) -> None:
    target = tmp_path / "backup"
    manifest = _backup(target)
    assert "verified: OK" in _verify_with(target / "manifest.json")

    # Inside a transaction rolled back at the end: the trigger comes back for the tests after this one.
    with pytest.raises(_Undo), transaction.atomic():
        drop_append_only_trigger()
        with connection.cursor() as cursor:
            if tampering == "newest row deleted":
                cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [manifest["audit_head"]["id"]])
            elif connection.vendor == "postgresql":
                cursor.execute("TRUNCATE audit_auditevent")
            else:  # SQLite has no TRUNCATE; an unconditional DELETE is its truncation
                cursor.execute("DELETE FROM audit_auditevent")
        with pytest.raises(CommandError) as caught:
            _verify_with(target / "manifest.json")
        assert caught.value.returncode == 1
        assert f"row id={manifest['audit_head']['id']}" in str(caught.value)
        assert "missing" in str(caught.value)
        raise _Undo


# --- PostgreSQL: one instant while users write; the password never on a command line -----------------

@pytest.mark.postgres
def test_a_backup_taken_while_users_write_restores_to_one_consistent_instant(
    populated: Site, fresh: Fresh, tmp_path: Path
) -> None:
    started, stop = threading.Event(), threading.Event()
    written: list[int] = []

    def write() -> None:
        try:
            while not stop.is_set():
                event = audit_record(Actor.system(), "test.write_during_backup", object_type="test",
                                     object_id=str(len(written)))
                written.append(event.pk)
                started.set()
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(30)
        target = tmp_path / "backup"
        manifest = _backup(target)
    finally:
        stop.set()
        writer.join()

    done = fresh.run("restore", "--from", str(target))

    assert done.returncode == 0, done.stdout + done.stderr
    assert fresh.digests() == manifest["tables"]
    assert manifest["tables"]["audit_auditevent"]["rows"] < AuditEvent.objects.count()


@pytest.mark.postgres
def test_the_database_password_reaches_pg_dump_in_its_environment_not_its_command_line(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], dict[str, str]]] = []
    real_popen = subprocess.Popen

    def spy(args: list[str], **kwargs: Any) -> Any:
        seen.append((list(args), kwargs["env"]))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(backup_module.subprocess, "Popen", spy)
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "Pw-only-in-env-7")  # trust auth ignores it
    _backup(tmp_path / "backup")

    (args, env), = seen
    assert args[0].endswith("pg_dump") and "--format=custom" in args
    assert not any("Pw-only-in-env-7" in a for a in args)
    assert env["PGPASSWORD"] == "Pw-only-in-env-7"
    assert env["PGDATABASE"] == connection.settings_dict["NAME"]


def test_restore_refuses_a_folder_without_a_manifest(site: Site, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="manifest.json not found"):
        call_command("restore", source=tmp_path, stdout=io.StringIO())


def test_the_sqlite_backup_is_a_database_file_with_every_table(populated: Site, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default's copy; PostgreSQL's custom dump is read by pg_restore above")
    target = tmp_path / "backup"
    manifest = _backup(target)
    copy = sqlite3.connect(target / "database.sqlite3")
    try:
        names = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(manifest["tables"]) <= names
    finally:
        copy.close()
