"""A web worker's heap after start-up (config.wsgi) is out of the garbage collector's sight: a full
collection then walks only what requests made, not the ~150,000 objects of the loaded application —
otherwise a pause of 60–100 ms every few list pages, the lists' 95th percentile (issue 14)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import gc
import config.wsgi
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_the_worker_freezes_the_application_it_loaded():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    frozen, seen = map(int, done.stdout.split())
    assert frozen > 50_000  # the views and the API's schemas are loaded before the freeze
    assert seen < frozen / 10  # what a full collection still walks
