from typing import Any

from django.core.management.base import BaseCommand

from accounts.actor import Actor
from audit.services import audit_record
from verification import signing


class Command(BaseCommand):
    help = "Make a new Ed25519 key pair that signs new permit cards; old cards keep verifying."

    def handle(self, *args: Any, **opts: Any) -> None:
        old = signing.current_kid()
        new = signing.rotate()
        audit_record(Actor.system(), "signing.key_rotated", object_type="signing_key", object_id=new,
                     before={"kid": old}, after={"kid": new})
        self.stdout.write(f"signing key rotated: {old} → {new}")
