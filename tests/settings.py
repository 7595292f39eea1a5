"""Test settings: the project's own, with a fast password hasher and plain static file names."""

import os

os.environ.setdefault("ONEWINDOW_PLAIN_STATIC", "1")

from onewindow.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# On SQLite the test database is a file, so that tests with several threads (concurrent intakes and
# actions) share one database the way server processes do; one file per test process.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not DATABASES["default"]["TEST"].get("NAME"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = f"/tmp/onewindow-test-{os.getpid()}.sqlite3"  # noqa: F405

# A throw-away time-limited model (tests/timelimited): a new kind needs no clock code of its own.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.timelimited"]  # noqa: F405
