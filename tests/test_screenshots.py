"""The README and the staff guide show the portal with screenshots that tools/screenshots.py
takes from a real build: every picture it writes is shown in both, exists, and is small."""

from __future__ import annotations

import importlib.util
import struct

from paths import ROOT


def doc_shots():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "tools" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DOC_SHOTS


def test_every_screenshot_is_shown_in_the_readme_and_the_guide_and_is_small():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    shots = doc_shots()
    assert {name for name, *_ in shots} == {
        "report.png",
        "office.png",
        "overview.png",
        "search-phone.png",
        "tianbao.png",
        "tianbao-check.png",
    }
    for name, _url, (width, height), _action in shots:
        path = ROOT / "docs" / "screenshots" / name
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (width, height)  # one window, device scale 1
        assert len(data) < 200_000, f"{name} 太大：{len(data)} 字节"
        assert f"](docs/screenshots/{name})" in readme
        assert f"](screenshots/{name})" in guide
