"""Screenshots of the portal, taken in Chromium from a real build.

    python3 tools/screenshots.py                      # build, then write docs/screenshots/*.png
    python3 tools/screenshots.py --site site --all --out /tmp/shots
                                                      # every page type at 375/768/1280/1440 px,
                                                      # large-text mode off and on (for review)

The README and the staff guide (docs/guide.md) show the four pictures in docs/screenshots/;
run this after changing a template or the style sheet so that they stay current. Each is
the visible part of one window (not the whole page), at a device scale of 1, to stay small.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from nianbao.settings import find_chromium  # noqa: E402

#: The pictures the README and the guide show: file name, page, window width × height, what to do.
DOC_SHOTS = (
    ("report.png", "offices/pingtan/2023/", (1280, 900), "#二主动公开政府信息情况"),
    ("office.png", "offices/pingtan/", (1280, 900), "#历年变化"),
    ("overview.png", "overview/", (1280, 700), None),
    ("search-phone.png", "offices/", (375, 740), "search:棉七社区"),
    ("tianbao.png", "tianbao/?office=penghou-jiedao", (1280, 900), None),
    (
        "tianbao-check.png",
        "tianbao/?office=penghou-jiedao",
        (1280, 800),
        "fill:requests.new.natural_person=3,requests.new.commercial=0,requests.new.research=0,"
        "requests.new.social_org=0,requests.new.legal_service=0,requests.new.other=0,requests.new.total=2|#nb-tb-h-out",
    ),
)

#: Every page type, for --all.
PAGE_TYPES = {
    "home": "",
    "report": "offices/pingtan/2023/",
    "report-penghou": "offices/penghou-jiedao/2024/",
    "office": "offices/pingtan/",
    "office-one-year": "offices/penghou-jiedao/",
    "offices": "offices/",
    "year": "years/2023/",
    "years": "years/",
    "overview": "overview/",
    "data": "data/",
    "guide": "guide/",
    "tianbao": "tianbao/?office=penghou-jiedao",
}
WIDTHS = (375, 768, 1280, 1440)

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium() -> str:
    path = find_chromium()
    if not path:
        sys.exit("需要 Chromium：apt-get install -y chromium（或设置 NIANBAO_CHROMIUM）")
    return path


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env
    )
    if result.returncode != 0:
        sys.exit("构建失败，未生成截图。")


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _prepare(page, action: str | None) -> None:
    if not action:
        return
    if action.startswith("fill:"):  # the 在线填报 page with a few cells typed in, then scrolled
        cells, _, action = action.removeprefix("fill:").partition("|")
        page.evaluate("localStorage.clear()")
        for item in cells.split(","):
            name, _, value = item.partition("=")
            page.fill(f'[name="{name}"]', value)
    if action.startswith("search:"):
        page.locator("[data-nb-search-open]").click()
        page.locator("#nb-search-ui input.pagefind-ui__search-input").fill(action.removeprefix("search:"))
        page.locator(".pagefind-ui__result-link").first.wait_for()
        page.wait_for_timeout(300)
    else:
        # One jump, straight down (scrolling back up would show Material's 「回到页面顶部」 button).
        page.evaluate(
            "s => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top + window.scrollY - 90)",
            action,
        )
        page.wait_for_timeout(500)


def doc_shots(browser, base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, url, (width, height), action in DOC_SHOTS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.goto(base + url)
        _prepare(page, action)
        page.screenshot(path=str(out / name))
        context.close()
        print(f"{out / name}  {(out / name).stat().st_size // 1024} KB")


def review_shots(browser, base: str, out: Path) -> None:
    """Whole pages at every width, large-text mode off and on."""
    out.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        for large in (False, True):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
            if large:
                context.add_init_script("localStorage.setItem('nb-display', '1')")
            page = context.new_page()
            for name, url in PAGE_TYPES.items():
                page.goto(base + url)
                path = out / f"{name}-{width}{'-large' if large else ''}.png"
                page.screenshot(path=str(path), full_page=True)
            context.close()
    print(f"{out}：{len(list(out.glob('*.png')))} 张截图")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="已构建的网站目录（默认：先构建到临时目录）")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="截图输出目录")
    parser.add_argument("--all", action="store_true", help="各类页面 × 四种宽度 × 大字模式开关（供检查）")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        server, base = serve(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
                (review_shots if args.all else doc_shots)(browser, base, args.out)
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
