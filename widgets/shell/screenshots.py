"""Screenshot builders for the shell (listed in widgets/screenshots.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from widgets.common.shots import ShotEnv


def _login(env: ShotEnv):
    """The login window on the embedded centre, with the demo accounts it offers."""
    from widgets.shell.login import LoginWindow

    link = env.link()
    window = LoginWindow(link, show_demo_hint=True)
    if link.demo_accounts:
        window.set_demo_accounts(*link.demo_accounts)
    env.windows.append(window)
    return window


def login_window(env: ShotEnv) -> QWidget:
    window = _login(env)
    window.username.setText("clerk")
    window.password.setFocus()
    return window


def login_window_with_error(env: ShotEnv) -> QWidget:
    from sync.signin import sign_in

    window = _login(env)
    window.username.setText("reviewer")
    result = sign_in(env.link(), "reviewer", "wrong-password")  # the centre's own answer
    window.show_message(result.message or "")
    window.password.setFocus()
    return window


def main_window(env: ShotEnv) -> QWidget:
    return env.main_window("clerk")


def main_window_district(env: ShotEnv) -> QWidget:
    return env.signed_in_window("district")  # every screen of a district user asks the centre


def lock_screen(env: ShotEnv) -> QWidget:
    window = env.main_window("head")
    window.lock()
    return window


def settings_dialog(env: ShotEnv) -> QWidget:
    from client.settings import Settings
    from widgets.shell.settings_dialog import SettingsDialog

    settings = Settings(centre_urls=["https://centre1.gzamr.local:8443", "https://centre2.gzamr.local:8443"],
                        centre_ca_file="/etc/hongdun/gzamr-ca.pem", preprint_offset_original_mm=(1.5, -0.8),
                        preprint_offset_duplicate_mm=(0.4, 0.0))
    dialog = SettingsDialog(settings, offer_wizard=True)  # as the login window opens it
    env.windows.append(dialog)
    return dialog


def devices_screen(env: ShotEnv) -> QWidget:
    """设备管理 as the administrator sees it: counters, a field laptop, one revoked."""
    import datetime as dt

    from client.kernel.clock import utcnow
    from client.kernel.models import Device
    from client.kernel.types import new_id

    now = utcnow()
    with env.sessions()() as session:
        for label, office, days, seen, revoked in (
                ("天河五山所-登记窗口1", "440106-01", 40, 0.01, False),
                ("天河五山所-制卡柜台", "440106-01", 38, 0.2, False),
                ("天河五山所-外勤笔记本03", "440106-01", 25, 3, False),
                ("越秀洪桥所-登记窗口2", "440104-01", 30, 0.5, False),
                ("天河五山所-外勤笔记本01（遗失）", "440106-01", 60, 12, True)):
            session.add(Device(id=new_id(), label=label, public_key="00" * 32, office_code=office,
                               district_code=office.split("-")[0], enrolled_at=now - dt.timedelta(days=days),
                               last_seen_at=now - dt.timedelta(days=seen), revoked=revoked,
                               revoked_at=now - dt.timedelta(days=2) if revoked else None))
        session.commit()
    window = env.main_window("admin", "admin.devices")
    window.area_widget("admin.devices").reload()
    return window


# --- the first-run wizard ------------------------------------------------------------------------


def _wizard(env: ShotEnv, page: int):
    """The first-run wizard walked up to `page` through its own buttons, against the embedded
    centre (its real address; a second address that cannot exist shows how a failure reads), an
    in-process virtual enterprise card in a listed reader (the script runs without pcscd), and
    the PDF-file printer into the temporary directory."""
    import contextlib
    import tempfile
    from pathlib import Path

    from client.kernel.users import DEMO_PASSWORD
    from client.settings import Settings
    from iccard import make_card, signature
    from iccard.virtual import DEMO_PIN, blank_card
    from iccard.virtual.demo import demo_content
    from widgets.common.shots import settle
    from sync.setup_checks import CardAccess
    from widgets.shell import first_run as fr

    link = env.link()
    link.client()  # (waits for the embedded centre's address)
    card = blank_card()
    signer = signature.demo_signer()
    made = make_card(card, demo_content(), signer=signer, keys=signature.demo_keys(signer), pin=DEMO_PIN)
    if not made.ok:
        raise RuntimeError(made.message)
    card.reset()
    readers = ["Virtual PCD 00 00", "ACS ACR39U ICC Reader 00 00"]
    cards = CardAccess(list_readers=lambda: readers, open=lambda _reader: contextlib.nullcontext(card))
    out = Path(tempfile.mkdtemp(prefix="hongdun-calibration-"))
    wizard = fr.FirstRunWizard(Settings(preprint_offset_original_mm=(1.5, -0.8)), cards=cards,
                               save_path=out / "settings.json")
    wizard.printer_page._choose_pdf_path = lambda copy: str(out / f"{copy}.pdf")
    env.windows.append(wizard)
    wizard.show()

    centre = wizard.centre_page
    if page == fr.CENTRE_PAGE:
        centre.addresses.setPlainText("\n".join([*link.addresses, "https://centre2.gzamr.invalid:8443"]))
        centre.test_connection()
        settle()
        return wizard
    centre.addresses.setPlainText("\n".join(link.addresses))
    wizard.next()
    office = wizard.office_page
    office.username.setText("head")
    office.password.setText(DEMO_PASSWORD)
    office.sign_in()
    settle()
    if page == fr.OFFICE_PAGE:
        office.enrol()
        settle()
        return wizard
    wizard.next()
    reader = wizard.reader_page
    settle()
    reader.test_read()
    settle()
    if page == fr.READER_PAGE:
        return wizard
    wizard.next()
    printer = wizard.printer_page
    printer.print_page("original")
    settle()
    x, y = printer.offsets["original"]
    x.setValue(2.0)
    y.setValue(-1.2)
    printer.print_page("original")
    settle()
    if page == fr.PRINTER_PAGE:
        return wizard
    wizard.next()
    return wizard


def first_run_centre(env: ShotEnv) -> QWidget:
    from widgets.shell.first_run import CENTRE_PAGE

    return _wizard(env, CENTRE_PAGE)


def first_run_office(env: ShotEnv) -> QWidget:
    from widgets.shell.first_run import OFFICE_PAGE

    return _wizard(env, OFFICE_PAGE)


def first_run_reader(env: ShotEnv) -> QWidget:
    from widgets.shell.first_run import READER_PAGE

    return _wizard(env, READER_PAGE)


def first_run_printer(env: ShotEnv) -> QWidget:
    from widgets.shell.first_run import PRINTER_PAGE

    return _wizard(env, PRINTER_PAGE)


def first_run_done(env: ShotEnv) -> QWidget:
    from widgets.shell.first_run import DONE_PAGE

    return _wizard(env, DONE_PAGE)
