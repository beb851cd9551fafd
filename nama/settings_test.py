"""Fast, deterministic settings for the test suite (DATABASE_URL still chooses the engine)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-checks-0123456789")
os.environ.setdefault(
    "NAMA_FIELD_KEYS",
    "FdGpMBHh3U-DOdcnhfKK6IlnNfCu8qIGHD7fDCoQdMc=,hIPm_KUbX5ZCSS7WVUVNMjH1mkE0pd5DEyMgjSfVouQ=",
)
os.environ.setdefault("NAMA_INDEX_KEY", "test-index-key-0123456789abcdef")

from nama.settings import *  # noqa: F403
from nama.settings import BASE_DIR

DEBUG = False
NAMA_DEMO_MODE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Tests read static files through the finders; whitenoise would warn about an
# empty STATIC_ROOT on every request.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "nama.core.tests.encryption_testapp"]  # noqa: F405
# Transactional tests flush the database; let flush clear the append-only audit log.
NAMA_AUDIT_ALLOW_FLUSH = True
# Argon2id at a test cost for tracking codes (production uses nama.core.tracking's strong default).
NAMA_TRACKING_HASH_COST = "test"
# Every test client searches from 127.0.0.1; tests of the limit lower it.
NAMA_SEARCH_LIMIT = 100_000

# The reports' demo generates fewer acts in tests (several tests run seed_demo).
NAMA_DEMO_ACTS = 300
# Dashboard figures are computed afresh in tests (each test has its own records).
NAMA_DASHBOARD_CACHE_SECONDS = 0
