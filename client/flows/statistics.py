"""Statistics over flows for a period and a unit: instances started and finished, the time each
node took (average and p90), overdue counts; and their XLSX export.

The aggregation is SQL (GROUP BY, and a window function for the 90th percentile written so that
SQLite, PostgreSQL and Oracle all run it), over `flow_task.took_minutes` that the step wrote: so
100,000 instances are summed by the database, not carried into Python.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import sqlalchemy as sa

from client.flows.engine import APPROVE, TaskState
from client.flows.models import FlowInstance, FlowTask
from client.kernel.clock import CHINA_TZ, beijing_today
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal



def step_times(where, join=None) -> sa.Select:
    """Per (flow, node) of the decided tasks `where` selects (FlowTask, joined to `join`: (target,
    on)): how many, their average and nearest-rank p90 minutes, and how many were late.

    First one row per (flow, node, minutes) with its count, then running sums over those few rows:
    the p90 without windowing every task (bench_flows: 1.3 s → 0.5 s over 100,000 instances on
    SQLite). The flows' and the documents' statistics both count steps so."""
    t = FlowTask
    late = sa.case((t.decided_late.is_(True), 1), else_=0)
    histogram = sa.select(t.flow_key, t.node_key, sa.func.max(t.node_title).label("node_title"), t.took_minutes,
                          sa.func.count().label("n"), sa.func.sum(late).label("late"))
    if join is not None:
        histogram = histogram.join(*join)
    histogram = histogram.where(*where, t.took_minutes.is_not(None)).group_by(
        t.flow_key, t.node_key, t.took_minutes).subquery()
    h = histogram.c
    node = (h.flow_key, h.node_key)
    ranked = sa.select(h.flow_key, h.node_key, h.node_title, h.took_minutes, h.n, h.late,
                       sa.func.sum(h.n).over(partition_by=node, order_by=h.took_minutes).label("run"),
                       sa.func.sum(h.n).over(partition_by=node).label("cnt")).subquery()
    r = ranked.c
    p90 = sa.func.min(sa.case((r.run * 10 >= r.cnt * 9, r.took_minutes)))
    average = sa.cast(sa.func.sum(r.took_minutes * r.n), sa.Float) / sa.func.sum(r.n)  # (no integer division)
    return sa.select(r.flow_key, r.node_key, sa.func.max(r.node_title), sa.func.sum(r.n), average, p90,
                     sa.func.sum(r.late)).group_by(r.flow_key, r.node_key)

@dataclass(frozen=True)
class NodeFigures:
    flow_key: str
    node_key: str
    node_title: str
    decided: int
    average_minutes: float
    p90_minutes: int
    decided_late: int
    open_overdue: int


@dataclass(frozen=True)
class FlowFigures:
    flow_key: str
    started: int
    finished: int
    approved: int
    refused: int
    running: int
    nodes: list[NodeFigures]


@dataclass(frozen=True)
class FlowStatistics:
    start: dt.date
    end: dt.date
    office_code: str | None
    flows: list[FlowFigures]


def _instant(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA_TZ).astimezone(dt.UTC)


def flow_statistics(session, principal: Principal, start: dt.date, end: dt.date,
                    office_code: str | None = None) -> FlowStatistics:
    """Figures for instances of the reader's jurisdiction (narrowed to `office_code`) started in
    [start, end] (Beijing dates); node times over the tasks decided in that period."""
    lo, hi = _instant(start), _instant(end + dt.timedelta(days=1))
    i, t = FlowInstance, FlowTask

    def unit(office_col, district_col):
        where = in_jurisdiction(principal, office_col, district_col)
        return sa.and_(where, office_col == office_code) if office_code else where

    started = sa.select(i.flow_key, sa.func.count(), sa.func.count(i.finished_at),
                        sa.func.sum(sa.case((i.outcome == "approved", 1), else_=0)),
                        sa.func.sum(sa.case((i.outcome == "refused", 1), else_=0))) \
        .where(i.started_at >= lo, i.started_at < hi, unit(i.office_code, i.district_code)).group_by(i.flow_key)
    per_flow = {k: [int(n), int(f), int(a or 0), int(no or 0)] for k, n, f, a, no in session.execute(started)}

    nodes_q = step_times((t.kind == APPROVE, t.decided_at >= lo, t.decided_at < hi,
                          unit(t.office_code, t.district_code)))
    today = beijing_today()
    overdue_q = (sa.select(i.flow_key, t.node_key, sa.func.count()).join(i, i.id == t.instance_id)
                 .where(t.state == TaskState.OPEN, t.kind == APPROVE, t.due_on < today,
                        i.started_at >= lo, i.started_at < hi, unit(t.office_code, t.district_code))
                 .group_by(i.flow_key, t.node_key))
    overdue = {(k, n): c for k, n, c in session.execute(overdue_q)}
    nodes: dict[str, list[NodeFigures]] = {}
    for key, node_key, title, count, avg, p, late_n in session.execute(nodes_q):
        nodes.setdefault(key, []).append(NodeFigures(key, node_key, title or node_key, int(count), float(avg or 0),
                                                     int(p or 0), int(late_n or 0), overdue.pop((key, node_key), 0)))
    for (key, node_key), count in overdue.items():
        nodes.setdefault(key, []).append(NodeFigures(key, node_key, node_key, 0, 0.0, 0, 0, count))
    flows = []
    for key in sorted(set(per_flow) | set(nodes)):
        started_n, finished, approved, refused = per_flow.get(key, [0, 0, 0, 0])
        flows.append(FlowFigures(key, started_n, finished, approved, refused, started_n - finished,
                                 sorted(nodes.get(key, []), key=lambda x: x.node_key)))
    return FlowStatistics(start, end, office_code, flows)


def statistics_xlsx(stats: FlowStatistics, titles: dict[str, str] | None = None) -> bytes:
    """The figures as a workbook: one sheet of flows, one of nodes (XlsxWriter, in memory)."""
    import xlsxwriter

    titles = titles or {}
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    number = book.add_format({"num_format": "0.0"})
    sheet = book.add_worksheet("流程")
    sheet.write_row(0, 0, ["统计期间", f"{stats.start} 至 {stats.end}", "单位", stats.office_code or "全部"])
    sheet.write_row(2, 0, ["流程", "发起", "办结", "通过", "不通过", "在办"], head)
    for row, f in enumerate(stats.flows, start=3):
        sheet.write_row(row, 0, [titles.get(f.flow_key, f.flow_key), f.started, f.finished, f.approved, f.refused,
                                 f.running])
    sheet.set_column(0, 0, 24)
    nodes = book.add_worksheet("环节")
    nodes.write_row(0, 0, ["流程", "环节", "办理件数", "平均用时（小时）", "P90用时（小时）", "超期办理", "当前超期"], head)
    row = 1
    for f in stats.flows:
        for n in f.nodes:
            nodes.write(row, 0, titles.get(f.flow_key, f.flow_key))
            nodes.write(row, 1, n.node_title)
            nodes.write(row, 2, n.decided)
            nodes.write_number(row, 3, n.average_minutes / 60, number)
            nodes.write_number(row, 4, n.p90_minutes / 60, number)
            nodes.write(row, 5, n.decided_late)
            nodes.write(row, 6, n.open_overdue)
            row += 1
    nodes.set_column(0, 1, 20)
    nodes.set_column(2, 6, 14)
    book.close()
    return out.getvalue()
