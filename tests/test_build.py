"""A real `mkdocs build --strict`; the generated pages are parsed and every table cell,
header label and span compared with the samples' hand-checked extraction and FORMAT.md."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from building import build_site
from html_tables import cell_text, expand, page
from samples import SAMPLE_REPORTS, expected_cells

REQUEST_ROWS = {
    "一、本年新收政府信息公开申请数量": "new",
    "二、上年结转政府信息公开申请数量": "carried_over",
    "（一）予以公开": "results.granted",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "results.partial",
    "1.属于国家秘密": "results.withheld.state_secret",
    "2.其他法律行政法规禁止公开": "results.withheld.law_forbidden",
    "3.危及“三安全一稳定”": "results.withheld.safety_stability",
    "4.保护第三方合法权益": "results.withheld.third_party",
    "5.属于三类内部事务信息": "results.withheld.internal_affairs",
    "6.属于四类过程性信息": "results.withheld.process_info",
    "7.属于行政执法案卷": "results.withheld.enforcement_file",
    "8.属于行政查询事项": "results.withheld.admin_query",
    "1.本机关不掌握相关政府信息": "results.unable.not_held",
    "2.没有现成信息需要另行制作": "results.unable.needs_creation",
    "3.补正后申请内容仍不明确": "results.unable.unclear",
    "1.信访举报投诉类申请": "results.not_processed.complaint",
    "2.重复申请": "results.not_processed.repeat",
    "3.要求提供公开出版物": "results.not_processed.publication",
    "4.无正当理由大量反复申请": "results.not_processed.mass_repeat",
    "5.要求行政机关确认或重新出具已获取信息": "results.not_processed.confirm_existing",
    "（六）其他处理": "results.other",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "results.other.no_correction",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "results.other.unpaid_fee",
    "3.其他": "results.other.other",
    "（七）总计": "results.total",
    "四、结转下年度继续办理": "carried_forward",
}
GROUP_OF = {
    "withheld": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
APPLICANTS = {
    "自然人": "natural_person",
    "商业企业": "commercial",
    "科研机构": "research",
    "社会公益组织": "social_org",
    "法律服务机构": "legal_service",
    "其他": "other",
    "总计": "total",
}
ACTIVE_ITEMS = {
    "第二十条第（一）项": "active.item1",
    "第二十条第（五）项": "active.item5",
    "第二十条第（六）项": "active.item6",
    "第二十条第（八）项": "active.item8",
    "第二十条第（九）项": "active.item9",
}
ACTIVE_ROWS = {
    "规章": "rules",
    "规范性文件": "normative_docs",
    "行政规范性文件": "normative_docs",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_admin_services",
    "行政处罚": "penalty",
    "行政强制": "coercion",
    "行政事业性收费": "fees",
    "政府集中采购": "procurement",
}
ACTIVE_COLUMNS = {
    "本年新制作数量": "made",
    "本年新公开数量": "published",
    "对外公开总数量": "total_public",
    "本年制发件数": "issued",
    "本年废止件数": "repealed",
    "现行有效件数": "in_force",
    "上一年项目数量": "prev_items",
    "本年增/减": "change",
    "处理决定数量": "decisions",
    "本年处理决定数量": "decisions",
    "本年收费金额（单位：万元）": "amount",
    "采购项目数量": "items",
    "采购总金额": "amount",
}
APPEAL_GROUPS = {"行政复议": "review", "未经复议直接起诉": "litigation.direct", "复议后起诉": "litigation.after_review"}
APPEAL_COLUMNS = {
    "结果维持": "upheld",
    "结果纠正": "corrected",
    "其他结果": "other",
    "尚未审结": "pending",
    "总计": "total",
}


@pytest.fixture(scope="module")
def site(root, tmp_path_factory):
    return build_site(root, tmp_path_factory.mktemp("site"))


def report_page(site, office, year):
    return page(site / "offices" / office / str(year) / "index.html")


def read_requests(soup) -> dict[tuple[str, str, str], str]:
    table = soup.select_one("table#t-requests")
    matrix = expand(table.select("thead tr") + table.select("tbody tr"))
    header_rows = len(table.select("thead tr"))
    cells = {}
    for line in matrix[header_rows:]:
        labels = [c for c in line if c.header]
        leaf = REQUEST_ROWS[labels[-1].text]
        parts = leaf.split(".")
        if len(parts) > 1 and leaf != "results.total":
            assert labels[0].text == "三、本年度办理结果"
        if len(parts) == 3 or (leaf == "results.other" and labels[-1].text != "（六）其他处理"):
            assert labels[1].text == GROUP_OF[parts[1]]
        for index, cell in enumerate(line):
            if not cell.header:
                column = APPLICANTS[matrix[header_rows - 1][index].text]
                cells[("requests", leaf, column)] = cell.text
    return cells


def read_active(soup) -> dict[tuple[str, str, str], str]:
    cells = {}
    for body in soup.select("table#t-active tbody"):
        matrix = expand(body.find_all("tr", recursive=False))
        table_id = ACTIVE_ITEMS[matrix[0][0].text]
        assert all(c.text == matrix[0][0].text for c in matrix[0]) and len(matrix[0]) == 4
        header = matrix[1]
        assert header[0].text == "信息内容"
        for line in matrix[2:]:
            row = ACTIVE_ROWS[line[0].text]
            for index, cell in enumerate(line[1:], start=1):
                if cell.origin:
                    cells[(table_id, row, ACTIVE_COLUMNS[header[index].text])] = cell.text
    return cells


def read_appeals(soup) -> dict[tuple[str, str, str], str]:
    table = soup.select_one("table#t-appeals")
    matrix = expand(table.select("thead tr") + table.select("tbody tr"))
    data = matrix[-1]
    cells = {}
    for index, cell in enumerate(data):
        stack = [line[index].text for line in matrix[:-1]]
        group = next(APPEAL_GROUPS[t] for t in stack if t in APPEAL_GROUPS)
        cells[("appeals", group, APPEAL_COLUMNS[stack[-1]])] = cell.text
    return cells


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_report_tables_equal_hand_checked_numbers(site, key, sample):
    soup = report_page(site, *key)
    shown = {**read_active(soup), **read_requests(soup), **read_appeals(soup)}
    assert shown == expected_cells(sample)


def _spans(th):
    return (cell_text(th), int(th.get("colspan", 1)), int(th.get("rowspan", 1)))


@pytest.mark.parametrize("key", sorted(SAMPLE_REPORTS))
def test_official_header_structure(site, key):
    soup = report_page(site, *key)
    head = [[_spans(th) for th in tr.find_all("th")] for tr in soup.select("table#t-requests thead tr")]
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert head == [
        [(corner, 3, 3), ("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
    ]
    head = [[_spans(th) for th in tr.find_all("th")] for tr in soup.select("table#t-appeals thead tr")]
    five = [("结果维持", 1, 1), ("结果纠正", 1, 1), ("其他结果", 1, 1), ("尚未审结", 1, 1), ("总计", 1, 1)]
    assert head == [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [(label, 1, 2) for label, _, _ in five] + [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        five + five,
    ]
    # 三、本年度办理结果 spans every result row; the group rows span their items.
    result_rows = 20 if key != ("pingtan", 2023) else 22  # V2021 （六） has three items
    assert _spans(soup.find("th", string="三、本年度办理结果")) == ("三、本年度办理结果", 1, result_rows)
    assert _spans(soup.find("th", string="（三）不予公开")) == ("（三）不予公开", 1, 8)
    assert _spans(soup.find("th", string="（四）无法提供")) == ("（四）无法提供", 1, 3)
    assert _spans(soup.find("th", string="（五）不予处理")) == ("（五）不予处理", 1, 5)


def test_penghou_single_columns_span_the_width(site):
    soup = report_page(site, "penghou-jiedao", 2024)
    licensing = soup.find("th", string="行政许可").find_next_sibling("td")
    assert (cell_text(licensing), licensing.get("colspan")) == ("1782", "3")
    header = soup.find("th", string="本年收费金额（单位：万元）")
    assert header.get("colspan") == "3"
    assert soup.find("th", string="（六）其他处理").get("colspan") == "2"  # the single V2019 row


def test_data_cell_is_associated_with_its_headers(site):
    soup = report_page(site, "pingtan", 2023)
    cells = soup.select("table#t-requests tbody tr")[0].find_all("td")

    def names(cell):
        return [cell_text(soup.find(id=i)) for i in cell.get_attribute_list("headers")]

    assert names(cells[0]) == ["自然人", "一、本年新收政府信息公开申请数量"]
    assert names(cells[1]) == ["法人或其他组织", "商业企业", "一、本年新收政府信息公开申请数量"]
    # 申请人情况 heads every column, so it tells none apart: the caption says what the table
    # covers, and each of the ~175 cells does not name it again (issue 20: a page's size).
    assert soup.find("th", string="申请人情况") is not None


def test_sections_in_official_order_with_title_and_meta(site):
    soup = report_page(site, "penghou-jiedao", 2024)
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "彭后街道办事处 2024 年度政府信息公开工作年度报告"
    titles = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    assert titles[:6] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    meta = soup.select_one(".nb-report-meta").get_text(" ", strip=True)
    assert "2025年1月20日" in meta
    assert "棉七社区综合服务站已达到五星级服务站标准" in soup.get_text()


def test_pingtan_2020_states_its_inconsistency(site):
    soup = report_page(site, "pingtan", 2020)
    box = soup.select_one(".nb-breaks").get_text(" ", strip=True)
    assert "「自然人」列的（七）总计为 20，但（一）予以公开至（六）其他处理之和为 26" in box
    assert "「总计」列的（七）总计为 21，但（一）予以公开至（六）其他处理之和为 27" in box
    flagged = [cell_text(td) for td in soup.select("table#t-requests td.nb-flag")]
    assert flagged == ["20", "21"]
    link = soup.select_one(".nb-report-meta a[href^='https://www.pingtan.gov.cn']")
    assert link["href"] == "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202103/t20210305_80595.htm"


def test_consistent_report_shows_no_breaks(site):
    soup = report_page(site, "pingtan", 2023)
    assert soup.select_one(".nb-breaks") is None
    assert [b.get_text() for b in soup.select(".nb-checks > ul > li > .nb-badge")] == ["相符"] * 4


def test_office_page_lists_years_newest_first_with_key_figures(site):
    soup = page(site / "offices" / "pingtan" / "index.html")
    listing = soup.select("table.nb-list")[0]
    rows = [[cell_text(c) for c in tr.find_all(["th", "td"])] for tr in listing.select("tbody tr")]
    assert rows == [
        ["2023年度报告", "2024年3月8日", "81", "2629", "1330", "2", "相符"],
        ["2020年度报告", "2021年3月5日", "21", "278", "538", "0", "2处不符"],
    ]
    links = [a["href"] for a in listing.select("a")]
    assert links == ["../../offices/pingtan/2023/", "../../offices/pingtan/2020/"] or links == ["2023/", "2020/"]


def test_offices_grouped_by_kind_and_years_index(site):
    soup = page(site / "offices" / "index.html")
    groups = {
        h.get_text(strip=True).rstrip("¶"): [a.get_text() for a in h.find_next("ul").select("li > a")]
        for h in soup.select("article h2")
    }
    assert groups == {"人民政府": ["平潭综合实验区"], "街道办事处": ["彭后街道办事处"]}
    years = page(site / "years" / "index.html")
    assert [a.get_text() for a in years.select(".nb-year-list a")] == ["2024 年度", "2023 年度", "2020 年度"]
    year = page(site / "years" / "2023" / "index.html")
    assert [a.get_text() for a in year.select("table.nb-list tbody th a")] == ["平潭综合实验区"]


def test_home_page_leads_with_the_latest_year(site):
    soup = page(site / "index.html")
    assert soup.select_one("#latest").get_text(strip=True).startswith("最新：2024 年度报告")
    assert [a["href"] for a in soup.select(".nb-home-latest table a")] == ["offices/penghou-jiedao/2024/"]


def test_every_internal_link_resolves(site):
    for html in site.rglob("*.html"):
        for a in page(html).select("article a[href]"):
            href = a["href"]
            if re.match(r"[a-z]+:", href) or href.startswith("#"):
                continue
            # The 404 page is served at any depth: its links are from the site root.
            base, path = (site, href.lstrip("/")) if href.startswith("/") else (html.parent, href)
            target = (base / path.split("#")[0]).resolve()
            assert target.exists() and (target.is_file() or (target / "index.html").exists()), (html, href)


def test_reports_stay_out_of_the_navigation_tree(site):
    for html in [site / "index.html", site / "offices" / "pingtan" / "2020" / "index.html"]:
        nav = page(html).select_one("nav.md-nav--primary")
        assert not [a["href"] for a in nav.select("a[href]") if re.search(r"offices/[^/]+/\d{4}", a["href"])]


def test_breadcrumbs_lead_back(site):
    soup = report_page(site, "pingtan", 2020)
    crumbs = [(a.get_text(), a["href"]) for a in soup.select(".nb-breadcrumbs a")]
    assert crumbs == [("首页", "../../../"), ("机关", "../../"), ("平潭综合实验区", "../")]


def test_search_index_is_pagefind_in_chinese(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]
    pages = entry["languages"]["zh"]["page_count"]
    assert pages == len(list(site.rglob("index.html")))  # every page, the 404 page aside
    # Material's own search is off, and its engine is not shipped.
    assert not (site / "search").exists() and not (site / "assets" / "javascripts" / "lunr").exists()


def test_no_request_to_another_origin(site):
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""")
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for match in re.finditer(r"<(script|link|img|iframe)[^>]*>", text):
            assert not pattern.search(match.group(0)), (html, match.group(0))
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_report_pages_carry_government_page_metadata(site):
    soup = report_page(site, "pingtan", 2020)
    meta = {m["name"]: m["content"] for m in soup.select("head meta[name]")}
    assert {k: meta[k] for k in ("SiteName", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")} == {
        "SiteName": "政府信息公开工作年度报告",
        "ColumnName": "政府信息公开工作年度报告",
        "ArticleTitle": "平潭综合实验区 2020 年度政府信息公开工作年度报告",
        "PubDate": "2021-03-05",
        "ContentSource": "平潭综合实验区",
    }


#: Every page type, and the title that names its subject: (page, <title>, <h1>, og:type).
PAGE_TITLES = [
    ("offices/penghou-jiedao/2024/", "彭后街道办事处 2024 年度政府信息公开工作年度报告", None, "article"),
    ("offices/pingtan/2020/", "平潭综合实验区 2020 年度政府信息公开工作年度报告", None, "article"),
    ("offices/pingtan/", "平潭综合实验区 - 政府信息公开工作年度报告", "平潭综合实验区", "website"),
    ("offices/", "机关 - 政府信息公开工作年度报告", "机关", "website"),
    ("years/2023/", "2023 年度政府信息公开工作年度报告", None, "website"),
    ("years/", "年度 - 政府信息公开工作年度报告", "年度", "website"),
    ("overview/", "发布情况 - 政府信息公开工作年度报告", "发布情况", "website"),
    ("data/", "数据下载 - 政府信息公开工作年度报告", "数据下载", "website"),
    ("guide/", "填报指南 - 政府信息公开工作年度报告", "填报指南", "website"),
    ("", "政府信息公开工作年度报告", None, "website"),
]


@pytest.mark.parametrize("url, title, heading, og_type", PAGE_TITLES)
def test_every_page_type_is_titled_by_its_subject(site, url, title, heading, og_type):
    soup = page(site / url / "index.html")
    heading = heading or title
    assert soup.title.get_text() == title
    if url:  # the home page's heading is its own
        assert soup.find("h1").get_text(strip=True).rstrip("¶") == heading
    og = {m["property"]: m["content"] for m in soup.select("head meta[property]")}
    assert og["og:title"] == heading and og["og:type"] == og_type and og["og:site_name"] == "政府信息公开工作年度报告"
    meta = {m["name"]: m["content"] for m in soup.select("head meta[name]")}
    assert meta["SiteName"] == "政府信息公开工作年度报告"
    if og_type == "article":
        assert meta["ArticleTitle"] == heading and meta["ColumnName"] == "政府信息公开工作年度报告"
    else:
        assert "ArticleTitle" not in meta and meta["ColumnName"] == (heading if url else "政府信息公开工作年度报告")
    if url:  # the header bar names the page too
        assert soup.select_one("[data-md-component=header-topic]").get_text(strip=True) == heading


def test_titles_tell_every_page_apart(site):
    titles = [page(p).title.get_text() for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)


def test_feed_is_discoverable_without_making_material_fetch_a_sitemap(site):
    soup = page(site / "offices" / "pingtan" / "index.html")
    feeds = soup.select('head link[type="application/atom+xml"]')
    assert [(f["rel"], f["href"]) for f in feeds] == [(["alternate", "feed"], "../../data/feed.xml")]
    # Material fetches sitemap.xml next to every link whose rel is exactly "alternate".
    assert not [link for link in soup.select("head link[rel]") if link["rel"] == ["alternate"]]


def test_each_reports_download_carries_the_audit_findings_of_all_data(site):
    """The per-report JSON is written by the page workers, the yearly archives of all data
    after the pages: both must carry the same quality findings (they once differed: 0 per
    report, 5 in all)."""
    everything = []
    for archive in sorted((site / "data").glob("all-*.zip")):
        with zipfile.ZipFile(archive) as members:
            everything += json.loads(members.read(f"reports-{archive.stem[4:]}.json"))["reports"]
    assert len(everything) == 3
    assert sum(len(r["audit"]) for r in everything) > 0, "样例报告应有质量审查发现"
    for record in everything:
        office, year = record["office"]["id"], record["year"]
        own = json.loads((site / "data" / office / f"{year}.json").read_text(encoding="utf-8"))
        assert own["audit"] == record["audit"], (office, year)
