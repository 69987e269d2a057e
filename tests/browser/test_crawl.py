"""Crawl the whole built site in Chromium from the home page and record every response:
no page requests a URL that fails (Material once fetched /data/sitemap.xml from every
page, because of the feed link), no link leads to a missing file, and no page writes an
error to the console."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from checks import record_requests


def test_no_request_and_no_link_fails(browser, base_url, site_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    record_requests(page)  # and never reach another origin
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url} (from {page.url})"))
    page.on("requestfailed", lambda r: urlsplit(r.url).hostname == "127.0.0.1" and failed.append(f"failed {r.url}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    origin = urlsplit(base_url)[:2]
    queue, seen, files = [base_url], {base_url}, set()
    while queue:
        url = queue.pop(0)
        page.goto(url, wait_until="networkidle")
        for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"):
            target = urldefrag(urljoin(url, href))[0]
            if urlsplit(target)[:2] != origin or target in seen:
                continue
            seen.add(target)
            if target.endswith(("/", ".html")):
                queue.append(target)
            else:
                files.add(target)
    # The search dialog loads Pagefind's files on first use.
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.locator("#nb-search-ui input.pagefind-ui__search-input").fill("平潭")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    for target in sorted(files):
        status = page.request.get(target).status
        if status >= 400:
            failed.append(f"{status} {target} (a link)")
    context.close()
    crawled = {u.removeprefix(base_url) for u in seen if u.endswith("/")}
    built = {
        "" if p.parent == site_dir else p.parent.relative_to(site_dir).as_posix() + "/"
        for p in site_dir.rglob("index.html")
    }
    assert built <= crawled  # every page was reached by a link, so every page was checked
    assert failed == []
    assert errors == []
