"""The incoming-list bench's rows (tests/bench/bench_documents.py) at a tiny scale: 300 incoming
documents of the office and a few others, so that its generator keeps making rows the schema
takes and the incoming flow would make, and the list it times answers what the access rule says."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import sqlalchemy as sa

from client.documents.access import may_read
from client.documents.models import OfficialDocument
from client.documents.queries import PAGE, document_list
from client.flows.models import FlowInstance, FlowTask
from client.kernel.clock import beijing_date
from sync.local_store import open_local_store
from tests.bench.bench_documents import COMMON_WORD, cases, load, principal_of, seed

DOCUMENTS = 300


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory):
    store = open_local_store(tmp_path_factory.mktemp("bench-documents") / "store.db")
    users = seed(store.write_sessions)
    # a fixed now (a Friday morning in Beijing): the same rows at every run. A quarter of a year:
    # ~5 documents a working day, so some are still running and some overdue
    now = dt.datetime(2026, 11, 27, 1, 30, tzinfo=dt.timezone.utc)
    loaded = load(store.write_engine, users, documents=DOCUMENTS, outgoing=20, others=60, years=0.25, seed_=7, now=now)
    yield store, users, loaded, now
    store.dispose()


def test_the_counts_are_what_was_asked(bench_store):
    store, _users, loaded, _now = bench_store
    assert (loaded["incoming_home"], loaded["outgoing_home"], loaded["incoming_other_units"]) == (DOCUMENTS, 20, 60)
    with store.sessions() as session:
        by = Counter(session.execute(sa.select(OfficialDocument.office_code, OfficialDocument.direction)).all())
        assert by[(loaded["office_code"], "in")] == DOCUMENTS
        assert session.scalar(sa.select(sa.func.count()).select_from(FlowTask)) == loaded["tasks"]
    assert 0 < loaded["classified_home"] < DOCUMENTS // 5
    assert loaded["running_home"] > 0 and loaded["overdue_open_tasks"] > 0


def test_every_document_has_its_flow_as_the_engine_leaves_it(bench_store):
    store, users, loaded, now = bench_store
    with store.sessions() as session:
        docs = session.scalars(sa.select(OfficialDocument)).all()
        instances = {i.id: i for i in session.scalars(sa.select(FlowInstance))}
        tasks: dict[str, list[FlowTask]] = {}
        for t in session.scalars(sa.select(FlowTask)):
            tasks.setdefault(t.instance_id, []).append(t)
    assert len(instances) == len(docs)
    for doc in docs:
        instance = instances[doc.flow_instance_id]
        its = tasks[instance.id]
        assert (instance.subject_id, instance.office_code) == (doc.id, doc.office_code)
        assert doc.created_at <= now and all(t.opened_at <= now for t in its)
        assert all((t.decided_at is None) == (t.state == "open") for t in its)
        open_nodes = {t.node_key for t in its if t.state == "open"}
        if doc.direction == "out":
            assert doc.state == "distributed" and len(its) == 6 and not open_nodes
            continue
        # 拟办 and 批示, then 承办 by 1-3 unless read only (阅知); a running one has the steps so far
        assert (2 if instance.finished_at else 1) <= len(its) <= 5
        assert [t.node_key for t in its][:2] == ["propose", "instruct"][:len(its)]
        assert (instance.finished_at is None) == bool(open_nodes) == (doc.state != "done")
        if open_nodes:  # waiting at one node: the document's state says which
            assert len(open_nodes) == 1
            assert doc.state == {"propose": "proposing", "instruct": "instructing",
                                 "undertake": "undertaking"}[open_nodes.pop()]
        undertakers = [t.assignee_id for t in its if t.node_key == "undertake"]
        instructed = any(t.node_key == "instruct" and t.state != "open" for t in its)
        assert instance.fields["undertaker_count"] == (len(undertakers) if instructed else 0)
        if undertakers:
            assert instance.fields["undertakers"].split(",") == undertakers
        if doc.office_code == loaded["office_code"]:
            assert doc.created_by == users["secretary"]
            assert {t.assignee_id for t in its if t.node_key == "instruct"} <= {users["head"]}
        for t in its:
            if t.state != "open" and t.due_on is not None:
                assert t.decided_late == (beijing_date(t.decided_at) > t.due_on)
                assert t.took_minutes == int((t.decided_at - t.opened_at).total_seconds() // 60)


@pytest.mark.parametrize("who", ["clerk", "head"])
def test_the_list_timed_answers_what_the_access_rule_allows(bench_store, who):
    store, users, loaded, _now = bench_store
    principal = principal_of(store.sessions, users[who])
    named = cases(loaded["number_searched"])
    with store.sessions() as session:
        docs = session.scalars(sa.select(OfficialDocument).where(OfficialDocument.direction == "in")).all()
        readable = [d for d in docs if may_read(session, principal, d)]
        if who == "clerk":  # classified documents the clerk is not named in are left out
            assert len(readable) < sum(1 for d in docs if d.office_code == principal.office_code)
        first = document_list(session, principal, named["first_page"][0])
        assert first.total == len(readable)
        newest = sorted(readable, key=lambda d: (-d.created_at.timestamp(), d.id))[:PAGE]
        assert [r.document_id for r in first.rows] == [d.id for d in newest]
        overdue = document_list(session, principal, named["overdue_only"][0])
        assert overdue.total > 0 and all(r.overdue for r in overdue.rows)
        common = document_list(session, principal, named["title_word_common"][0])
        assert common.total == sum(1 for d in readable if COMMON_WORD in d.title)
        number = document_list(session, principal, named["number"][0])
        assert loaded["number_searched"] in [r.doc_number for r in number.rows]
        last = document_list(session, principal, named["last_page"][0], offset=(first.total - 1) // PAGE * PAGE)
        assert last.rows and last.rows[-1].document_id == sorted(
            readable, key=lambda d: (-d.created_at.timestamp(), d.id))[-1].id
    assert isinstance(first.today, dt.date)
