"""Figures of the running program: start → login window, the register list at 3M rows, RSS,
licence PDF time. Prints a table and writes tests/bench/results/gui-<dialect>.json.

    .venv/bin/python tests/bench/bench_gui.py --url sqlite:///path/to/3M.db
    .venv/bin/python tests/bench/bench_gui.py --url postgresql+psycopg://postgres@127.0.0.1:5433/bench

The database must already hold the demo data (`hongdun demo --entities 3000000 --url URL`,
or what tests/bench/bench_register.py leaves behind). Runs offscreen.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start_to_login_ms(url: str, runs: int) -> list[float]:
    """A fresh process each time; main.py prints its own timing with HONGDUN_TIMING=exit."""
    figures = []
    for _ in range(runs):
        env = dict(os.environ, HONGDUN_TIMING="exit", QT_QPA_PLATFORM="offscreen")
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--url", url], env=env,
                             capture_output=True, text=True, timeout=120)
        wall = (time.perf_counter() - t0) * 1000
        reported = [l for l in (out.stdout + out.stderr).splitlines() if "login" in l.lower() and "ms" in l]
        figures.append(_parse_ms(reported[-1]) if reported else wall)
    return figures


def _parse_ms(line: str) -> float:
    import re

    numbers = re.findall(r"(\d+(?:\.\d+)?)\s*ms", line)
    return float(numbers[-1]) if numbers else float("nan")


def list_figures(url: str, username: str) -> dict:
    from PySide6.QtWidgets import QApplication

    from client.db.engine import make_engine, make_session_factory
    from client.kernel.uow import UnitOfWork
    from client.kernel.models import AppUser
    from client.settings import Settings
    import sqlalchemy as sa
    from client.kernel.bus import CommandBus
    from sync.reads import Reads, SessionRunner
    from widgets.app_context import AppContext

    app = QApplication.instance() or QApplication([])
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as s:
        user_id = s.scalar(sa.select(AppUser.id).where(AppUser.username == username))
    with UnitOfWork(sessions) as uow:
        principal = uow.principal(user_id)
    ctx = AppContext(reads=Reads(SessionRunner(sessions)), bus=CommandBus(sessions), settings=Settings(),
                     database_label=engine.dialect.name, principal=principal)

    from widgets.registration.register_screen import RegisterSearch

    def until(condition) -> None:
        """The screen reads in the background: run the event loop until `condition()` holds."""
        while not condition():
            app.processEvents()
            time.sleep(0.0005)

    def rows_shown() -> bool:
        """The rows on screen have come and are painted (the view asks for what it paints)."""
        top = screen.table.rowAt(0)
        if top >= 0 and model.entity_row(top) is not None and not model.loading:
            screen.grab()
            return True
        return False

    t0 = time.perf_counter()
    screen = RegisterSearch(ctx)
    model = screen.model
    screen.resize(1400, 900)
    screen.show()
    screen.run_search()
    until(rows_shown)  # the first screen of rows, painted
    open_ms = (time.perf_counter() - t0) * 1000
    until(lambda: model.counted)
    count_ms = (time.perf_counter() - t0) * 1000
    count = model.rowCount()

    bar = screen.table.verticalScrollBar()
    jumps = {}
    for label, fraction in (("middle", 0.5), ("end", 1.0), ("quarter", 0.25), ("three_quarters", 0.75)):
        t0 = time.perf_counter()
        bar.setValue(int(bar.maximum() * fraction))
        until(rows_shown)
        jumps[label] = (time.perf_counter() - t0) * 1000
    sorts = {}
    for column, label in ((1, "name"), (6, "established")):
        t0 = time.perf_counter()
        model.sort(column)
        until(lambda: model.counted)
        bar.setValue(int(bar.maximum() * 0.5))
        until(rows_shown)
        sorts[label] = (time.perf_counter() - t0) * 1000
    figures = {"rows": count, "open_and_paint_ms": open_ms, "open_and_count_ms": count_ms,
               **{f"scroll_{k}_ms": v for k, v in jumps.items()},
               **{f"sort_{k}_then_middle_ms": v for k, v in sorts.items()},
               "rss_mb": rss_mb()}
    screen.close()
    engine.dispose()
    return figures


def licence_ms(runs: int) -> dict:
    import datetime as dt
    from decimal import Decimal

    from client.registration.reports import LicenceData, render_licence

    data = LicenceData(
        uscc="91440106MA5CKL2R7A", name="广州市红棉智慧科技有限公司", kind_label="有限责任公司（自然人投资或控股）",
        layout="company", legal_rep="陈志强", address="广州市天河区天河路385号太古汇一座2301室",
        business_scope="软件开发；信息技术咨询服务；" * 20, established_on=dt.date(2019, 3, 5),
        registered_capital_wan=Decimal("500"), term_start=dt.date(2019, 3, 5), term_end=None,
        composition_form=None, authority="广州市天河区市场监督管理局", issued_on=dt.date(2026, 11, 24),
        public_url="https://www.gsxt.gov.cn/hongdun/entity/91440106MA5CKL2R7A")
    out = {}
    for copy in ("original", "duplicate"):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            render_licence(data, copy=copy)
            times.append((time.perf_counter() - t0) * 1000)
        # the first render of a process registers the font; the rest are what a clerk waits for
        out[f"licence_{copy}_first_ms"] = times[0]
        out[f"licence_{copy}_median_ms"] = statistics.median(times[1:])
        out[f"licence_{copy}_p95_ms"] = statistics.quantiles(times[1:], n=20)[-1]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", default="city", help="whose jurisdiction the list shows (city: all rows)")
    parser.add_argument("--start-runs", type=int, default=5)
    args = parser.parse_args()

    import sqlalchemy as sa

    dialect = sa.make_url(args.url).get_backend_name()
    starts = start_to_login_ms(args.url, args.start_runs)
    figures = {"dialect": dialect, "start_to_login_ms_median": statistics.median(starts),
               "start_to_login_ms_max": max(starts)}
    figures.update(licence_ms(30))
    figures.update(list_figures(args.url, args.user))
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:,.1f}" if isinstance(value, float) else f"{key:<{width}}  {value}")
    out = ROOT / "tests" / "bench" / "results" / f"gui-{dialect}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
