"""Printing a 30-page outgoing document (issue 12): PrintableOutgoing → PDF bytes.

    .venv/bin/python -m tests.bench.bench_documents_print               # 5 timed runs
    .venv/bin/python -m tests.bench.bench_documents_print --runs 20
    .venv/bin/python -m tests.bench.bench_documents_print --profile /tmp/print.prof   # cProfile of one run

The body is realistic drafted text (headings 一、（一）1.（1） and paragraphs of Chinese sentences
with punctuation, numbers and dates, generated from a fixed seed), as long as it can be with the
printed document (client/kernel/official_page.page_count) at exactly 30 pages; with 主送, two
attachments, the seal, 密级 and 紧急程度, 抄送 and 印发. Timed: `client.documents.printing.
outgoing_print` from the plain values to the PDF's bytes, the median of `--runs` after one warm
run (the fonts registered, as on a clerk's second print); the first call in the process (fonts
registered then) is reported apart. Target < 1 s; shown, never asserted. Prints the figures and
writes tests/bench/results/documents_print.json.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repository first
RESULTS = Path(__file__).with_name("results")

from client.documents.printing import PrintableOutgoing, outgoing_page_count, outgoing_print  # noqa: E402

TARGET_MS = 1000
PAGES = 30

_SUBJECTS = ("各监管组", "综合组", "各专业市场管理办公室", "辖区各市场主体", "网格监管员", "登记窗口",
             "执法人员", "年报工作小组", "消费维权站", "各社区工作站")
_ACTIONS = ("要高度重视，明确责任分工，确保各项工作落到实处", "要加强日常巡查，及时发现并处置违法违规行为",
            "要按照“双随机、一公开”的要求，规范开展抽查检查工作",
            "要做好政策宣传解读，引导市场主体依法诚信经营",
            "要建立工作台账，实行销号管理，做到件件有着落、事事有回音",
            "要会同街道、社区等部门开展联合检查，形成监管合力",
            "要严格执行《市场主体登记管理条例》和《企业信息公示暂行条例》的有关规定",
            "要落实首问负责制和限时办结制，提高办事效率和服务质量",
            "要对检查中发现的问题逐项整改，并于每月5日前报送上月工作情况",
            "要加强对食品、药品、特种设备等重点领域的监督检查")
_FACTS = ("截至2026年11月30日，辖区共有市场主体12,486户，其中企业8,215户、个体工商户4,203户",
          "全年共受理消费者投诉举报1,352件，办结率达到98.6%",
          "今年以来共开展专项检查46次，出动执法人员620人次，检查经营户3,108户次",
          "通过国家企业信用信息公示系统公示行政处罚信息27条",
          "全年共抽查市场主体315户，发现问题并责令整改41户",
          "辖区企业年报率达到95.3%，较上年提高2.1个百分点")
_HEADINGS_1 = ("总体要求", "工作目标", "主要任务", "工作措施", "保障措施", "工作要求", "时间安排", "职责分工",
               "监督考核", "其他事项")
_HEADINGS_2 = ("加强组织领导", "强化宣传引导", "突出工作重点", "创新监管方式", "落实监管责任", "做好服务保障",
               "严格执法检查", "加强信息公示")


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(_FACTS) + "。"
    return rng.choice(_SUBJECTS) + rng.choice(_ACTIONS) + "。"


def _paragraph(rng: random.Random) -> str:
    return "".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def realistic_lines(count: int, seed: int = 2026) -> list[str]:
    """`count` lines of a drafted body (one paragraph or heading a line), as a drafter types it:
    the numbered headings of GB/T 9704 (一、（一）1.（1）, some run in) between paragraphs."""
    rng = random.Random(seed)
    lines = ["为深入贯彻落实上级有关工作部署，进一步规范市场监管执法行为，优化营商环境，"
             "结合我所工作实际，现将有关事项通知如下。"]
    n1 = n2 = n3 = 0
    while len(lines) < count:
        r = rng.random()
        if r < 0.06 or n1 == 0:
            n1 += 1
            n2 = 0
            lines.append(f"{_cn(n1)}、{rng.choice(_HEADINGS_1)}")
        elif r < 0.16:
            n2 += 1
            n3 = 0
            lines.append(f"（{_cn(n2)}）{rng.choice(_HEADINGS_2)}。{_paragraph(rng)}")  # run in
        elif r < 0.26:
            n3 += 1
            lines.append(f"{n3}.{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}。")
        elif r < 0.30:
            lines.append(f"（{rng.randint(1, 5)}）{_sentence(rng)}")
        else:
            lines.append(_paragraph(rng))
    return lines[:count]


def _cn(n: int) -> str:
    from client.kernel.official_page import chinese_numeral

    return chinese_numeral(n)


def outgoing(lines: list[str]) -> PrintableOutgoing:
    return PrintableOutgoing(
        authority_mark="天河分局五山工商所文件", doc_number="穗工商天五山〔2026〕3号",
        title="关于进一步加强2026年度辖区市场监管重点工作的通知", main_to=("各监管组", "综合组", "各专业市场管理办公室"),
        body="\n".join(lines), attachment_names=("2026年度重点工作任务分解表", "各监管组联系人名单"),
        issuer="天河分局五山工商所", signed_on=dt.date(2026, 12, 7),
        copy_to=("天河分局办公室", "天河分局企业监管科", "五山街道办事处"), printed_by="天河分局五山工商所综合组",
        printed_on=dt.date(2026, 12, 8), sealed=True, classification="秘密★10年", urgency="加急", copy_number="1")


def document_of(pages: int = PAGES, seed: int = 2026) -> PrintableOutgoing:
    """The document with the most body lines that still print on `pages` pages (so its last page
    carries body text, the signature and the 版记, not the 版记 alone)."""
    pool = realistic_lines(pages * 12 + 40, seed)
    while outgoing_page_count(outgoing(pool)) <= pages:
        pool = realistic_lines(len(pool) * 2, seed)
    lo, hi = 1, len(pool)  # the fewest lines with more than `pages` pages (pages grow with lines)
    while lo < hi:
        mid = (lo + hi) // 2
        if outgoing_page_count(outgoing(pool[:mid])) > pages:
            hi = mid
        else:
            lo = mid + 1
    doc = outgoing(pool[:lo - 1])
    got = outgoing_page_count(doc)
    if got != pages:
        raise SystemExit(f"could not make a {pages}-page document: {got} pages at {lo - 1} lines")
    return doc


def pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=PAGES)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--profile", type=Path, help="write a cProfile of one run here")
    args = ap.parse_args(argv)
    load_before = os.getloadavg()

    started = time.perf_counter()
    doc = document_of(args.pages, args.seed)  # its page counts registered the fonts already
    made_s = time.perf_counter() - started
    lines = doc.body.count("\n") + 1
    characters = len(doc.body.replace("\n", ""))

    pdf = outgoing_print(doc)  # warm: caches filled
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        pdf = outgoing_print(doc)
        times.append(time.perf_counter() - t)
    if args.profile:
        cProfile.runctx("outgoing_print(doc)", globals(), {"doc": doc}, str(args.profile))
        print(f"profile written to {args.profile} (python -m pstats {args.profile})")
    pages = pdf_pages(pdf)
    median_ms = statistics.median(times) * 1000
    results = {
        "document": {"pages": pages, "body_lines": lines, "body_characters": characters, "pdf_kib": len(pdf) // 1024},
        "outgoing_print": {"n": len(times), "median_ms": round(median_ms, 1), "min_ms": round(min(times) * 1000, 1),
                           "max_ms": round(max(times) * 1000, 1), "runs_ms": [round(t * 1000, 1) for t in times]},
        "first_in_process_ms": round(_first_in_process(args) * 1000, 1),
        "made_document_s": round(made_s, 2),
        "target_ms": TARGET_MS, "met": median_ms < TARGET_MS,
        "machine": {"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print(f"{pages}-page outgoing document ({lines} body lines, {characters:,} characters, "
          f"{results['document']['pdf_kib']} KiB PDF)")
    o = results["outgoing_print"]
    print(f"outgoing_print → PDF bytes: median {o['median_ms']:.1f} ms of {o['n']} "
          f"(min {o['min_ms']:.1f}, max {o['max_ms']:.1f})   target < {TARGET_MS} ms")
    print(f"first print in a fresh process (fonts registered then): {results['first_in_process_ms']:.1f} ms")
    print(f"load average before {' '.join(f'{x:.1f}' for x in load_before)}, after "
          f"{' '.join(f'{x:.1f}' for x in results['machine']['loadavg_after'])} ({os.cpu_count()} CPUs)")
    print(f"target met: {results['met']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "documents_print.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS / 'documents_print.json'}")
    return 0


def _first_in_process(args) -> float:
    """outgoing_print's first call in a fresh interpreter, the document made beforehand without
    touching the fonts (its lines pickled over): the fonts' registration is in the figure."""
    code = (
        "import sys, time, pickle\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from client.documents.printing import outgoing_print\n"
        "doc = pickle.loads(sys.stdin.buffer.read())\n"
        "t = time.perf_counter(); outgoing_print(doc); print(time.perf_counter() - t)\n")
    import pickle

    doc = document_of(args.pages, args.seed)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], input=pickle.dumps(doc), check=True,
                         capture_output=True)
    return float(out.stdout.decode().strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
