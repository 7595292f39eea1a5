"""Deployment settings read from the environment: media storage (local or S3) and the reverse proxy.

Settings are read once at import, so each case loads them afresh in a child Python process with its own
environment and reports what Django ended up with.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Variables that would leak the caller's setup into the child's settings.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "ALLOWED_HOSTS",
    "ONEWINDOW_TRUST_PROXY",
    "ONEWINDOW_HSTS_SECONDS",
    "ONEWINDOW_HSTS_INCLUDE_SUBDOMAINS",
    "ONEWINDOW_HSTS_PRELOAD",
    "ONEWINDOW_HTTPS",
    "ONEWINDOW_SSL_REDIRECT",
    "SECURE_COOKIES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest; a deployment must not have it
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "ONEWINDOW_PLAIN_STATIC",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_ACCESS_KEY_ID",
    "AWS_S3_SECRET_ACCESS_KEY",
)

PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.files.storage import default_storage
from django.test import RequestFactory
from onewindow.cases.models import CaseMaterial

default_storage._setup()
storage = default_storage._wrapped
material_storage = CaseMaterial._meta.get_field("file").storage
material_storage._setup()
request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_HOST="zwfw.example.cn")
report = {
    "backend": f"{type(storage).__module__}.{type(storage).__qualname__}",
    "material_backend": type(material_storage._wrapped).__qualname__,
    "ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "forwarded_host": settings.USE_X_FORWARDED_HOST,
    "is_secure": request.is_secure(),
    "host": request.get_host(),
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "cookie_names": [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],
    "email": [settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.DEFAULT_FROM_EMAIL],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
}
for name in ("bucket_name", "endpoint_url", "region_name", "addressing_style", "location", "default_acl",
             "querystring_auth", "file_overwrite", "access_key", "secret_key", "max_memory_size"):
    if hasattr(storage, name):
        report[name] = getattr(storage, name)
if hasattr(storage, "location") and not isinstance(storage.location, str):
    report["location"] = str(storage.location)
print(json.dumps(report, default=str))
"""


def settings_under(tmp_path, prelude: str = "", **env) -> subprocess.CompletedProcess:
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("ONEWINDOW_S3")}
    child_env.update(
        DJANGO_SETTINGS_MODULE="onewindow.settings",
        ONEWINDOW_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="zwfw.example.cn,testserver",
        SECRET_KEY="test-only",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(prelude) + PROBE],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(tmp_path, **env) -> dict:
    result = settings_under(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_bucket_files_stay_on_the_local_disk(tmp_path):
    found = probe(tmp_path)
    assert found["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["material_backend"] == "FileSystemStorage"
    assert found["location"] == str(tmp_path / "media")
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_a_bucket_puts_uploads_on_s3_private_signed_and_never_overwritten(tmp_path):
    pytest.importorskip(
        "storages", reason="django-storages is not installed: pip install -e '.[dev,s3]' to run this test"
    )
    found = probe(
        tmp_path,
        ONEWINDOW_S3_BUCKET="onewindow-media",
        ONEWINDOW_S3_ENDPOINT_URL="https://minio.example.cn:9000",
        ONEWINDOW_S3_REGION="cn-east-1",
        ONEWINDOW_S3_PREFIX="/xintai/",
        ONEWINDOW_S3_ACCESS_KEY_ID="own-key",
        ONEWINDOW_S3_SECRET_ACCESS_KEY="own-secret",
        AWS_ACCESS_KEY_ID="aws-key",
        AWS_SECRET_ACCESS_KEY="aws-secret",
    )
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert found["material_backend"] == "S3Storage"  # case materials use the field's (default) storage
    assert found["bucket_name"] == "onewindow-media"
    assert found["endpoint_url"] == "https://minio.example.cn:9000"
    assert found["region_name"] == "cn-east-1"
    assert found["addressing_style"] == "path"  # self-hosted endpoints: https://host/bucket/key
    assert found["location"] == "xintai"
    assert found["querystring_auth"] is True
    assert found["file_overwrite"] is False
    assert found["default_acl"] == "private"
    assert (found["access_key"], found["secret_key"]) == ("own-key", "own-secret")
    # Whitenoise still serves the static files.
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_s3_credentials_fall_back_to_the_standard_aws_variables(tmp_path):
    pytest.importorskip(
        "storages", reason="django-storages is not installed: pip install -e '.[dev,s3]' to run this test"
    )
    found = probe(
        tmp_path,
        ONEWINDOW_S3_BUCKET="onewindow-media",
        AWS_ACCESS_KEY_ID="aws-key",
        AWS_SECRET_ACCESS_KEY="aws-secret",
    )
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert (found["access_key"], found["secret_key"]) == ("aws-key", "aws-secret")
    assert found["endpoint_url"] is None
    assert found["addressing_style"] is None  # a cloud bucket: boto3 picks the addressing style


def test_a_bucket_without_django_storages_fails_at_startup_saying_what_to_install(tmp_path):
    result = settings_under(
        tmp_path,
        prelude="import sys\nsys.modules['storages'] = None  # as if not installed\n",
        ONEWINDOW_S3_BUCKET="onewindow-media",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "pip install 'onewindow[s3]'" in result.stderr


def test_behind_a_trusted_proxy_forwarded_proto_and_host_are_believed(tmp_path):
    found = probe(tmp_path, ONEWINDOW_TRUST_PROXY="1", ONEWINDOW_HSTS_SECONDS="300")
    assert found["ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["forwarded_host"] is True
    assert found["is_secure"] is True
    assert found["host"] == "zwfw.example.cn"
    assert found["hsts"] == 300


def test_without_the_proxy_flag_forwarded_headers_are_ignored(tmp_path):
    found = probe(tmp_path)
    assert found["ssl_header"] is None
    assert found["forwarded_host"] is False
    assert found["is_secure"] is False
    assert found["host"] == "testserver"
    assert found["hsts"] == 0


# The production environment of docs/deployment.md: HTTPS behind the proxy, a real key and host.
PRODUCTION = {
    "ONEWINDOW_HTTPS": "1",
    "ONEWINDOW_TRUST_PROXY": "1",
    "SECRET_KEY": "k7Qp2vX9mZ4tR8wY1nB6cJ3hF5gL0dS-aE7uI2oP9xV4bN8mQ1zT6yW3rK5jH0lG",
}


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("ONEWINDOW_S3")}
    child_env.update(ONEWINDOW_VAR_DIR=str(tmp_path), ALLOWED_HOSTS="zwfw.example.gov.cn", **env)
    return subprocess.run(
        [Path(sys.executable).with_name("onewindow"), "check", "--deploy", "--fail-level", "WARNING"],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_settings_pass_djangos_deployment_check_without_a_warning(tmp_path):
    result = deploy_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_or_plain_http_in_production_fails_the_deployment_check(tmp_path):
    debug = deploy_check(tmp_path, **PRODUCTION, DEBUG="1")
    assert debug.returncode != 0 and "W018" in debug.stdout + debug.stderr
    plain = deploy_check(tmp_path, **{**PRODUCTION, "ONEWINDOW_HTTPS": "0"})
    assert plain.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in plain.stdout + plain.stderr


def test_over_https_cookies_are_secure_host_only_and_hsts_is_a_year(tmp_path):
    found = probe(tmp_path, ONEWINDOW_HTTPS="1")
    assert found["secure_cookies"] == [True, True]
    assert found["cookie_names"] == ["__Host-sessionid", "__Host-csrftoken"]
    assert found["ssl_redirect"] is True
    assert found["hsts"] == 31536000
    plain = probe(tmp_path)
    assert plain["secure_cookies"] == [False, False] and plain["ssl_redirect"] is False
    assert plain["cookie_names"] == ["sessionid", "csrftoken"]
    assert probe(tmp_path, SECURE_COOKIES="1")["secure_cookies"] == [True, True]  # the older flag still works


def test_the_mail_server_is_read_from_the_environment(tmp_path):
    assert probe(tmp_path)["email"] == ["localhost", 25, False, "onewindow@localhost"]
    found = probe(
        tmp_path,
        EMAIL_HOST="smtp.internal",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="zwfw@x.cn",
    )
    assert found["email"] == ["smtp.internal", 587, True, "zwfw@x.cn"]
