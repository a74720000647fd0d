import base64
import io
from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.otp import official_otp_enrol


class Command(BaseCommand):
    help = ("Enrol an official's or admin's TOTP device (security decision 3) and print its secret once: "
            "scan the QR code or type the key into an authenticator app.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--replace", action="store_true", help="replace an existing device")
        parser.add_argument("--no-qr", action="store_true", help="print only the key and the otpauth URL")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no account {opts['username']!r}")
        try:
            device = official_otp_enrol(user, replace=opts["replace"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        url = device.config_url
        self.stdout.write(f"key: {base64.b32encode(device.bin_key).decode()}")
        self.stdout.write(f"url: {url}")
        if not opts["no_qr"]:
            picture = io.StringIO()
            segno.make(url, error="m").terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue(), ending="")
