"""Background tasks (django-tasks, database backend). A worker (`manage.py db_worker`) runs them;
a scheduler (cron or a systemd timer) enqueues `daily_sweep` once a day — see the README."""

from django_tasks import task

from core import clock
from core.sweep import run_sweep


@task()
def daily_sweep() -> dict[str, int]:
    return run_sweep(clock.today())
