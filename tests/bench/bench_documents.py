"""A unit's incoming list with 100,000 documents (issue 12): `document_list` on the office's local
store, and on PostgreSQL as the centre answers a district head.

    .venv/bin/python -m tests.bench.bench_documents                    # 100,000 documents, SQLite and PostgreSQL
    .venv/bin/python -m tests.bench.bench_documents --dialect sqlite   # the workstation's store only
    .venv/bin/python -m tests.bench.bench_documents --documents 20000  # a quick run
    .venv/bin/python -m tests.bench.bench_documents --dialect sqlite --url /tmp/hongdun-bench-documents/store.db
                                                                       # re-measure that store, no load
    .venv/bin/python -m tests.bench.bench_documents --profile /tmp/docs-prof   # cProfile of each case

The incoming-list screen asks `client.documents.queries.document_list(session, principal,
DocumentFilter(direction="in"))` on the office's replica (DESIGN.md "Reads") and shows the first
page (200 rows) and the total. The store here is a workstation's (`sync.local_store.
open_local_store`: the migrations, the reference data, the demo accounts) holding, made as the
incoming flow makes them (client/documents/flows.py), put in by executemany, and the planner's
statistics gathered as a workstation does after a pull that brought rows (LocalStore.
refresh_statistics):

- `--documents` (100,000) incoming documents of the demo users' Tianhe office registered over the
  last `--years` (4) on working days, each with its flow instance and 2-5 tasks: 拟办 (the 文书),
  领导批示 (the head), and unless the head only reads it (阅知, 30%) 承办 by 1-3 of the office's
  staff in parallel. Each step is decided after a log-normal time; a step that would be decided
  after now stays open, so the recent documents are running, some overdue, and 0.2% of the old
  ones were forgotten at 承办 (open, long overdue); 2% of the overdue open tasks carry a 督办 note.
  3% are classified (秘密 or 机密), so `access.readable` meets a realistic mix: the demo clerk is
  one of the staff and named in some of them.
- `--outgoing` (3,000) outgoing documents of the same office (the other direction of the table),
  distributed, each with its six decided tasks;
- on PostgreSQL, `--others` (6,000) incoming documents of four other offices (Yuexiu's and three
  of Tianhe's) with staff of their own, for the centre's district head. A replica holds its own
  office's documents only (own_scope), so the SQLite store has them only with --others-in-store
  (then the access rule's EXISTS branch is evaluated for each of them: +20-30 ms warm, and the
  cold first call reads the flow_task index at random).

Timed, for the clerk (non-head: the EXISTS branch of the access rule) and the head, each case the
median of `--runs` (5) after one warm-up, with a fresh session per call as the reader runs a
screen's read, and automatic garbage collection off as the workstation's reader threads run
(widgets/common/collector.py collects on the GUI thread): the first page with the default
filter; a common and a rare title word; a document number; overdue only; the last page. Before
each case the store is closed and its files dropped from the OS page cache (posix_fadvise
DONTNEED: only this bench's files), and the first call on a new connection is reported apart as
the cold figure (the first opening after the workstation started). A case whose cold call takes
over 5 s is timed once more, not five times. Beside the wall time, the calling thread's CPU time
(on SQLite the query's own cost, which a busy machine does not inflate; on PostgreSQL only the
client's part). Each statement the call runs is timed on its own and its plan written (EXPLAIN
QUERY PLAN; on PostgreSQL EXPLAIN (ANALYZE, BUFFERS)).

PostgreSQL (the centre: a district or city user has no replica): a throwaway cluster
(tests/pgcluster.py, under --workdir) loaded with the same rows and the other offices', VACUUM
ANALYZEd as autovacuum would have; timed as the centre answers the Tianhe district's head and the office
head, in process (what the query endpoint runs). Its cold figure is a new connection's first
call, the cluster's files left in the page cache.

The screen: widgets.documents.document_screen.IncomingScreen offscreen on the SQLite store, as
the clerk, reading through the app context (the reader pool): asked → the rows in the model,
→ painted; the model's fill alone; the first screen of the process apart.

Target: the list opens in < 300 ms. Shown, never asserted. Prints a table and writes
tests/bench/results/documents.json; work files under --workdir (/tmp/hongdun-bench-documents).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import gc
import json
import math
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repository first
RESULTS = Path(__file__).with_name("results")

TARGET_MS = 300
#: a case whose cold call takes longer is timed once more, not `--runs` times
SLOW_S = 5.0
CHINA = dt.timezone(dt.timedelta(hours=8))

#: who sends a unit its documents, with their 机关代字 and how often (weights)
SENDERS = (
    ("广州市市场监督管理局", "穗市监", 30), ("天河区市场监督管理局", "穗天市监", 25),
    ("广东省市场监督管理局", "粤市监", 10), ("广州市人民政府办公厅", "穗府办", 6),
    ("天河区人民政府办公室", "天府办", 8), ("国家市场监督管理总局", "国市监", 4),
    ("天河区商务局", "天商务", 4), ("天河区应急管理局", "天应急", 4), ("五山街道办事处", "五山街", 5),
    ("广州市消费者委员会", "穗消委", 4),
)
ACTS = ("关于开展", "关于做好", "关于进一步加强", "关于印发", "关于组织开展", "关于落实", "关于转发")
#: topics of titles with weights; 预付式消费卡 is the rare word searched, 食品 the common one
TOPICS = (
    ("食品安全监督抽检", 6), ("食品生产经营风险分级管理", 4), ("校园及周边食品安全专项整治", 3),
    ("特种设备安全隐患排查整治", 5), ("企业年度报告公示", 5), ("消费者权益保护", 5), ("广告监测", 3),
    ("价格监督检查", 4), ("“双随机、一公开”抽查", 6), ("知识产权保护", 3), ("网络交易监管", 4),
    ("农贸市场环境整治", 3), ("药品零售企业监督检查", 3), ("计量器具强制检定", 2), ("商品质量监督抽查", 4),
    ("安全生产大检查", 5), ("节假日市场秩序保障", 4), ("信用修复", 2), ("个体工商户年度报告", 3),
    ("登记注册窗口作风建设", 2), ("扫黑除恶专项斗争", 2), ("预付式消费卡经营行为规范", 0.15),
)
KINDS = ("工作的通知", "专项行动的通知", "工作方案的通知", "的通报", "的意见", "的函", "检查的通知", "有关事项的通知")
COMMON_WORD, RARE_WORD = "食品", "预付式"
OPINIONS = {"propose": "拟请所长阅示，并交相关人员办理", "instruct": "请按文件要求抓好落实", "undertake": "已按要求办理完毕"}
#: minutes a step takes to decide: the median of a log-normal (sigma 1), cut at 40 days
MEDIAN_MINUTES = {"propose": 120, "instruct": 24 * 60, "undertake": 3 * 24 * 60}
LONGEST_MINUTES = 40 * 24 * 60
CLASSIFIED_SHARE, READ_ONLY_SHARE, FORGOTTEN_SHARE, SUPERVISED_SHARE = 0.03, 0.30, 0.002, 0.02


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def figures(samples: list[float]) -> dict:
    """As the other document bench (bench_documents_print): n, median, min, max, every run, in ms."""
    return {"n": len(samples), "median_ms": ms(statistics.median(samples)), "min_ms": ms(min(samples)),
            "max_ms": ms(max(samples)), "runs_ms": [ms(s) for s in samples]}


class no_automatic_gc:
    """As the workstation's reader threads run: automatic collection off (the GUI thread's
    collector collects once a second), a collection before each timed call, untimed."""

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


# --- the rows, as the incoming flow makes them ------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def due_after(day: dt.date, days: int) -> dt.date:
    from client.flows.workdays import add_working_days

    return add_working_days(day, days)


def beijing_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(CHINA).date()


class DocMaker:
    """Incoming documents of a unit with their flow instance and tasks (client/documents/flows.py:
    拟办 → 领导批示 → 承办, in parallel → 办结), outgoing ones already distributed; seeded random
    ids, titles, numbers, times and decisions."""

    def __init__(self, seed: int, now: dt.datetime):
        from client.documents.flows import incoming_flow, outgoing_flow

        self.rng = random.Random(seed)
        self.now = now
        incoming, outgoing = incoming_flow(), outgoing_flow()
        self.incoming_key, self.outgoing_key = incoming.key, outgoing.key
        self.nodes = {n.key: (n.title, n.deadline_days) for n in (*incoming.nodes, *outgoing.nodes)
                      if n.kind == "approve"}
        self.topics, self.topic_weights = [t for t, _ in TOPICS], [w for _, w in TOPICS]
        self.senders, self.sender_weights = [s[:2] for s in SENDERS], [s[2] for s in SENDERS]
        self.serials: dict[tuple[str, int], int] = {}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def registered_times(self, count: int, years: float) -> list[dt.datetime]:
        """`count` instants on working days (Monday to Friday, 8:30-17:30 Beijing) of the last
        `years`, oldest first; none later than now."""
        rng, out = self.rng, []
        span = years * 365.25 * 86400
        while len(out) < count:
            t = (self.now - dt.timedelta(seconds=rng.uniform(0, span))).astimezone(CHINA)
            t = t.replace(hour=8, minute=30, second=0, microsecond=0) + dt.timedelta(seconds=rng.uniform(0, 9 * 3600))
            if t.weekday() < 5 and t <= self.now:
                out.append(t.astimezone(dt.timezone.utc))
        out.sort()
        return out

    def minutes(self, node: str) -> float:
        return min(LONGEST_MINUTES, self.rng.lognormvariate(math.log(MEDIAN_MINUTES[node]), 1.0))

    def number(self, prefix: str, year: int) -> str:
        # the sender numbers its documents of the year in order; we receive some of them
        serial = self.serials.get((prefix, year), 0) + self.rng.randint(1, 6)
        self.serials[(prefix, year)] = serial
        return f"{prefix}〔{year}〕{serial}号"

    def title(self, year: int) -> str:
        rng = self.rng
        topic = rng.choices(self.topics, self.topic_weights)[0]
        when = f"{year}年" if rng.random() < 0.5 else ""
        return f"{rng.choice(ACTS)}{when}{topic}{rng.choice(KINDS)}"

    def classification(self) -> tuple[str, int | None]:
        if self.rng.random() >= CLASSIFIED_SHARE:
            return "none", None
        return ("secret", 10) if self.rng.random() < 0.8 else ("confidential", 20)

    def urgency(self) -> str:
        r = self.rng.random()
        return "top" if r < 0.05 else "urgent" if r < 0.2 else "normal"

    def incoming(self, *, office: str, district: str, people: dict, at: dt.datetime) -> tuple[dict, dict, list[dict]]:
        """(document, instance, tasks) of a document registered at `at` by the unit's 文书."""
        rng = self.rng
        doc_id, instance_id = self.uid(), self.uid()
        year = beijing_day(at).year
        sender, prefix = rng.choices(self.senders, self.sender_weights)[0]
        title = self.title(year)
        classification, secret_years = self.classification()
        urgency = self.urgency()
        undertakers = [] if rng.random() < READ_ONLY_SHARE else rng.sample(people["staff"], rng.randint(1, 3))
        forgotten = bool(undertakers) and self.now - at > dt.timedelta(days=60) and rng.random() < FORGOTTEN_SHARE
        tasks: list[dict] = []
        t, opened_by, finished = at, None, None
        steps = [("propose", [people["secretary"]]), ("instruct", [people["head"]])]
        if undertakers:
            steps.append(("undertake", undertakers))
        state = "proposing"
        for i, (node, assignees) in enumerate(steps):
            state = {"propose": "proposing", "instruct": "instructing", "undertake": "undertaking"}[node]
            title_, days = self.nodes[node]
            due = due_after(beijing_day(t), days)
            group = []
            for k, assignee in enumerate(assignees):
                task = self._task(instance_id, self.incoming_key, node, title_, assignee, office, district, t, due,
                                  opened_by)
                decided = t + dt.timedelta(minutes=self.minutes(node))
                if not (forgotten and k == 0) and decided <= self.now:
                    self._decide(task, decided, OPINIONS[node], due)
                group.append(task)
            tasks.extend(group)
            if any(x["state"] == "open" for x in group):
                break  # waiting here
            last = max(group, key=lambda x: x["decided_at"])
            last["passed_to"] = f"{steps[i + 1][0]}:1" if i + 1 < len(steps) else None
            opened_by, t = last["id"], last["decided_at"]
        else:
            state, finished = "done", t
        today = beijing_day(self.now)
        for task in tasks:
            if task["state"] == "open" and task["due_on"] < today and rng.random() < SUPERVISED_SHARE:
                task.update(supervised_by=people["head"], supervise_note="请抓紧办理，按时办结",
                            supervised_at=self.now - dt.timedelta(hours=rng.uniform(1, 48)))
        # the 承办人 are the case's fields from the head's 批示 on (registration starts it with none)
        instructed = any(x["node_key"] == "instruct" and x["decided_at"] is not None for x in tasks)
        named = undertakers if instructed else []
        fields = {"undertakers": ",".join(named), "undertaker_count": len(named), "urgency": urgency,
                  "classification": classification}
        instance = {"id": instance_id, "flow_key": self.incoming_key, "flow_version": 1, "subject_area": "documents",
                    "subject_id": doc_id, "title": f"收文：{title}"[:200], "office_code": office,
                    "district_code": district, "started_by": people["secretary"], "started_at": at,
                    "finished_at": finished, "outcome": "approved" if finished else None,
                    "end_node": "done" if finished else None, "fields": fields, "waiting": {},
                    "version": 1 + sum(1 for x in tasks if x["decided_at"] is not None)}
        received = beijing_day(at) - dt.timedelta(days=1 if rng.random() < 0.2 else 0)
        doc = self._document(doc_id, "in", office, district, state, title, self.number(prefix, year), sender,
                             classification, secret_years, urgency, at, people["secretary"], instance_id, finished,
                             received_on=received, page_count=rng.randint(1, 30),
                             version=1 + instance["version"])
        return doc, instance, tasks

    def outgoing(self, *, office: str, district: str, people: dict, prefix: str, sender: str,
                 at: dt.datetime) -> tuple[dict, dict, list[dict]]:
        """(document, instance, tasks) of a document drafted at `at`, numbered and distributed."""
        rng = self.rng
        doc_id, instance_id = self.uid(), self.uid()
        year = beijing_day(at).year
        title = self.title(year)
        classification, secret_years = self.classification()
        drafter = rng.choice(people["staff"])
        gaps = [dt.timedelta(minutes=rng.uniform(10, 600)) for _ in range(6)]
        at = min(at, self.now - sum(gaps, dt.timedelta()))  # distributed by now
        tasks, t, opened_by = [], at, None
        for gap, (node, assignee) in zip(gaps, (("draft", drafter), ("review", people["reviewer"]),
                                                ("sign", people["head"]), ("number", people["secretary"]),
                                                ("seal", people["secretary"]), ("distribute", people["secretary"]))):
            title_, days = self.nodes[node]
            due = due_after(beijing_day(t), days) if days else None
            task = self._task(instance_id, self.outgoing_key, node, title_, assignee, office, district, t, due,
                              opened_by)
            self._decide(task, t + gap, "同意", due)
            tasks.append(task)
            opened_by, t = task["id"], task["decided_at"]
        serial = self.serials.get((prefix, year), 0) + 1
        self.serials[(prefix, year)] = serial
        instance = {"id": instance_id, "flow_key": self.outgoing_key, "flow_version": 1, "subject_area": "documents",
                    "subject_id": doc_id, "title": f"发文：{title}"[:200], "office_code": office,
                    "district_code": district, "started_by": drafter, "started_at": at, "finished_at": t,
                    "outcome": "approved", "end_node": "issued",
                    "fields": {"drafter": drafter, "cosigners": "", "cosigner_count": 0, "urgency": "normal",
                               "classification": classification}, "waiting": {}, "version": 7}
        doc = self._document(doc_id, "out", office, district, "distributed", title, f"{prefix}〔{year}〕{serial}号",
                             sender, classification, secret_years, "normal", at, drafter, instance_id, t,
                             signed_on=beijing_day(tasks[2]["decided_at"]), number_year=year, number_serial=serial,
                             body="为进一步做好有关工作，现将有关事项通知如下。", signer="所长", sealed=True,
                             main_to=[{"code": None, "name": "各监管组"}], version=8)
        return doc, instance, tasks

    @staticmethod
    def _document(doc_id, direction, office, district, state, title, number, sender, classification, secret_years,
                  urgency, at, created_by, instance_id, finished, **more) -> dict:
        row = {"id": doc_id, "direction": direction, "office_code": office, "district_code": district, "state": state,
               "title": title, "doc_number": number, "number_year": None, "number_serial": None, "sender": sender,
               "classification": classification, "secret_years": secret_years, "urgency": urgency,
               "received_on": None, "signed_on": None, "page_count": None, "body": None, "main_to": [],
               "copy_to": [], "attachment_names": [], "signer": None, "sealed": False, "related": [],
               "source_id": None, "flow_instance_id": instance_id, "created_by": created_by, "created_at": at,
               "finished_at": finished, "version": 1}
        row.update(more)
        return row

    def _decide(self, task: dict, decided: dt.datetime, opinion: str, due: dt.date | None) -> None:
        task.update(state="approved", decided_at=decided, decided_by=task["assignee_id"], opinion=opinion, version=2,
                    took_minutes=max(0, int((decided - task["opened_at"]).total_seconds() // 60)),
                    decided_late=bool(due and beijing_day(decided) > due))

    def _task(self, instance_id, flow_key, node, title, assignee, office, district, opened, due, opened_by) -> dict:
        return {"id": self.uid(), "instance_id": instance_id, "flow_key": flow_key, "node_key": node,
                "node_title": title, "round": 1, "kind": "approve", "state": "open", "assignee_id": assignee,
                "office_code": office, "district_code": district, "opened_at": opened, "due_on": due,
                "opened_by": opened_by, "decided_at": None, "decided_by": None, "opinion": None, "added_by": None,
                "passed_to": None, "took_minutes": None, "decided_late": False, "supervised_by": None,
                "supervised_at": None, "supervise_note": None, "version": 1}


# the flows bench loads its tables and the demo accounts the same way
from tests.bench.bench_flows import bench_folders, insert, machine_text, screen_application, seed  # noqa: E402


def unit_people(engine, users: dict[str, str], other_offices: int) -> tuple[str, dict[str, dict]]:
    """The demo office (the clerk's) and `other_offices` more (Yuexiu's demo office, then Tianhe's
    next ones): office -> {secretary, head, reviewer, staff}. The demo office's are the demo
    accounts (the clerk among the staff); the others' are users made here (a copy of the demo
    secretary's row under another id, name, role and unit: whatever columns app_user has)."""
    import sqlalchemy as sa

    from client.kernel.models import AppUser, Office
    from client.kernel.roles import Role, format_roles

    t = AppUser.__table__
    with engine.connect() as conn:
        template = dict(conn.execute(sa.select(t).where(t.c.id == users["secretary"])).mappings().one())
        offices = [tuple(r) for r in conn.execute(sa.select(Office.code, Office.district_code).order_by(Office.code))]
    home = template["office_code"]
    staff = [users[u] for u in ("clerk", "reviewer", "inspector", "inspector2", "inspector3", "card", "certifier",
                                "certifier2") if u in users]
    people = {home: {"secretary": users["secretary"], "head": users["head"], "reviewer": users["reviewer"],
                     "staff": staff}}
    yuexiu = next(code for code, district in offices if district == "440104")
    others = [yuexiu] + [code for code, district in offices if district == home[:6] and code != home]
    rows = []

    def user(username: str, name: str, role: Role, office: str, district: str) -> str:
        uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-documents:{username}"))
        rows.append({**template, "id": uid, "username": username, "full_name": name, "roles": format_roles({role}),
                     "office_code": office, "district_code": district})
        return uid

    district_of = dict(offices)
    for office in others[:other_offices]:
        d = district_of[office]
        people[office] = {"secretary": user(f"bd-sec-{office}", "文书", Role.SECRETARY, office, d),
                          "head": user(f"bd-head-{office}", "所长", Role.OFFICE_HEAD, office, d),
                          "reviewer": user(f"bd-rev-{office}", "核稿人", Role.REVIEWER, office, d),
                          "staff": [user(f"bd-s{k}-{office}", f"干部{k}", Role.CLERK, office, d) for k in range(4)]}
    with engine.begin() as conn:
        insert(conn, t, rows)
    return home, people


def load(engine, users: dict[str, str], *, documents: int, outgoing: int, others: int, years: float, seed_: int,
         now: dt.datetime, other_offices: int = 4) -> dict:
    """The rows described in the module's text, inserted 5,000 documents at a time (with their
    instances and tasks). Returns counts and what the cases search for."""
    import sqlalchemy as sa

    from client.documents import rules
    from client.documents.models import OfficialDocument
    from client.flows.models import FlowInstance, FlowTask
    from client.kernel.models import District, Office

    home, people = unit_people(engine, users, other_offices if others else 0)
    with engine.connect() as conn:
        office_short, office_name, district = conn.execute(
            sa.select(Office.short_name, Office.name, Office.district_code).where(Office.code == home)).one()
        district_short = conn.scalar(sa.select(District.short_name).where(District.code == district))
    prefix = rules.number_prefix(district_short, office_short)
    maker = DocMaker(seed_, now)
    other_units = [o for o in people if o != home]
    # one stream in time order, so that the senders' serials increase with the dates
    plan = [(at, "in", home) for at in maker.registered_times(documents, years)]
    plan += [(at, "out", home) for at in maker.registered_times(outgoing, years)]
    plan += [(at, "in", maker.rng.choice(other_units)) for at in maker.registered_times(others, years)] \
        if other_units else []
    plan.sort()
    counts = {"documents": 0, "incoming_home": 0, "outgoing_home": 0, "incoming_other_units": 0, "instances": 0,
              "tasks": 0, "classified_home": 0, "running_home": 0, "open_tasks": 0, "overdue_open_tasks": 0}
    today = beijing_day(now)
    number = ""
    doc_t, inst_t, task_t = OfficialDocument.__table__, FlowInstance.__table__, FlowTask.__table__
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # the random keys' index pages in memory while loading (measured later on new
            # connections, with the program's own cache size)
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        for start in range(0, len(plan), 5000):
            docs, instances, tasks = [], [], []
            for at, direction, office in plan[start:start + 5000]:
                d = office[:6]
                if direction == "in":
                    doc, instance, its = maker.incoming(office=office, district=d, people=people[office], at=at)
                else:
                    doc, instance, its = maker.outgoing(office=office, district=d, people=people[office],
                                                        prefix=prefix, sender=office_name, at=at)
                docs.append(doc)
                instances.append(instance)
                tasks.extend(its)
                if office == home and direction == "in":
                    counts["incoming_home"] += 1
                    counts["classified_home"] += doc["classification"] != "none"
                    counts["running_home"] += doc["finished_at"] is None
                    if counts["incoming_home"] == max(1, documents // 2):
                        number = doc["doc_number"]  # the number searched: a document of two years ago
                elif office == home:
                    counts["outgoing_home"] += 1
                else:
                    counts["incoming_other_units"] += 1
                opened = [x for x in its if x["state"] == "open"]
                counts["open_tasks"] += len(opened)
                counts["overdue_open_tasks"] += sum(1 for x in opened if x["due_on"] and x["due_on"] < today)
            insert(conn, doc_t, docs)
            insert(conn, inst_t, instances)
            insert(conn, task_t, tasks)
            counts["documents"] += len(docs)
            counts["instances"] += len(instances)
            counts["tasks"] += len(tasks)
    return {**counts, "office_code": home, "number_searched": number}


# --- measuring -----------------------------------------------------------------------------------------------


def cases(number: str) -> dict:
    """name -> (DocumentFilter, where the page starts: 0 or "last")."""
    from client.documents.queries import DocumentFilter

    return {
        "first_page": (DocumentFilter(direction="in"), 0),
        "title_word_common": (DocumentFilter(direction="in", words=COMMON_WORD), 0),
        "title_word_rare": (DocumentFilter(direction="in", words=RARE_WORD), 0),
        "number": (DocumentFilter(direction="in", number=number), 0),
        "overdue_only": (DocumentFilter(direction="in", overdue_only=True), 0),
        "last_page": (DocumentFilter(direction="in"), "last"),
    }


def evict(paths: list[Path]) -> None:
    """Drop these files' pages from the OS page cache (only theirs): the next read comes from disk,
    as on a workstation whose store was not read since it started."""
    for path in paths:
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


class StatementLog:
    """The statements one call runs (text and parameters), caught on the engine."""

    def __init__(self, engine):
        import sqlalchemy as sa

        self.engine, self.statements, self.on = engine, [], False
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if self.on:
            self.statements.append((statement, parameters))

    def catch(self, fn):
        self.statements, self.on = [], True
        try:
            fn()
        finally:
            self.on = False
        return list(self.statements)


def statement_figures(engine, statements, runs: int) -> list[dict]:
    """Each statement run alone (all rows fetched), the median of `runs` after one, and its plan."""
    out = []
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        for statement, parameters in statements:
            def run():
                return conn.exec_driver_sql(statement, parameters).fetchall()

            if runs > 1:
                run()
            samples, cpu = [], []
            for _ in range(runs):
                t, c = time.perf_counter(), time.thread_time()
                rows = run()
                samples.append(time.perf_counter() - t)
                cpu.append(time.thread_time() - c)
            explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
            plan = conn.exec_driver_sql(explain + statement, parameters).fetchall()
            plan = [r[0] for r in plan] if postgres else [f"{r[1]}:{r[3]}" for r in plan]
            kind = "count" if "count(" in statement.lower() else \
                "earliest_due" if "min(flow_task.due_on)" in statement.lower() else "page"
            out.append({"kind": kind, "median_ms": ms(statistics.median(samples)),
                        "cpu_median_ms": ms(statistics.median(cpu)), "rows": len(rows),
                        "sql": " ".join(statement.split()), "plan": plan})
            conn.rollback()
    return out


def principal_of(sessions, user_id: str):
    from client.kernel.uow import UnitOfWork

    with UnitOfWork(sessions) as uow:
        return uow.principal(user_id)


def measure(open_sessions, close, files: list[Path], principals: dict, number: str, runs: int,
            profile_dir: Path | None, label: str) -> dict:
    """Every case for every principal: the cold call (store closed, its files out of the page
    cache, a new connection), then `runs` after one warm-up; and each statement alone, with its plan.
    `open_sessions()` -> (engine, sessions); `close()` disposes them."""
    from client.documents.queries import PAGE, document_list

    out: dict = {}
    for who, user_id in principals.items():
        engine, sessions = open_sessions()
        principal = principal_of(sessions, user_id)
        close()
        results: dict = {}
        last_offset = 0
        for case, (flt, offset) in cases(number).items():
            off = last_offset if offset == "last" else offset

            def call(f=flt, o=off):
                with sessions() as session:  # as sync.reads.SessionRunner runs a screen's read
                    return document_list(session, principal, f, offset=o)

            evict(files)
            engine, sessions = open_sessions()
            with no_automatic_gc():
                t = time.perf_counter()
                page = call()
                cold = time.perf_counter() - t
                # a call of many seconds is timed once more, warm, not five times: its figure
                # says what it needs to (a 25 s query would keep the bench busy for minutes)
                repeat = runs if cold < SLOW_S else 1
                samples, cpu = [], []
                if repeat > 1:
                    call()  # the warm-up
                for _ in range(repeat):
                    gc.collect()
                    t, c = time.perf_counter(), time.thread_time()
                    page = call()
                    samples.append(time.perf_counter() - t)
                    cpu.append(time.thread_time() - c)
            if case == "first_page":
                last_offset = max(0, (page.total - 1) // PAGE * PAGE)
            log = StatementLog(engine)
            statements = statement_figures(engine, log.catch(call), repeat)
            results[case] = {**figures(samples), "cpu_median_ms": ms(statistics.median(cpu)), "cold_ms": ms(cold),
                             "total": page.total, "rows": len(page.rows), "offset": off,
                             "overdue_rows": sum(1 for r in page.rows if r.overdue), "statements": statements}
            if repeat < runs:
                results[case]["note"] = f"the cold call took over {SLOW_S} s: timed once more, warm"
            if profile_dir is not None:
                profile(profile_dir, f"{label}_{who}_{case}", call)
            print(f"  {label} {who:<8} {case:<18} median {results[case]['median_ms']:8.1f} ms  cold "
                  f"{results[case]['cold_ms']:8.1f} ms  total {page.total:>7,}  rows {len(page.rows)}", flush=True)
            close()
        out[who] = results
    return out


def profile(profile_dir: Path, name: str, fn) -> None:
    import pstats

    profile_dir.mkdir(parents=True, exist_ok=True)
    prof = cProfile.Profile()
    prof.runcall(fn)
    path = profile_dir / f"{name}.prof"
    prof.dump_stats(path)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(12)


def sqlite_part(args, work: Path) -> dict:
    from client.kernel.clock import utcnow
    from client.kernel.models import AppUser
    from sync.local_store import open_local_store

    import sqlalchemy as sa

    path = Path(args.url) if args.url else work / "store.db"
    loaded = None
    if not args.url:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        t = time.perf_counter()
        store = open_local_store(path)
        users = seed(store.write_sessions)
        # a replica holds its own office's documents only (client/documents registers them with
        # own_scope): the other units' go into the store only when asked
        others = args.others if args.others_in_store else 0
        loaded = load(store.write_engine, users, documents=args.documents, outgoing=args.outgoing, others=others,
                      years=args.years, seed_=args.seed, now=utcnow())
        store.refresh_statistics(utcnow())  # as the workstation does after a pull that brought rows
        store.dispose()  # the last connection closed checkpoints the WAL into the file
        loaded.update(seconds=round(time.perf_counter() - t, 1), db_mb=round(path.stat().st_size / 2**20, 1))
        (work / "store.json").write_text(json.dumps(loaded, ensure_ascii=False))
        print(f"  local store: {loaded['documents']:,} documents, {loaded['tasks']:,} tasks in {loaded['seconds']} s "
              f"({loaded['db_mb']} MB)", flush=True)
    elif (path.parent / "store.json").exists():
        loaded = json.loads((path.parent / "store.json").read_text())
    store = open_local_store(path)
    with store.engine.connect() as conn:
        users = dict(conn.execute(sa.select(AppUser.username, AppUser.id)
                                  .where(AppUser.username.in_(("clerk", "head")))).all())
        number = loaded["number_searched"] if loaded else ""
    store.dispose()
    holder: dict = {}

    def open_sessions():
        holder["store"] = open_local_store(path)
        return holder["store"].engine, holder["store"].sessions

    def close():
        holder.pop("store").dispose()

    files = [path, Path(f"{path}-wal")]
    out = {"load": loaded, "path": str(path),
           "cases": measure(open_sessions, close, files, {"clerk": users["clerk"], "head": users["head"]}, number,
                            args.runs, args.profile, "sqlite")}
    return out


def postgresql_part(args, work: Path) -> dict:
    """The same rows in a throwaway cluster; the district head (as the centre answers him) and the
    office head."""
    from client.db.engine import make_engine, make_session_factory
    from client.db.migrate import upgrade
    from client.kernel.clock import utcnow
    from tests.pgcluster import PgCluster

    cluster = PgCluster.on_disk(work)
    try:
        url = cluster.url(cluster.create_database("documents"))
        t = time.perf_counter()
        upgrade(url)
        engine = make_engine(url)
        users = seed(make_session_factory(engine))
        loaded = load(engine, users, documents=args.documents, outgoing=args.outgoing, others=args.others,
                      years=args.years, seed_=args.seed, now=utcnow())
        # what autovacuum has done on a centre that has been running: the statistics, and the
        # visibility map (index-only scans read no heap where it is set)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
        loaded["seconds"] = round(time.perf_counter() - t, 1)
        print(f"  postgresql: {loaded['documents']:,} documents, {loaded['tasks']:,} tasks in {loaded['seconds']} s",
              flush=True)
        holder: dict = {}

        def open_sessions():
            holder["engine"] = make_engine(url)
            return holder["engine"], make_session_factory(holder["engine"])

        def close():
            holder.pop("engine").dispose()

        # the cluster's files are not evicted (shared_buffers would keep them anyway): its cold
        # figure is a new connection's first call
        cases_ = measure(open_sessions, close, [], {"district_head": users["dhead"], "head": users["head"]},
                         loaded["number_searched"], args.runs, args.profile, "postgresql")
        return {"load": loaded, "cases": cases_}
    finally:
        cluster.destroy()


def screen_part(path: Path, runs: int) -> dict:
    """The incoming list's screen (widgets.documents.document_screen.IncomingScreen) offscreen on
    the SQLite store, as the clerk, reading through the app context as the program reads (the
    reader pool): built and shown, asked → the rows in the model (its page shown), the rows
    painted; and the model's fill alone (the GUI thread's part). The first screen of the process
    (imports, the first statements) is reported apart."""
    try:
        from widgets.documents.document_screen import IncomingScreen
    except ImportError as exc:
        return {"skipped": f"widgets.documents.document_screen.IncomingScreen not importable: {exc}"}
    import sqlalchemy as sa
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QThreadPool, QTimer

    from client.documents.queries import DocumentFilter, document_list
    from client.kernel.bus import CommandBus
    from client.kernel.models import AppUser
    from client.settings import Settings
    from sync.local_store import open_local_store
    from sync.reads import Reads, SessionRunner
    from widgets.app_context import AppContext
    from widgets.common import collector

    app, collect = screen_application()
    store = open_local_store(path)
    try:
        with store.engine.connect() as conn:
            clerk = conn.scalar(sa.select(AppUser.id).where(AppUser.username == "clerk"))
        principal = principal_of(store.sessions, clerk)
        # the bench never steps: the context only subscribes to the bus
        ctx = AppContext(reads=Reads(SessionRunner(store.sessions)), bus=CommandBus(store.write_sessions),
                         settings=Settings(), database_label="SQLite 本地库", principal=principal)
        built, shown, painted, rows = [], [], [], 0
        first = None
        for run in range(runs + 1):
            loop = QEventLoop()
            t0 = time.perf_counter()
            screen = IncomingScreen(ctx)  # its start() asks for the list on the reader pool
            original, t = screen._show_page, {}

            def show_page(page, original=original, t=t, loop=loop):
                original(page)
                t["shown"] = time.perf_counter()
                loop.quit()

            screen._show_page = show_page  # the read's answer arrives through the event loop, after this
            screen.resize(1280, 800)
            screen.show()
            t_built = time.perf_counter()
            QTimer.singleShot(120_000, loop.quit)
            loop.exec()
            assert "shown" in t, "the incoming list did not load"
            screen.repaint()
            app.processEvents()
            t_painted = time.perf_counter()
            rows = screen.model.rowCount()
            assert rows, "the incoming list is empty"
            if run == 0:
                first = {"built_ms": ms(t_built - t0), "rows_in_model_ms": ms(t["shown"] - t0),
                         "rows_painted_ms": ms(t_painted - t0)}
            else:
                built.append(t_built - t0)
                shown.append(t["shown"] - t0)
                painted.append(t_painted - t0)
            QThreadPool.globalInstance().waitForDone()
            app.processEvents()
            screen.close()
            screen.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            collector.collect_due(collect.threshold)  # the collector's tick between two openings
        with store.sessions() as session:
            page = document_list(session, principal, DocumentFilter(direction="in"))
        screen = IncomingScreen(ctx)
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        fill = []
        for _ in range(runs):
            t = time.perf_counter()
            screen._show_page(page)
            fill.append(time.perf_counter() - t)
        screen.close()
        screen.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        QThreadPool.globalInstance().waitForDone()
        store.dispose()
        collect.timer.stop()
        gc.unfreeze()
        gc.enable()
    return {"rows": rows, "first": first, "built": figures(built), "rows_in_model": figures(shown),
            "rows_painted": figures(painted), "model_fill": figures(fill)}


# --- the report ------------------------------------------------------------------------------------------------


def report(results: dict) -> None:
    print(f"\n{'dialect':<11} {'who':<14} {'case':<19} {'total':>8} {'cold ms':>9} {'median ms':>10} {'cpu ms':>8} "
          f"{'min':>8} {'max':>8}  statements (median ms)")
    for dialect in ("sqlite", "postgresql"):
        part = results.get(dialect)
        if not part or "cases" not in part:
            continue
        for who, by_case in part["cases"].items():
            for case, f in by_case.items():
                parts = " ".join(f"{s['kind']} {s['median_ms']:.1f}" for s in f["statements"])
                print(f"{dialect:<11} {who:<14} {case:<19} {f['total']:>8,} {f['cold_ms']:>9.1f} "
                      f"{f['median_ms']:>10.1f} {f['cpu_median_ms']:>8.1f} {f['min_ms']:>8.1f} {f['max_ms']:>8.1f}  "
                      f"{parts}")
    for dialect in ("sqlite", "postgresql"):
        load_ = (results.get(dialect) or {}).get("load")
        if load_:
            print(f"{dialect}: {load_['documents']:,} documents ({load_['incoming_home']:,} incoming of the office, "
                  f"{load_['classified_home']:,} classified, {load_['running_home']:,} running), "
                  f"{load_['tasks']:,} tasks ({load_['overdue_open_tasks']:,} open overdue), loaded in "
                  f"{load_.get('seconds')} s")
    screen = results.get("screen", {})
    if "skipped" in screen:
        print(f"screen: skipped ({screen['skipped']})")
    elif screen:
        print(f"screen (clerk, {screen['rows']} rows, median of {screen['built']['n']}): built "
              f"{screen['built']['median_ms']:.1f} ms, asked → rows in the model "
              f"{screen['rows_in_model']['median_ms']:.1f} ms, → painted {screen['rows_painted']['median_ms']:.1f} ms; "
              f"model fill alone {screen['model_fill']['median_ms']:.1f} ms; first screen of the process: rows "
              f"painted {screen['first']['rows_painted_ms']:.1f} ms")
    print(machine_text(results["machine"]))
    print(f"target < {TARGET_MS} ms (median), met: {results['met']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=100_000, help="incoming documents of the office (100,000)")
    ap.add_argument("--outgoing", type=int, default=3_000, help="outgoing documents of the office (3,000)")
    ap.add_argument("--others", type=int, default=6_000,
                    help="incoming documents of four other offices (6,000), on PostgreSQL (the centre)")
    ap.add_argument("--others-in-store", action="store_true",
                    help="the other offices' documents in the SQLite store too (a replica never has them)")
    ap.add_argument("--years", type=float, default=4.0, help="registered over the last N years (4)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each case after one warm-up (5)")
    ap.add_argument("--dialect", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--url", help="a store loaded before (its path): measure it, no load")
    ap.add_argument("--no-screen", action="store_true")
    ap.add_argument("--profile", type=Path, help="cProfile of each case into this folder")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/hongdun-bench-documents"))
    args = ap.parse_args(argv)
    work = args.workdir
    bench_folders(work)

    started, load_before = time.perf_counter(), os.getloadavg()
    results: dict = {"sizes": {"documents": args.documents, "outgoing": args.outgoing, "others": args.others,
                               "others_in_store": args.others_in_store, "years": args.years, "runs": args.runs}}
    if args.dialect in ("sqlite", "both"):
        print(f"sqlite: the workstation's store, {args.documents:,} incoming documents of the office …", flush=True)
        results["sqlite"] = sqlite_part(args, work)
    if args.dialect in ("postgresql", "both"):
        print("postgresql: the centre …", flush=True)
        results["postgresql"] = postgresql_part(args, work)
    if args.no_screen or "sqlite" not in results:
        results["screen"] = {"skipped": "--no-screen" if args.no_screen else "the screen reads the SQLite store"}
    else:
        print("the incoming-list screen …", flush=True)
        results["screen"] = screen_part(Path(results["sqlite"]["path"]), args.runs)
    met = {}
    for dialect in ("sqlite", "postgresql"):
        for who, by_case in (results.get(dialect) or {}).get("cases", {}).items():
            met[f"{dialect}_{who}"] = max(f["median_ms"] for f in by_case.values()) < TARGET_MS
    if "rows_painted" in results["screen"]:
        met["screen"] = results["screen"]["rows_painted"]["median_ms"] < TARGET_MS
    results.update(target_ms=TARGET_MS, met=met, seconds=round(time.perf_counter() - started, 1),
                   machine={"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
                   when=time.strftime("%Y-%m-%d %H:%M:%S"))
    report(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "documents.json").write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(f"written {RESULTS / 'documents.json'} ({results['seconds']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
