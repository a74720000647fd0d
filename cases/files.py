"""A case's stored files served back (security decision 9): only when the SHA-256 kept at upload
still matches, each download audited; the applicant's photo is one of them (R-W09)."""

import hashlib
from typing import Any

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from core.errors import Conflict, NotFound
from core.storage import read_stored


def verified_content(
    name: str, sha256: str, actor: Actor, case: Case, what: str, detail: dict[str, Any] | None = None
) -> bytes:
    """Security decision 9: a stored file is served only when its SHA-256 still matches the one kept
    at upload; a mismatch is audited and refused (409). The download itself is audited."""
    content = read_stored(name)
    if content is None:
        raise NotFound("No such file.")
    if hashlib.sha256(content).hexdigest() != sha256:
        audit_record(actor, f"case.{what}_integrity_failed", case, outcome="failure", after=detail)
        raise Conflict("The stored file does not match its checksum; it must be uploaded again.")
    audit_record(actor, f"case.{what}_downloaded", case, after=detail)
    return content


def case_photo(case: Case, actor: Actor) -> tuple[bytes, str]:
    """Security decision 9: an upload is served only to those who may see its case, as an
    attachment, after its SHA-256 is checked against the one kept at upload."""
    content = verified_content(case.photo_name, case.photo_sha256, actor, case, "photo")
    return content, "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
