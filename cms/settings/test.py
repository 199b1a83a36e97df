"""Tests: fast hashing, locmem cache and e-mail, immediate tasks, media in a temp dir."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import PROTECTED_MEDIA_STORAGE, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "test-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "content": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "content"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sambang-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sambang-test-private-"))
STORAGES = {
    "default": {"BACKEND": PROTECTED_MEDIA_STORAGE},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "anon_read": "10000/min",
    },
}
SEARCH_RATE_LIMIT = (10000, 60)
# The rest of the suite logs staff in with force_login; tests/security/ switches enforcement on.
TWO_FACTOR_ENFORCED = False
