from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.actor import Actor
from audit.services import audit_record
from verification import signing


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key pair that signs new permit cards (the first one too, on a new "
        "installation); old cards keep verifying."
    )

    def handle(self, *args: Any, **opts: Any) -> None:
        old = signing.current_kid_or_none()
        new = signing.rotate()
        audit_record(Actor.system(), "signing.key_rotated", object_type="signing_key", object_id=new,
                     before={"kid": old}, after={"kid": new})
        if old is None:
            self.stdout.write(f"first signing key made: {new} (in {settings.SIGNING_KEY_DIR}; back it up)")
        else:
            self.stdout.write(f"signing key rotated: {old} → {new} (back up {settings.SIGNING_KEY_DIR})")
