"""The first-run wizard (widgets/shell/first_run.py) with real widgets: against a real centre
reached by its address (the connection test, the sign-in of a member of the office and the
device's enrolment, which the centre then lists), the real pcscd with a virtual reader and cards,
the calibration page printed through the licence's own printing path into a PDF file and
measured, the settings file written only at 完成; and main.py's decision to show it."""
from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QImage
from PySide6.QtWidgets import QApplication, QWizard

from client.kernel.users import DEMO_PASSWORD
from client.registration.calibration import calibration_marks
from client.settings import Settings
from tests.gui.test_shell import sign_in
from tests.tools import require_tool
from widgets.shell.first_run import (
    CENTRE_PAGE,
    DONE_PAGE,
    OFFICE_PAGE,
    PRINTER_PAGE,
    READER_PAGE,
    FirstRunWizard,
)

ROOT = Path(__file__).resolve().parents[2]
WUSHAN = "440106-01"  # 天河分局五山工商所: head's and clerk's office


def _settings_file() -> Path:
    return Path(os.environ["HONGDUN_CONFIG_DIR"]) / "settings.json"


def _wizard(qtbot, settings: Settings | None = None, **kwargs) -> FirstRunWizard:
    wizard = FirstRunWizard(settings or Settings(), **kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _next(qtbot, wizard: FirstRunWizard, expected: int) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == expected, timeout=5_000)


def _leave(widget) -> None:
    """Focus leaves the field, as when the user tabs on (an offscreen test window is not always
    the active one, so a real focus change cannot be relied on)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def _devices(address: str) -> list[dict]:
    """What the centre lists under 设备管理 (asked as the administrator, over HTTP)."""
    from sync.centre_client import CentreClient
    from sync.remote import UserSession

    client = CentreClient([address])
    try:
        return UserSession.sign_in(client, "admin", DEMO_PASSWORD).call("GET", "/api/v1/devices")
    finally:
        client.close()


def _pdf_printer(monkeypatch, wizard: FirstRunWizard, folder: Path) -> list[Path]:
    """The printer page's 'PDF 文件…' printer, its save dialog answered with files in `folder`."""
    page = wizard.printer_page
    page.printer.setCurrentIndex(page.printer.findData(""))
    printed: list[Path] = []

    def choose(copy: str) -> str:
        printed.append(folder / f"{copy}-{len(printed)}.pdf")
        return str(printed[-1])

    monkeypatch.setattr(page, "_choose_pdf_path", choose)
    return printed


def _print(qtbot, page, copy: str) -> str:
    before = page.printed[copy]
    page.print_buttons[copy].click()
    qtbot.waitUntil(lambda: page.printed[copy] == before + 1 or "无法" in page.status.text(), timeout=20_000)
    return page.status.text()


# --- the whole wizard -----------------------------------------------------------------------------


def test_the_whole_wizard_against_a_real_centre_then_the_login_uses_what_it_did(
        qtbot, configured_centre, monkeypatch, tmp_path):
    import main
    from sync.keys import device_key
    from widgets.shell.controller import ShellController

    address = configured_centre.address
    wizard = _wizard(qtbot)
    centre = wizard.centre_page
    assert wizard.currentId() == CENTRE_PAGE and centre.use_centre.isChecked()

    centre.addresses.setPlainText(address)
    centre.test_button.click()
    qtbot.waitUntil(lambda: "✔" in centre.test_result.text(), timeout=10_000)
    text = centre.test_result.text()
    assert f"{address}：中心服务正常——版本 0.2.0，数据库已连接" in text
    _next(qtbot, wizard, OFFICE_PAGE)

    office = wizard.office_page
    office.username.setText("head")  # the office's head enrols the counter's workstation
    office.password.setText("wrong-password")
    office.sign_in_button.click()
    qtbot.waitUntil(lambda: office.message.isVisible(), timeout=10_000)
    assert "密码" in office.message.text() and office.password.text() == ""  # the centre's own words
    office.password.setText(DEMO_PASSWORD)
    office.sign_in_button.click()
    qtbot.waitUntil(lambda: office.enrol_button.isVisible(), timeout=10_000)
    assert office.unit.text() == "本机将登记为：天河分局五山工商所"
    assert "黄国平" in office.account.text()
    assert not [d for d in _devices(address) if d["enrolled_by"]]  # nothing enrolled before the button
    office.enrol_button.click()
    qtbot.waitUntil(lambda: wizard.enrolment is not None, timeout=10_000)
    unit, device_id = wizard.enrolment
    assert unit == "天河分局五山工商所" and device_id in office.result.text()
    assert office.unit.text() == "本机已登记为：天河分局五山工商所"
    listed = [d for d in _devices(address) if d["id"] == device_id]
    assert len(listed) == 1 and listed[0]["office_code"] == WUSHAN and not listed[0]["revoked"]
    assert device_key(device_id) is not None  # the private half in the keyring

    _next(qtbot, wizard, READER_PAGE)
    reader = wizard.reader_page
    reader.no_cards.setChecked(True)  # this test's workstation has no card counter
    assert not reader.reader_box.isEnabled()
    _next(qtbot, wizard, PRINTER_PAGE)

    printer = wizard.printer_page
    printed = _pdf_printer(monkeypatch, wizard, tmp_path)
    assert _print(qtbot, printer, "original").startswith("<span") and printed[0].stat().st_size > 10_000
    assert printer.print_buttons["original"].text() == "再打印一张核对"
    x, y = printer.offsets["original"]
    x.setValue(1.5)
    y.setValue(-0.8)
    dx, dy = printer.offsets["duplicate"]
    dx.stepBy(3)  # 0.1 mm steps
    dy.setValue(-60)  # clamped to ±50 mm
    assert "水平 +1.5 mm，垂直 −0.8 mm" in _print(qtbot, printer, "original")
    _next(qtbot, wizard, DONE_PAGE)

    summary = wizard.done_page.summary.text()
    for part in (address, "天河分局五山工商所", device_id, "本机不办理IC卡", "水平 +1.5 mm，垂直 −0.8 mm",
                 "水平 +0.3 mm，垂直 −50.0 mm（未打印校准页）"):
        assert part in summary, part
    assert not _settings_file().exists()  # nothing saved before 完成
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result is not None and not wizard.isVisible()

    saved = json.loads(_settings_file().read_text(encoding="utf-8"))
    assert saved["centre_urls"] == [address] and saved["centre_ca_file"] == ""
    assert saved["preprint_offset_original_mm"] == [1.5, -0.8]
    assert saved["preprint_offset_duplicate_mm"] == [0.3, -50.0]

    # main.py goes on with the wizard's centre; the clerk's first sign-in finds the device enrolled
    settings = Settings.load()
    link, embedded, problem = main.centre_link(settings, main.parse_args(["main.py"]), from_wizard=True)
    assert embedded is None and problem is None and link.addresses == [address]
    controller = ShellController(settings, link, idle_timeout_ms=0)
    try:
        controller.start()
        with qtbot.waitSignal(controller.sig_main_shown, timeout=20_000) as shown:
            sign_in(qtbot, controller.login, "clerk", DEMO_PASSWORD)
        window = shown.args[0]
        assert window.ctx.device_id == device_id
        assert len([d for d in _devices(address) if d["office_code"] == WUSHAN and d["enrolled_by"]]) == 1
        window.close()
        window.deleteLater()
    finally:
        controller.shutdown()  # as main.py at exit: the card reader's monitor stops with the program
        link.close()


def test_demo_mode_skips_the_office_and_saves_no_centre(qtbot, monkeypatch):
    wizard = _wizard(qtbot, Settings(centre_urls=["https://centre1.gz.example:8443"]))
    centre = wizard.centre_page
    assert centre.addresses.toPlainText() == "https://centre1.gz.example:8443"  # a re-run shows what is set
    centre.use_demo.setChecked(True)
    assert not centre.centre_box.isEnabled()
    _next(qtbot, wizard, READER_PAGE)  # no office page: nobody to enrol with
    wizard.reader_page.no_cards.setChecked(True)
    _next(qtbot, wizard, PRINTER_PAGE)
    _next(qtbot, wizard, DONE_PAGE)
    assert "演示模式" in wizard.done_page.summary.text()
    wizard.button(QWizard.WizardButton.BackButton).click()
    wizard.button(QWizard.WizardButton.BackButton).click()
    wizard.button(QWizard.WizardButton.BackButton).click()
    assert wizard.currentId() == CENTRE_PAGE
    _next(qtbot, wizard, READER_PAGE)
    _next(qtbot, wizard, PRINTER_PAGE)
    _next(qtbot, wizard, DONE_PAGE)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert Settings.load().centre_urls == [] and Settings.load().centre_ca_file == ""  # the embedded centre


def _enrol(qtbot, wizard: FirstRunWizard, username: str) -> None:
    office = wizard.office_page
    office.username.setText(username)
    office.password.setText(DEMO_PASSWORD)
    office.sign_in_button.click()
    qtbot.waitUntil(lambda: wizard.signed is not None or office.message.isVisible(), timeout=10_000)


def test_run_again_it_finds_this_workstation_enrolled_and_names_a_centre_that_is_down(qtbot, configured_centre):
    address = configured_centre.address
    first = _wizard(qtbot, centre=address)  # main.py --setup --centre …: filled in
    assert first.centre_page.addresses.toPlainText() == address
    _next(qtbot, first, OFFICE_PAGE)
    _enrol(qtbot, first, "head")
    first.office_page.enrol_button.click()
    qtbot.waitUntil(lambda: first.enrolment is not None, timeout=10_000)
    enrolment = first.enrolment
    first.reject()  # cancelled after enrolling: the device stays enrolled (the centre has it)
    enrolled = [d["id"] for d in _devices(address) if d["enrolled_by"]]
    assert enrolled == [enrolment[1]]

    again = _wizard(qtbot, Settings(centre_urls=[address]))  # field support: --setup
    _next(qtbot, again, OFFICE_PAGE)
    _enrol(qtbot, again, "clerk")  # another member of the same office
    office = again.office_page
    assert office.unit.text() == "本机已登记为：天河分局五山工商所" and not office.enrol_button.isVisible()
    assert "本机此前已登记" in office.result.text() and again.enrolment == enrolment
    assert [d["id"] for d in _devices(address) if d["enrolled_by"]] == enrolled  # nothing new at the centre

    configured_centre.stop()
    _enrol(qtbot, again, "head")
    assert office.message.text().startswith("无法连接中心服务：") and again.signed is None
    assert office.username.text() == "head"  # what was typed stays for the next try


# --- the centre page's checks ----------------------------------------------------------------------


@pytest.mark.parametrize(("addresses", "ca", "field", "problem"), [
    ("centre1.gz.example", "", "addresses", "中心地址 centre1.gz.example 格式不正确"),
    ("https://centre1.gz.example:8443\nhttp://192.168.1.20:8000", "", "addresses",
     "中心地址须以 https:// 开头（http:// 仅限本机）"),
    ("https://centre1.gz.example:port", "", "addresses", "中心地址 https://centre1.gz.example:port 格式不正确"),
    ("", "", "addresses", "请填写中心地址"),
    ("https://centre1.gz.example:8443", "missing.pem", "ca", "根证书文件不存在"),
    ("https://centre1.gz.example:8443", "not-a-certificate.pem", "ca", "根证书文件不是 PEM 格式的证书"),
])
def test_a_bad_address_or_ca_file_is_named_on_leaving_the_field_and_what_was_typed_stays(
        qtbot, tmp_path, addresses, ca, field, problem):
    (tmp_path / "not-a-certificate.pem").write_text("-----BEGIN CERTIFICATE-----\nnonsense\n", encoding="ascii")
    ca_path = str(tmp_path / ca) if ca else ""
    wizard = _wizard(qtbot)
    centre = wizard.centre_page
    centre.addresses.setPlainText(addresses)
    _leave(centre.addresses)  # leaving the field checks it
    centre.ca.setText(ca_path)
    _leave(centre.ca)
    message = centre.addresses_message if field == "addresses" else centre.ca_message
    other = centre.ca_message if field == "addresses" else centre.addresses_message
    assert message.text() == problem and message.isVisible() and not other.isVisible()
    assert (centre.addresses if field == "addresses" else centre.ca).property("invalid") is True

    # 下一步 (or 测试连接) does not go on, and nothing typed is lost
    centre.test_button.click()
    assert centre.test_result.text() == ""
    wizard.next() if centre.isComplete() else None
    assert wizard.currentId() == CENTRE_PAGE
    assert centre.addresses.toPlainText() == addresses and centre.ca.text() == ca_path
    assert not _settings_file().exists()


def test_cancel_saves_nothing(qtbot, configured_centre, monkeypatch, tmp_path):
    wizard = _wizard(qtbot, Settings(preprint_offset_original_mm=(0.5, 0.5)))
    wizard.centre_page.addresses.setPlainText(configured_centre.address)
    _next(qtbot, wizard, OFFICE_PAGE)
    _next(qtbot, wizard, READER_PAGE)  # skipped: enrolled at the first online sign-in
    wizard.reader_page.no_cards.setChecked(True)
    _next(qtbot, wizard, PRINTER_PAGE)
    wizard.printer_page.offsets["original"][0].setValue(3.0)
    _next(qtbot, wizard, DONE_PAGE)
    assert "尚未登记：首次联网登录时自动登记" in wizard.done_page.summary.text()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert wizard.result is None and not wizard.isVisible()
    assert not _settings_file().exists()


class _NotACentre(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on 127.0.0.1 that is no centre (every path: 404), its certificate issued by a
    CA of its own."""
    from tests.tls import make_pki

    pki = make_pki(tmp_path / "strangers", "strangers")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotACentre)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.cert, pki.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", pki
    server.shutdown()
    server.server_close()


def test_the_connection_test_names_each_address_s_problem(qtbot, configured_centre, tls_server, tmp_path):
    from tests.tls import make_pki

    tls_address, strangers = tls_server
    ours = make_pki(tmp_path / "ours", "ours")
    wizard = _wizard(qtbot)
    centre = wizard.centre_page

    def probe(addresses: list[str], ca: str = "") -> list[str]:
        centre.addresses.setPlainText("\n".join(addresses))
        centre.ca.setText(ca)
        centre.test_button.click()
        qtbot.waitUntil(lambda: centre.test_button.isEnabled() and centre.test_result.text().count("<br>")
                        == len(addresses) - 1 and "正在" not in centre.test_result.text(), timeout=20_000)
        return centre.test_result.text().split("<br>")

    closed = "http://127.0.0.1:1"
    good, refused = probe([configured_centre.address, closed])  # each address on its own, in order
    assert "✔" in good and "中心服务正常" in good
    assert "✘" in refused and f"{closed}：无法连接（地址或端口不对、中心服务未启动，或被防火墙阻断）" in refused
    (untrusted,) = probe([tls_address], ours.ca)
    assert "中心服务器的证书不受信任：请选择签发该证书的根证书" in untrusted
    (stranger,) = probe([tls_address], strangers.ca)  # trusted now: it answers, but is no centre
    assert "该地址有应答，但不是红盾中心服务" in stranger and "HTTP 404" in stranger
    (plain_to_tls,) = probe([tls_address.replace("https://", "http://")])
    assert "✘" in plain_to_tls


# --- the card reader ---------------------------------------------------------------------------------


def _reader_page(qtbot):
    wizard = _wizard(qtbot)
    wizard.centre_page.use_demo.setChecked(True)
    _next(qtbot, wizard, READER_PAGE)
    return wizard.reader_page


def test_the_reader_page_lists_the_virtual_reader_and_test_reads_its_cards(qtbot, vpcd, personalised, blank):
    from iccard.virtual import reader_name
    from iccard.virtual.demo import demo_content

    page = _reader_page(qtbot)
    qtbot.waitUntil(lambda: page.readers.count() > 0 and page.test_button.isEnabled(), timeout=10_000)
    names = [page.readers.item(i).text() for i in range(page.readers.count())]
    assert reader_name(0) in names
    page.readers.setCurrentRow(names.index(reader_name(0)))

    def read() -> str:
        page.result.clear()
        page.test_button.click()
        qtbot.waitUntil(lambda: page.result.text() != "" and page.test_button.isEnabled(), timeout=15_000)
        return page.result.text()

    assert read() == "读卡器工作正常；其中没有卡片（读卡器中没有卡（Virtual PCD 00 00））。"
    card = vpcd.insert(personalised(), reader=0)
    enterprise = demo_content().enterprise
    text = read()
    assert text.startswith("卡片有应答（ATR 3B ")
    assert f"企业IC卡：{enterprise.name}（{enterprise.credit_code}）。" in text
    assert "卡片签名待本机取得发卡机关公钥后核验" in text
    assert page.summary() == f"{reader_name(0)}：读到企业IC卡（{enterprise.name}）"
    vpcd.remove(card)
    vpcd.insert(blank(), reader=0)
    assert read().endswith("空白企业IC卡（尚未制卡）。")


def test_the_reader_page_says_when_pcscd_is_not_running(qtbot, pcsc_daemon):
    pcsc_daemon.stop()  # the fixture starts it again for the next test
    page = _reader_page(qtbot)
    qtbot.waitUntil(lambda: page.service.isVisible(), timeout=10_000)
    assert page.service.text().startswith("智能卡服务 pcscd 未运行：请安装 pcscd 软件包并启动它")
    assert page.readers.count() == 0 and not page.test_button.isEnabled()
    page.no_cards.setChecked(True)  # skipped: nothing here handles cards
    assert page.summary() == "本机不办理IC卡"


# --- the calibration page ------------------------------------------------------------------------


def _page_image(pdf: Path, dpi: int) -> QImage:
    """The printed PDF as poppler renders it (grey)."""
    require_tool("pdftoppm", "poppler-utils")
    out = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(out)], check=True)
    return QImage(str(out) + ".png")


INK, PAPER = 200, 245  # grey levels (0 black, 255 white)


def _darkest(image: QImage, x_mm: float, y_mm: float, dpi: int, radius: int = 2) -> int:
    px, py = round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)
    return min(image.pixelColor(px + i, py + j).value()
               for i in range(-radius, radius + 1) for j in range(-radius, radius + 1))


@pytest.mark.parametrize("copy", ["original", "duplicate"])
def test_the_calibration_page_prints_its_marks_where_the_licence_prints_its_fields(
        qtbot, monkeypatch, tmp_path, copy):
    """Printed the way licences are (QtPdf onto a QPrinter at full page: here one writing a PDF
    file), then rendered by poppler: a crosshair at every place of the licence layout, moved by
    the offsets entered, and nothing left where it was before they were entered."""
    wizard = _wizard(qtbot)
    wizard.centre_page.use_demo.setChecked(True)
    _next(qtbot, wizard, READER_PAGE)
    wizard.reader_page.no_cards.setChecked(True)
    _next(qtbot, wizard, PRINTER_PAGE)
    page = wizard.printer_page
    printed = _pdf_printer(monkeypatch, wizard, tmp_path)
    _print(qtbot, page, copy)
    x, y = page.offsets[copy]
    x.setValue(2.0)
    y.setValue(-1.5)
    assert "水平 +2.0 mm，垂直 −1.5 mm" in _print(qtbot, page, copy)
    assert len(printed) == 2

    dpi = 300  # the printing's own resolution: a 0.09 mm line is a pixel wide
    size_mm = (420, 297) if copy == "original" else (297, 210)
    before, after = _page_image(printed[0], dpi), _page_image(printed[1], dpi)
    for image in (before, after):  # the whole sheet, landscape, at actual size (Qt's A3 is 1191 × 842 pt)
        assert image.width() == pytest.approx(size_mm[0] / 25.4 * dpi, abs=3)
        assert image.height() == pytest.approx(size_mm[1] / 25.4 * dpi, abs=3)
    for old, new in zip(calibration_marks(copy), calibration_marks(copy, (2.0, -1.5))):
        assert old.fields == new.fields
        # ink (the blue lines, anti-aliased) within 0.17 mm of the place, blank paper elsewhere
        assert _darkest(before, old.x_mm, old.y_mm, dpi) < INK, old
        assert _darkest(after, new.x_mm, new.y_mm, dpi) < INK, new
        assert _darkest(after, new.x_mm + 3.0, new.y_mm, dpi) < INK, new  # its arm, 3 mm to the right
        assert _darkest(after, new.x_mm + 2.5, new.y_mm + 2.5, dpi) > PAPER, new  # between the arms
        assert _darkest(after, old.x_mm, old.y_mm, dpi) > PAPER, old  # moved away from where it was
    # and the page that was printed says which offsets it was drawn with
    text = subprocess.run(["pdftotext", "-", "-"], input=page.last_pdf[copy], capture_output=True,
                          check=True).stdout.decode()
    assert "本页偏移量：水平 +2.0 mm，垂直 −1.5 mm（向右、向下为正）" in text


# --- when it shows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "env", "exists", "frozen", "wanted"), [
    ([], {}, False, False, False),  # a source checkout: the embedded demo, as always
    ([], {}, False, True, True),  # the installed program's first start
    ([], {}, True, True, False),  # set up already
    (["--setup"], {}, True, False, True),  # field support, from a checkout too
    (["--setup"], {}, True, True, True),
    (["--centre", "https://c.example:8443"], {}, False, True, False),  # CI starts the installed program so
    ([], {"HONGDUN_CENTRE": "https://c.example:8443"}, False, True, False),
    (["--setup", "--centre", "https://c.example:8443"], {}, False, True, True),  # asked for: shown, filled in
])
def test_when_main_shows_the_wizard(argv, env, exists, frozen, wanted):
    import main

    assert main.first_run_wanted(main.parse_args(["main.py", *argv]), settings_exist=exists, frozen=frozen,
                                 environ=env) is wanted


def _start(demo_url: str, tmp_path: Path, *args: str, frozen: bool = False) -> subprocess.CompletedProcess:
    """The program as a process, its first window reported and closed at once (HONGDUN_TIMING=exit);
    `frozen`: as a PyInstaller bundle runs it (sys.frozen set)."""
    env = {**os.environ, "HONGDUN_TIMING": "exit", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HONGDUN_CENTRE", None)
    argv = ["main.py", "--url", demo_url, *args]
    code = (f"import runpy, sys; sys.frozen = {frozen}; sys.argv = {argv!r}; sys.path.insert(0, {str(ROOT)!r}); "
            f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)


def test_a_source_run_without_settings_goes_to_the_login_window(demo_url, tmp_path):
    out = _start(demo_url, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "start→login window" in out.stdout and "first-run wizard" not in out.stdout
    assert not _settings_file().exists()


def test_setup_shows_the_wizard_and_closing_it_saves_nothing(demo_url, tmp_path):
    out = _start(demo_url, tmp_path, "--setup")
    assert out.returncode == 0, out.stderr
    assert "start→first-run wizard" in out.stdout and "login window" not in out.stdout
    assert not _settings_file().exists()  # cancelled: the next start asks again


def test_an_installed_program_asks_at_its_first_start_unless_given_a_centre(demo_url, tmp_path):
    first = _start(demo_url, tmp_path, frozen=True)
    assert first.returncode == 0, first.stderr
    assert "start→first-run wizard" in first.stdout and "login window" not in first.stdout
    told = _start(demo_url, tmp_path, "--centre", "http://127.0.0.1:1", frozen=True)
    assert told.returncode == 0, told.stderr
    assert "start→login window" in told.stdout and "first-run wizard" not in told.stdout
    _settings_file().parent.mkdir(parents=True, exist_ok=True)
    Settings(centre_urls=["http://127.0.0.1:1"]).save()
    again = _start(demo_url, tmp_path, frozen=True)  # set up: straight to the login window
    assert "start→login window" in again.stdout and "first-run wizard" not in again.stdout


def test_the_login_window_s_settings_offer_the_wizard(qtbot, embedded_centre):
    """登录窗口 → 连接设置… → 配置向导…: the wizard (modal) runs, and what it saves is what the
    shell's settings hold afterwards."""
    from PySide6.QtCore import QTimer

    from widgets.shell.controller import ShellController
    from widgets.shell.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), offer_wizard=True)
    qtbot.addWidget(dialog)
    assert dialog.wizard_button.text() == "配置向导…"
    with qtbot.waitSignal(dialog.sig_wizard_requested):
        dialog.wizard_button.click()
    assert dialog.wizard_requested and dialog.result() == SettingsDialog.DialogCode.Rejected

    controller = ShellController(Settings(), embedded_centre.link, embedded=embedded_centre, idle_timeout_ms=0)
    controller.start()
    steps: list[int] = []

    def operate() -> None:  # the modal wizard, as a user goes through it
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard):
            QTimer.singleShot(20, operate)
            return
        wizard.centre_page.use_demo.setChecked(True)
        wizard.next()
        wizard.reader_page.no_cards.setChecked(True)
        wizard.next()
        wizard.printer_page.offsets["duplicate"][0].setValue(4.2)
        wizard.next()
        steps.append(wizard.currentId())
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, operate)
    assert controller.run_wizard()
    assert steps == [DONE_PAGE]
    assert controller.settings.preprint_offset_duplicate_mm == (4.2, 0.0)  # the shell's own object
    assert Settings.load().preprint_offset_duplicate_mm == (4.2, 0.0)
