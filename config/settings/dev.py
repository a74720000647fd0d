"""Development settings: the embedded default, needs nothing installed or set."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: F405, S105
# Fixed development keys, never used in production (production.py demands real ones).
FIELD_ENCRYPTION_KEY = FIELD_ENCRYPTION_KEY or "ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc="  # noqa: F405
BLIND_INDEX_KEY = BLIND_INDEX_KEY or "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyLWJ5dGU="  # noqa: F405
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
