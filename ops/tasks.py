"""Background tasks (django-tasks, database backend). In production the worker (`manage.py
db_worker`) runs them, and a daily trigger (cron or a systemd timer) enqueues `daily_sweep` with
`manage.py sweep --enqueue` — see the README."""

from django_tasks import task

from core import clock
from ops.sweep import run_sweep


@task()
def daily_sweep() -> dict[str, int]:
    """The daily job (ops.sweep) as of the day the worker runs it; its summary is the result."""
    return run_sweep(clock.today())
