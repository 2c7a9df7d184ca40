"""Official documents (收发文) through the bus, on SQLite and on a real PostgreSQL: an incoming
document from 收文 to 办结 with parallel 承办; an outgoing one from 拟稿 to 分发, revised on the way,
numbered by the centre and arriving registered in another office's incoming list; classified
documents kept from people the flow does not name, their openings audited; bad input refused
field by field with nothing saved; two offices numbering at the same moment."""
from __future__ import annotations

import subprocess
import threading

import pytest
import sqlalchemy as sa

from client.documents import queries as dq
from client.documents import rules
from client.documents.checks import Attachment, Draft, Incoming
from client.documents.commands import (
    InstructIncoming,
    OpenDocument,
    SignOutgoing,
    draft_command,
    register_command,
    revise_command,
)
from client.documents.models import OfficialDocument
from client.documents.revisions import ADDED, CHANGED, REMOVED, compare
from client.flows.commands import ApproveTask
from client.kernel.clock import beijing_today
from client.kernel.errors import InvalidInput, PermissionDenied
from client.kernel.models import AppUser, AuditEntry, Office
from client.kernel.reference import offices_of
from client.kernel.types import new_id

#: tests whose SQL the others already run on PostgreSQL too: SQLite only, to keep the suite short
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TIANHE, YUEXIU = offices_of("440106")[0], offices_of("440104")[0]


def ok(central, command):
    out = central.bus.dispatch(command)
    assert out.ok, out.message
    return out


def detail(central, user, doc_id):
    with central.sessions() as s:
        return dq.document_detail(s, central.principal(user), doc_id)


def approve(central, user, doc_id, opinion="同意"):
    d = detail(central, user, doc_id)
    assert d.my_task_id, f"{user} has nothing to do on {d.title} ({d.state_label})"
    return ok(central, ApproveTask(user_id=central.users[user], task_id=d.my_task_id,
                                   base_version=d.my_task_version, opinion=opinion))


def incoming(central, *, title="关于开展2027年度企业年报工作的通知", classification="none", years=None,
             user="secretary", attachments=(Attachment("通知.pdf", PDF),), number="穗市监〔2026〕88号"):
    cmd = register_command(Incoming(sender="广州市市场监督管理局", doc_number=number, title=title,
                                    classification=classification, secret_years=years, urgency="urgent",
                                    received_on=beijing_today(), page_count=3, attachments=list(attachments),
                                    related=["案件 穗天市监立〔2026〕15号".split()[1]]),
                           document_id=new_id(), today=beijing_today(), user_id=central.users[user])
    ok(central, cmd)
    return cmd.document_id


def test_an_incoming_document_is_proposed_instructed_handled_in_parallel_and_closed(central):
    doc_id = incoming(central)
    d = detail(central, "secretary", doc_id)
    assert (d.state, d.doc_number, d.urgency_label) == ("proposing", "穗市监〔2026〕88号", "加急")
    assert [a.filename for a in d.attachments] == ["通知.pdf"] and len(d.attachments[0].sha256) == 64
    approve(central, "secretary", doc_id, "拟请黄所长阅示，由登记、审核岗位分别落实")
    h = detail(central, "head", doc_id)
    assert (h.state, h.my_node) == ("instructing", "instruct")
    # the 批示 is decided in the documents screen (it names the 承办人), not by a bare 同意
    out = central.bus.dispatch(ApproveTask(user_id=central.users["head"], task_id=h.my_task_id,
                                           base_version=h.my_task_version, opinion="同意"))
    assert not out.ok and "业务界面" in out.message
    out = central.bus.dispatch(InstructIncoming(user_id=central.users["head"], document_id=doc_id,
                                                task_id=h.my_task_id, base_version=h.my_task_version, opinion=""))
    assert not out.ok and "批示意见" in out.message
    ok(central, InstructIncoming(user_id=central.users["head"], document_id=doc_id, task_id=h.my_task_id,
                                 base_version=h.my_task_version, opinion="请李晓梅、王建华按通知要求办理",
                                 undertakers=(central.users["clerk"], central.users["reviewer"])))
    assert detail(central, "clerk", doc_id).state == "undertaking"
    approve(central, "clerk", doc_id, "已通知辖区企业")
    assert detail(central, "reviewer", doc_id).state == "undertaking"  # parallel: both must finish
    approve(central, "reviewer", doc_id, "已完成审核岗位的部署")
    done = detail(central, "head", doc_id)
    assert done.state == "done" and done.state_label == "办结"
    trail = [(t.node_title, t.actor, t.opinion) for t in done.trail if t.actor]
    assert trail == [("拟办", "邓雅琳", "拟请黄所长阅示，由登记、审核岗位分别落实"),
                     ("领导批示", "黄国平", "请李晓梅、王建华按通知要求办理"),
                     ("承办", "李晓梅", "已通知辖区企业"), ("承办", "王建华", "已完成审核岗位的部署")]
    assert all(t.decided_at for t in done.trail if t.actor)


@SQLITE_ONLY
def test_an_instruction_naming_nobody_closes_the_document_as_read(central):
    doc_id = incoming(central)
    approve(central, "secretary", doc_id)
    h = detail(central, "head", doc_id)
    ok(central, InstructIncoming(user_id=central.users["head"], document_id=doc_id, task_id=h.my_task_id,
                                 base_version=h.my_task_version, opinion="阅知"))
    assert detail(central, "head", doc_id).state == "done"


def outgoing_draft(central, *, user="clerk", cosigners=("head2",), classification="none", years=None,
                   title="关于加强辖区食品经营户监督检查的通知"):
    draft = Draft(title=title,
                  body="各科室：\n为加强监管，现就有关事项通知如下。\n一、检查范围\n辖区内全部食品经营户。\n二、工作要求\n（一）按时完成。",
                  main_to=[{"code": YUEXIU.code, "name": YUEXIU.name}],
                  copy_to=[{"code": None, "name": "天河分局办公室"}], attachment_names=["检查表"],
                  classification=classification, secret_years=years, urgency="normal")
    cmd = draft_command(draft, document_id=new_id(), cosigners=tuple(central.users[u] for u in cosigners),
                        user_id=central.users[user])
    ok(central, cmd)
    return cmd.document_id, draft


def test_an_outgoing_document_is_revised_signed_numbered_sealed_and_arrives_in_another_office(central):
    doc_id, draft = outgoing_draft(central)
    assert detail(central, "clerk", doc_id).state == "drafting"
    approve(central, "clerk", doc_id, "请审核")  # 送审
    r = detail(central, "reviewer", doc_id)
    assert (r.state, r.may_revise) == ("reviewing", True)
    # someone who holds no step on it may not change the draft
    draft.body = draft.body.replace("全部", "所有")
    out = central.bus.dispatch(revise_command(draft, document_id=doc_id, base_version=r.version,
                                              user_id=central.users["card"]))
    assert not out.ok and "当前办理" in out.message
    ok(central, revise_command(draft, document_id=doc_id, base_version=r.version, note="措辞",
                               user_id=central.users["reviewer"]))
    approve(central, "reviewer", doc_id, "核稿无误")
    # 会签 by the Yuexiu office's head: a 会签件 arrived in the Yuexiu office, and deciding it there
    # decides the original's 会签
    assert detail(central, "clerk", doc_id).state == "cosigning"
    with central.sessions() as s:
        [asked] = dq.document_list(s, central.principal("head2"), dq.DocumentFilter(direction="in")).rows
    c = detail(central, "head2", asked.document_id)
    assert (c.handoff, c.source.document_id, c.my_node, c.body) == ("cosign", doc_id, "handle", draft.body)
    approve(central, "head2", asked.document_id, "会签同意")
    assert detail(central, "head2", asked.document_id).state == "done"
    s = detail(central, "head", doc_id)
    assert (s.state, s.my_node, [v.seq for v in s.revisions]) == ("signing", "sign", [1, 2])
    assert [v.author for v in s.revisions] == ["李晓梅", "王建华"] and s.revisions[1].step == "核稿"
    changes = compare(s.revisions[0].body, s.revisions[1].body)
    assert [c.kind for c in changes if c.kind != "same"] == [CHANGED]
    pieces = [(p.kind, p.text) for c in changes if c.kind == CHANGED for p in c.pieces if p.kind != "same"]
    assert pieces == [(REMOVED, "全部"), (ADDED, "所有")]
    ok(central, SignOutgoing(user_id=central.users["head"], document_id=doc_id, task_id=s.my_task_id,
                             base_version=s.my_task_version, approve=True, opinion="同意印发"))
    n = detail(central, "secretary", doc_id)
    assert (n.state, n.signer, n.signed_on, n.numbered) == ("numbering", "黄国平", beijing_today(), False)
    approve(central, "secretary", doc_id)
    year = beijing_today().year
    numbered = detail(central, "secretary", doc_id)
    prefix = rules.number_prefix("天河", TIANHE.short_name)
    assert numbered.doc_number == f"{prefix}〔{year}〕1号" and numbered.state == "sealing"
    approve(central, "secretary", doc_id)
    assert detail(central, "secretary", doc_id).sealed
    approve(central, "secretary", doc_id)
    sent = detail(central, "secretary", doc_id)
    assert sent.state == "distributed"
    assert [(u.unit, u.state_label) for u in sent.distributed_to] == [(YUEXIU.name, "办结"), (YUEXIU.name, "拟办")]
    # in the Yuexiu office: registered, linked to the original, its 拟办 open for its 文书
    with central.sessions() as s:
        page = dq.document_list(s, central.principal("secretary2"), dq.DocumentFilter(direction="in",
                                                                                        state="proposing"))
    assert [(r.doc_number, r.title, r.state) for r in page.rows] == [
        (numbered.doc_number, draft.title, "proposing")]
    arrived = detail(central, "secretary2", page.rows[0].document_id)
    assert arrived.source.document_id == doc_id and arrived.sender == TIANHE.name
    assert arrived.my_node == "propose"
    # the Tianhe office's own lists: nothing arrived there
    with central.sessions() as s:
        assert dq.document_list(s, central.principal("secretary"), dq.DocumentFilter(direction="in")).total == 0


@SQLITE_ONLY
def test_a_refused_signature_ends_the_document_unsent(central):
    doc_id, _ = outgoing_draft(central, cosigners=())
    approve(central, "clerk", doc_id)
    approve(central, "reviewer", doc_id)  # no 会签: straight to 签发
    s = detail(central, "head", doc_id)
    assert s.my_node == "sign"
    out = central.bus.dispatch(SignOutgoing(user_id=central.users["head"], document_id=doc_id,
                                            task_id=s.my_task_id, base_version=s.my_task_version, approve=False))
    assert not out.ok and "签发意见" in out.message
    ok(central, SignOutgoing(user_id=central.users["head"], document_id=doc_id, task_id=s.my_task_id,
                             base_version=s.my_task_version, approve=False, opinion="暂缓发文"))
    d = detail(central, "clerk", doc_id)
    assert (d.state_label, d.numbered) == ("不予发文", False)


def test_a_classified_document_is_seen_only_by_the_people_its_flow_names_and_the_head(central):
    secret = incoming(central, title="关于某案件线索的通报", classification="secret", years=10)
    plain = incoming(central)
    with central.sessions() as s:
        for user, expected in (("clerk", {plain}), ("secretary", {plain, secret}), ("head", {plain, secret})):
            rows = dq.document_list(s, central.principal(user), dq.DocumentFilter(direction="in")).rows
            assert {r.document_id for r in rows} == expected, user
    with pytest.raises(PermissionDenied, match="涉密文件"):
        detail(central, "clerk", secret)
    out = central.bus.dispatch(OpenDocument(user_id=central.users["clerk"], document_id=secret))
    assert not out.ok
    ok(central, OpenDocument(user_id=central.users["head"], document_id=secret))
    with central.sessions() as s:
        opened = s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "documents.open")).all()
    assert [(e.user_id, e.subject_id) for e in opened] == [(central.users["head"], secret)]
    # once named as 承办人 the clerk may read it
    approve(central, "secretary", secret)
    h = detail(central, "head", secret)
    ok(central, InstructIncoming(user_id=central.users["head"], document_id=secret, task_id=h.my_task_id,
                                 base_version=h.my_task_version, opinion="请李晓梅核查", undertakers=(central.users["clerk"],)))
    assert detail(central, "clerk", secret).classification_text == "秘密★10年"


@SQLITE_ONLY
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(central):
    today = beijing_today()
    big = PDF + b"0" * (20 * 1024 * 1024)
    doc = Incoming(sender="广州市市场监督管理局", doc_number="穗市监2026-88", title="  ", received_on=today,
                   attachments=[Attachment("照片.docx", b"PK\x03\x04word"), Attachment("扫描件.pdf", big)])
    with pytest.raises(InvalidInput) as e:
        register_command(doc, document_id=new_id(), today=today, user_id=central.users["secretary"])
    messages = {f.field: f.message for f in e.value.errors}
    assert "格式不对" in messages["doc_number"] and "穗工商天〔2026〕12号" in messages["doc_number"]
    assert messages["title"] == "标题为必填项"
    assert "不是PDF或图片" in messages["attachments.0"] and "照片.docx" in messages["attachments.0"]
    assert "20.0MB" in messages["attachments.1"] and "10MB的上限" in messages["attachments.1"]
    for number, rule in (("穗市监〔2026〕088号", "不编虚位"), ("穗市监〔26〕8号", "格式不对")):
        assert rule in rules.parse_number(number)[1]
    assert str(rules.parse_number("穗市监[2026]8号")[0]) == "穗市监〔2026〕8号"
    # the handler judges again what a tampered command carries
    good = register_command(Incoming(sender="市局", doc_number="穗市监〔2026〕1号", title="通知", received_on=today),
                            document_id=new_id(), today=today, user_id=central.users["secretary"])
    import dataclasses

    out = central.bus.dispatch(dataclasses.replace(good, doc_title="", doc_number="1号"))
    assert not out.ok and {f.field for f in out.errors} >= {"title", "doc_number"}
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OfficialDocument)) == 0


def test_two_offices_numbering_at_the_same_moment_get_consecutive_numbers(pg_central):
    central = pg_central
    docs = []
    for _ in range(6):
        doc_id, _ = outgoing_draft(central, cosigners=())
        approve(central, "clerk", doc_id)
        approve(central, "reviewer", doc_id)
        s = detail(central, "head", doc_id)
        ok(central, SignOutgoing(user_id=central.users["head"], document_id=doc_id, task_id=s.my_task_id,
                                 base_version=s.my_task_version, approve=True))
        docs.append(doc_id)
    tasks = [(doc_id, detail(central, "secretary", doc_id)) for doc_id in docs]
    start = threading.Barrier(len(tasks))
    results = {}

    def number(doc_id, d):
        start.wait()
        results[doc_id] = central.bus.dispatch(ApproveTask(user_id=central.users["secretary"], task_id=d.my_task_id,
                                                           base_version=d.my_task_version, opinion=None))

    threads = [threading.Thread(target=number, args=t) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results.values()), [r.message for r in results.values()]
    with central.sessions() as s:
        serials = sorted(s.scalars(sa.select(OfficialDocument.number_serial).where(OfficialDocument.id.in_(docs))))
        office = s.get(Office, TIANHE.code)
    assert serials == [1, 2, 3, 4, 5, 6]
    assert office is not None


@SQLITE_ONLY
def test_another_offices_people_decide_their_part_on_their_own_workstation_offline(central, tmp_path):
    """会签 and 承办 asked of people of another office reach their workstation as documents of its
    own; decided there offline and pushed, they decide the original on the centre."""
    from tests.integration.sync_helpers import workstation

    doc_id, _ = outgoing_draft(central)  # 会签: the Yuexiu office's head
    approve(central, "clerk", doc_id)
    approve(central, "reviewer", doc_id)
    ws = workstation(central, tmp_path, "yuexiu", "head2")
    with ws.store.sessions() as s:
        principal = central.principal("head2")
        [row] = dq.document_list(s, principal, dq.DocumentFilter(direction="in")).rows
        asked = dq.document_detail(s, principal, row.document_id)
    assert (asked.handoff, asked.my_node, asked.title) == ("cosign", "handle", "关于加强辖区食品经营户监督检查的通知")
    assert [(e.step, e.by) for e in asked.original_trail] == [("拟稿", "李晓梅"), ("核稿", "王建华")]
    # the original and its flow are not on the Yuexiu workstation: only what was asked of it
    with ws.store.sessions() as s:
        assert s.get(OfficialDocument, doc_id) is None
    out = ws.bus.dispatch(ApproveTask(user_id=central.users["head2"], task_id=asked.my_task_id,
                                      base_version=asked.my_task_version, opinion="会签同意，建议增加检查频次"))
    assert out.ok, out.message
    pushed, _ = ws.sync()
    assert pushed.applied == 1
    d = detail(central, "head", doc_id)
    assert (d.state, d.my_node) == ("signing", "sign")
    assert [(t.node_title, t.actor, t.opinion) for t in d.trail if t.node_key == "cosign"] == [
        ("会签", "冯建军", "会签同意，建议增加检查频次")]

    # 承办 by someone of another office: a 承办件 there; the original is done when it is reported
    incoming_id = incoming(central)
    approve(central, "secretary", incoming_id)
    h = detail(central, "head", incoming_id)
    ok(central, InstructIncoming(user_id=central.users["head"], document_id=incoming_id, task_id=h.my_task_id,
                                 base_version=h.my_task_version, opinion="请越秀洪桥所协助核查",
                                 undertakers=(central.users["head2"], central.users["clerk"])))
    ws.sync()
    with ws.store.sessions() as s:
        rows = dq.document_list(s, central.principal("head2"), dq.DocumentFilter(direction="in", state="undertaking")).rows
        [task] = [dq.document_detail(s, central.principal("head2"), r.document_id) for r in rows]
    # the original is not on this workstation; the 承办件 says who sent it
    assert (task.handoff, task.source, task.sender, task.my_node) == ("undertake", None, TIANHE.name, "handle")
    # what was decided on the original before it came, the 批示 it acts on above all
    assert [(e.step, e.by, e.decision, e.opinion) for e in task.original_trail] == [
        ("拟办", "邓雅琳", "同意", "同意"), ("领导批示", "黄国平", "同意", "请越秀洪桥所协助核查")]
    assert all(e.decided_at for e in task.original_trail)
    # and the scan itself, on this workstation
    assert [a.filename for a in task.attachments] == ["通知.pdf"]
    with ws.store.sessions() as s:
        assert dq.attachment_content(s, central.principal("head2"), task.attachments[0].attachment_id) == PDF
    assert ws.bus.dispatch(ApproveTask(user_id=central.users["head2"], task_id=task.my_task_id,
                                       base_version=task.my_task_version, opinion="已核查，未发现问题")).ok
    ws.sync()
    assert detail(central, "head", incoming_id).state == "undertaking"  # the clerk still to report
    approve(central, "clerk", incoming_id, "已办理")
    assert detail(central, "head", incoming_id).state == "done"


@SQLITE_ONLY
def test_a_hand_off_the_original_no_longer_needs_is_recalled(central, tmp_path):
    """A 会签件 whose task on the original closes without its holder — the 核稿 that opened the 会签
    withdrawn, another 会签 refusing — is recalled: 无需办理, out of the holder's 待办; what they
    decided offline meanwhile comes back as a conflict, applied to nothing."""
    from client.flows import queries as fq
    from client.flows.commands import RefuseTask, WithdrawTask
    from client.flows.models import FlowInstance, FlowTask
    from sync import conflicts
    from tests.integration.sync_helpers import workstation

    doc_id, _ = outgoing_draft(central, cosigners=("head2", "card"))  # Yuexiu's head, and one of Tianhe
    approve(central, "clerk", doc_id)
    approve(central, "reviewer", doc_id, "核稿无误")
    ws = workstation(central, tmp_path, "yuexiu", "head2")
    head2 = central.principal("head2")
    with ws.store.sessions() as s:
        [row] = dq.document_list(s, head2, dq.DocumentFilter(direction="in")).rows
        first = dq.document_detail(s, head2, row.document_id)
    assert (first.handoff, first.my_node) == ("cosign", "handle")

    # the reviewer withdraws the 核稿: the 会签 it opened is gone, and so is the 会签件
    with central.sessions() as s:
        review = s.scalar(sa.select(FlowTask).join(FlowInstance, FlowInstance.id == FlowTask.instance_id)
                          .where(FlowInstance.subject_id == doc_id, FlowTask.node_key == "review",
                                 FlowTask.decided_by == central.users["reviewer"]))
    ok(central, WithdrawTask(user_id=central.users["reviewer"], task_id=review.id, base_version=review.version))
    recalled = detail(central, "head2", first.document_id)
    assert (recalled.state, recalled.state_label, recalled.my_task_id) == ("recalled", "无需办理", None)
    with central.sessions() as s:
        instance = s.get(FlowInstance, recalled.instance_id)
        assert instance.outcome == "cancelled"
        assert fq.todo_count(s, head2) == 0

    # meanwhile, offline, head2 agreed on the workstation: pushed, it comes back as a conflict (the
    # task changed on the centre), kept for head2 as two people deciding one node are; dropped,
    # the replica agrees with the centre
    assert ws.bus.dispatch(ApproveTask(user_id=central.users["head2"], task_id=first.my_task_id,
                                       base_version=first.my_task_version, opinion="同意")).ok
    pushed, _ = ws.sync()
    assert (pushed.applied, pushed.conflicts) == (0, 1)
    [item] = conflicts.refused(ws.store)
    assert item.state == "conflict" and "待办事项" in item.reason
    conflicts.discard(ws.store, ws.puller, item.op_id)
    ws.puller.pull()
    with ws.store.sessions() as s:
        assert dq.document_detail(s, head2, first.document_id).state_label == "无需办理"
        assert fq.todo_count(s, head2) == 0
    d = detail(central, "head", doc_id)
    assert d.state == "reviewing" and not [t for t in d.trail if t.node_key == "cosign" and t.actor]

    # 核稿 again: a new 会签件; then the Tianhe 会签 refuses and ends the document: recalled too
    approve(central, "reviewer", doc_id, "核稿无误")
    ws.sync()
    with ws.store.sessions() as s:  # (the centre counts the original's task too: it holds both)
        rows = dq.document_list(s, head2, dq.DocumentFilter(direction="in")).rows
        assert fq.todo_count(s, head2) == 1
    [second] = [r for r in rows if r.document_id != first.document_id]
    assert detail(central, "head2", second.document_id).my_node == "handle"
    c = detail(central, "card", doc_id)
    ok(central, RefuseTask(user_id=central.users["card"], task_id=c.my_task_id, base_version=c.my_task_version,
                           opinion="检查频次与我科计划冲突"))
    assert detail(central, "clerk", doc_id).state_label == "不予发文"
    assert detail(central, "head2", second.document_id).state == "recalled"
    ws.sync()
    with ws.store.sessions() as s:
        assert fq.todo_count(s, head2) == 0
        assert dq.document_detail(s, head2, second.document_id).state_label == "无需办理"
    with central.sessions() as s:
        assert fq.todo_count(s, head2) == 0
        recalls = s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "documents.recall")).all()
    assert sorted(e.subject_id for e in recalls) == sorted([first.document_id, second.document_id])
    assert all("无需办理" in e.details["reason"] for e in recalls)



def signed_and_numbered(central, title: str) -> str:
    """A draft without 会签 taken through 核稿 and 签发 to its number (the 编号 step done)."""
    doc_id, _ = outgoing_draft(central, cosigners=(), title=title)
    approve(central, "clerk", doc_id)
    approve(central, "reviewer", doc_id)
    s = detail(central, "head", doc_id)
    ok(central, SignOutgoing(user_id=central.users["head"], document_id=doc_id, task_id=s.my_task_id,
                             base_version=s.my_task_version, approve=True, opinion="同意"))
    approve(central, "secretary", doc_id)
    return doc_id


@SQLITE_ONLY
def test_an_administrator_sets_the_offices_document_mark_and_its_numbers_and_print_follow(central, tmp_path):
    """机关代字 and 发文机关标志 as the bureau sets them (client/documents/issuers.py): derived until
    then; set, the next number and the print's 版头 use them; bad ones refused at their field."""
    from client.documents.commands import SetDocumentIssuer
    from client.documents.issuers import issuer_of, issuers
    from client.kernel.roles import Role
    from client.kernel.users import create_user

    with central.sessions() as s:
        derived = issuer_of(s, TIANHE.code)
        yuexiu_mark = issuer_of(s, YUEXIU.code).mark
    assert not derived.configured and derived.mark == rules.number_prefix("天河", TIANHE.short_name)
    assert derived.authority == f"{TIANHE.name}文件"

    def setting(user="admin", **values):
        fields = dict(office_code=TIANHE.code, mark="穗天市监五山", authority="广州市天河区市场监督管理局五山所文件")
        fields.update(values)
        return central.bus.dispatch(SetDocumentIssuer(user_id=central.users[user], **fields))

    # refused: each at its field, nothing saved
    for values, field, words in [({"mark": "穗天〔2026〕"}, "mark", "2至12个汉字"),
                                 ({"mark": yuexiu_mark}, "mark", YUEXIU.name),
                                 ({"authority": "文件"}, "authority", "4至40个汉字")]:
        out = setting(**values)
        assert not out.ok and out.field == field and words in out.message, (values, out.message)
    assert not setting(user="head").ok  # 系统管理员 only
    with central.sessions() as s:
        create_user(s, username="baiyun_admin", full_name="白云管理员", password="abc12345", roles={Role.ADMIN},
                    district_code="440111")
        s.commit()
        central.users["baiyun_admin"] = s.scalar(sa.select(AppUser.id).where(AppUser.username == "baiyun_admin"))
    out = setting(user="baiyun_admin")  # another district's office
    assert not out.ok and "管辖范围" in out.message

    first = setting()
    assert first.ok and first.result["version"] == 1, first.message
    stale = setting(mark="穗天市监五山所", base_version=None)
    assert not stale.ok  # a change names the version it saw
    changed = setting(authority="广州市天河区市场监督管理局五山市场监督管理所文件", base_version=1)
    assert changed.ok, changed.message
    with central.sessions() as s:
        now = issuer_of(s, TIANHE.code)
        listed = {i.office_code: i for i in issuers(s, central.principal("head"))}
    assert (now.mark, now.configured, now.version) == ("穗天市监五山", True, 2)
    assert list(listed) == [TIANHE.code] and listed[TIANHE.code] == now

    # the next number uses it, and the print's 版头 says it
    doc_id = signed_and_numbered(central, "关于加强辖区食品经营户监督检查的通知")
    numbered = detail(central, "secretary", doc_id)
    assert numbered.doc_number == f"穗天市监五山〔{beijing_today().year}〕1号"
    with central.sessions() as s:
        pdf = dq.outgoing_pdf(s, central.principal("secretary"), doc_id)
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    assert "广州市天河区市场监督管理局五山市场监督管理所文件" in text and numbered.doc_number in text

    # 函 as a series of their own: their own 代字, from 1, beside the rest
    same = setting(letter_mark="穗天市监五山", base_version=2)
    assert not same.ok and same.field == "letter_mark" and "与机关代字相同" in same.message
    assert setting(letter_mark="穗天市监五山函", base_version=2).ok
    year = beijing_today().year
    numbers = [detail(central, "secretary", signed_and_numbered(central, title)).doc_number
               for title in ("关于商请协助核查企业登记情况的函", "关于开展年中检查的通知")]
    assert numbers == [f"穗天市监五山函〔{year}〕1号", f"穗天市监五山〔{year}〕2号"]
