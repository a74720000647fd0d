from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core import clock
from ops.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Apply the date-driven changes (lifecycle.md) as of today. Idempotent; safe to rerun. "
        "With --enqueue, hand the job to the task worker instead (ops.tasks.daily_sweep)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue ops.tasks.daily_sweep for `manage.py db_worker` (the production daily trigger)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["enqueue"]:
            from ops.tasks import daily_sweep

            result = daily_sweep.enqueue()
            self.stdout.write(f"sweep enqueued: task {result.id}")
            return
        today = clock.today()
        summary = run_sweep(today)
        changes = ", ".join(f"{k}={v}" for k, v in summary.items()) or "no date-driven steps due"
        self.stdout.write(f"sweep {today.isoformat()}: {sum(summary.values())} changes ({changes})")
