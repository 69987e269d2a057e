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


#: What :func:`layout_problems` measures, in the page: every table of the article.
_LAYOUT_SCRIPT = """(desktop) => {
  const out = [];
  const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]) || 0;
  const em = el => px(el, "fontSize");
  // Lines of text only: a control in the cell (the audit table's sort button) has a box of
  // its own whose top is not a line of text.
  const lineTops = (node) => { const tops = new Set(); const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t; (t = walker.nextNode());) { const r = document.createRange(); r.selectNodeContents(t);
      for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top)); }
    return tops.size; };
  const pageOverflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  if (pageOverflow > 0) out.push(`the page scrolls sideways by ${pageOverflow}px`);
  for (const table of document.querySelectorAll("article table")) {
    const name = table.id || table.className;
    const box = table.closest(".nb-table-scroll");
    const over = table.getBoundingClientRect().width - (box || table.parentElement).clientWidth;
    if (over > 0.5) {
      // Wider than its box: only on purpose, i.e. in a scrolling box and unable to fit.
      const saved = table.style.cssText;
      table.style.setProperty("min-width", "0", "important");
      table.style.setProperty("width", "min-content", "important");
      const least = table.getBoundingClientRect().width;
      table.style.cssText = saved;
      if (!box) out.push(`${name}: ${over.toFixed(1)}px wider than its box, which does not scroll`);
      else if (least <= box.clientWidth + 0.5) out.push(`${name}: ${over.toFixed(1)}px wider than its box, though it fits`);
      else if (desktop) out.push(`${name}: scrolls ${over.toFixed(1)}px in its box on a desktop`);
    }
    const caption = table.querySelector("caption");
    if (caption) {
      const text = document.createRange(); text.selectNodeContents(caption);
      const right = Math.max(...[...text.getClientRects()].map(x => x.right)), edge = (box || table).getBoundingClientRect().right;
      if (caption.scrollWidth > caption.clientWidth + 1 || right > edge + 1) out.push(`${name}: caption cut off`);
    }
    if (table.classList.contains("nb-list")) {
      for (const row of table.querySelectorAll("tbody tr")) {
        const first = row.cells[0];
        if (!first || first.colSpan > 1) continue;
        const width = (first.clientWidth - px(first, "paddingLeft") - px(first, "paddingRight")) / em(first);
        first.style.whiteSpace = "nowrap";
        const r = document.createRange(); r.selectNodeContents(first);
        const natural = r.getBoundingClientRect().width / em(first);
        first.style.whiteSpace = "";
        if (width + 0.05 < Math.min(4, natural)) { out.push(`${name}: first column ${width.toFixed(1)} characters wide (${first.textContent.trim()})`); break; }
      }
    }
    for (const th of table.querySelectorAll("thead th, tbody th[scope=col]")) {
      const text = th.textContent.trim();
      if (text.length >= 2 && lineTops(th) >= text.length) { out.push(`${name}: header 「${text}」 stands one character per line`); break; }
    }
    for (const cell of table.querySelectorAll("td, th")) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let node, broken = false;
      while ((node = walker.nextNode()) && !broken) {
        for (let i = 1; i < node.data.length && !broken; i++) {
          if (!/\\d/.test(node.data[i]) || !/\\d/.test(node.data[i - 1])) continue;
          const a = document.createRange(); a.setStart(node, i - 1); a.setEnd(node, i);
          const b = document.createRange(); b.setStart(node, i); b.setEnd(node, i + 1);
          broken = Math.abs(a.getBoundingClientRect().top - b.getBoundingClientRect().top) > 2;
        }
      }
      if (broken) { out.push(`${name}: a number breaks across lines (${cell.textContent.trim().slice(0, 16)})`); break; }
    }
  }
  return out;
}"""


def layout_problems(page, desktop: bool = False) -> list[str]:
    """What a reader would see wrong in the page's tables: the page scrolling sideways; a
    table wider than its box that does not scroll, or that would fit (clipped by a few
    pixels), or (``desktop``) any table scrolling; a caption cut off; a list's first
    column narrower than four characters (or its content); a header one character per
    line; a number broken across lines."""
    return page.evaluate(_LAYOUT_SCRIPT, desktop)


def event_handlers(page) -> list[str]:
    """Elements anywhere in the page that carry an inline event handler (``onload``,
    ``onmouseover`` …), as 「tag onname」: the page itself uses none."""
    return page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => `${e.localName} ${a.name}`))"""
    )


def unsafe_links(page) -> list[str]:
    """Targets of links, sources and form actions whose scheme, as the browser resolved it,
    is not http, https or mailto (``javascript:``, ``data:``, ``vbscript:`` …)."""
    return page.evaluate(
        """() => {
            const out = [];
            for (const e of document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\\\:href]')) {
                for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
                    const value = e.getAttribute(name);
                    if (value === null) continue;
                    const protocol = new URL(value, document.baseURI).protocol;
                    if (!['http:', 'https:', 'mailto:'].includes(protocol)) out.push(`${e.localName} ${name}=${value}`);
                }
            }
            return out;
        }"""
    )


def provoke(page, scope: str = "article") -> None:
    """Do to every element in ``scope`` what a visitor might: point at it, focus it, press
    and click it. An inline handler or a script link that survived would then run (and open
    a dialog). Links to http(s), mailto and this site are not followed; any other is."""
    page.evaluate(
        """(scope) => {
            document.addEventListener('click', (event) => {
                const link = event.target.closest && event.target.closest('a[href]');
                if (link && ['http:', 'https:', 'mailto:'].includes(link.protocol)) event.preventDefault();
            }, true);
            const types = ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'mousedown',
                           'mouseup', 'focus', 'focusin', 'blur', 'keydown', 'animationstart', 'transitionend'];
            for (const element of document.querySelectorAll(scope + ', ' + scope + ' *')) {
                for (const type of types) element.dispatchEvent(new Event(type, {bubbles: true}));
                if (typeof element.click === 'function') element.click();
            }
        }""",
        scope,
    )
    page.wait_for_timeout(200)


#: What :func:`numbers_in_view` measures: each data cell's number (its first text with a
#: digit that is not a label or screen-reader text), and whether all of it lies inside the
#: window and inside every box around it that clips (a table's scrolling box).
_NUMBERS_SCRIPT = """() => {
  const digit = /\\d/;
  let total = 0, seen = 0; const lost = [];
  for (const td of document.querySelectorAll("article table td")) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    let node = null;
    for (let t; (t = walker.nextNode());) {
      if (!digit.test(t.data)) continue;
      if (t.parentElement.closest(".nb-cl, .nb-sr, [aria-hidden=true]")) continue;
      node = t; break;
    }
    if (!node) continue;
    total++;
    const range = document.createRange(); range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (!rects.length) { lost.push(node.data.trim() + " (not shown)"); continue; }
    let left = 0, right = document.documentElement.clientWidth;
    for (let el = td.parentElement; el && el !== document.documentElement; el = el.parentElement) {
      const ox = getComputedStyle(el).overflowX;
      if (ox !== "visible") { const b = el.getBoundingClientRect(); left = Math.max(left, b.left + el.clientLeft); right = Math.min(right, b.left + el.clientLeft + el.clientWidth); }
    }
    const l = Math.min(...rects.map(r => r.left)), r = Math.max(...rects.map(r => r.right));
    if (l >= left - 0.5 && r <= right + 0.5) seen++; else lost.push(node.data.trim());
  }
  return {total, seen, lost: lost.slice(0, 8)};
}"""


def numbers_in_view(page) -> dict:
    """The numbers of the article's tables: ``total``, how many a reader sees without
    scrolling sideways (``seen``: not past the window's edge, not clipped by a scrolling
    box, not hidden), and the first few of those ``lost``."""
    return page.evaluate(_NUMBERS_SCRIPT)
