"""Backup and restore (api.md "Operations"; security decisions 12 and 18).

``backup(DIR)`` writes one consistent copy of everything the system needs:

* ``database.dump`` — PostgreSQL: ``pg_dump --format=custom``; or ``database.sqlite3`` — SQLite: a
  copy by the sqlite3 backup API;
* ``media/<name>`` — every file of the upload storage, read through Django's ``default_storage``
  (the filesystem or an S3-compatible store alike) as it is stored: encrypted uploads stay
  ciphertext in the backup (``core.storage.open_stored``, decision 75);
* ``keys/<name>`` — every file of ``SIGNING_KEY_DIR`` (the private card-signing keys);
* ``manifest.json`` — written last: each file's SHA-256 and size, the audit chain's head
  (``"audit_head": {"id", "hash"}``), the time, the database vendor, and per table the number of
  rows and a SHA-256 over its rows in primary-key order.

Consistency: the committed audit rows are sealed into the chain first; then one transaction reads
the head and the table digests, and the dump is taken in the same instant (PostgreSQL: a
REPEATABLE READ snapshot exported to ``pg_dump --snapshot``, held open until the dump ends, so users
go on writing; SQLite: the backup API copies inside the transaction that read the digests, whose
write lock makes writers wait for the copy). Uploads are stored under new names and never
rewritten, so copying them after the snapshot adds at most files the dump does not yet name.

``restore(DIR)`` checks every file against the manifest before it changes anything, refuses unless
the database, the upload storage and the key folder that the settings name are all empty, restores
the three, then recomputes every table digest and runs ``audit_verify`` against the manifest's head.

A backup holds the private signing keys and personal data (encrypted columns, uploads): DIR is made
readable by its owner only (0700, files 0600). The database password reaches pg_dump and
pg_restore through the environment (PGPASSWORD), never their command line.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from audit.services import Head, audit_head, audit_verify, seal_pending
from core.storage import open_stored, save_stored

FORMAT = 1
MANIFEST = "manifest.json"
DB_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media"
KEYS = "keys"
_CHUNK = 1024 * 1024
# Session settings under which PostgreSQL prints values for the digests: fixed, so that the text of
# a row depends on its content only, not on the session that reads it.
_PG_DIGEST_SETTINGS = (
    "SET LOCAL TimeZone TO 'UTC'",
    "SET LOCAL DateStyle TO 'ISO, YMD'",
    "SET LOCAL IntervalStyle TO 'postgres'",
    "SET LOCAL extra_float_digits TO 3",
    "SET LOCAL bytea_output TO 'hex'",
)

Out = Callable[[str], None]
Snapshot = tuple[Head | None, dict[str, dict[str, Any]], dict[str, Any]]  # head, table digests, db file


class BackupError(Exception):
    """A refused backup or restore; the message says why. Nothing was changed."""


def _quiet(_: str) -> None:
    return None


# --- table digests ---------------------------------------------------------------------------------

def _pg_order(cursor: Any, table: str) -> str:
    """ORDER BY of a table's primary key; text columns in the C collation, so that the order does not
    depend on the collation of the database that a backup is restored into."""
    cursor.execute(
        """
        SELECT a.attname, t.typcategory
        FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        JOIN pg_type t ON t.oid = a.atttypid
        WHERE i.indrelid = %s::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)
        """,
        [connection.ops.quote_name(table)],
    )
    keys = [connection.ops.quote_name(name) + (' COLLATE "C"' if cat == "S" else "") for name, cat in cursor]
    if keys:
        return ", ".join(keys)
    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} LIMIT 0")  # nosec B608  # noqa: S608
    return ", ".join(str(i + 1) for i in range(len(cursor.description)))


def _pg_digest(cursor: Any, table: str) -> dict[str, Any]:
    """Stream the table through COPY into SHA-256: memory stays flat whatever the table's size."""
    name, order = connection.ops.quote_name(table), _pg_order(cursor, table)
    sql = f"COPY (SELECT * FROM {name} ORDER BY {order}) TO STDOUT"  # nosec B608  # noqa: S608
    digest, rows = hashlib.sha256(), 0
    with connection.connection.cursor() as raw, raw.copy(sql) as copy:
        for chunk in copy:
            data = bytes(chunk)
            digest.update(data)
            rows += data.count(b"\n")  # COPY's text format escapes newlines inside values
    return {"rows": rows, "sha256": digest.hexdigest()}


def _sqlite_digest(cursor: Any, table: str) -> dict[str, Any]:
    """SQLite's quote() spells every value as a typed SQL literal (text, integer, real, X'blob', NULL),
    read before any of Django's type converters could reshape it."""
    name = connection.ops.quote_name(table)
    cursor.execute(f"PRAGMA table_info({name})")
    columns = [connection.ops.quote_name(row[1]) for row in cursor.fetchall()]
    keys = connection.introspection.get_primary_key_columns(cursor, table) or []
    order = ", ".join(connection.ops.quote_name(c) for c in keys) if keys else "rowid"
    values = " || char(9) || ".join(f"quote({c})" for c in columns)
    cursor.execute(f"SELECT {values} FROM {name} ORDER BY {order}")  # nosec B608  # noqa: S608
    digest, rows = hashlib.sha256(), 0
    while batch := cursor.fetchmany(2000):
        for (line,) in batch:
            digest.update(line.encode("utf-8") + b"\n")
            rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def table_digests() -> dict[str, dict[str, Any]]:
    """Each table's row count and the SHA-256 of its rows in primary-key order. Call it inside the
    transaction whose snapshot is meant (PostgreSQL: session settings are set for that transaction)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            for statement in _PG_DIGEST_SETTINGS:
                cursor.execute(statement)
            return {t: _pg_digest(cursor, t) for t in tables}
        return {t: _sqlite_digest(cursor, t) for t in tables}


# --- files ----------------------------------------------------------------------------------------

def _storage_names(prefix: str = "") -> Iterator[str]:
    """Every file name in the upload storage, depth first, in a stable order."""
    try:
        dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:  # a filesystem storage whose folder was never made holds nothing
        return
    for name in sorted(files):
        yield posixpath.join(prefix, name) if prefix else name
    for sub in sorted(dirs):
        yield from _storage_names(posixpath.join(prefix, sub) if prefix else sub)


def _key_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _private_dir(path: Path) -> None:
    """Make `path` and each missing folder above it readable by its owner only."""
    if path.is_dir():
        return
    _private_dir(path.parent)
    path.mkdir(mode=0o700)
    os.chmod(path, 0o700)  # mkdir's mode is cut by the umask


def _write_private(path: Path, chunks: Iterator[bytes]) -> dict[str, Any]:
    """Write a new file readable by its owner only; its SHA-256 and size, computed on the way."""
    _private_dir(path.parent)
    digest, size = hashlib.sha256(), 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    return {"sha256": digest.hexdigest(), "size": size}


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _checksum(path: Path) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    for chunk in _file_chunks(path):
        digest.update(chunk)
        size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _storage_checksum(name: str) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with open_stored(default_storage, name) as fh:
        for chunk in fh.chunks(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


# --- PostgreSQL tools -------------------------------------------------------------------------------

def pg_environment() -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore from the settings' database: the password travels
    here (PGPASSWORD), never on a command line that `ps` shows to every user of the host."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                     ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE"), ("service", "PGSERVICE")):
        if options.get(key):
            env[var] = str(options[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found on PATH; install the PostgreSQL client tools "
                          f"(the same major version as the server or newer)")
    return found


# --- backup ---------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str


def _prepare_target(target: Path) -> bool:
    """Make DIR (0700); refuse one that holds anything. True when this call made it."""
    if target.exists():
        if not target.is_dir():
            raise BackupError(f"{target} exists and is not a folder")
        if any(target.iterdir()):
            raise BackupError(f"{target} is not empty; back up into a new or empty folder")
        os.chmod(target, 0o700)
        return False
    _private_dir(target)
    return True


def _snapshot_postgresql(target: Path) -> Snapshot:
    dump = target / DB_FILES["postgresql"]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        # The dump runs while this transaction holds the snapshot; the digests are read meanwhile.
        fd = os.open(dump, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        process = subprocess.Popen(  # noqa: S603 (fixed arguments; the password is in the environment)
            [_tool("pg_dump"), "--format=custom", "--no-password", f"--snapshot={snapshot}",
             f"--file={dump}"],
            env=pg_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            head = audit_head()
            digests = table_digests()
        finally:
            _, err = process.communicate()
    if process.returncode != 0:
        message = err.decode(errors="replace").strip()
        raise BackupError(f"pg_dump failed (exit {process.returncode}): {message}")
    return head, digests, _checksum(dump)


def _snapshot_sqlite(target: Path) -> Snapshot:
    copy = target / DB_FILES["sqlite"]
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    # One read transaction (a plain deferred BEGIN: the backup API cannot copy from a connection that
    # holds a write transaction, as Django's IMMEDIATE atomic blocks would): the head, the digests and
    # the copy see the same database; writers wait for the read lock, or (WAL) write past the snapshot.
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN")
    try:
        head = audit_head()
        digests = table_digests()
        destination = sqlite3.connect(copy)
        try:
            raw.backup(destination)
        finally:
            destination.close()
    finally:
        raw.execute("COMMIT")
    return head, digests, _checksum(copy)


def backup(target: Path, out: Out = _quiet) -> BackupResult:
    """Write a consistent backup into `target` (new or empty); see the module's docstring."""
    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise BackupError(f"backups of a {vendor} database are not supported (PostgreSQL or SQLite)")
    if connection.in_atomic_block:
        raise BackupError("backup must run outside a transaction (it takes its own snapshot)")
    target = Path(target).absolute()
    made = _prepare_target(target)
    try:
        return _backup(target, vendor, out)
    except BaseException:
        # Leave no half backup behind: a folder without its manifest only confuses a restore.
        if made:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for child in target.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        raise


def _backup(target: Path, vendor: str, out: Out) -> BackupResult:
    sealed = seal_pending()
    out(f"sealed {sealed} audit rows into the chain")
    snapshot = _snapshot_postgresql if vendor == "postgresql" else _snapshot_sqlite
    head, digests, db_sum = snapshot(target)
    files: dict[str, dict[str, Any]] = {DB_FILES[vendor]: db_sum}
    out(f"database ({vendor}): {len(digests)} tables, {sum(d['rows'] for d in digests.values())} rows")

    uploads = 0
    for name in _storage_names():
        relative = _safe_relative(f"{MEDIA}/{name}")
        try:
            fh = open_stored(default_storage, name)  # encrypted uploads stay encrypted in the backup
        except FileNotFoundError:  # deleted since the listing (a replaced photo): not in the snapshot
            continue
        with fh:
            files[relative] = _write_private(target / relative, iter(fh.chunks(_CHUNK)))
        uploads += 1
    out(f"uploads: {uploads} files")

    key_dir = Path(settings.SIGNING_KEY_DIR)
    keys = 0
    for path in _key_files(key_dir):
        relative = _safe_relative(f"{KEYS}/{path.relative_to(key_dir).as_posix()}")
        files[relative] = _write_private(target / relative, _file_chunks(path))
        keys += 1
    out(f"signing keys: {keys} files" + ("" if keys else f" (none in {key_dir})"))

    manifest = {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(),
        "database": {"vendor": vendor, "file": DB_FILES[vendor]},
        "audit_head": head,
        "tables": digests,
        "files": files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    temporary = target / f".{MANIFEST}.tmp"
    _write_private(temporary, iter([text.encode("utf-8")]))
    temporary.replace(target / MANIFEST)
    return BackupResult(target, manifest, hashlib.sha256(text.encode("utf-8")).hexdigest())


# --- restore --------------------------------------------------------------------------------------

def _safe_relative(name: str) -> str:
    """A manifest name: relative, POSIX, inside the backup folder (no '..', no absolute path)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"unsafe file name {name!r} in the manifest")
    return path.as_posix()


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} not found: {source} is not a backup folder") from None
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest of format {FORMAT}")
    for key in ("database", "tables", "files"):
        if not isinstance(manifest.get(key), dict):
            raise BackupError(f"{path} has no {key!r} object")
    head = manifest.get("audit_head")
    if head is not None and not (isinstance(head, dict) and isinstance(head.get("id"), int)
                                 and isinstance(head.get("hash"), str)):
        raise BackupError(f"{path}: audit_head must be null or {{\"id\": <int>, \"hash\": <hex>}}")
    return manifest


def _check_files(source: Path, manifest: dict[str, Any]) -> int:
    """Every file the manifest lists is present with its size and SHA-256; raises naming each that is
    not. Returns how many were checked."""
    bad: list[str] = []
    db_file = manifest["database"].get("file")
    if db_file not in manifest["files"]:
        bad.append(f"{db_file}: the database file is not listed in the manifest")
    for name, expected in sorted(manifest["files"].items()):
        relative = _safe_relative(name)
        if relative != db_file and relative.split("/")[0] not in (MEDIA, KEYS):
            raise BackupError(f"unexpected file {name!r} in the manifest")
        path = source / relative
        if not path.is_file():
            bad.append(f"{name}: missing")
            continue
        actual = _checksum(path)
        if actual["size"] != expected.get("size") or actual["sha256"] != expected.get("sha256"):
            bad.append(f"{name}: checksum mismatch (SHA-256 {actual['sha256']}, size {actual['size']}; "
                       f"manifest {expected.get('sha256')}, size {expected.get('size')})")
    if bad:
        raise BackupError("the backup does not match its manifest; nothing was restored:\n  "
                          + "\n  ".join(bad))
    return len(manifest["files"])


def _require_empty_target() -> None:
    found: list[str] = []
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=True))
    if tables:
        shown = ", ".join(tables[:8]) + (", …" if len(tables) > 8 else "")
        name = connection.settings_dict["NAME"]
        found.append(f"the database {name} holds {len(tables)} tables ({shown})")
    uploads = list(_first(_storage_names(), 3))
    if uploads:
        found.append(f"the upload storage is not empty (e.g. {', '.join(uploads)})")
    key_dir = Path(settings.SIGNING_KEY_DIR)
    if key_dir.exists() and (not key_dir.is_dir() or any(key_dir.iterdir())):
        found.append(f"the signing-key folder {key_dir} is not empty")
    if found:
        raise BackupError("restore needs an empty database, upload storage and key folder; nothing was "
                          "restored:\n  " + "\n  ".join(found))


def _first(items: Iterator[str], n: int) -> Iterator[str]:
    for i, item in enumerate(items):
        if i == n:
            return
        yield item


def _restore_database(source: Path, vendor: str, db_file: str) -> None:
    if vendor == "postgresql":
        connection.close()
        done = subprocess.run(  # noqa: S603 (fixed arguments; the password is in the environment)
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", "--no-password",
             f"--dbname={connection.settings_dict['NAME']}", str(source / db_file)],
            env=pg_environment(), capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed (exit {done.returncode}); the database was left as it "
                              f"was (one transaction):\n{done.stderr.strip()}")
        return
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError("restore needs a SQLite database file, not an in-memory database")
    connection.close()
    src = sqlite3.connect(f"file:{source / db_file}?mode=ro", uri=True)
    dst = sqlite3.connect(name)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@dataclass
class RestoreResult:
    files_checked: int = 0
    tables: int = 0
    uploads: int = 0
    keys: int = 0
    audit_message: str = ""
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def restore(source: Path, out: Out = _quiet) -> RestoreResult:
    """Restore a backup into the empty database, storage and key folder of the settings, then check
    it against the manifest; see the module's docstring. Refusals raise BackupError before any
    change; differences found after restoring are listed in the result's `mismatches`."""
    source = Path(source).absolute()
    manifest = read_manifest(source)
    result = RestoreResult()
    result.files_checked = _check_files(source, manifest)
    out(f"{result.files_checked} files match {MANIFEST}")
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor:
        raise BackupError(f"the backup is of a {vendor} database, the settings name a "
                          f"{connection.vendor} one; nothing was restored")
    if connection.in_atomic_block:
        raise BackupError("restore must run outside a transaction")
    _require_empty_target()

    db_file = manifest["database"]["file"]
    _restore_database(source, vendor, db_file)
    out(f"database restored from {db_file}")
    files = manifest["files"]
    for name in sorted(files):
        if name.startswith(MEDIA + "/"):
            stored_as = name[len(MEDIA) + 1:]
            with (source / name).open("rb") as fh:
                saved = save_stored(default_storage, stored_as, File(fh))
            if saved != stored_as:
                result.mismatches.append(f"upload {stored_as} was stored as {saved}")
            result.uploads += 1
        elif name.startswith(KEYS + "/"):
            key_dir = Path(settings.SIGNING_KEY_DIR)
            _private_dir(key_dir)
            _write_private(key_dir / name[len(KEYS) + 1:], _file_chunks(source / name))
            result.keys += 1
    out(f"uploads restored: {result.uploads}; signing keys restored: {result.keys}")
    _verify_restored(manifest, result)
    return result


def _verify_restored(manifest: dict[str, Any], result: RestoreResult) -> None:
    with transaction.atomic():
        digests = table_digests()
    expected: dict[str, Any] = manifest["tables"]
    result.tables = len(expected)
    for table in sorted(set(expected) | set(digests)):
        if table not in digests:
            result.mismatches.append(f"table {table}: missing after the restore")
        elif table not in expected:
            result.mismatches.append(f"table {table}: not in the backup")
        elif digests[table] != expected[table]:
            now, then = digests[table], expected[table]
            detail = (f"{now['rows']} rows, the manifest {then['rows']}" if now["rows"] != then["rows"]
                      else "same number of rows, different content")
            result.mismatches.append(f"table {table}: digest differs ({detail})")
    for name, want in sorted(manifest["files"].items()):
        got: dict[str, Any] | None
        if name.startswith(MEDIA + "/"):
            stored = name[len(MEDIA) + 1:]
            got = _storage_checksum(stored) if default_storage.exists(stored) else None
        elif name.startswith(KEYS + "/"):
            path = Path(settings.SIGNING_KEY_DIR) / name[len(KEYS) + 1:]
            got = _checksum(path) if path.is_file() else None
        else:
            continue
        if got != {"sha256": want["sha256"], "size": want["size"]}:
            result.mismatches.append(f"{name}: restored copy differs from the backup")
    verified = audit_verify(head=manifest.get("audit_head"))
    result.audit_message = verified.message
    if not verified.ok:
        result.mismatches.append(f"audit chain: {verified.message}")
