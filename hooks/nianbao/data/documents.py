"""The two kinds of data file, ``office.yml`` and ``<year>.yml``, as schema declarations.

Every title and description here is what staff read: in the JSON Schema their editor shows,
and in the 填报指南.
"""

from __future__ import annotations

import json

from ..checks.audit import AUDIT_RULE_IDS
from ..checks.rules import REGISTRY
from ..formats import load_sections
from ..problems import WARNING
from .model import FIRST_REPORT_YEAR, OFFICE_KINDS, ORIGIN_NEW, ORIGIN_PUBLISHED
from .schema import Boolean, Choice, Date, Field, Integer, ListOf, Record, Text
from .tableschema import Table, table_fields

SCHEMA_URL_PATH = "data/schema.json"

#: Warnings a report may acknowledge with a reason (errors cannot be).
WARNING_RULES = tuple(r.id for r in REGISTRY if r.severity == WARNING) + AUDIT_RULE_IDS
OFFICE_SCHEMA_URL_PATH = "data/office.schema.json"

#: Characters refused in names: they would be read as markup in titles and navigation.
NAME_FORBIDDEN = "<>[]{}*_`|\\#&\"'"
#: Longest office name: the name is printed on every page of the office's reports (title,
#: heading, navigation, tables, charts) and in every download, so a name of 20,000 characters
#: made each report page half a megabyte (issue 25). Real names have at most about 30.
MAX_NAME = 100

GITHUB_HANDLE = r"@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?"
WEB_URL = r"https?://[^\s<>\"']+"

OFFICE = Record(
    [
        Field(
            "name",
            Text(forbid=NAME_FORBIDDEN, max_length=MAX_NAME),
            "全称",
            "机关全称，与报告标题一致，如「彭后街道办事处」",
        ),
        Field(
            "short_name",
            Text(forbid=NAME_FORBIDDEN, max_length=MAX_NAME),
            "简称",
            "用于表格和图表的简称",
            required=False,
        ),
        Field(
            "kind",
            Choice(OFFICE_KINDS),
            "机关类型",
            "决定法定发布期限：政府部门 1月31日前，人民政府 3月31日前，其他按本门户设定",
        ),
        Field("parent", Text(), "上级机关", "上级机关在本门户的目录名（如 pingtan）；不在本门户则不填", required=False),
        Field("region", Text(), "所属地区", "如「福建省平潭综合实验区」", required=False),
        Field(
            "website",
            Text(pattern=WEB_URL, pattern_hint="以 http:// 或 https:// 开头的网址"),
            "门户网站",
            "机关政府信息公开专栏的网址",
            required=False,
        ),
        Field(
            "contact",
            Record(
                [
                    Field("address", Text(), "通讯地址", required=False),
                    Field("postcode", Text(), "邮编", required=False),
                    Field("phone", Text(), "电话", required=False),
                    Field("email", Text(), "电子邮箱", required=False),
                ],
                title="联系方式",
            ),
            "联系方式",
            "报告咨询的联系地址和电话",
            required=False,
        ),
        Field(
            "first_year",
            Integer(1990, 2100),
            "首个报告年度",
            "自该年度起应当发布年报（机关设立或纳入本门户的年份）",
            required=False,
        ),
        Field(
            "last_year",
            Integer(1990, 2100),
            "最后报告年度",
            "机关撤销或合并后，最后一个应当发布年报的年度",
            required=False,
        ),
        Field(
            "owners",
            ListOf(
                Text(pattern=GITHUB_HANDLE, pattern_hint="GitHub 账号或团队，以 @ 开头（如 @zhangsan 或 @org/team）")
            ),
            "负责人",
            "审核本机关数据的 GitHub 账号（如 @zhangsan），用于生成 CODEOWNERS",
            required=False,
        ),
    ],
    title="机关信息（office.yml）",
    description="一个发布政府信息公开工作年度报告的机关",
)

MONTH_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"

#: A GitHub repository, ``OWNER/REPO``.
GITHUB_REPOSITORY = r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+"

PORTAL = Record(
    [
        Field(
            "repository",
            Text(
                pattern=GITHUB_REPOSITORY, pattern_hint="GitHub 仓库，写成「所有者/仓库名」（如 example-org/nianbao）"
            ),
            "仓库",
            "本门户数据所在的 GitHub 仓库（所有者/仓库名）；「在线填报」页的上传链接指向它",
            required=False,
        ),
        Field(
            "maintainers",
            Text(pattern=GITHUB_HANDLE, pattern_hint="GitHub 团队，以 @ 开头（如 @org/portal-maintainers）"),
            "维护团队",
            "审核门户代码和设置的 GitHub 团队（如 @org/portal-maintainers）；nianbao codeowners 把代码、工作流和本文件交给它审核",
            required=False,
        ),
        Field(
            "deadlines",
            Record(
                [
                    Field(
                        kind,
                        Text(pattern=MONTH_DAY, pattern_hint="次年的月-日（如 03-31）"),
                        f"{kind}的发布期限",
                        "次年的月-日，如 03-31；不填表示没有统一期限",
                        required=False,
                    )
                    for kind in ("街道办事处", "乡镇人民政府", "其他")
                ],
                title="发布期限",
            ),
            "发布期限",
            "法律未规定期限的机关，由本门户设定的发布期限（政府部门 1月31日、人民政府 3月31日由条例规定，不在此设定）",
            required=False,
        ),
    ],
    title="门户设置（data/portal.yml）",
)

_SECTION_TEXT = [
    Field(
        "preamble",
        Text(markdown=True),
        "开头说明",
        "报告正文之前的说明：编制依据、统计期限、下载地址、咨询联系方式",
        required=False,
    )
] + [
    Field(
        s.text,
        Text(markdown=True),
        s.title,
        "Markdown 正文" + ("" if not s.tables else "（表格之外的说明文字，可不填）"),
        required=not s.tables,
    )
    for s in load_sections()
]


def _describe_table(tid: str) -> str:
    return "version 写 2019 或 2021，表示此表采用的格式版本；每个单元格写数字，未填报写 null"


_ACTIVE = Record(table_fields("active", _describe_table), title="表二 主动公开政府信息情况")

REPORT = Record(
    [
        Field(
            "year",
            # The upper bound moves with the date (the last year that has ended), so it is
            # rule D1's, not the schema's: the committed schema stays the same every day.
            Integer(FIRST_REPORT_YEAR, None, f"（标准表格自 {FIRST_REPORT_YEAR} 年度起使用）"),
            "报告年度",
            f"报告所统计的年度（不是发布年份），须与文件名一致；自 {FIRST_REPORT_YEAR} 年度起，不能是当年或未来的年度",
        ),
        Field(
            "origin",
            Choice((ORIGIN_PUBLISHED, ORIGIN_NEW)),
            "来源",
            f"{ORIGIN_PUBLISHED}：录自机关已发布的报告，数字按原文保留，不合勾稽关系之处在页面上说明；"
            f"{ORIGIN_NEW}：在本门户新填报的报告，必须通过全部校验才能发布",
        ),
        Field("draft", Boolean(), "草稿", "true 表示尚未填完，不会发布", required=False),
        Field("published", Date(), "发布日期", "报告公开发布的日期，如 2025-01-20", required=False),
        Field("signed_by", Text(), "落款", "报告末尾的落款机关", required=False),
        Field(
            "source",
            Record(
                [
                    Field(
                        "url",
                        Text(pattern=WEB_URL, pattern_hint="以 http:// 或 https:// 开头的网址"),
                        "原文网址",
                        required=False,
                    ),
                    Field("title", Text(), "原文标题", required=False),
                    Field("publisher", Text(), "发布机构", required=False),
                    Field("archived_copy", Text(), "存档副本", "原文的存档位置", required=False),
                    Field("note", Text(), "说明", required=False),
                ],
                title="原文出处",
            ),
            "原文出处",
            "录自已发布文件时必填：原文网址、标题等",
            required=False,
        ),
        Field(
            "import_problems",
            ListOf(Text()),
            "导入时未读出的内容",
            "nianbao import 未能从原文读出的单元格和部分；对照原文补全后删去此项，否则不能发布",
            required=False,
        ),
        Field(
            "acknowledged",
            ListOf(
                Record(
                    [
                        Field("rule", Choice(WARNING_RULES), "规则", "警告的规则代码，如 X1"),
                        Field("reason", Text(), "原因", "为什么这一警告不需要改正，如机构调整、口径变化"),
                    ],
                    title="已说明的警告",
                )
            ),
            "已说明的警告",
            "确有原因、不需要改正的警告（如机构调整造成的上年结转不一致）：写明规则和原因后，不再阻止发布，原因显示在报告页上",
            required=False,
        ),
        Field("notes", ListOf(Text()), "编者说明", "关于原文格式、排版的说明（如混用两版格式）", required=False),
        Field(
            "corrections",
            ListOf(Record([Field("date", Date(), "更正日期"), Field("note", Text(), "更正内容")], title="更正")),
            "更正记录",
            "报告发布后的每次更正：日期和更正内容，页面上公开显示",
            required=False,
        ),
        Field("sections", Record(_SECTION_TEXT, title="正文"), "正文", "各部分的文字（Markdown）"),
        Field("active", _ACTIVE, "表二 主动公开政府信息情况", "第二十条各项，每项单独注明格式版本"),
        Field("requests", Table("requests"), "表三 收到和处理政府信息公开申请情况", _describe_table("requests")),
        Field("appeals", Table("appeals"), "表四 政府信息公开行政复议、行政诉讼情况", _describe_table("appeals")),
    ],
    title="政府信息公开工作年度报告（<年度>.yml）",
    description="一个机关一个年度的政府信息公开工作年度报告",
)


def json_schema(record: Record, url_path: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"/{url_path}", **record.json_schema()}


def report_json_schema_text() -> str:
    return json.dumps(json_schema(REPORT, SCHEMA_URL_PATH), ensure_ascii=False, indent=2) + "\n"


def office_json_schema_text() -> str:
    return json.dumps(json_schema(OFFICE, OFFICE_SCHEMA_URL_PATH), ensure_ascii=False, indent=2) + "\n"
