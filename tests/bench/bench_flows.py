"""Flow engine figures (issue 10): a certifier's 待办 with 10,000 open items, flow statistics over
100,000 instances, and one step of the certification flow through the bus.

    .venv/bin/python -m tests.bench.bench_flows                     # full sizes, both dialects (~3 min)
    .venv/bin/python -m tests.bench.bench_flows --quick             # 2,000 items, 20,000 instances
    .venv/bin/python -m tests.bench.bench_flows --dialect sqlite    # statistics on SQLite only
    .venv/bin/python -m tests.bench.bench_flows --profile /tmp/flows-prof   # cProfile of each figure

- 待办: a workstation's local store (sync.local_store: the migrations, the reference data, the
  demo accounts) holding 10,000 running certification instances with an open task of the demo
  certifier (and, as the flow makes them, the same task of the office's other certifier) plus
  ~100,000 other tasks (the office's finished instances, the head's open approvals), due dates
  spread (overdue, due today or tomorrow, later). Timed: `client.flows.queries.todo_list` for the
  certifier (and for the head, whose list adds the office's escalations), and the screen
  (`widgets.flows.todo_screen.TodoScreen`, offscreen, reading through the app context as the
  program does): built, rows in the model, rows painted; the model's fill on its own.
  Target: the list opens in < 300 ms.
- statistics: 100,000 certification instances of 17 offices in 4 districts, started over the
  last 13 months, each with the tasks the flow gives it (4-6, decided ones with took_minutes and
  decided_late; the recent ones still running), on SQLite and on PostgreSQL (a throwaway cluster,
  tests/pgcluster.py, ANALYZEd after the load as autovacuum would have). Timed:
  `client.flows.statistics.flow_statistics` over the last 12 months for the city, a district
  head, an office head and the city narrowed to that office; `statistics_xlsx`. Target < 1 s.
- one step: on that local store, the local bus (sync.local_bus.LocalBus with a device key and a
  user key of its own, as after a sign-in) takes 受理 (ApproveTask), 鉴证员审查 (ExamineContract)
  and 所长审批 (the head's ApproveTask) of instances of the 10,000; the same steps through the
  central CommandBus over a copy of the store made before the steps. Target < 50 ms locally.

Bulk data goes in by executemany (the bus would take hours); every step is a real command.
The workstation's reads and local steps run as in the program, with automatic garbage collection
off (widgets/common/collector.py collects on the GUI thread); the `todo_list` figure is also
given with it on, as the centre runs it. Targets are shown, never asserted. Prints a table and
writes tests/bench/results/flows.json; work files go under --workdir (/tmp/hongdun-bench-flows).
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gc
import json
import math
import os
import random
import shutil
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repository first
RESULTS = Path(__file__).with_name("results")

TARGETS_MS = {"todo_screen": 300, "statistics": 1000, "step_local": 50}

#: where the instances of the statistics database are: office -> share of them (the demo users'
#: Tianhe office has the most; the others are spread over four districts)
STATS_OFFICES = {
    **{f"440106-{n:02d}": w for n, w in ((1, 12), (2, 7), (3, 6), (4, 6), (5, 5), (6, 5))},
    **{f"440104-{n:02d}": 5 for n in (1, 2, 3, 4)},
    **{f"440111-{n:02d}": 5 for n in (1, 2, 3, 4)},
    **{f"440105-{n:02d}": 6 for n in (1, 2, 3)},
}
#: minutes a node takes to decide: the median of a log-normal (sigma 1), cut at 8 days
MEDIAN_MINUTES = {"accept": 120, "examine": 2 * 24 * 60, "head": 6 * 60, "district": 24 * 60}
LONGEST_MINUTES = 8 * 24 * 60
#: the share of decisions that refuse (不予鉴证)
REFUSED_SHARE = {"accept": 0.01, "examine": 0.04, "head": 0.01, "district": 0.02}
OPINIONS = {"accept": "受理", "examine": "经审查符合", "head": "同意", "district": "同意"}
CONTRACTS = ("软件开发合同", "房屋租赁合同", "买卖合同", "建设工程施工合同", "技术服务合同", "委托合同",
             "运输合同", "承揽合同", "仓储合同", "借款合同")
TRADES = ("澄明", "远航", "青松", "晨曦", "恒泰", "锦程", "瑞丰", "星河", "博雅", "凌云", "嘉禾", "鼎盛")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def summary(samples: list[float]) -> dict:
    """p50 / p95 / max in ms of samples in seconds."""
    values = sorted(samples)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return {"n": len(values), "p50_ms": ms(statistics.median(values)), "p95_ms": ms(p95), "max_ms": ms(values[-1])}


def timed(fn, runs: int, warm: int = 2, between=None) -> tuple[dict, object]:
    """fn() `warm` times untimed, then `runs` times timed (`between()` untimed before each):
    (summary, the last result)."""
    result = None
    for _ in range(warm):
        result = fn()
    samples = []
    for _ in range(runs):
        if between is not None:
            between()
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return summary(samples), result


@contextlib.contextmanager
def no_automatic_gc():
    """As the program runs its workers: CPython's automatic collection off (widgets/common/
    collector.py turns it off and collects on the GUI thread once a second, so a reader or the
    serial writer never pays a collection). The centre, and everything else here, runs with it on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def profiled(profile_dir: Path | None, name: str, fn) -> None:
    """fn() once under cProfile, written to <profile_dir>/<name>.prof (and its top lines printed)."""
    if profile_dir is None:
        return
    import pstats

    profile_dir.mkdir(parents=True, exist_ok=True)
    prof = cProfile.Profile()
    prof.runcall(fn)
    path = profile_dir / f"{name}.prof"
    prof.dump_stats(path)
    print(f"  profile of {name}: {path}")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(18)


# --- the rows, as the engine makes them ---------------------------------------------------------------


class Maker:
    """Certification instances, their tasks and applications as rows, made as the flow engine makes
    them (client/certification/flows.py: 受理 and 审查 by the office's certifiers, one decides and
    the other's task closes; 所长审批; 分局审批 over the threshold), with seeded random ids, times
    and decisions."""

    def __init__(self, seed: int, now: dt.datetime):
        from client.certification.flows import ACCEPT, DISTRICT, EXAMINE, HEAD, certification_flow
        from client.certification.rules import SETTINGS

        self.rng = random.Random(seed)
        self.now = now
        flow = certification_flow()
        self.flow_key, self.flow_version = flow.key, 1
        self.nodes = {k: (flow.node(k).title, flow.node(k).deadline_days) for k in (ACCEPT, EXAMINE, HEAD, DISTRICT)}
        self.threshold = SETTINGS.district_threshold

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def amount(self) -> Decimal:
        # log-uniform from 10,000 to 4,000,000 元: about a quarter over the district threshold
        return Decimal(f"{10 ** self.rng.uniform(4, 6.6):.2f}")

    def minutes(self, node: str) -> float:
        return min(LONGEST_MINUTES, self.rng.lognormvariate(math.log(MEDIAN_MINUTES[node]), 1.0))

    def instance(self, *, office: str, district: str, people: dict, started_at: dt.datetime | None = None,
                 wait_at: str | None = None, wait_opened: dt.datetime | None = None,
                 amount: Decimal | None = None) -> tuple[dict, list[dict], dict]:
        """(instance, tasks, application). Each node is decided after a random time, until the
        instance ends or a decision would come after `now` (the instance waits there, its tasks
        open). With `wait_at`, it waits at that node, opened at `wait_opened` (the nodes before it
        decided just in time)."""
        from client.flows.workdays import add_working_days
        from client.kernel.clock import beijing_date

        rng = self.rng
        amount = amount if amount is not None else self.amount()
        path = ["accept", "examine", "head"] + (["district"] if amount > self.threshold else [])
        gaps = [self.minutes(node) for node in path]
        if wait_at is not None:
            before = path.index(wait_at)
            started_at = wait_opened - dt.timedelta(minutes=sum(gaps[:before]))
        instance_id, app_id = self.uid(), self.uid()
        tasks: list[dict] = []
        t, opened_by, outcome, end_node, finished = started_at, None, None, None, None
        for i, node in enumerate(path):
            title, days = self.nodes[node]
            due = add_working_days(beijing_date(t), days)
            assignees = people["certifiers"] if node in ("accept", "examine") else [people[node]]
            group = [self._task(instance_id, node, title, a, office, district, t, due, opened_by) for a in assignees]
            tasks.extend(group)
            decided = t + dt.timedelta(minutes=gaps[i])
            if node == wait_at or (wait_at is None and decided > self.now):
                break  # waiting here: the tasks stay open
            decider = rng.choice(group)
            refused = wait_at is None and rng.random() < REFUSED_SHARE[node]
            decider.update(state="refused" if refused else "approved", decided_at=decided,
                           decided_by=decider["assignee_id"], version=2,
                           opinion="经审查，合同条款不完备，不予鉴证" if refused else OPINIONS[node],
                           took_minutes=max(0, int((decided - t).total_seconds() // 60)),
                           decided_late=beijing_date(decided) > due)
            for other in group:
                if other is not decider:
                    other.update(state="closed", version=2)
            if refused:
                outcome, end_node, finished = "refused", node, decided
                break
            decider["passed_to"] = f"{path[i + 1]}:1" if i + 1 < len(path) else None
            opened_by, t = decider["id"], decided
        else:
            outcome, end_node, finished = "approved", "issue", t
        contract = f"{rng.choice(TRADES)}{rng.choice(CONTRACTS)}"
        instance = {"id": instance_id, "flow_key": self.flow_key, "flow_version": self.flow_version,
                    "subject_area": "certification", "subject_id": app_id, "title": f"合同鉴证：{contract}",
                    "office_code": office, "district_code": district, "started_by": people["certifiers"][0],
                    "started_at": started_at, "finished_at": finished, "outcome": outcome, "end_node": end_node,
                    "fields": {"amount": str(amount), "party_kinds": ["entity", "entity"]}, "waiting": {},
                    "version": 1 + sum(1 for x in tasks if x["state"] in ("approved", "refused"))}
        state = {"approved": "certified", "refused": "refused", None: "examining"}[outcome]
        application = {
            "id": app_id, "application_no": None, "office_code": office, "district_code": district, "state": state,
            "contract_title": contract, "subject": f"{contract}项下的标的", "amount": amount,
            "term_start": beijing_date(started_at), "term_end": beijing_date(started_at) + dt.timedelta(days=365),
            "signed_place": "广州市天河区", "performance_place": "广州市", "findings": {}, "applied_at": started_at,
            "applied_by": people["certifiers"][0], "decided_at": finished, "certificate_no": None,
            "certified_on": beijing_date(finished) if outcome == "approved" else None,
            "refusal_reasons": None, "certifiers": None, "version": 1}
        return instance, tasks, application

    def _task(self, instance_id, node, title, assignee, office, district, opened, due, opened_by) -> dict:
        return {"id": self.uid(), "instance_id": instance_id, "flow_key": self.flow_key, "node_key": node,
                "node_title": title, "round": 1,
                "kind": "approve", "state": "open", "assignee_id": assignee, "office_code": office,
                "district_code": district, "opened_at": opened, "due_on": due, "opened_by": opened_by,
                "decided_at": None, "decided_by": None, "opinion": None, "added_by": None, "passed_to": None,
                "took_minutes": None, "decided_late": False, "supervised_by": None, "supervised_at": None,
                "supervise_note": None, "version": 1}


def insert(conn, table, rows: list[dict], batch: int = 5000) -> None:
    for start in range(0, len(rows), batch):
        conn.execute(table.insert(), rows[start:start + batch])


def tables():
    from client.certification.models import ContractApplication
    from client.flows.models import FlowInstance, FlowTask

    return FlowInstance.__table__, FlowTask.__table__, ContractApplication.__table__


def seed(sessions) -> dict[str, str]:
    """Reference data and the demo accounts: username -> user id."""
    from client.db.seed import seed_reference
    from client.kernel.users import add_demo_accounts

    with sessions() as session:
        seed_reference(session)
        users = {u.username: u.id for u in add_demo_accounts(session)}
        session.commit()
    return users


def principal_of(sessions, user_id: str):
    from client.kernel.uow import UnitOfWork

    with UnitOfWork(sessions) as uow:
        return uow.principal(user_id)


# --- 1 and 3: the workstation's store -------------------------------------------------------------------


def load_store(engine, users: dict[str, str], todo: int, noise: int, seed_: int, now: dt.datetime) -> dict:
    """The certifier's `todo` open items (40% at 受理, 60% at 审查; due dates: a fifth overdue, a
    sixth due today or tomorrow, the rest later), 2% of them supervised (督办); ~`noise` other
    tasks: the other certifier's twin of each, the head's open approvals, the office's finished
    instances of the last year. Returns what the steps start from and the counts."""
    from client.flows.workdays import add_working_days
    from client.kernel.clock import beijing_date
    from client.kernel.models import AppUser
    import sqlalchemy as sa

    maker = Maker(seed_, now)
    today = beijing_date(now)
    with engine.connect() as conn:
        office, district = conn.execute(sa.select(AppUser.office_code, AppUser.district_code)
                                        .where(AppUser.id == users["certifier"])).one()
    people = {"certifiers": [users["certifier"], users["certifier2"]], "head": users["head"],
              "district": users["dhead"]}
    instances, tasks, apps, chains = [], [], [], []
    rng = maker.rng
    for k in range(todo):
        node = "accept" if k % 5 < 2 else "examine"
        days = maker.nodes[node][1]
        r = rng.random()
        if r < 0.20:
            due = today - dt.timedelta(days=rng.randint(1, 40))
        elif r < 0.37:
            due = add_working_days(today, rng.randint(0, 1))
        else:
            due = today + dt.timedelta(days=rng.randint(2, 30))
        # opened `days` working days before the deadline (about), never after now
        opened = dt.datetime.combine(due - dt.timedelta(days=round(days * 7 / 5)), dt.time(9),
                                     dt.timezone(dt.timedelta(hours=8))).astimezone(dt.UTC)
        opened = min(opened + dt.timedelta(minutes=rng.uniform(0, 480)),
                     now - dt.timedelta(minutes=rng.uniform(5, 600)))
        instance, its_tasks, app = maker.instance(office=office, district=district, people=people, wait_at=node,
                                                  wait_opened=opened)
        mine = [x for x in its_tasks if x["state"] == "open"]
        for x in mine:
            x["due_on"] = due
            if rng.random() < 0.02:
                x.update(supervised_by=users["head"], supervised_at=now - dt.timedelta(hours=rng.uniform(1, 48)),
                         supervise_note="请抓紧办理，本周内办结")
        if node == "accept":
            accept = next(x for x in mine if x["assignee_id"] == users["certifier"])
            chains.append({"instance_id": instance["id"], "application_id": app["id"], "accept_task": accept["id"],
                           "amount": str(app["amount"])})
        instances.append(instance)
        tasks.extend(its_tasks)
        apps.append(app)
    own = len(tasks)
    # the head's open approvals (the certifiers decided, the head has not yet)
    for _ in range(max(1, noise // 50)):
        instance, its_tasks, app = maker.instance(office=office, district=district, people=people, wait_at="head",
                                                  wait_opened=now - dt.timedelta(minutes=rng.uniform(5, 6 * 24 * 60)))
        instances.append(instance)
        tasks.extend(its_tasks)
        apps.append(app)
    # the office's finished instances of the last year (started 40-400 days ago: all ended)
    while len(tasks) - todo < noise:
        instance, its_tasks, app = maker.instance(
            office=office, district=district, people=people,
            started_at=now - dt.timedelta(days=rng.uniform(40, 400)))
        instances.append(instance)
        tasks.extend(its_tasks)
        apps.append(app)
    instance_t, task_t, app_t = tables()
    with engine.begin() as conn:
        insert(conn, instance_t, instances)
        insert(conn, app_t, apps)
        insert(conn, task_t, tasks)
    return {"chains": chains, "instances": len(instances), "tasks": len(tasks), "own_tasks_of_running": own}


def bench_todo(store, users: dict[str, str], runs: int, profile_dir: Path | None) -> dict:
    from client.flows import queries as fq

    out = {}
    for username in ("certifier", "head"):
        principal = principal_of(store.sessions, users[username])

        def query(p=principal):
            with store.sessions() as session:  # as sync.reads.SessionRunner runs a screen's read
                return fq.todo_list(session, p)

        # as a workstation's reader thread runs it (no collection inside; the GUI thread's
        # collector tick in between), and with automatic collection (as the centre runs it)
        with no_automatic_gc():
            figures, todo = timed(query, runs, between=gc.collect)
        figures.update(items=len(todo.items), overdue=todo.overdue, due_soon=todo.due_soon,
                       escalated=sum(1 for i in todo.items if i.escalated))
        out[username] = figures
        gc.collect()
        out[f"{username}_automatic_gc"], _ = timed(query, runs)
        profiled(profile_dir, f"todo_list_{username}", query)
    return out


def bench_screen(store, bus, users: dict[str, str], runs: int) -> dict:
    """The 待办 screen, offscreen: built (its reload asks the list on the reader pool), the rows in
    the model (its `loaded` signal), the rows painted; and the model's fill alone."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import (QCoreApplication, QEvent, QEventLoop, QThreadPool, QTimer)

    from client.flows import queries as fq
    from client.settings import Settings
    from sync.reads import Reads, SessionRunner
    from widgets.app_context import AppContext
    from widgets.common import collector
    from widgets.flows.todo_screen import TodoScreen

    app, collect = screen_application()
    principal = principal_of(store.sessions, users["certifier"])
    ctx = AppContext(reads=Reads(SessionRunner(store.sessions)), bus=bus, settings=Settings(),
                     database_label="SQLite 本地库", principal=principal)
    built, loaded, painted, collections, rows = [], [], [], [], 0

    def gone(screen) -> None:
        """Deleted now, not at some later turn of an event loop: a screen left alive reloads its
        list on every applied command, and would read 10,000 items beside the steps timed next."""
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        screen.close()
        screen.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    for run in range(runs + 2):  # two to warm up (imports, the first statements)
        loop = QEventLoop()
        t0 = time.perf_counter()
        screen = TodoScreen(ctx)
        screen.resize(1280, 800)
        screen.show()  # the shell shows a screen at once; the list comes when read
        t_built = time.perf_counter()
        screen.loaded.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        t_loaded = time.perf_counter()
        screen.repaint()  # the visible rows' texts, colours and fonts
        app.processEvents()
        t_painted = time.perf_counter()
        rows = screen.model.rowCount()
        assert rows and not screen.loading, "the 待办 list did not load"
        # the collector's next tick: the garbage of the read, collected on the GUI thread
        t_collect = time.perf_counter()
        collector.collect_due(collect.threshold)
        t_collected = time.perf_counter()
        if run >= 2:
            built.append(t_built - t0)
            loaded.append(t_loaded - t0)
            painted.append(t_painted - t0)
            collections.append(t_collected - t_collect)
        gone(screen)
    with store.sessions() as session:
        todo = fq.todo_list(session, principal)
    screen = TodoScreen(ctx)
    fill, _ = timed(lambda: screen.show_list(todo), runs)
    gone(screen)
    assert not [w for w in app.allWidgets() if w.objectName() == "todoScreen"], "a 待办 screen outlived its run"
    # what follows runs as the centre runs: automatic collection on, nothing frozen
    collect.timer.stop()
    gc.unfreeze()
    gc.enable()
    gc.collect()
    return {"rows": rows, "built": summary(built), "rows_in_model": summary(loaded),
            "rows_painted": summary(painted), "model_fill": fill, "gui_collection_after": summary(collections)}


def bench_steps(bus_of, sessions, users: dict[str, str], chains: list[dict], profile_dir: Path | None,
                label: str, between=None) -> dict:
    """受理, 审查, 所长审批 of each chain's instance through the buses `bus_of(username)`."""
    import sqlalchemy as sa

    from client.certification.commands import ExamineContract
    from client.certification.rules import CHECKLIST
    from client.flows.commands import ApproveTask
    from client.flows.models import FlowTask

    def open_task(instance_id: str, node: str, user: str) -> tuple[str, int]:
        with sessions() as session:
            return session.execute(sa.select(FlowTask.id, FlowTask.version).where(
                FlowTask.instance_id == instance_id, FlowTask.node_key == node, FlowTask.assignee_id == users[user],
                FlowTask.state == "open")).one()

    findings = {key: "符合" for key, _ in CHECKLIST}
    times: dict[str, list[float]] = {"accept": [], "examine": [], "head": []}

    def run(chain: dict) -> None:
        steps = (
            ("accept", "certifier", lambda: ApproveTask(user_id=users["certifier"], task_id=chain["accept_task"],
                                                         base_version=1, opinion="受理")),
            ("examine", "certifier", lambda: ExamineContract(
                user_id=users["certifier"], application_id=chain["application_id"],
                task_id=open_task(chain["instance_id"], "examine", "certifier")[0],
                base_version=open_task(chain["instance_id"], "examine", "certifier")[1], findings=findings,
                approve=True, opinion="经审查，合同符合鉴证条件")),
            ("head", "head", lambda: (lambda t: ApproveTask(user_id=users["head"], task_id=t[0], base_version=t[1],
                                                             opinion="同意"))(
                open_task(chain["instance_id"], "head", "head"))),
        )
        for node, user, make in steps:
            command = make()  # the lookup is the screen's, not the step's: untimed
            t = time.perf_counter()
            outcome = bus_of(user).dispatch(command)
            times[node].append(time.perf_counter() - t)
            assert outcome.ok, (label, node, outcome)

    warm = chains[:3]
    for chain in warm:
        run(chain)
    for key in times:
        times[key].clear()
    rest = chains[3:]
    if profile_dir is not None:
        profiled(profile_dir, f"steps_{label}", lambda: [run(c) for c in rest[:10]])
        for key in times:
            times[key].clear()
        rest = rest[10:]
    for chain in rest:
        if between is not None:
            between()
        run(chain)
    every = [x for values in times.values() for x in values]
    return {"all": summary(every), **{k: summary(v) for k, v in times.items()}}


def workstation_part(args, work: Path) -> dict:
    """Parts 1 and 3 on a local store (and its copy as a central database)."""
    import sqlalchemy as sa

    from client.db.engine import make_engine, make_session_factory
    from client.kernel import proofs
    from client.kernel.bus import CommandBus
    from client.kernel.clock import utcnow
    from client.kernel.types import new_id
    from sync.local_bus import LocalBus
    from sync.local_store import open_local_store

    path, central_path = work / "store.db", work / "central.db"
    for p in (path, central_path):
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    store = open_local_store(path)
    users = seed(store.write_sessions)
    now = utcnow()
    loaded = load_store(store.write_engine, users, args.todo, args.noise, args.seed, now)
    store.dispose()  # the last connection closed checkpoints the WAL into the file
    shutil.copyfile(path, central_path)  # the central comparison starts from the same rows
    store = open_local_store(path)
    load_s = time.perf_counter() - t
    print(f"  local store: {loaded['instances']:,} instances, {loaded['tasks']:,} tasks in {load_s:.1f} s "
          f"({path.stat().st_size / 2**20:.0f} MB)", flush=True)
    chains = loaded.pop("chains")
    needed = args.steps // 3 + 3 + (10 if args.profile else 0)
    local_chains, central_chains = chains[:needed], chains[:needed]
    device_key, user_key, head_key = proofs.new_key()[0], proofs.new_key()[0], proofs.new_key()[0]
    device_id = new_id()
    buses = {"certifier": LocalBus(store, device_id=device_id, device_key=device_key, user_key=user_key,
                                   user_id=users["certifier"]),
             "head": LocalBus(store, device_id=device_id, device_key=device_key, user_key=head_key,
                              user_id=users["head"])}
    out: dict = {"load": {**loaded, "seconds": round(load_s, 1), "db_mb": round(path.stat().st_size / 2**20, 1)}}
    try:
        print("  待办 list …", flush=True)
        out["todo_list"] = bench_todo(store, users, args.runs, args.profile)
        assert out["todo_list"]["certifier"]["items"] == args.todo, "the certifier's list is not the items loaded"
        if args.no_screen:
            out["todo_screen"] = {"skipped": "--no-screen"}
        else:
            print("  待办 screen …", flush=True)
            # a bus of its own: the screens' context subscribes to it (ChangeBridge)
            screen_bus = LocalBus(store, device_id=device_id, device_key=device_key, user_key=user_key,
                                  user_id=users["certifier"])
            out["todo_screen"] = bench_screen(store, screen_bus, users, args.runs)
        print(f"  {len(local_chains) * 3} steps through the local bus …", flush=True)
        with no_automatic_gc():  # the serial writer of the program, whose garbage the GUI thread collects
            out["step_local"] = bench_steps(buses.get, store.sessions, users, local_chains, args.profile, "local",
                                            between=gc.collect)
        with store.sessions() as session:  # every step queued for the centre, once
            queued = session.scalar(sa.text("SELECT count(*) FROM outbox"))
        assert queued == 3 * len(local_chains), (queued, len(local_chains))
        out["step_local"]["outbox"] = queued
    finally:
        store.dispose()
    engine = make_engine(f"sqlite:///{central_path}")
    try:
        sessions = make_session_factory(engine)
        central = CommandBus(sessions)
        print(f"  {len(central_chains) * 3} steps through the central bus (SQLite) …", flush=True)
        out["step_central_sqlite"] = bench_steps(lambda _user: central, sessions, users, central_chains, None,
                                                 "central")
    finally:
        engine.dispose()
    return out


# --- 2: statistics ---------------------------------------------------------------------------------------


def stats_users(engine, users: dict[str, str]) -> dict[str, dict]:
    """Two certifiers and a head for each office of STATS_OFFICES (the demo ones for the demo
    users' office), a head for each district: office -> people of Maker.instance."""
    import sqlalchemy as sa

    from client.kernel.clock import utcnow
    from client.kernel.models import AppUser
    from client.kernel.roles import Role, format_roles

    t = AppUser.__table__
    with engine.connect() as conn:
        password_hash, demo_office = conn.execute(sa.select(t.c.password_hash, t.c.office_code)
                                                  .where(t.c.id == users["certifier"])).one()
    rows, people, district_heads = [], {}, {}

    def user(username, name, roles, office, district) -> str:
        uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-flows:{username}"))
        rows.append({"id": uid, "username": username, "full_name": name, "password_hash": password_hash,
                     "roles": format_roles(roles), "office_code": office, "district_code": district,
                     "failed_logins": 0, "locked_until": None, "disabled": False, "created_at": utcnow(),
                     "version": 1})
        return uid

    for office in STATS_OFFICES:
        district = office[:6]
        if district not in district_heads:
            district_heads[district] = users["dhead"] if district == demo_office[:6] else \
                user(f"bf-dhead-{district}", "分局长", {Role.OFFICE_HEAD}, None, district)
        if office == demo_office:
            people[office] = {"certifiers": [users["certifier"], users["certifier2"]], "head": users["head"],
                              "district": district_heads[district]}
            continue
        people[office] = {"certifiers": [user(f"bf-c1-{office}", "鉴证员甲", {Role.CERTIFIER}, office, district),
                                         user(f"bf-c2-{office}", "鉴证员乙", {Role.CERTIFIER}, office, district)],
                          "head": user(f"bf-head-{office}", "所长", {Role.OFFICE_HEAD}, office, district),
                          "district": district_heads[district]}
    with engine.begin() as conn:
        insert(conn, t, rows)
    return people


def load_stats(engine, users: dict[str, str], instances: int, seed_: int, now: dt.datetime) -> dict:
    """`instances` certification instances started uniformly over the last 13 months in the
    offices of STATS_OFFICES (weighted), inserted 5,000 at a time."""
    people = stats_users(engine, users)
    maker = Maker(seed_, now)
    offices, weights = list(STATS_OFFICES), list(STATS_OFFICES.values())
    instance_t, task_t, _app_t = tables()
    made_tasks = running = 0
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # the random keys' index pages in memory while loading (the caller measures on new
            # connections, with the program's 64 MB)
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        for start in range(0, instances, 5000):
            batch_i, batch_t = [], []
            for _ in range(min(5000, instances - start)):
                office = maker.rng.choices(offices, weights)[0]
                instance, its_tasks, _app = maker.instance(
                    office=office, district=office[:6], people=people[office],
                    started_at=now - dt.timedelta(days=maker.rng.uniform(0, 395)))
                batch_i.append(instance)
                batch_t.extend(its_tasks)
                running += instance["outcome"] is None
            insert(conn, instance_t, batch_i)
            insert(conn, task_t, batch_t)
            made_tasks += len(batch_t)
    return {"instances": instances, "tasks": made_tasks, "running": running}


def bench_statistics(url: str, dialect: str, instances: int, runs: int, seed_: int,
                     profile_dir: Path | None) -> dict:
    from client.certification.flows import CERTIFICATION
    from client.db.engine import make_engine, make_session_factory
    from client.db.migrate import upgrade
    from client.flows.statistics import flow_statistics, statistics_xlsx
    from client.kernel.clock import beijing_today, utcnow

    t = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        users = seed(sessions)
        loaded = load_stats(engine, users, instances, seed_, utcnow())
        engine.dispose()  # the load's connection had its own cache size
        if dialect == "postgresql":
            with engine.connect() as conn:  # autovacuum's ANALYZE on a centre that has been running
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        load_s = time.perf_counter() - t
        print(f"  {dialect}: {loaded['instances']:,} instances, {loaded['tasks']:,} tasks "
              f"({loaded['running']:,} running) in {load_s:.1f} s", flush=True)
        today = beijing_today()
        start, end = today.replace(year=today.year - 1) + dt.timedelta(days=1), today
        city, dhead, head = (principal_of(sessions, users[u]) for u in ("city", "dhead", "head"))
        scopes = {"city": (city, None), "district": (dhead, None), "office": (head, None),
                  "city_one_office": (city, head.office_code)}
        out: dict = {"load": {**loaded, "seconds": round(load_s, 1)}, "period": [str(start), str(end)]}
        stats = None
        for scope, (principal, office_code) in scopes.items():
            def run(p=principal, o=office_code):
                with sessions() as session:
                    return flow_statistics(session, p, start, end, office_code=o)

            t = time.perf_counter()
            run()
            first = time.perf_counter() - t
            figures, result = timed(run, runs, warm=1)
            flow = next((f for f in result.flows if f.flow_key == CERTIFICATION), None)
            figures.update(first_ms=ms(first), started=flow.started if flow else 0,
                           decided=sum(n.decided for n in flow.nodes) if flow else 0,
                           open_overdue=sum(n.open_overdue for n in flow.nodes) if flow else 0)
            out[scope] = figures
            if scope == "city":
                stats = result
                profiled(profile_dir, f"statistics_{dialect}_city", run)
        xlsx, data = timed(lambda: statistics_xlsx(stats, {CERTIFICATION: "合同鉴证"}), runs, warm=1)
        xlsx["bytes"] = len(data)
        out["xlsx"] = xlsx
        return out
    finally:
        engine.dispose()


def statistics_part(args, work: Path) -> dict:
    out = {}
    for dialect in (("sqlite", "postgresql") if args.dialect == "both" else (args.dialect,)):
        if dialect == "sqlite":
            path = work / "stats.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            out[dialect] = bench_statistics(f"sqlite:///{path}", dialect, args.instances, args.stats_runs,
                                            args.seed, args.profile)
        else:
            from tests.pgcluster import PgCluster

            cluster = PgCluster.on_disk(work)
            try:
                url = cluster.url(cluster.create_database("flows"))
                out[dialect] = bench_statistics(url, dialect, args.instances, args.stats_runs, args.seed,
                                                args.profile)
            finally:
                cluster.destroy()
    return out


# --- the report -------------------------------------------------------------------------------------------


def report(results: dict) -> None:
    rows = []
    ws = results.get("workstation", {})
    todo = ws.get("todo_list", {})
    for user in ("certifier", "head"):
        if user in todo:
            s = todo[user]
            rows.append((f"todo_list {user} ({s['items']:,} items, {s['overdue']:,} overdue, {s['escalated']:,} 催办)",
                         s, "< 300 ms"))
            rows.append(("  the same with automatic GC (as the centre runs it)", todo[f"{user}_automatic_gc"], ""))
    screen = ws.get("todo_screen", {})
    if "rows_in_model" in screen:
        rows.append(("待办 screen: built and shown (empty)", screen["built"], ""))
        rows.append((f"待办 screen: asked → {screen['rows']:,} rows in the model", screen["rows_in_model"],
                     "< 300 ms"))
        rows.append(("待办 screen: asked → rows painted", screen["rows_painted"], "< 300 ms"))
        rows.append(("  model fill alone (GUI thread)", screen["model_fill"], ""))
        rows.append(("  the collector's next tick after it (GUI thread)", screen["gui_collection_after"], ""))
    for key, title in (("step_local", "local bus"), ("step_central_sqlite", "central bus, SQLite")):
        if key in ws:
            s = ws[key]
            rows.append((f"step, {title}: all", s["all"], "< 50 ms" if key == "step_local" else ""))
            for node, label in (("accept", "受理 ApproveTask"), ("examine", "审查 ExamineContract"),
                                ("head", "所长审批 ApproveTask")):
                rows.append((f"  {label}", s[node], ""))
    for dialect, s in results.get("statistics", {}).items():
        for scope in ("city", "district", "office", "city_one_office"):
            f = s[scope]
            rows.append((f"flow_statistics {dialect} {scope} ({f['started']:,} started, {f['decided']:,} decided)",
                         f, "< 1 s"))
        rows.append((f"statistics_xlsx {dialect} (city)", s["xlsx"], ""))
    print(f"\n{'measure':<72} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  target")
    for name, s, target in rows:
        print(f"{name:<72} {s['n']:>4} {s['p50_ms']:>9.2f} {s['p95_ms']:>9.2f} {s['max_ms']:>9.2f}  {target}")
    if "load" in ws:
        print(f"\nlocal store: {ws['load']['instances']:,} instances, {ws['load']['tasks']:,} tasks "
              f"({ws['load']['db_mb']} MB), loaded in {ws['load']['seconds']} s")
    for dialect, s in results.get("statistics", {}).items():
        print(f"statistics {dialect}: {s['load']['instances']:,} instances, {s['load']['tasks']:,} tasks, "
              f"loaded in {s['load']['seconds']} s; first call (city) {s['city']['first_ms']:.0f} ms")
    print(machine_text(results["machine"]))
    print(f"targets met: {results['met']}")


def screen_application():
    """(the QApplication as the program configures it, its collector): for timing a screen."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from widgets.app import configure_application
    from widgets.common import collector

    app = QApplication.instance() or QApplication([])
    # the offscreen platform says so at every window shown; nothing else is silenced
    qInstallMessageHandler(lambda _mode, _context, message: None if "propagateSizeHints" in message
                           else print(message, file=sys.stderr))
    configure_application(app, language="zh_CN")  # the collector too: automatic collection is off
    collect = collector.install(app)
    collector.freeze()  # as the shell does after its warm-up
    return app, collect


def bench_folders(work: Path) -> None:
    """The bench's folder; the screen's settings and data folders in it, never the user's."""
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HONGDUN_CONFIG_DIR", str(work / "config"))
    os.environ.setdefault("HONGDUN_DATA_DIR", str(work / "data"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def machine_text(machine: dict) -> str:
    """The machine's load around a run, printed under the figures (other work slows them all)."""
    return (f"load average before {' '.join(f'{x:.1f}' for x in machine['loadavg_before'])}, after "
            f"{' '.join(f'{x:.1f}' for x in machine['loadavg_after'])} ({machine['cpus']} CPUs: other work slows "
            f"every figure)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2,000 items, 20,000 other tasks, 20,000 instances")
    ap.add_argument("--todo", type=int, help="the certifier's open items (10,000)")
    ap.add_argument("--noise", type=int, help="other tasks in the local store (100,000)")
    ap.add_argument("--instances", type=int, help="instances of the statistics database (100,000)")
    ap.add_argument("--runs", type=int, help="timed runs of the 待办 list and screen (20)")
    ap.add_argument("--stats-runs", type=int, help="timed runs of each statistics (10)")
    ap.add_argument("--steps", type=int, help="steps through each bus (200)")
    ap.add_argument("--dialect", choices=("sqlite", "postgresql", "both"), default="both",
                    help="where the statistics are measured")
    ap.add_argument("--skip", choices=("workstation", "statistics"), action="append", default=[])
    ap.add_argument("--no-screen", action="store_true", help="no Qt: the 待办 query only")
    ap.add_argument("--profile", type=Path, help="cProfile of each measure into this folder")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/hongdun-bench-flows"))
    args = ap.parse_args(argv)
    quick = args.quick
    args.todo = args.todo or (2_000 if quick else 10_000)
    args.noise = args.noise or (20_000 if quick else 100_000)
    args.instances = args.instances or (20_000 if quick else 100_000)
    args.runs = args.runs or (10 if quick else 20)
    args.stats_runs = args.stats_runs or (5 if quick else 10)
    args.steps = args.steps or (60 if quick else 200)
    work = args.workdir
    bench_folders(work)

    started, load_before = time.perf_counter(), os.getloadavg()
    results: dict = {"sizes": {"todo": args.todo, "noise": args.noise, "instances": args.instances,
                               "runs": args.runs, "stats_runs": args.stats_runs, "steps": args.steps}}
    if "workstation" not in args.skip:
        print(f"workstation: {args.todo:,} items of the certifier, ~{args.noise:,} other tasks …", flush=True)
        results["workstation"] = workstation_part(args, work)
    if "statistics" not in args.skip:
        print(f"statistics: {args.instances:,} instances ({args.dialect}) …", flush=True)
        results["statistics"] = statistics_part(args, work)

    ws = results.get("workstation", {})
    met = {}
    if "todo_list" in ws:
        met["todo_list"] = ws["todo_list"]["certifier"]["p95_ms"] < TARGETS_MS["todo_screen"]
    if "rows_in_model" in ws.get("todo_screen", {}):
        met["todo_screen"] = ws["todo_screen"]["rows_painted"]["p95_ms"] < TARGETS_MS["todo_screen"]
    if "step_local" in ws:
        met["step_local"] = ws["step_local"]["all"]["p95_ms"] < TARGETS_MS["step_local"]
    for dialect, s in results.get("statistics", {}).items():
        met[f"statistics_{dialect}"] = max(s[k]["p95_ms"] for k in ("city", "district", "office",
                                                                     "city_one_office")) < TARGETS_MS["statistics"]
    results.update(targets_ms=TARGETS_MS, met=met, seconds=round(time.perf_counter() - started, 1),
                   machine={"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
                   when=time.strftime("%Y-%m-%d %H:%M:%S"))
    report(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "flows.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS / 'flows.json'} ({results['seconds']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
