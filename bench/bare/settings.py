"""Settings of the bare app: Django with no middleware, no auth and no templates, one app of unmanaged
models over the real tables, the database of DATABASE_URL with the real app's connection settings."""

import os

import dj_database_url

SECRET_KEY = "bench-bare-app-not-secret"
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
INSTALLED_APPS = ["bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bare.urls"
WSGI_APPLICATION = "bare.wsgi.application"
DATABASES = {  # as onewindow.settings: persistent connections, checked before reuse
    "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
USE_I18N = False
