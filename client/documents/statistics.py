"""收发文统计: a year's official documents in the reader's jurisdiction, counted by unit, by
direction (收文/发文), 密级, 紧急程度 and month; the time each step of their flows took (件数,
average, P90, late); and the documents overdue now.

Which year a document belongs to: an incoming one by its 收文日期 (`received_on`, the date the
unit put on it, which is what its register is kept by); an outgoing one by its drafting day
(`created_at` as a Beijing date), not by `signed_on`: a draft refused or still at 核稿 has no
成文日期 yet, and it is work of the year all the same. The document list filters by the same
days, so the figures and the list agree.

Every figure is of the year's documents: the steps are their tasks (whenever decided), and
"overdue now" their open steps past the deadline today. Counts are of every document the
reader's jurisdiction covers, classified ones included (a number says nothing of a content);
the overdue list names a classified document only to those who may read it (access.py).

The counting is SQL, one GROUP BY per table with one CASE column a month (no date functions:
SQLite and PostgreSQL differ in them), and P90 by the nearest rank over a histogram of minutes
with running sums (a window function both databases run), as client/flows/statistics.py does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from client.documents import access
from client.documents.flows import INCOMING, OUTGOING
from client.documents.models import OfficialDocument
from client.documents.rules import Classification, Direction, DocKind, Urgency
from client.flows import service as flow_service
from client.flows.engine import APPROVE, TaskState
from client.flows.models import FlowTask
from client.flows.statistics import step_times
from client.kernel import reference
from client.kernel.clock import beijing_today, start_of_beijing_day
from client.kernel.models import AppUser
from client.kernel.numbers import PENDING
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal

FLOWS = (INCOMING, OUTGOING)
DIRECTION_OF_FLOW = {INCOMING: Direction.INCOMING.code, OUTGOING: Direction.OUTGOING.code}
#: the overdue documents listed (the count is of all of them)
OVERDUE_LIMIT = 200
#: what the overdue list says instead of a title the reader may not see
CLASSIFIED_TITLE = "（涉密文件）"


@dataclass(frozen=True)
class UnitLine:
    office_code: str
    office_name: str
    incoming: int
    outgoing: int
    #: 办结 / 已分发 / 不予办理 / 不予发文
    finished: int
    #: documents with a step past its deadline now
    overdue: int

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


@dataclass(frozen=True)
class MonthLine:
    month: int  # 1–12
    incoming: int
    outgoing: int


@dataclass(frozen=True)
class KindLine:
    """One 密级 or 紧急程度."""

    code: str
    label: str
    incoming: int
    outgoing: int


@dataclass(frozen=True)
class StepLine:
    """One step of the incoming or outgoing flow."""

    direction: str
    flow_key: str
    node_key: str
    node_title: str
    #: tasks decided (同意, 不同意, 退回), and the minutes they took
    decided: int
    average_minutes: float
    p90_minutes: int
    #: decided after their deadline
    decided_late: int
    #: open now, and of them past their deadline
    open: int
    open_overdue: int


@dataclass(frozen=True)
class OverdueLine:
    document_id: str
    direction: str
    doc_number: str
    #: CLASSIFIED_TITLE for a classified document the reader may not open
    title: str
    office_name: str
    #: the steps past due (承办) and who holds them
    steps: str
    holders: str
    due_on: dt.date
    days_late: int


@dataclass(frozen=True)
class DocumentStatistics:
    year: int
    #: the unit counted: an office, or None for the reader's whole jurisdiction
    office_code: str | None
    unit_name: str
    today: dt.date
    units: tuple[UnitLine, ...]
    months: tuple[MonthLine, ...]  # all twelve
    #: 文种 (rules.DocKind): those that occur
    doc_kinds: tuple[KindLine, ...]
    classifications: tuple[KindLine, ...]
    urgencies: tuple[KindLine, ...]
    steps: tuple[StepLine, ...]  # incoming flow first, each in its flow's order
    overdue: tuple[OverdueLine, ...]  # the first OVERDUE_LIMIT, longest late first
    overdue_total: int

    @property
    def incoming(self) -> int:
        return sum(u.incoming for u in self.units)

    @property
    def outgoing(self) -> int:
        return sum(u.outgoing for u in self.units)

    @property
    def finished(self) -> int:
        return sum(u.finished for u in self.units)


# --- the year and the unit --------------------------------------------------------------------------


def _month_starts(year: int) -> list[dt.date]:
    """1 January … 1 January of the next year (13 days)."""
    return [dt.date(year, m, 1) for m in range(1, 13)] + [dt.date(year + 1, 1, 1)]


def _bounds(direction: str, year: int) -> list:
    """The 13 month bounds in the column's terms: dates for 收文日期, UTC instants of Beijing
    midnights for the drafting time."""
    days = _month_starts(year)
    return days if direction == Direction.INCOMING.code else [start_of_beijing_day(d) for d in days]


def _day_column(direction: str, d=OfficialDocument):
    return d.received_on if direction == Direction.INCOMING.code else d.created_at


def _of_year(year: int, d=OfficialDocument) -> sa.ColumnElement[bool]:
    """The documents of `year`, both directions."""
    parts = []
    for direction in (Direction.INCOMING.code, Direction.OUTGOING.code):
        bounds, column = _bounds(direction, year), _day_column(direction, d)
        parts.append(sa.and_(d.direction == direction, column >= bounds[0], column < bounds[-1]))
    return sa.or_(*parts)


def _scope(principal: Principal, office_code: str | None, d=OfficialDocument) -> sa.ColumnElement[bool]:
    # a 会签件 or 承办件 (client/documents/handoffs.py) is a part of another document, not one of
    # its own: its step is counted as the original's 会签 or 承办
    where = sa.and_(in_jurisdiction(principal, d.office_code, d.district_code), d.handoff.is_(None))
    return sa.and_(where, d.office_code == office_code) if office_code else where


def unit_name(principal: Principal, office_code: str | None) -> str:
    """What the figures are of: an office's name, a district bureau's, or the city's."""
    try:
        if office_code or principal.office_code:
            return reference.office(office_code or principal.office_code).name
        if principal.district_code:
            return reference.district(principal.district_code).bureau_name
    except KeyError:
        return office_code or principal.office_code or principal.district_code or ""
    return "全市"


# --- counting ------------------------------------------------------------------------------------------


def document_statistics(session, principal: Principal, year: int, office_code: str | None = None,
                        today: dt.date | None = None) -> DocumentStatistics:
    """The figures of `year`'s documents in the principal's jurisdiction (narrowed to
    `office_code`); "overdue" is as of `today` (Beijing; tests give it)."""
    if not 1949 <= year <= 2100:
        raise ValueError(f"统计年度{year}不对：应为四位公历年份")
    today = today or beijing_today()
    d = OfficialDocument
    scope = _scope(principal, office_code)
    counts: dict[str, dict[str, list[int]]] = {}  # office -> "in"/"out" -> [finished, month 1…12]
    by_kind: dict[tuple[str, str], int] = {}
    by_class: dict[tuple[str, str], int] = {}
    by_urgency: dict[tuple[str, str], int] = {}
    for direction in (Direction.INCOMING.code, Direction.OUTGOING.code):
        column, bounds = _day_column(direction), _bounds(direction, year)
        months = [sa.func.sum(sa.case((sa.and_(column >= lo, column < hi), 1), else_=0))
                  for lo, hi in zip(bounds, bounds[1:])]
        q = (sa.select(d.office_code, d.kind, d.classification, d.urgency, sa.func.count(d.finished_at), *months)
             .where(d.direction == direction, column >= bounds[0], column < bounds[-1], scope)
             .group_by(d.office_code, d.kind, d.classification, d.urgency))
        for office, kind, classification, urgency, finished, *per_month in session.execute(q):
            per_month = [int(n or 0) for n in per_month]
            line = counts.setdefault(office, {}).setdefault(direction, [0] * 13)
            line[0] += int(finished or 0)
            for m, n in enumerate(per_month, start=1):
                line[m] += n
            total = sum(per_month)
            by_kind[(kind, direction)] = by_kind.get((kind, direction), 0) + total
            by_class[(classification, direction)] = by_class.get((classification, direction), 0) + total
            by_urgency[(urgency, direction)] = by_urgency.get((urgency, direction), 0) + total

    overdue_by_unit, overdue_total, overdue = _overdue(session, principal, year, scope, today)
    units = []
    for office in sorted(set(counts) | set(overdue_by_unit)):
        lines = counts.get(office, {})
        incoming, outgoing = lines.get("in", [0] * 13), lines.get("out", [0] * 13)
        units.append(UnitLine(office, _office_name(office), sum(incoming[1:]), sum(outgoing[1:]),
                              incoming[0] + outgoing[0], overdue_by_unit.get(office, 0)))
    months = tuple(MonthLine(m, sum(c.get("in", [0] * 13)[m] for c in counts.values()),
                             sum(c.get("out", [0] * 13)[m] for c in counts.values())) for m in range(1, 13))
    return DocumentStatistics(
        year=year, office_code=office_code, unit_name=unit_name(principal, office_code), today=today,
        units=tuple(units), months=months,
        doc_kinds=_kinds(DocKind, by_kind, zeros=False),
        classifications=_kinds(Classification, by_class), urgencies=_kinds(Urgency, by_urgency),
        steps=_steps(session, year, scope, today), overdue=overdue, overdue_total=overdue_total)


def _office_name(code: str) -> str:
    try:
        return reference.office(code).name
    except KeyError:
        return code


def _kinds(enum, counted: dict[tuple[str, str], int], *, zeros: bool = True) -> tuple[KindLine, ...]:
    """The members of the enumeration in its order (zeros too: a table of 密级 shows all three;
    `zeros=False`: only those counted, as of twelve 文种), then codes a newer version wrote."""
    seen = {c for c, _d in counted}
    codes = [m.code for m in enum if zeros or m.code in seen] + sorted(seen - {m.code for m in enum})
    return tuple(KindLine(c, enum.label_of(c), counted.get((c, "in"), 0), counted.get((c, "out"), 0))
                 for c in codes)


def _steps(session, year: int, scope, today: dt.date) -> tuple[StepLine, ...]:
    """Per step: decided tasks with their average and P90 minutes and late ones; open and overdue now."""
    d, t = OfficialDocument, FlowTask
    of_docs = sa.and_(t.kind == APPROVE, t.flow_key.in_(FLOWS), _of_year(year), scope)
    decided_q = step_times((of_docs,), join=(d, d.flow_instance_id == t.instance_id))
    past_due = sa.case((t.due_on < today, 1), else_=0)
    open_q = (sa.select(t.flow_key, t.node_key, sa.func.max(t.node_title), sa.func.count(), sa.func.sum(past_due))
              .join(d, d.flow_instance_id == t.instance_id)
              .where(of_docs, t.state == TaskState.OPEN).group_by(t.flow_key, t.node_key))
    found: dict[tuple[str, str], dict] = {}
    for key, node, title, n, avg, p, late_n in session.execute(decided_q):
        found[(key, node)] = dict(node_title=title or node, decided=int(n), average_minutes=float(avg or 0),
                                  p90_minutes=int(p or 0), decided_late=int(late_n or 0))
    for key, node, title, n, past in session.execute(open_q):
        line = found.setdefault((key, node), dict(node_title=title or node, decided=0, average_minutes=0.0,
                                                  p90_minutes=0, decided_late=0))
        line.update(open=int(n), open_overdue=int(past or 0))
    order = {key: _node_order(session, key) for key in FLOWS}
    lines = [StepLine(direction=DIRECTION_OF_FLOW[key], flow_key=key, node_key=node,
                      **{"open": 0, "open_overdue": 0, **values}) for (key, node), values in found.items()]
    return tuple(sorted(lines, key=lambda s: (FLOWS.index(s.flow_key),
                                              order[s.flow_key].get(s.node_key, len(order[s.flow_key])), s.node_key)))


def _node_order(session, flow_key: str) -> dict[str, int]:
    """The steps in the order the flow draws them (its latest version; older nodes after)."""
    try:
        return {n.key: i for i, n in enumerate(flow_service.latest_flow(session, flow_key).nodes)}
    except (LookupError, ValueError):
        return {}


def _overdue(session, principal: Principal, year: int, scope, today: dt.date):
    """({office: documents overdue}, how many in all, the first OVERDUE_LIMIT of them)."""
    d, t = OfficialDocument, FlowTask
    past = sa.and_(t.state == TaskState.OPEN, t.kind == APPROVE, t.due_on < today, t.flow_key.in_(FLOWS),
                   _of_year(year), scope)
    joined = sa.select(d.office_code, sa.func.count(sa.distinct(d.id))).join(
        t, t.instance_id == d.flow_instance_id).where(past).group_by(d.office_code)
    by_unit = {office: int(n) for office, n in session.execute(joined)}
    earliest = sa.func.min(t.due_on)
    first = session.execute(sa.select(d.id, earliest).join(t, t.instance_id == d.flow_instance_id).where(past)
                            .group_by(d.id).order_by(earliest, d.id).limit(OVERDUE_LIMIT)).all()
    ids = [doc_id for doc_id, _due in first]
    if not ids:
        return by_unit, sum(by_unit.values()), ()
    readable = access.readable(principal)
    t = aliased(FlowTask)  # (readable's EXISTS over flow_task must not correlate with the tasks listed)
    rows = session.execute(
        sa.select(d.id, d.direction, d.doc_number, d.title, d.office_code, readable.label("readable"),
                  t.node_title, t.due_on, AppUser.full_name)
        .join(t, t.instance_id == d.flow_instance_id).join(AppUser, AppUser.id == t.assignee_id)
        .where(d.id.in_(ids), t.state == TaskState.OPEN, t.kind == APPROVE, t.due_on < today)
        .order_by(t.due_on, AppUser.full_name)).all()
    per_doc: dict[str, dict] = {}
    for doc_id, direction, number, title, office, may_read, step, due_on, holder in rows:
        line = per_doc.setdefault(doc_id, dict(direction=direction, number=number or PENDING, office=office,
                                               title=title if may_read else CLASSIFIED_TITLE, steps=[],
                                               holders=[], due_on=due_on))
        for key, value in (("steps", step), ("holders", holder)):
            if value not in line[key]:
                line[key].append(value)
    lines = []
    for doc_id in ids:
        line = per_doc.get(doc_id)
        if line is None:
            continue
        lines.append(OverdueLine(
            document_id=doc_id, direction=line["direction"], doc_number=line["number"], title=line["title"],
            office_name=_office_name(line["office"]), steps="、".join(line["steps"]),
            holders="、".join(line["holders"]), due_on=line["due_on"], days_late=(today - line["due_on"]).days))
    return by_unit, sum(by_unit.values()), tuple(lines)
