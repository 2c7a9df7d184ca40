"""收发文 as the offices use them, on real screens over the demo database:

(a) an incoming document registered through the form with a PDF scan (previewed), proposed by the
    文书, instructed by the head naming two 承办人 who report in parallel, 办结; the trail on screen
    and the printed 收文处理单 carry every opinion with its author;
(b) an outgoing document drafted, sent to 核稿, revised by the reviewer, signed by the head after
    reading the differences, numbered by the centre, sealed and distributed; it arrives in the
    Yuexiu office's incoming list, linked to the original; the printed document carries the number,
    the title, 主送 and the date;
(c) what the registration form refuses, each message at its field with the typing kept: a number
    that does not parse, an empty title, a file that is not a PDF or image, a 20 MB scan;
(d) on a workstation whose centre went away: a document registered and proposed offline (queued),
    the number of a document numbered offline 待分配, and both arrive when the centre comes back.
"""
from __future__ import annotations

import io
import re
import subprocess
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from tests.gui.conftest import type_chinese

TIMEOUT = 10_000


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def _tiny_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Notice on the 2027 annual reports")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def office(login_context, tmp_path):
    from client.kernel.models import AppUser

    ctxs = {u: login_context(u) for u in ("secretary", "head", "clerk", "reviewer", "secretary2")}
    users = ctxs["head"].reads.run(lambda s: dict(s.execute(sa.select(AppUser.username, AppUser.id)).all()))
    scan = tmp_path / "年报通知.pdf"
    scan.write_bytes(_tiny_pdf())
    return SimpleNamespace(users=users, scan=str(scan), **ctxs)


def _screen(qtbot, ctx, kind="incoming"):
    from widgets.documents.document_screen import IncomingScreen, OutgoingScreen

    screen = (IncomingScreen if kind == "incoming" else OutgoingScreen)(ctx)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()
    return screen


def _detail_where(qtbot, screen, doc_id: str, check) -> None:
    screen.select(doc_id)
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.document_id == doc_id
                    and check(screen.detail), timeout=TIMEOUT)


def _act(qtbot, dialog, act) -> None:
    with qtbot.waitSignal(dialog.applied, timeout=TIMEOUT):
        act()
    assert dialog.outcome.ok


def _step(qtbot, screen, doc_id, node, opinion=None):
    _detail_where(qtbot, screen, doc_id, lambda d: d.my_node == node)
    dialog = screen.take_step()
    _act(qtbot, dialog, lambda: dialog.approve(opinion) if opinion is not None else dialog.approve())
    return dialog


def _register(qtbot, screen, office, title="关于做好2027年度企业年报工作的通知"):
    dialog = screen.new_application()
    type_chinese(dialog.sender, "广州市市场监督管理局")
    dialog.doc_number.setText("穗市监[2026]88号")
    dialog.doc_number.editingFinished.emit()
    assert dialog.doc_number.text() == "穗市监〔2026〕88号"  # written with the standard's brackets
    type_chinese(dialog.title, title, preedit="guanyu")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("urgent"))
    dialog.page_count.setValue(3)
    dialog.add_files([office.scan])
    qtbot.waitUntil(lambda: dialog.preview.page_count == 1, timeout=TIMEOUT)
    with qtbot.waitSignal(dialog.registered, timeout=TIMEOUT) as done:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    return done.args[0]["document_id"]


def test_an_incoming_document_goes_from_registration_to_done_and_its_sheet_prints(qtbot, office, tmp_path):
    secretary = _screen(qtbot, office.secretary)
    doc_id = _register(qtbot, secretary, office)
    _detail_where(qtbot, secretary, doc_id, lambda d: d.my_node == "propose")
    assert secretary.pane.step_button.text() == "拟办…"
    assert [a.filename for a in secretary.detail.attachments] == ["年报通知.pdf"]
    preview = secretary.show_attachment(0)
    qtbot.waitUntil(lambda: preview.preview.sha256 == secretary.detail.attachments[0].sha256, timeout=TIMEOUT)
    preview.close()
    # 拟办 needs an opinion: said at the field, the dialog stays open
    dialog = secretary.take_step()
    dialog.approve("")
    assert "拟办" in dialog.field_message("opinion") and dialog.isVisible()
    _act(qtbot, dialog, lambda: dialog.approve("拟请黄所长阅示，由登记、审核岗位落实"))

    head = _screen(qtbot, office.head)
    _detail_where(qtbot, head, doc_id, lambda d: d.my_node == "instruct")
    instruct = head.take_step()
    assert "拟请黄所长阅示" in instruct.findChild(type(instruct.hint), "instructProposal").text()
    qtbot.waitUntil(lambda: instruct.people.list.count() > 0, timeout=TIMEOUT)
    _act(qtbot, instruct, lambda: instruct.instruct("请李晓梅、王建华按通知办理",
                                                    [office.users["clerk"], office.users["reviewer"]]))
    clerk, reviewer = _screen(qtbot, office.clerk), _screen(qtbot, office.reviewer)
    _step(qtbot, clerk, doc_id, "undertake", "已通知辖区企业按时报送")
    _detail_where(qtbot, head, doc_id, lambda d: d.state == "undertaking")  # one still to report
    _step(qtbot, reviewer, doc_id, "undertake", "已完成审核岗位部署")
    _detail_where(qtbot, head, doc_id, lambda d: d.state == "done")
    trail = head.pane.trail.text()
    for text in ("拟请黄所长阅示", "请李晓梅、王建华按通知办理", "已通知辖区企业按时报送", "已完成审核岗位部署",
                 "邓雅琳", "黄国平", "李晓梅", "王建华"):
        assert text in trail
    assert head.pane.print_button.text() == "打印处理单…"
    head.print_document()
    qtbot.waitUntil(lambda: head.pdf_dialog is not None and head.pdf_dialog.isVisible(), timeout=TIMEOUT)
    text = _pdf_text(head.pdf_dialog.pdf_bytes, tmp_path, "sheet.pdf")
    for piece in ("收文处理单", "穗市监〔2026〕88号", "关于做好2027年度企业年报工作的通知", "拟请黄所长阅示",
                  "请李晓梅、王建华按通知办理", "已通知辖区企业按时报送", "王建华", "加急"):
        assert piece in text, piece
    # the search finds it by a word of its title and by its number; the state filter too
    head.search_box.setText("年报")
    head.number_filter.setText("〔2026〕88")
    head.search()
    qtbot.waitUntil(lambda: [r.document_id for r in head.rows] == [doc_id], timeout=TIMEOUT)
    head.search_box.setText("不存在的标题")
    head.search()
    qtbot.waitUntil(lambda: head.rows == [] and head.count_label.text() == "0 份文件", timeout=TIMEOUT)


def test_an_outgoing_document_is_drafted_revised_signed_and_arrives_in_another_office(qtbot, office, tmp_path):
    from client.kernel.reference import offices_of

    yuexiu = offices_of("440104")[0]
    clerk = _screen(qtbot, office.clerk, "outgoing")
    draft = clerk.new_application()
    type_chinese(draft.title, "关于开展食品安全专项检查的通知")
    draft.body.setPlainText("为保障节日期间食品安全，现通知如下。\n一、检查范围\n辖区内全部食品经营户。\n二、工作要求\n请于12月20日前报送结果。")
    qtbot.waitUntil(lambda: draft.main_units.list.count() == 173, timeout=TIMEOUT)
    draft.main_units.check(yuexiu.code)
    draft.copy_other.setText("天河分局办公室")
    draft.attachment_names.setText("检查记录表")
    with qtbot.waitSignal(draft.drafted, timeout=TIMEOUT) as done:
        qtbot.mouseClick(draft.submit_button, Qt.MouseButton.LeftButton)
    doc_id = done.args[0]["document_id"]
    _step(qtbot, clerk, doc_id, "draft", "请审核")

    reviewer = _screen(qtbot, office.reviewer, "outgoing")
    _detail_where(qtbot, reviewer, doc_id, lambda d: d.my_node == "review" and d.may_revise)
    assert reviewer.pane.revise_button.isVisible()
    revise = reviewer.revise()
    assert revise.title.text() == "关于开展食品安全专项检查的通知"
    qtbot.waitUntil(lambda: revise.main_units.checked() == [yuexiu.code], timeout=TIMEOUT)
    revise.body.setPlainText(revise.body.toPlainText().replace("全部", "所有"))
    revise.note.setText("用词")
    with qtbot.waitSignal(revise.applied, timeout=TIMEOUT):
        qtbot.mouseClick(revise.submit_button, Qt.MouseButton.LeftButton)
    _step(qtbot, reviewer, doc_id, "review", "核稿无误")

    head = _screen(qtbot, office.head, "outgoing")
    _detail_where(qtbot, head, doc_id, lambda d: d.my_node == "sign")
    sign = head.take_step()
    assert sign.diff.changed_pieces() == [("removed", "全部"), ("added", "所有")]
    assert "1" in sign.diff.summary.text()
    _act(qtbot, sign, lambda: sign.sign("同意印发"))

    secretary = _screen(qtbot, office.secretary, "outgoing")
    _step(qtbot, secretary, doc_id, "number")
    _detail_where(qtbot, secretary, doc_id, lambda d: d.numbered and d.my_node == "seal")
    number = secretary.detail.doc_number
    assert re.fullmatch(r"穗工商天\w+〔\d{4}〕1号", number)
    _step(qtbot, secretary, doc_id, "seal")
    _step(qtbot, secretary, doc_id, "distribute")
    _detail_where(qtbot, secretary, doc_id, lambda d: d.state == "distributed")
    assert yuexiu.name in secretary.pane.links.text()
    secretary.print_document()
    qtbot.waitUntil(lambda: secretary.pdf_dialog is not None and secretary.pdf_dialog.isVisible(), timeout=TIMEOUT)
    text = _pdf_text(secretary.pdf_dialog.pdf_bytes, tmp_path, "doc.pdf")
    positions = [text.find(x) for x in (number, "关于开展食品安全专项检查的通知", f"{yuexiu.name}：", "所有食品经营户")]
    assert -1 not in positions and positions == sorted(positions), positions

    # in Yuexiu: registered, linked to the original, waiting for its 文书's 拟办
    inbox = _screen(qtbot, office.secretary2)
    qtbot.waitUntil(lambda: [r.doc_number for r in inbox.rows] == [number], timeout=TIMEOUT)
    arrived = inbox.rows[0].document_id
    _detail_where(qtbot, inbox, arrived, lambda d: d.my_node == "propose" and d.source is not None)
    assert inbox.detail.source.document_id == doc_id


def test_bad_input_is_said_at_its_field_and_nothing_typed_is_lost(qtbot, office, tmp_path):
    screen = _screen(qtbot, office.secretary)
    dialog = screen.new_application()
    type_chinese(dialog.sender, "广州市市场监督管理局")
    dialog.doc_number.setText("穗市监2026-88")
    dialog.doc_number.editingFinished.emit()
    assert "格式不对" in dialog.field_message("doc_number")
    word = tmp_path / "通知.docx"
    word.write_bytes(b"PK\x03\x04" + b"word" * 100)
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    dialog.add_files([str(word), str(big), office.scan])
    message = dialog.field_message("attachments")
    assert "通知.docx" in message and "不是PDF或图片" in message
    assert "扫描件.pdf" in message and "10MB的上限" in message
    assert dialog.file_list.count() == 1  # the good one is kept
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.field_message("title") == "标题为必填项"
    assert "格式不对" in dialog.field_message("doc_number")
    # everything typed is still there, and nothing was registered
    assert dialog.sender.text() == "广州市市场监督管理局" and dialog.doc_number.text() == "穗市监2026-88"
    assert dialog.file_list.count() == 1 and dialog.isVisible()
    from client.documents.models import OfficialDocument

    assert office.secretary.reads.run(lambda s: s.scalar(sa.select(sa.func.count()).select_from(OfficialDocument))) == 0
    # corrected, it is registered
    dialog.doc_number.setText("穗市监〔2026〕88号")
    type_chinese(dialog.title, "关于年报工作的通知")
    with qtbot.waitSignal(dialog.registered, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)


def _to_numbering(login_context) -> str:
    """An outgoing document of the Tianhe office drafted, reviewed and signed (on the centre's
    database), waiting for its 编号."""
    from client.documents import queries as dq
    from client.documents.checks import Draft
    from client.documents.commands import SignOutgoing, draft_command
    from client.flows.commands import ApproveTask
    from client.kernel.types import new_id

    def detail(ctx, doc_id):
        return ctx.reads.run(lambda s: dq.document_detail(s, ctx.principal, doc_id))

    clerk, reviewer, head = (login_context(u) for u in ("clerk", "reviewer", "head"))
    cmd = draft_command(Draft(title="关于调整窗口服务时间的通知", body="各科室：\n自2027年1月起调整窗口服务时间。",
                              main_to=[{"code": None, "name": "各科室"}]),
                        document_id=new_id(), user_id=clerk.principal.user_id)
    assert clerk.bus.dispatch(cmd).ok
    for ctx in (clerk, reviewer):
        d = detail(ctx, cmd.document_id)
        assert ctx.bus.dispatch(ApproveTask(user_id=ctx.principal.user_id, task_id=d.my_task_id,
                                            base_version=d.my_task_version)).ok
    d = detail(head, cmd.document_id)
    assert head.bus.dispatch(SignOutgoing(user_id=head.principal.user_id, document_id=cmd.document_id,
                                          task_id=d.my_task_id, base_version=d.my_task_version, approve=True)).ok
    return cmd.document_id


def test_offline_a_document_is_registered_proposed_and_numbered_and_all_arrives_later(
        qtbot, demo_url, embedded_centre, login_context, tmp_path):
    from client.documents.models import OfficialDocument
    from client.flows.models import FlowTask
    from tests.gui.test_workstation import _login, _settings
    from widgets.documents.document_screen import IncomingScreen, OutgoingScreen
    from widgets.shell.controller import ShellController

    outgoing_id = _to_numbering(login_context)
    controller = ShellController(_settings(), embedded_centre.link, embedded=embedded_centre, idle_timeout_ms=0)
    controller.start()
    window = _login(qtbot, controller, "secretary")
    ctx, ui = window.ctx, window.workstation_ui
    qtbot.waitUntil(lambda: ui.cells.link.text() == "在线", timeout=20_000)
    qtbot.waitUntil(lambda: "从未" not in ui.cells.last.text(), timeout=20_000)
    assert ctx.database_label.endswith("本机副本")

    embedded_centre.stop()
    qtbot.waitUntil(lambda: ui.cells.link.text().startswith("离线"), timeout=20_000)
    scan = tmp_path / "通知.pdf"
    scan.write_bytes(_tiny_pdf())
    inbox = IncomingScreen(ctx)
    qtbot.addWidget(inbox)
    inbox.show()
    doc_id = _register(qtbot, inbox, SimpleNamespace(scan=str(scan)), title="关于开展消费维权宣传的通知")
    _step(qtbot, inbox, doc_id, "propose", "拟请所长阅示")
    _detail_where(qtbot, inbox, doc_id, lambda d: d.state == "instructing")
    outbox = OutgoingScreen(ctx)
    qtbot.addWidget(outbox)
    outbox.show()
    _step(qtbot, outbox, outgoing_id, "number")
    _detail_where(qtbot, outbox, outgoing_id, lambda d: d.doc_number == "待分配" and d.my_node == "seal")
    qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 3", timeout=5_000)

    embedded_centre.start()
    # 立即同步, as the clerk would: the worker's retries back off while the centre is away (up
    # to a minute), and how long the work above took offline must not decide the test
    ctx.workstation.sync_now()
    qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 0", timeout=30_000)
    # the centre has them: the registration with its scan, the head's 批示 open, the number given
    head = login_context("head")
    central = head.reads.run(lambda s: (
        s.get(OfficialDocument, doc_id).state,
        s.scalar(sa.select(FlowTask.node_key).where(FlowTask.state == "open", FlowTask.assignee_id
                                                    == head.principal.user_id,
                                                    FlowTask.instance_id == s.get(OfficialDocument, doc_id)
                                                    .flow_instance_id)),
        s.get(OfficialDocument, outgoing_id).doc_number))
    assert central[:2] == ("instructing", "instruct")
    assert re.fullmatch(r"穗工商天\w+〔\d{4}〕1号", central[2])
    # and the workstation pulled the number back
    outbox.refresh()
    qtbot.waitUntil(lambda: outbox.detail is not None and outbox.detail.doc_number == central[2], timeout=20_000)
    window.close()


def test_the_head_supervises_an_overdue_step_from_the_document(qtbot, office):
    import datetime as dt

    from client.flows.models import FlowTask
    from client.kernel.clock import beijing_today

    secretary = _screen(qtbot, office.secretary)
    doc_id = _register(qtbot, secretary, SimpleNamespace(scan=office.scan))
    _step(qtbot, secretary, doc_id, "propose", "拟请所长阅示")
    head = _screen(qtbot, office.head)
    _detail_where(qtbot, head, doc_id, lambda d: d.my_node == "instruct")
    instruct = head.take_step()
    qtbot.waitUntil(lambda: instruct.people.list.count() > 0, timeout=TIMEOUT)
    _act(qtbot, instruct, lambda: instruct.instruct("请李晓梅办理", [office.users["clerk"]]))
    _detail_where(qtbot, head, doc_id, lambda d: d.state == "undertaking")
    assert not head.pane.supervise_button.isVisible()  # not late yet
    # the clerk's 承办 is three days past its deadline
    late = beijing_today() - dt.timedelta(days=3)

    def make_late(s):
        s.execute(sa.update(FlowTask).where(FlowTask.node_key == "undertake").values(due_on=late))
        s.commit()

    office.head.reads.run(make_late)
    head.search_box.setText("年报")
    head.overdue_filter.setChecked(True)  # the list's 仅看超期 finds it
    qtbot.waitUntil(lambda: [r.document_id for r in head.rows] == [doc_id] and head.rows[0].overdue, timeout=TIMEOUT)
    _detail_where(qtbot, head, doc_id, lambda d: any(t.due_on == late for t in d.trail))
    assert head.pane.supervise_button.isVisible()
    dialog = head.supervise()
    dialog.note.editor.setPlainText("请于本周五前办结并报结果")
    with qtbot.waitSignal(dialog.sent, timeout=TIMEOUT):
        dialog.submit()
    _detail_where(qtbot, head, doc_id, lambda d: any(t.supervise_note for t in d.trail))
    assert "请于本周五前办结并报结果" in head.pane.trail.text()
    assert not head.pane.supervise_button.isVisible()  # its deadline is new


def test_a_hand_off_shows_what_was_decided_on_the_original(qtbot, office, login_context):
    """A 承办件 in another office: its holder reads the original's 拟办 and 批示 beside it."""
    from client.documents.commands import InstructIncoming

    secretary = _screen(qtbot, office.secretary)
    doc_id = _register(qtbot, secretary, SimpleNamespace(scan=office.scan))
    _step(qtbot, secretary, doc_id, "propose", "拟请所长阅示")
    head = _screen(qtbot, office.head)
    _detail_where(qtbot, head, doc_id, lambda d: d.my_node == "instruct")
    # (the 批示 through the bus: the picker lists another office's people only when the centre answers)
    d = head.detail
    out = office.head.bus.dispatch(InstructIncoming(
        user_id=office.users["head"], document_id=doc_id, task_id=d.my_task_id, base_version=d.my_task_version,
        opinion="请越秀洪桥所协助核查", undertakers=(office.users["head2"],)))
    assert out.ok, out.message
    yuexiu = _screen(qtbot, login_context("head2"))
    # (read here straight from the central database, the original shows too: the flow names head2;
    # a Yuexiu workstation's replica holds the 承办件 only)
    qtbot.waitUntil(lambda: any(r.document_id != doc_id for r in yuexiu.rows), timeout=TIMEOUT)
    [handed] = [r.document_id for r in yuexiu.rows if r.document_id != doc_id]
    _detail_where(qtbot, yuexiu, handed, lambda d: d.handoff == "undertake" and d.my_node == "handle")
    pane = yuexiu.pane
    assert pane.original_trail_box.isVisible() and not head.pane.original_trail_box.isVisible()
    text = pane.original_trail.text()
    assert text.index("拟请所长阅示") < text.index("请越秀洪桥所协助核查")
    assert "黄国平" in text and "邓雅琳" in text
    # the scan came with it, and opens here
    assert [a.filename for a in yuexiu.detail.attachments] == ["年报通知.pdf"]
    assert yuexiu.detail.attachments[0].sha256 == head.detail.attachments[0].sha256


def test_the_document_type_follows_the_title_until_one_is_chosen(qtbot, office):
    """文种 on the forms: the title's ending picks it (……的函 → 函) until the clerk picks one; the
    document keeps what was chosen, and so does its revision."""
    secretary = _screen(qtbot, office.secretary)
    dialog = secretary.new_application()
    type_chinese(dialog.title, "关于商请协助核查的函")
    assert dialog.kind.currentText() == "函"
    type_chinese(dialog.title, "关于开展专项检查的通知")
    assert dialog.kind.currentText() == "通知"
    dialog.kind.setCurrentIndex(dialog.kind.findData("bulletin"))
    dialog.kind.activated.emit(dialog.kind.currentIndex())  # (as a click on the list does)
    type_chinese(dialog.title, "关于开展专项检查情况的通知")
    assert dialog.kind.currentText() == "通报"  # chosen: the title no longer moves it
    dialog.reject()

    doc_id = _register(qtbot, secretary, SimpleNamespace(scan=office.scan), title="关于协助核查企业登记情况的函")
    _detail_where(qtbot, secretary, doc_id, lambda d: d.kind == "letter")
    assert secretary.pane.facts.values["kind"].text() == "函"

    clerk = _screen(qtbot, office.clerk, "outgoing")
    draft = clerk.new_application()
    type_chinese(draft.title, "关于加强辖区食品经营户监督检查的请示")
    assert draft.kind.currentText() == "请示"
