"""The WSGI entry point (gunicorn's `config.wsgi:application`, runserver's WSGI_APPLICATION).

Once the application and every view are loaded, the objects made so far (modules, classes, the URL
patterns, the API's schemas: ~150,000) are moved out of the garbage collector's sight (gc.freeze):
they live as long as the worker, and a full collection would otherwise walk them all — 60–100 ms at a
time, a few times a minute under load, the lists' slowest requests (issue 14)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()


def settle() -> None:
    """Load every view (the URLconf imports them), collect what loading left over, then freeze the
    rest: a full collection then walks only what requests made."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views and builds the API's schemas)
    gc.collect()
    gc.freeze()


settle()
