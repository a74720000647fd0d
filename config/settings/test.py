"""Test settings: fast hashing, no rate-limit surprises unless a test asks for them."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
