"""Screenshots of an office workstation: the main window with the sync cells, the sync window."""
from __future__ import annotations

from PySide6.QtCore import Qt

from widgets.common.shots import ShotEnv


def _workstation_window(env: ShotEnv, trades: list[str]):
    """The clerk's main window on the office replica, synchronised once, `queued` commands waiting."""
    from client.kernel.types import new_id
    from client.kernel.users import DEMO_PASSWORD
    from client.registration.commands import SubmitEstablishment
    from client.settings import Settings
    from sync.signin import sign_in
    from widgets.shell.controller import ShellController

    link = env.link()
    signed = sign_in(link, "clerk", DEMO_PASSWORD)
    ws = signed.workstation
    ws.engine.run_once()  # the first download, before the window shows
    for trade in trades:
        out = ws.bus.dispatch(SubmitEstablishment(
            user_id=signed.principal.user_id, application_id=new_id(),
            items=_items(f"广州市天河区{trade}信息科技有限公司")))
        if not out.ok:
            raise RuntimeError(f"demo command refused: {out.message} {out.errors}")
    ws.engine.refresh_counts()
    controller = ShellController(Settings(), link, idle_timeout_ms=0)
    # the worker stays stopped, so the queue is still there to see
    window = controller.open_main_window(signed, start_sync=False)
    # the size of the other screenshots, not the offscreen screen's (it opened maximised on it)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1400, 860)
    env.windows.append(window)
    return window


def _items(name: str) -> dict:
    import datetime as dt

    from client.kernel.codes import new_resident_id

    return {"name": name, "kind_code": "1130", "legal_rep": "陈思远",
            "legal_rep_id_no": new_resident_id("440106", dt.date(1988, 7, 15), 432),
            "address": "广州市天河区天河路385号1501房", "capital_wan": "100",
            "business_scope": "软件开发；信息技术咨询服务", "industry_code": "65", "term_end": "",
            "phone": "020-38881234"}


def main_window_workstation(env: ShotEnv):
    return _workstation_window(env, ["晨曦", "远航", "青松"])


def sync_window(env: ShotEnv):
    from widgets.sync.sync_window import SyncWindow

    window = _workstation_window(env, ["锦程", "瑞丰"])
    dialog = SyncWindow(window.ctx.workstation, window)
    dialog.resize(860, 520)
    env.windows.append(dialog)
    return dialog


SHOTS = [
    ("main-window-workstation.png", main_window_workstation),
    ("sync-window.png", sync_window),
]
