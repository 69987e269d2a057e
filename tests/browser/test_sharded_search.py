"""Search on a sharded site: the assembled site's dialog merges every shard's Pagefind
index (mergeIndex) and finds every page the one-machine site's single index finds.

Precisely: for every query, the pages found are a superset of the one-machine site's; for
a query whose words occur in every shard, the same set (the order can differ: ranking
statistics are per index). The exception is Pagefind's own: it segments a Chinese query
with the words its index knows, so a shard whose pages never contain 「办事处」 matches it
as shorter words (办, 处) and finds more pages in that shard; measured below, not hidden."""

from __future__ import annotations

import json

import pytest
from nianbao.build.sharding import BuildPart

#: Words that occur in every shard's pages: the same pages found.
SAME = ["合成测试", "人民政府", "2021", "政务公开工作", "依申请公开", "平台建设", "乌鲁木齐"]
#: 「办事处」 only in the offices of some shards (街道办事处): more pages found in the others.
LOOSER = ["街道办事处", "办事处"]
QUERIES = SAME + LOOSER

_SEARCH_ALL = """async ({queries}) => {
  const bundle = new URL("pagefind/", document.baseURI).href;
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  const merge = await (await fetch(bundle + "nianbao-merge.json")).json();
  for (const path of merge.indexes) await pagefind.mergeIndex(new URL(path, bundle).href, { baseUrl: "/" });
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const pages = await Promise.all(search.results.map((result) => result.data()));
    found[query] = pages.map((page) => page.url).sort();
  }
  return found;
}"""


@pytest.fixture(scope="module")
def found(sharded, serve, browser):
    out = {}
    for name in ("whole", "assembled"):
        page = browser.new_page()
        page.goto(serve(sharded[name]))
        out[name] = page.evaluate(_SEARCH_ALL, {"queries": QUERIES})
        page.close()
    return out


def test_both_sites_find_the_same_pages(found):
    for query in SAME:
        assert found["assembled"][query] == found["whole"][query], query
    assert all(found["whole"][q] for q in SAME[:-1]) and not found["whole"]["乌鲁木齐"]


def test_no_page_found_on_one_machine_is_missed_by_the_merged_indexes(found):
    for query in QUERIES:
        assert set(found["whole"][query]) <= set(found["assembled"][query]), query


def test_results_come_from_every_shard(found):
    offices = {url.split("/")[2] for urls in found["assembled"].values() for url in urls if url.startswith("/offices/")}
    shards = {k for k in (1, 2, 3) if any(BuildPart(k, 3).owns_office(o) for o in offices)}
    assert shards == {1, 2, 3}


def test_the_dialog_on_the_assembled_site_searches_every_shard(sharded, serve, page):
    site = sharded["assembled"]
    office_id = sorted(p.name for p in (sharded["shards"] / "shard-3" / "offices").iterdir())[0]
    document = json.loads(next((site / "data" / office_id).glob("*.json")).read_text(encoding="utf-8"))
    number = document["office"]["name"][-5:]  # 「合成测试…00004」: only this office's pages
    page.goto(serve(site))
    page.keyboard.press("/")
    page.locator("#nb-search-ui input.pagefind-ui__search-input").fill(number)
    page.locator(f'.pagefind-ui__result-link[href*="/offices/{office_id}/"]').first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the other shards' results, if any, arrive with the first
    links = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
    # That office's pages come from the third shard's index, the shared pages (a year page
    # lists every office) from the assembling build's; no other office's page matches.
    offices = {href.split("/")[2] for href in links if href.startswith("/offices/")}
    assert offices == {office_id}, links
