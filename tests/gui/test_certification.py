"""合同鉴证 and 合同争议调解 as the office uses them, on real screens over the demo database:

(a) an application typed into the form — two companies of the register, a contract PDF and a
    licence scan — goes 受理 → 审查 (the checklist) → 所长审批 to 已鉴证, and its 鉴证书 names
    the certificate number and both parties; the statistics count it and export it to an
    Excel workbook through the save dialog;
(b) what the form refuses, each message at its field with the typing kept: an amount that is
    not a number, an agent without an authorisation, a party whose licence was revoked (吊销:
    not 存续), which the form shows at once and the service refuses;
(c) a mediation from application to agreement: accepted with a mediator, one session recorded,
    concluded with an agreement, and its printed agreement; another application refused, and its
    printed 不予受理通知书.
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import type_chinese

PARTY_A = "广州市天河区澄明软件科技有限公司"
PARTY_B = "广州市天河区远航软件科技有限公司"
TIMEOUT = 10_000


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _tiny_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Contract for the supply of office furniture")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _tiny_png() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#C8161D"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.fixture
def office(login_context, tmp_path):
    """The certifier's and the head's contexts, two companies established in the Tianhe office
    (as tests/integration/sync_helpers.establish makes them), and the files of the materials."""
    from client.kernel.models import AppUser, MarketEntity
    from tests.integration.sync_helpers import establish

    certifier, head = login_context("certifier"), login_context("head")
    users = certifier.reads.run(lambda s: dict(s.execute(sa.select(AppUser.username, AppUser.id)).all()))
    central = SimpleNamespace(bus=certifier.bus, users=users)
    ids = [establish(central, "澄明"), establish(central, "远航")]
    codes = certifier.reads.run(lambda s: [s.get(MarketEntity, i).uscc for i in ids])
    pdf, png = tmp_path / "采购合同.pdf", tmp_path / "甲方营业执照.png"
    pdf.write_bytes(_tiny_pdf())
    png.write_bytes(_tiny_png())
    return SimpleNamespace(certifier=certifier, head=head, users=users, central=central, entity_ids=ids,
                           codes=codes, pdf=str(pdf), png=str(png))


def _screen(qtbot, ctx):
    from widgets.certification.certification_screen import CertificationScreen

    screen = CertificationScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()
    return screen


def _look_up(qtbot, block, code: str) -> None:
    """The clerk types a credit code and leaves the field: the register answers."""
    block.code.setFocus()
    block.code.setText(code)
    with qtbot.waitSignal(block.looked_up, timeout=TIMEOUT):
        block.code.editingFinished.emit()


def _fill(qtbot, form, office, *, amount: str = "860,000.00", agent: str = "") -> None:
    type_chinese(form.contract_title, "办公家具采购合同", preedit="bangong")
    form.subject.setText("办公桌椅、文件柜等办公家具一批")
    form.amount.setText(amount)
    form.signed_place.setText("广州市天河区")
    form.performance_place.setText("广州市天河区天河路385号")
    _look_up(qtbot, form.parties[0], office.codes[0])
    _look_up(qtbot, form.parties[1], office.codes[1])
    if agent:
        form.parties[1].agent.setText(agent)
        form.parties[1].agent.editingFinished.emit()
    form.add_files([office.pdf, office.png])
    form.set_material(1, "licence", 0)


def _submit(qtbot, form):
    with qtbot.waitSignal(form.answered, timeout=TIMEOUT) as signal:
        qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    return signal.args[0]


def _detail_where(qtbot, screen, application_id: str, check) -> None:
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.application_id == application_id
                    and check(screen.detail), timeout=TIMEOUT)


def _decide(qtbot, dialog, act) -> None:
    with qtbot.waitSignal(dialog.applied, timeout=TIMEOUT):
        act()
    assert dialog.outcome.ok


def test_an_application_goes_from_the_form_to_the_printed_certificate(qtbot, office, tmp_path, monkeypatch):
    from widgets.certification.stats_screen import CertificationStatsScreen

    screen = _screen(qtbot, office.certifier)
    dialog = screen.new_application()
    form = dialog.form
    _fill(qtbot, form, office)
    # the register's answer is on the form: names and 存续
    assert PARTY_A in form.parties[0].register_info.text() and "存续" in form.parties[0].register_info.text()
    assert "捌拾陆万元" in form.capital.text()  # 大写 of 860,000.00
    # the preview shows the selected material with its digest
    form.material_table.selectRow(0)
    assert form.preview.page_count == 1 and len(form.preview.sha256) == 64

    outcome = _submit(qtbot, form)
    assert outcome is not None and outcome.ok, (outcome and outcome.message, form.message.text())
    qtbot.waitUntil(lambda: dialog.received is not None, timeout=TIMEOUT)
    app_id = dialog.received["application_id"]
    _detail_where(qtbot, screen, app_id, lambda d: d.my_node == "accept")
    assert [p.name for p in screen.detail.parties] == [PARTY_A, PARTY_B]
    assert {m.kind for m in screen.detail.materials} == {"contract", "licence"}
    assert screen.pane.decide_button.isVisible() and not screen.pane.examine_button.isVisible()

    # a material opens in its preview, its SHA-256 the one recorded
    material = screen.show_material(0)
    qtbot.waitUntil(lambda: material.preview.sha256 == screen.detail.materials[0].sha256, timeout=TIMEOUT)

    # 查看流程: the flows area's dialog, standing at 受理
    flow = screen.show_flow()
    qtbot.waitUntil(lambda: getattr(flow, "view", None) is not None, timeout=TIMEOUT)
    assert flow.view.current_nodes == ["accept"]
    flow.close()

    # 受理
    decision = screen.decide()
    _decide(qtbot, decision, lambda: decision.approve("材料齐全，予以受理"))
    _detail_where(qtbot, screen, app_id, lambda d: d.my_node == "examine")
    assert screen.pane.examine_button.isVisible() and not screen.pane.decide_button.isVisible()

    # 审查: a 不符合 cannot be certified; the service says so at that point of the checklist
    examine = screen.examine()
    examine.all_conform()
    examine.set_finding("wording", "不符合：第七条表述不明")
    examine.opinion.setPlainText("经审查，合同真实合法")
    qtbot.mouseClick(examine.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "文字表述准确" in examine.fields["findings.wording"].message.text(), timeout=TIMEOUT)
    assert examine.isVisible() and examine.opinion.toPlainText() == "经审查，合同真实合法"
    examine.set_finding("wording", "符合")
    _decide(qtbot, examine, lambda: qtbot.mouseClick(examine.approve_button, Qt.MouseButton.LeftButton))
    _detail_where(qtbot, screen, app_id, lambda d: d.my_node is None and d.findings.get("capacity") == "符合")

    # 所长审批 by the head: within the limit, the flow ends and the 鉴证书 is numbered
    head_screen = _screen(qtbot, office.head)
    head_screen.select(app_id)
    _detail_where(qtbot, head_screen, app_id, lambda d: d.my_node == "head")
    decision = head_screen.decide()
    _decide(qtbot, decision, lambda: decision.approve("同意"))
    _detail_where(qtbot, head_screen, app_id, lambda d: d.state == "certified")
    number = head_screen.detail.certificate_no
    assert number and number.startswith("穗天河鉴")
    assert head_screen.pane.certificate_button.isVisible() and not head_screen.pane.refusal_button.isVisible()

    head_screen.print_certificate()
    qtbot.waitUntil(lambda: head_screen.pdf_dialog is not None and head_screen.pdf_dialog.isVisible(), timeout=TIMEOUT)
    text = _pdf_text(head_screen.pdf_dialog.pdf_bytes, tmp_path, "certificate.pdf")
    assert number in text.replace(" ", "")
    assert PARTY_A in text and PARTY_B in text

    # the search finds it by the certificate number, and the statistics count it
    head_screen.search_box.setText(number)
    head_screen.search()
    qtbot.waitUntil(lambda: [r.application_id for r in head_screen.rows] == [app_id], timeout=TIMEOUT)
    stats = CertificationStatsScreen(office.head)
    qtbot.addWidget(stats)
    stats.show()
    qtbot.waitUntil(lambda: stats.lines is not None, timeout=TIMEOUT)
    certified = sum(x.certified for x in stats.lines)
    assert certified >= 1
    assert stats.chart.total() == certified + sum(x.refused for x in stats.lines)
    assert stats.table.rowCount() == len(stats.lines) + 1  # and the total line

    # 导出Excel: the figures on screen, through the save dialog, into a workbook
    path = tmp_path / "统计"  # the dialog's answer without the extension: .xlsx is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert stats.export_button.isEnabled()
    with qtbot.waitSignal(stats.exported, timeout=TIMEOUT) as written:
        qtbot.mouseClick(stats.export_button, Qt.MouseButton.LeftButton)
    book = tmp_path / "统计.xlsx"
    assert written.args == [str(book)] and book.is_file()
    with zipfile.ZipFile(book) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    mine = [x for x in stats.lines if x.certified]
    assert mine[0].office_name in strings and mine[0].month in strings and "合计" in strings
    total_row = 4 + len(stats.lines)  # the heading on row 3, a row a line, then the total
    assert re.search(rf'<c r="C{total_row}"[^>]*><v>{certified}</v>', sheet), sheet
    assert str(book) in stats.message.text() and stats.export_button.isEnabled()


def test_bad_input_is_shown_at_its_field_and_the_typing_is_kept(qtbot, office):
    from client.kernel.models import MarketEntity
    from client.registration.commands import RevokeLicence
    from tests.integration.sync_helpers import establish
    from widgets.certification.application_form import ApplicationForm

    form = ApplicationForm(office.certifier)
    qtbot.addWidget(form)
    form.resize(1180, 1000)
    form.show()
    _fill(qtbot, form, office, amount="abc", agent="张三")
    assert form.capital.text() == ""  # no 大写 for what is not a number
    # the form says at once that an agent needs an authorisation
    assert "授权委托书" in form.message_of("parties.1.agent")
    # a field is judged when the clerk leaves it, in the service's words
    form.contract_title.setText("合")
    form.contract_title.editingFinished.emit()
    assert "合同名称" in form.message_of("contract_title")
    form.contract_title.setText("办公家具采购合同")
    form.contract_title.editingFinished.emit()
    assert form.message_of("contract_title") == ""

    assert _submit(qtbot, form) is None  # the form's own checks stopped it
    assert "合同金额" in form.message_of("amount") and "abc" in form.message_of("amount")
    assert form.amount.text() == "abc"
    assert "授权委托书" in form.message_of("parties.1.authorisation")
    assert form.parties[1].agent.text() == "张三"
    assert form.contract_title.text() == "办公家具采购合同" and len(form.materials) == 2

    # corrected: a number, and the agent's authorisation attached
    form.amount.setText("1500000")
    assert "壹佰伍拾万元" in form.capital.text()
    form.add_files([office.pdf])
    form.set_material(2, "authorisation", 1)
    assert form.message_of("parties.1.agent") == ""

    # the second party's licence is revoked (吊销): the lookup says so at once, and the service refuses
    revoked_id = establish(office.central, "青松")
    code, version = office.certifier.reads.run(
        lambda s: (s.get(MarketEntity, revoked_id).uscc, s.get(MarketEntity, revoked_id).version))
    out = office.head.bus.dispatch(RevokeLicence(user_id=office.users["head"], entity_id=revoked_id,
                                                 base_version=version, reason="提交虚假材料取得登记",
                                                 decision_no="穗工商天罚〔2026〕1号"))
    assert out.ok, out.message
    _look_up(qtbot, form.parties[1], code)
    assert "存续" in form.message_of("parties.1.code")
    assert "吊销" in form.parties[1].register_info.text()

    outcome = _submit(qtbot, form)
    assert outcome is not None and not outcome.ok
    assert "存续" in outcome.message
    assert "存续" in form.message_of("parties.1.code")
    assert form.body.isEnabled() and form.amount.text() == "1500000" and form.parties[1].code.text() == code


def test_a_mediation_goes_from_application_to_agreement(qtbot, office, tmp_path):
    from widgets.certification.mediation_screen import MediationScreen

    ctx = office.certifier
    screen = MediationScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()

    dialog = screen.new_application()
    type_chinese(dialog.applicant, PARTY_A)
    dialog.respondent.setText(PARTY_A)  # the same party on both sides: refused at the field
    dialog.contract_title.setText("仓储服务合同")
    dialog.dispute.setPlainText("被申请人逾期支付第三季度仓储费用，双方对滞纳金计算方式存在争议。")
    dialog.claim.setText("126000")
    dialog.submit()
    qtbot.waitUntil(lambda: "申请人" in dialog.fields["respondent"].message.text(), timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.contract_title.text() == "仓储服务合同"
    dialog.respondent.setText(PARTY_B)
    _decide(qtbot, dialog, dialog.submit)
    case_id = dialog.case_id
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.case_id == case_id
                    and screen.detail.my_node == "accept", timeout=TIMEOUT)
    assert screen.detail.accept_by > screen.detail.applied_on  # 受理期限: 5 working days on
    assert screen.pane.accept_button.isVisible() and not screen.pane.print_button.isVisible()

    # 受理 with the certifier as the mediator (picked from the office's people)
    accept = screen.accept_case()
    qtbot.waitUntil(lambda: accept.mediators.count() > 1, timeout=TIMEOUT)
    accept.accept_case()  # nobody chosen: the service names the field
    qtbot.waitUntil(lambda: "调解员" in accept.fields["mediators"].message.text(), timeout=TIMEOUT)
    accept.check({ctx.principal.user_id})
    _decide(qtbot, accept, accept.accept_case)
    qtbot.waitUntil(lambda: screen.detail.state == "mediating" and screen.detail.my_node == "mediate", timeout=TIMEOUT)
    assert screen.detail.mediators == [ctx.principal.full_name]

    # one session, then the agreement
    session = screen.record_session()
    session.place.setText("天河工商所调解室")
    session.record.setPlainText("双方到场。被申请人承认欠款，请求减免滞纳金；经调解，双方同意分两期付清。")
    _decide(qtbot, session, session.record_session)
    qtbot.waitUntil(lambda: len(screen.detail.sessions) == 1, timeout=TIMEOUT)
    assert "天河工商所调解室" in screen.pane.sessions.text()

    conclude = screen.conclude()
    conclude.settled.setChecked(True)
    conclude.agreement.setPlainText("被申请人于本月底前支付仓储费6.3万元，下月底前支付余款6.3万元；申请人放弃滞纳金。")
    _decide(qtbot, conclude, conclude.conclude)
    qtbot.waitUntil(lambda: screen.detail.state == "settled", timeout=TIMEOUT)
    assert screen.pane.print_button.isVisible() and not screen.pane.conclude_button.isVisible()

    screen.print_outcome()
    qtbot.waitUntil(lambda: screen.pdf_dialog is not None and screen.pdf_dialog.isVisible(), timeout=TIMEOUT)
    text = _pdf_text(screen.pdf_dialog.pdf_bytes, tmp_path, "agreement.pdf").replace(" ", "")
    assert screen.detail.case_no in text
    assert PARTY_A in text and PARTY_B in text and "放弃滞纳金" in text.replace("\n", "")

    # another application, refused (the respondent will not mediate): its 不予受理通知书 is printed
    from client.certification.commands import ApplyForMediation
    from client.kernel.clock import beijing_today
    from client.kernel.types import new_id

    refused_id = new_id()
    out = ctx.bus.dispatch(ApplyForMediation(user_id=ctx.principal.user_id, case_id=refused_id, applicant=PARTY_B,
                                             respondent=PARTY_A, contract_title="软件开发合同",
                                             dispute="被申请人拒绝验收已交付的软件，申请人要求支付开发费用。",
                                             applied_on=beijing_today()))
    assert out.ok, out.message
    screen.select(refused_id)
    qtbot.waitUntil(lambda: screen.detail.case_id == refused_id and screen.detail.my_node == "accept", timeout=TIMEOUT)
    assert not screen.pane.print_button.isVisible()  # nothing decided, nothing to print
    refuse = screen.refuse_case()
    refuse.reason.setCurrentIndex(refuse.reason.findData("declined"))
    _decide(qtbot, refuse, refuse.refuse)
    qtbot.waitUntil(lambda: screen.detail.state == "refused", timeout=TIMEOUT)
    assert screen.pane.print_button.isVisible()
    assert screen.pane.print_button.text() == screen.tr("Print refusal notice…")
    screen.print_outcome()
    qtbot.waitUntil(lambda: screen.pdf_dialog is not None and screen.pdf_dialog.isVisible()
                    and "不予受理" in _pdf_text(screen.pdf_dialog.pdf_bytes, tmp_path, "refusal.pdf"), timeout=TIMEOUT)
    text = _pdf_text(screen.pdf_dialog.pdf_bytes, tmp_path, "refusal.pdf").replace(" ", "").replace("\n", "")
    assert "不予受理通知书" in text and f"{PARTY_B}：" in text and "《软件开发合同》" in text
    assert "对方当事人不同意调解" in text and "申请仲裁或者向人民法院起诉" in text


def test_the_rail_offers_certification_to_certifiers_and_statistics_to_heads(qtbot, make_main_window):
    from widgets.certification import CONTRACTS, MEDIATION, STATS

    window = make_main_window("certifier")
    keys = window.area_keys()
    assert CONTRACTS in keys and MEDIATION in keys and STATS not in keys
    assert window.open_area(CONTRACTS).objectName() == "certificationScreen"
    assert window.open_area(MEDIATION).objectName() == "mediationScreen"
    head = make_main_window("head")
    assert STATS in head.area_keys()
    assert head.open_area(STATS).objectName() == "certificationStatsScreen"
    assert CONTRACTS not in make_main_window("clerk").area_keys()
