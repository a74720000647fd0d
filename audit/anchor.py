"""The daily anchor of the audit chain's head outside the database (security decision 18).

The daily job's last act (ops.sweep.run_sweep calls it after the run's own ``sweep.run`` audit row
is committed, outside any transaction): it seals the committed rows into the chain
(``seal_pending``) and appends ONE line to ``AUDIT_ANCHOR_DIR/audit-head.jsonl``::

    {"date": "2026-06-15", "at": "2026-06-15T02:00:03.120000+08:00", "id": 48211, "hash": "9f…"}

``audit_verify --anchor FILE`` reads the file's last line and fails when that row is missing or its
hash differs, so rows deleted at the end of the chain, or a TRUNCATE of the table, are caught even
though the chain left in the database is self-consistent.

The step is idempotent per day: a rerun on the same day with the same head appends nothing; a head
that moved appends a new line. A line is never rewritten: the file is opened in append mode only,
and each line is flushed and fsynced before the step returns.

Making it truly append-only (the operator's part; the application never needs more than O_APPEND):

* On the same host, give the file the append-only attribute once, as root, after the first run:
  ``chattr +a $AUDIT_ANCHOR_DIR/audit-head.jsonl`` (ext4/xfs). Then nobody, not even the file's
  owner, can truncate or rewrite it; only root can drop the attribute (``lsattr`` shows ``a``).
* Better, put ``AUDIT_ANCHOR_DIR`` on another host than the database, which the database's
  administrators cannot write: an NFS export mounted only on the app servers, or a folder that a
  job copies every day to WORM storage (S3 Object Lock in compliance mode, a WORM NAS share).
  Whoever can change both the database and this file can hide a truncation; keep the two apart.
"""

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from audit.services import audit_head, seal_pending

FILE_NAME = "audit-head.jsonl"


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / FILE_NAME


def last_anchor(path: Path | None = None) -> dict[str, Any] | None:
    """The last complete line of the anchor file, or None when there is none (or no file)."""
    path = path or anchor_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    for line in reversed(text.splitlines()):
        try:
            value = json.loads(line)
        except ValueError:  # a line cut short by a crash: the one before it still holds
            continue
        if isinstance(value, dict):
            return value
    return None


def _append(path: Path, line: str) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
        os.chmod(path.parent, 0o700)  # mkdir's mode is cut by the umask
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        if fh.tell() and not path.read_bytes().endswith(b"\n"):
            line = "\n" + line  # never glue a line to one a crash cut short
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def anchor_audit_head(today: dt.date) -> int:
    """Seal the chain and append today's head to the anchor file; returns the lines appended (0/1).

    It runs outside the job's transactions (`commits_itself`): `seal_pending` commits each batch of
    its own, so the head written to the file is committed before the file names it, and a rolled
    back transaction can never leave a head in the file that the chain does not hold."""
    seal_pending()
    head = audit_head()
    if head is None:  # an empty chain has nothing to anchor
        return 0
    path = anchor_path()
    last = last_anchor(path)
    if last and (last.get("date"), last.get("id"), last.get("hash")) == (
        today.isoformat(), head["id"], head["hash"]
    ):
        return 0
    record = {"date": today.isoformat(), "at": timezone.localtime().isoformat(), "id": head["id"],
              "hash": head["hash"]}
    _append(path, json.dumps(record, separators=(", ", ": ")))
    return 1
