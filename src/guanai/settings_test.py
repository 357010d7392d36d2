"""Settings for the test suite: the production settings with fast hashing and no HTTPS."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("GUANAI_HTTPS", "0")

from guanai.settings import *  # noqa: F403

# Argon2 is the production hasher (tested in tests/accounts); tests hash thousands of
# passwords and use a fast one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True
# The SQLite test database is a file (not memory) so that the concurrency, backup and
# browser tests can open it from other processes; one per process, so that test runs
# side by side never share a file.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"guanai-test-{os.getpid()}.sqlite3")
    }
# One connection per request, as before issue 24: the suite's live servers and helper
# threads open connections that a persistent one would keep past a test (and keep the
# PostgreSQL test database busy when it is dropped); tests/ops/test_connections.py checks
# the production default in a process of its own.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The router's tests start their own replica (tests/support/replica.py) and add the alias
# while they run; every other test reads the primary, whatever the environment says.
DATABASES.pop("replica", None)  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns otherwise)
# Uploaded photos (the demo stores some for its events) go to a folder of the test
# process, not var/media; tests that look at the files point it at their own tmp_path.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"guanai-test-media-{os.getpid()}"
