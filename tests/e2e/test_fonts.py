"""F8 item 14: the browser tests render Chinese with a real CJK font (fonts-noto-cjk, installed by
.ci/run beside Chromium), so the screenshots they keep show text, not boxes."""

import os
import shutil
import subprocess

import pytest


def test_a_chinese_font_is_installed_where_the_browser_runs():
    if shutil.which("fc-list") is None:
        if os.environ.get("ONEWINDOW_REQUIRE_BROWSER") == "1":
            pytest.fail("fc-list (fontconfig) is missing where the browser tests must run")
        pytest.skip("no fontconfig here")
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True)
    if not families.stdout.strip() and os.environ.get("ONEWINDOW_REQUIRE_BROWSER") != "1":
        pytest.skip("no CJK font installed: .ci/run installs fonts-noto-cjk")
    assert "Noto Sans CJK" in families.stdout or "Noto Serif CJK" in families.stdout, families.stdout
