import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

BASE_TEMPLATE = Path(settings.PACKAGE_DIR, "templates", "base.html").read_text()
STATIC_PATHS = re.findall(r"{% static '([^']+)' %}", BASE_TEMPLATE)


@pytest.mark.parametrize("path", STATIC_PATHS)
def test_every_asset_of_the_layout_is_found(path):
    assert finders.find(path), f"{path} is not found by the static file finders (was `npm ci` run?)"


def test_the_layout_uses_assets():
    assert len(STATIC_PATHS) >= 4
