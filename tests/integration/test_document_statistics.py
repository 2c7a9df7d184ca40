"""收发文统计 on SQLite and on PostgreSQL: a year of documents made through the bus at chosen
instants (so every step takes a known number of minutes), then the counts by unit, direction,
密级, 紧急程度 and month, each step's average and P90 against figures computed here from the
minutes chosen, the overdue counts after deadlines are moved in the database, who sees what
(an office head only his office), the Beijing-date edge of the year, and the same figures in
the workbook (its sheet XML) and in the PDF report (pdftotext)."""
from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import zipfile
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from client.documents import statistics as ds
from client.documents import queries as dq
from client.documents import stats_report
from client.documents.checks import Draft, Incoming
from client.documents.commands import InstructIncoming, SignOutgoing, draft_command, register_command
from client.documents.models import OfficialDocument
from client.flows.commands import ApproveTask
from client.flows.engine import TaskState
from client.flows.models import FlowTask
from client.kernel.clock import CHINA_TZ, beijing_date, beijing_today
from client.kernel.reference import offices_of
from client.kernel.types import new_id

TIANHE, YUEXIU = offices_of("440106")[0], offices_of("440104")[0]
#: last year: every day of it is in the past, whatever today is
YEAR = beijing_today().year - 1

#: the minutes each step of the year's documents takes (the test's own record of them)
PROPOSE = [5, 12, 30, 45, 60, 90, 120, 200, 240, 30 * 24 * 60]  # 拟办 of incoming 1–10; 11, 12 wait
INSTRUCT = [60, 120, 180, 240, 30, 15, 600]  # 批示 of incoming 1–7 (1–3 name two 承办人; 4–7 阅知)
UNDERTAKE = [(1440, 2880), (300, 60), (720, None)]  # 承办 by clerk and reviewer (None: still open)
#: the classified one, open at 批示; the one whose 拟办 is open (both made overdue below)
SECRET_INDEX, WAITING_INDEX = 7, 10


#: tests whose SQL the counting tests already run on PostgreSQL too: SQLite only, to keep the suite short
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def p90(values: list[int]) -> int:
    """Nearest rank: the least value that at least 90 % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = YEAR) -> dt.datetime:
    """A Beijing wall-clock time as the UTC instant commands carry."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ).astimezone(dt.timezone.utc)


def ok(central, command):
    out = central.bus.dispatch(command)
    assert out.ok, out.message
    return out


def detail(central, user, doc_id):
    with central.sessions() as s:
        return dq.document_detail(s, central.principal(user), doc_id)


def approve(central, user, doc_id, when):
    d = detail(central, user, doc_id)
    assert d.my_task_id, f"{user} has nothing to do on {d.title} ({d.state_label})"
    ok(central, ApproveTask(user_id=central.users[user], task_id=d.my_task_id, base_version=d.my_task_version,
                            opinion="同意", issued_at=when))


@dataclass
class Year:
    """What was made: document ids by name, and the minutes each step took."""

    incoming: list[str] = field(default_factory=list)
    outgoing: dict[str, str] = field(default_factory=dict)
    distributed: str | None = None  # the Yuexiu office's incoming copy of "issued"


def register(central, when: dt.datetime, n: int, *, classification="none", years=None, urgency="normal",
             user="secretary") -> str:
    doc = Incoming(sender="广州市市场监督管理局", doc_number=f"穗市监〔{when.year}〕{n + 1}号",
                   # (the sixth a 函: its 文种 is its title's ending, nobody chose it)
                   title=f"关于第{n + 1}项工作的{'函' if n == 5 else '通知'}", classification=classification,
                   secret_years=years,
                   urgency=urgency, received_on=beijing_date(when), page_count=2)
    cmd = register_command(doc, document_id=new_id(), today=beijing_date(when), user_id=central.users[user],
                           issued_at=when)
    ok(central, cmd)
    return cmd.document_id


def draft(central, when: dt.datetime, title: str, *, cosigners=()) -> str:
    d = Draft(title=title, body="各科室：\n现将有关事项通知如下。\n一、工作要求\n按时完成。",
              main_to=[{"code": YUEXIU.code, "name": YUEXIU.name}], urgency="urgent")
    cmd = draft_command(d, document_id=new_id(), cosigners=tuple(central.users[u] for u in cosigners),
                        user_id=central.users["clerk"], issued_at=when)
    ok(central, cmd)
    return cmd.document_id


def sign(central, doc_id, when):
    s = detail(central, "head", doc_id)
    ok(central, SignOutgoing(user_id=central.users["head"], document_id=doc_id, task_id=s.my_task_id,
                             base_version=s.my_task_version, approve=True, opinion="同意", issued_at=when))


def make_year(central) -> Year:
    made = Year()
    # incoming: one a month, received on the 10th at 09:00
    for i in range(12):
        start = at(i + 1, 10)
        secret = i == SECRET_INDEX
        made.incoming.append(register(central, start, i, classification="secret" if secret else "none",
                                      years=10 if secret else None, urgency="top" if i % 4 == 0 else "normal"))
    for i, minutes in enumerate(PROPOSE):
        approve(central, "secretary", made.incoming[i], at(i + 1, 10) + dt.timedelta(minutes=minutes))
    for i, minutes in enumerate(INSTRUCT):
        opened = at(i + 1, 10) + dt.timedelta(minutes=PROPOSE[i])
        h = detail(central, "head", made.incoming[i])
        ok(central, InstructIncoming(
            user_id=central.users["head"], document_id=made.incoming[i], task_id=h.my_task_id,
            base_version=h.my_task_version, opinion="请办理" if i < len(UNDERTAKE) else "阅知",
            undertakers=(central.users["clerk"], central.users["reviewer"]) if i < len(UNDERTAKE) else (),
            issued_at=opened + dt.timedelta(minutes=minutes)))
    for i, pair in enumerate(UNDERTAKE):
        opened = at(i + 1, 10) + dt.timedelta(minutes=PROPOSE[i] + INSTRUCT[i])
        for user, minutes in zip(("clerk", "reviewer"), pair):
            if minutes is not None:
                approve(central, user, made.incoming[i], opened + dt.timedelta(minutes=minutes))

    # outgoing: one issued in May (and so received by the Yuexiu office), one at 编号 since
    # September, one drafted at 23:50 on 31 December (Beijing: still this year) and one ten
    # minutes after midnight (next year)
    issued = made.outgoing["issued"] = draft(central, at(5, 6, 10), "关于开展食品安全检查的通知")
    when = at(5, 6, 10)
    for user, minutes in (("clerk", 60), ("reviewer", 240)):
        when += dt.timedelta(minutes=minutes)
        approve(central, user, issued, when)
    when += dt.timedelta(minutes=1440)
    sign(central, issued, when)
    for _step in ("编号", "用印", "分发"):
        when += dt.timedelta(minutes=20)
        approve(central, "secretary", issued, when)
    made.distributed = _arrived(central, issued)

    numbering = made.outgoing["numbering"] = draft(central, at(9, 2, 14), "关于召开季度工作会议的通知",
                                                   cosigners=("head2",))
    when = at(9, 2, 14)
    for user, minutes in (("clerk", 30), ("reviewer", 90), ("head2", 600)):
        when += dt.timedelta(minutes=minutes)
        approve(central, user, numbering, when)
    sign(central, numbering, when + dt.timedelta(minutes=120))
    made.outgoing["late_night"] = draft(central, at(12, 31, 23, 50), "关于做好元旦值班工作的通知")
    made.outgoing["next_year"] = draft(central, at(1, 1, 0, 10, year=YEAR + 1), "关于新年度工作安排的通知")
    return made


def _arrived(central, original: str) -> str:
    with central.sessions() as s:
        return s.scalar(sa.select(OfficialDocument.id).where(OfficialDocument.source_id == original))


#: the steps' minutes as chosen above (incoming, then outgoing)
EXPECTED_MINUTES = {
    ("documents.incoming", "propose"): PROPOSE,
    ("documents.incoming", "instruct"): INSTRUCT,
    ("documents.incoming", "undertake"): [m for pair in UNDERTAKE for m in pair if m is not None],
    ("documents.outgoing", "draft"): [60, 30],
    ("documents.outgoing", "review"): [240, 90],
    ("documents.outgoing", "cosign"): [600],
    ("documents.outgoing", "sign"): [1440, 120],
    ("documents.outgoing", "number"): [20],
    ("documents.outgoing", "seal"): [20],
    ("documents.outgoing", "distribute"): [20],
}


def statistics(central, user, **kwargs) -> ds.DocumentStatistics:
    with central.sessions() as s:
        return ds.document_statistics(s, central.principal(user), YEAR, **kwargs)


def overdue_scene(central, made: Year) -> dt.date:
    """Every open step's deadline a month ahead, but the classified document's 批示 three days
    past and the waiting one's 拟办 one day past; returns today."""
    today = beijing_today()
    with central.sessions() as s, s.begin():
        s.execute(sa.update(FlowTask).where(FlowTask.state == TaskState.OPEN)
                  .values(due_on=today + dt.timedelta(days=30)))
        for index, days in ((SECRET_INDEX, 3), (WAITING_INDEX, 1)):
            instance = s.scalar(sa.select(OfficialDocument.flow_instance_id)
                                .where(OfficialDocument.id == made.incoming[index]))
            s.execute(sa.update(FlowTask).where(FlowTask.instance_id == instance, FlowTask.state == TaskState.OPEN)
                      .values(due_on=today - dt.timedelta(days=days)))
    return today


@pytest.fixture
def year(central):
    made = make_year(central)
    overdue_scene(central, made)
    return made


def test_counts_by_unit_direction_kind_and_month(central, year):
    stats = statistics(central, "head")
    assert stats.unit_name == TIANHE.name and stats.year == YEAR
    assert [(u.office_name, u.incoming, u.outgoing) for u in stats.units] == [(TIANHE.name, 12, 3)]
    # 办结: incoming 2 (both 承办人 done) + 4–7 (阅知); outgoing: the one issued
    assert stats.units[0].finished == 2 + 4 + 1
    assert (stats.incoming, stats.outgoing) == (12, 3)
    months = {m.month: (m.incoming, m.outgoing) for m in stats.months}
    assert len(stats.months) == 12 and all(months[m][0] == 1 for m in range(1, 13))
    # the draft of 23:50 on 31 December is December's; the one ten minutes later next year's
    assert {m: o for m, (_i, o) in months.items() if o} == {5: 1, 9: 1, 12: 1}
    assert {k.label: (k.incoming, k.outgoing) for k in stats.doc_kinds} == {"通知": (11, 3), "函": (1, 0)}
    classes = {k.label: (k.incoming, k.outgoing) for k in stats.classifications}
    assert classes == {"普通": (11, 3), "秘密": (1, 0), "机密": (0, 0)}
    urgencies = {k.label: (k.incoming, k.outgoing) for k in stats.urgencies}
    assert urgencies == {"特急": (3, 0), "加急": (0, 3), "平急": (9, 0)}
    # next year holds the one drafted after midnight
    with central.sessions() as s:
        later = ds.document_statistics(s, central.principal("head"), YEAR + 1)
    assert (later.incoming, later.outgoing) == (0, 1)


def test_each_steps_average_and_p90_are_the_minutes_taken(central, year):
    stats = statistics(central, "head")
    steps = {(s.flow_key, s.node_key): s for s in stats.steps}
    assert set(steps) == set(EXPECTED_MINUTES)
    for key, minutes in EXPECTED_MINUTES.items():
        s = steps[key]
        assert s.decided == len(minutes), key
        assert s.average_minutes == pytest.approx(sum(minutes) / len(minutes)), key
        assert s.p90_minutes == p90(minutes), key
    assert steps[("documents.incoming", "propose")].p90_minutes == 240  # not the 30 days of the tenth
    # in the flows' order, incoming first
    assert [s.node_title for s in stats.steps] == ["拟办", "领导批示", "承办", "拟稿", "核稿", "会签", "签发", "编号",
                                                   "用印", "分发"]
    assert {s.direction for s in stats.steps[:3]} == {"in"} and {s.direction for s in stats.steps[3:]} == {"out"}
    # the 拟办 that took 30 days was late; nothing else was
    assert {k: s.decided_late for k, s in steps.items() if s.decided_late} == {("documents.incoming", "propose"): 1}


@SQLITE_ONLY
def test_overdue_counts_and_the_overdue_list(central, year):
    today = beijing_today()
    stats = statistics(central, "head")
    steps = {s.node_key: s for s in stats.steps}
    # open now: 拟办 of 11 and 12, 批示 of 8–10, the reviewer's 承办 of 3; 编号 of one, 拟稿 of the
    # one drafted on 31 December (the one of the next year is not counted)
    assert {k: (s.open, s.open_overdue) for k, s in steps.items() if s.open} == {
        "propose": (2, 1), "instruct": (3, 1), "undertake": (1, 0), "number": (1, 0), "draft": (1, 0)}
    assert stats.overdue_total == 2 and stats.units[0].overdue == 2
    assert [(o.steps, o.days_late, o.due_on) for o in stats.overdue] == [
        ("领导批示", 3, today - dt.timedelta(days=3)), ("拟办", 1, today - dt.timedelta(days=1))]
    secret = stats.overdue[0]
    assert (secret.title, secret.holders, secret.office_name) == ("关于第8项工作的通知", "黄国平", TIANHE.name)
    # the clerk counts it but does not see its title: the flow does not name him
    seen = statistics(central, "clerk")
    assert seen.overdue_total == 2 and seen.overdue[0].title == ds.CLASSIFIED_TITLE
    assert seen.overdue[1].title == "关于第11项工作的通知"


@SQLITE_ONLY
def test_each_reader_counts_his_jurisdiction(central, year):
    # the Yuexiu office: only the copy it received in May, its 拟办 open
    yuexiu = statistics(central, "head2")
    assert [(u.office_name, u.incoming, u.outgoing) for u in yuexiu.units] == [(YUEXIU.name, 1, 0)]
    assert {m.month: m.incoming for m in yuexiu.months if m.incoming} == {5: 1}
    assert [(s.node_key, s.decided, s.open) for s in yuexiu.steps] == [("propose", 0, 1)]
    assert all(o.office_name == YUEXIU.name for o in yuexiu.overdue)
    # the Tianhe district's head: Tianhe's office only (Yuexiu is another district)
    district = statistics(central, "dhead")
    assert district.unit_name == "天河分局" and [u.office_code for u in district.units] == [TIANHE.code]
    # the city: both, and narrowed to one office
    city = statistics(central, "city")
    assert city.unit_name == "全市"
    assert [(u.office_code, u.incoming, u.outgoing) for u in city.units] == sorted(
        [(TIANHE.code, 12, 3), (YUEXIU.code, 1, 0)])
    assert {m.month: m.incoming for m in city.months}[5] == 2
    narrowed = statistics(central, "city", office_code=YUEXIU.code)
    assert (narrowed.unit_name, narrowed.incoming, narrowed.outgoing) == (YUEXIU.name, 1, 0)
    # an office head asking for another office gets nothing of it
    other = statistics(central, "head", office_code=YUEXIU.code)
    assert (other.units, other.steps, other.overdue_total) == ((), (), 0)


@SQLITE_ONLY
def test_the_workbook_and_the_pdf_hold_the_figures(central, year, tmp_path):
    stats = statistics(central, "head")
    path = tmp_path / "stats.xlsx"
    stats_report.write_xlsx(stats, path)
    sheets = _sheets(path)
    assert list(sheets) == ["按单位", "按月份", "按文种、密级和紧急程度", "办理环节", "超期文件"]
    assert sheets["按单位"][1][:4] == ["单位", "收文", "发文", "合计"]
    assert sheets["按单位"][2][:4] == [TIANHE.name, "12", "3", "15"]
    assert sheets["按月份"][2 + 4] == ["5月", "1", "1", "2"]
    assert sheets["按月份"][-1] == ["合计", "12", "3", "15"]
    steps = {row[1]: row for row in sheets["办理环节"][2:]}
    propose = steps["拟办"]
    assert propose[2] == "10" and float(propose[3]) == pytest.approx(sum(PROPOSE) / 10 / 60, abs=0.01)
    assert float(propose[4]) == pytest.approx(4.0)  # 240 minutes
    assert sheets["超期文件"][2][2] == "关于第8项工作的通知"

    pdf = tmp_path / "stats.pdf"
    pdf.write_bytes(stats_report.statistics_pdf(stats))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"{YEAR}年收发文统计" in text and TIANHE.name in text
    assert re.search(rf"{re.escape(TIANHE.name)}\s+12\s+3\s+15", text)
    assert re.search(r"拟办\s+10\s+" + re.escape(f"{sum(PROPOSE) / 10 / 60:.1f}") + r"\s+4\.0", text)
    assert re.search(r"5月\s+1\s+1\s+2", text)
    assert "关于第8项工作的通知" in text
    info = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = info.splitlines()[2:]
    assert fonts and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts), info  # all embedded


def _sheets(path) -> dict[str, list[list[str]]]:
    """Each sheet's rows as text (numbers as written), read from the workbook's XML; the
    workbook is written in constant-memory mode, so its strings are inline."""
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        names = re.findall(r'<sheet name="([^"]+)"', workbook)
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            shared = [re.sub(r"<[^>]+>", "", s) for s in
                      re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode("utf-8"))]
        out = {}
        for i, name in enumerate(names, start=1):
            xml = book.read(f"xl/worksheets/sheet{i}.xml").decode("utf-8")
            rows: list[list[str]] = []
            for number, row_xml in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', xml):
                while len(rows) < int(number) - 1:
                    rows.append([])  # a row with nothing written is not in the XML
                cells = []
                for attrs, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row_xml):
                    column = re.search(r'r="([A-Z]+)\d+"', attrs)[1]
                    index = sum((ord(ch) - 64) * 26 ** k for k, ch in enumerate(reversed(column))) - 1
                    while len(cells) < index:
                        cells.append("")
                    if 't="s"' in attrs:
                        cells.append(shared[int(re.search(r"<v>(.*?)</v>", body)[1])])
                    elif 't="inlineStr"' in attrs:
                        cells.append(re.sub(r"<[^>]+>", "", body))
                    else:
                        value = re.search(r"<v>(.*?)</v>", body or "")
                        cells.append(value[1] if value else "")
                rows.append(cells)
            out[name] = rows
    return out
