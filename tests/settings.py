"""Test settings: the project's own, with a fast password hasher and plain static file names."""

import os

os.environ.setdefault("ONEWINDOW_PLAIN_STATIC", "1")

from onewindow.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
