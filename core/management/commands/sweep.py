from typing import Any

from django.core.management.base import BaseCommand

from core import clock
from core.sweep import run_sweep


class Command(BaseCommand):
    help = "Apply the date-driven changes (lifecycle.md) as of today. Idempotent; safe to rerun."

    def handle(self, *args: Any, **opts: Any) -> None:
        today = clock.today()
        summary = run_sweep(today)
        changes = ", ".join(f"{k}={v}" for k, v in summary.items()) or "no date-driven steps due"
        self.stdout.write(f"sweep {today.isoformat()}: {sum(summary.values())} changes ({changes})")
