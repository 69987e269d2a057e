"""Synthetic report data for benchmarks: N offices × years of varied, rule-consistent
reports. Clearly synthetic (every office is named 「合成测试…」) and never written into
data/: callers give a temporary folder.

    python benchmarks/synthetic.py OUT_DIR --reports 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from nianbao.data.writing import dump_office, dump_report  # noqa: E402
from nianbao.formats import row_node, table_def  # noqa: E402

KINDS = ("政府部门", "人民政府", "街道办事处", "乡镇人民政府")
PLACES = [
    "东湖",
    "西山",
    "南江",
    "北岭",
    "青石",
    "白沙",
    "金桥",
    "玉泉",
    "长乐",
    "永安",
    "兴隆",
    "和平",
    "红旗",
    "新华",
    "光明",
    "太平",
]
BODIES = {
    "政府部门": ["教育局", "财政局", "民政局", "卫生健康委员会", "自然资源局", "市场监督管理局", "交通运输局"],
    "人民政府": ["区人民政府", "县人民政府"],
    "街道办事处": ["街道办事处"],
    "乡镇人民政府": ["镇人民政府", "乡人民政府"],
}
SUBJECTS = [
    "政务公开工作",
    "主动公开",
    "依申请公开办理",
    "政府信息管理",
    "平台建设",
    "监督保障",
    "政策解读",
    "基层政务公开标准化规范化",
    "政务新媒体",
    "政府网站",
]
VERBS = ["持续推进", "深入落实", "不断完善", "进一步规范", "稳步加强", "全面提升", "认真开展", "扎实推动"]
OBJECTS = [
    "信息发布审核机制",
    "公开目录动态调整",
    "答复文书规范",
    "保密审查",
    "社区公开栏建设",
    "便民服务事项公开",
    "重点领域信息公开",
    "回应关切工作",
    "培训和考核",
    "档案归集",
]
RESULTS = ["群众满意度明显提升", "公开质量稳步提高", "办理时限全部符合规定", "信息更新更加及时", "工作机制更加健全"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}{rng.choice(SUBJECTS)}，围绕{rng.choice(OBJECTS)}，{rng.choice(RESULTS)}，全年共{rng.choice(['发布', '更新', '办理', '梳理'])}{rng.randint(3, 900)}条（件）。"


def paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join("".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(count))


def small(rng: random.Random) -> int:
    return rng.choice([0, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13])


def requests_table(rng: random.Random, carried_over: dict[str, int]) -> tuple[dict, dict[str, int]]:
    definition = table_def("requests", 2021)
    columns = [c.key for c in definition.columns if c.key != "total"]
    values: dict = {"version": 2021}
    totals = {c: 0 for c in columns}
    rows = {}
    for row in definition.leaf_rows():
        if not row.key.startswith("results.") or row.key == "results.total":
            continue
        cells = {c: (small(rng) if c in ("natural_person", "commercial") or rng.random() < 0.1 else 0) for c in columns}
        for c in columns:
            totals[c] += cells[c]
        rows[row.key] = cells
    forward = {c: rng.choice([0, 0, 0, 1, 2]) for c in columns}
    carried = {c: carried_over.get(c, 0) for c in columns}
    new = {c: max(0, totals[c] + forward[c] - carried[c]) for c in columns}
    # Keep the balance exact when the carried-over count exceeds this year's work.
    forward = {c: new[c] + carried[c] - totals[c] for c in columns}
    rows["new"], rows["carried_over"], rows["results.total"], rows["carried_forward"] = new, carried, totals, forward
    for key, cells in rows.items():
        row_node(values, key).update({**cells, "total": sum(cells.values())})
    return values, forward


def appeals_table(rng: random.Random) -> dict:
    def group():
        cells = {k: small(rng) // 3 for k in ("upheld", "corrected", "other", "pending")}
        return {**cells, "total": sum(cells.values())}

    return {"version": 2021, "review": group(), "litigation": {"direct": group(), "after_review": group()}}


def report(
    rng: random.Random, year: int, kind: str, carried_over: dict[str, int], in_force: dict[str, int]
) -> tuple[dict, dict, dict]:
    requests, forward = requests_table(rng, carried_over)
    docs = {}
    for row in ("rules", "normative_docs"):
        issued, repealed = small(rng), min(small(rng), in_force.get(row, 0))
        docs[row] = {"issued": issued, "repealed": repealed, "in_force": in_force.get(row, 0) + issued - repealed}
    data = {
        "year": year,
        "origin": "new",
        "published": dt.date(year + 1, 1, rng.randint(5, 28))
        if kind == "政府部门"
        else dt.date(year + 1, rng.randint(1, 3), rng.randint(1, 28)),
        "sections": {
            "preamble": "本报告为基准测试生成的合成数据，不是任何机关的真实报告。",
            # What the quality audit asks every report to state (nianbao.checks.audit: Q5–Q7).
            "overview": paragraphs(rng, rng.randint(3, 7)) + "\n\n工作考核、社会评议和责任追究结果情况：无。",
            "problems": "上年度报告所列问题已逐项整改。" + paragraphs(rng, 2),
            "other": rng.choice(["本年度未收取信息处理费。", "本年度没有收取信息处理费，无其他需要报告的事项。"]),
        },
        # The sentences come from one small pool, so years resemble each other (Q8). A reason
        # is written for its year: last year's word for word is a leftover (rule D6).
        "acknowledged": [{"rule": "Q8", "reason": f"合成测试数据：{year} 年度的正文与各年度一样由同一组句子随机组成"}],
        "active": {
            "item1": {"version": 2021, **docs},
            "item5": {"version": 2021, "licensing": {"decisions": rng.randint(0, 3000)}},
            "item6": {
                "version": 2021,
                "penalty": {"decisions": rng.randint(0, 1500)},
                "coercion": {"decisions": rng.randint(0, 80)},
            },
            "item8": {
                "version": 2021,
                "fees": {"amount": Decimal(f"{rng.randint(0, 9000)}.{rng.randint(0, 99999):05d}")},
            },
        },
        "requests": requests,
        "appeals": appeals_table(rng),
    }
    return data, forward, {k: v["in_force"] for k, v in docs.items()}


def generate(out: Path, reports: int, *, years: int = 5, seed: int = 20261129) -> int:
    """Write about ``reports`` reports (offices × ``years``) under ``out``; returns the count."""
    rng = random.Random(seed)
    offices = max(1, reports // years)
    written = 0
    last_year = 2024
    for number in range(offices):
        kind = KINDS[number % len(KINDS)]
        office_id = f"synthetic-{number:05d}"
        folder = out / office_id
        folder.mkdir(parents=True, exist_ok=True)
        name = f"合成测试{rng.choice(PLACES)}{rng.choice(BODIES[kind])}{number:05d}"
        (folder / "office.yml").write_text(dump_office({"name": name, "kind": kind}), encoding="utf-8")
        carried, in_force = {}, {}
        for year in range(last_year - years + 1, last_year + 1):
            if written >= reports:
                break
            data, carried, in_force = report(rng, year, kind, carried, in_force)
            (folder / f"{year}.yml").write_text(dump_report(data), encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    print(generate(args.out, args.reports), "reports written to", args.out)


if __name__ == "__main__":
    main()
