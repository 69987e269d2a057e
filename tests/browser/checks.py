"""The checks the browser tests make, as functions, so that the tests can also show each
one failing on a deliberately broken page."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

#: Every kind of page the portal has.
PAGE_TYPES = {
    "home": "",
    "report": "offices/pingtan/2020/",
    "office": "offices/pingtan/",
    "offices": "offices/",
    "year": "years/2023/",
    "years": "years/",
    "overview": "overview/",
    "audit": "audit/",
    "data": "data/",
    "guide": "guide/",
    "accessibility": "accessibility/",
}


def serious_violations(page) -> list[str]:
    """axe-core's violations of impact serious or critical, as 「rule: target」 lines."""
    results = Axe().run(page)
    out = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                out.append(f"{violation['id']}: {' '.join(map(str, node['target']))}")
    return out


def record_requests(page) -> list[str]:
    """Start recording the URL of every request the page makes (the list fills in place).
    Requests to other origins are aborted: no test ever reaches the network."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    return urls


def foreign(urls: list[str], base_url: str) -> list[str]:
    origin = urlsplit(base_url)[:2]
    return [u for u in urls if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u)[:2] != origin]


def watch_dialogs(page) -> list[str]:
    """Every alert/confirm/prompt the page opens (dismissed at once)."""
    fired: list[str] = []

    def handle(dialog):
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", handle)
    return fired


def horizontal_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 is right)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def focus_walk(page, steps: int) -> list[dict]:
    """Press Tab ``steps`` times; for each stop: the element, its link, whether a focus ring shows."""
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => {
                    const e = document.activeElement;
                    // The large-text checkbox is drawn by its label, which shows the ring.
                    const shown = e.id === 'nb-display' ? document.querySelector('label[for=nb-display]') : e;
                    const s = getComputedStyle(shown);
                    return {tag: e.tagName, href: e.getAttribute('href'), text: (e.textContent || '').trim().slice(0, 30),
                            ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'};
                }"""
            )
        )
    return seen
