"""The measured program of bench_workstation: main.py's composition, driven through its login.

Composed as main.py composes it with a centre configured (HONGDUN_CENTRE=<address>: the
centre's address, no embedded centre). Prints one JSON line: milliseconds from process start to
the login window, to the sign-in (the button pressed), to the main window, to the status bar
showing the queue; the sign-in to main window span; then the GUI thread's longest gap between
5 ms timer ticks while the worker drains the queue, and how long draining took.
"""
from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402


def _age_ms() -> float:
    """Since the process started (the interpreter's own start included), like main.py reports."""
    with open("/proc/self/stat", encoding="ascii") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as f:
        uptime = float(f.read().split()[0])
    return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pending", type=int, required=True)
    ap.add_argument("--password", default="hongdun2026")  # not imported: that would race the warm-up
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--typing-ms", type=int, default=0,
                    help="wait this long after the login window before signing in (a user typing)")
    ap.add_argument("--profile", help="write cProfile statistics of the sign-in (its worker thread) and of "
                                      "building the main window (the GUI thread) into this directory")
    args = ap.parse_args()

    from client.settings import Settings
    from sync.link import CentreLink
    from widgets.app import create_application
    from widgets.shell.controller import ShellController

    settings = Settings.load()
    app = create_application(sys.argv[:1], language=settings.language)
    addresses, ca_file = settings.resolve_centre(None)
    if not addresses:
        print("HONGDUN_CENTRE is not set: the bench measures a workstation with a centre", file=sys.stderr)
        return 2
    link = CentreLink(addresses, ca_file=ca_file)
    controller = ShellController(settings, link)
    marks: dict[str, float] = {}
    gaps: list[float] = []
    state = {"last": None, "drain_started": None}

    from PySide6.QtCore import QTimer

    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        now = time.perf_counter()
        if state["last"] is not None:
            gaps.append((now - state["last"]) * 1000)
        state["last"] = now

    ticker.timeout.connect(tick)

    def on_login() -> None:
        marks["login_window_ms"] = _age_ms()
        login = controller.login

        def submit() -> None:
            marks["submitted_ms"] = _age_ms()
            login.username.setText("clerk")
            login.password.setText(args.password)
            login.submit()

        QTimer.singleShot(args.typing_ms, submit)

    def on_main(window) -> None:
        marks["main_window_ms"] = _age_ms()
        cells = window.workstation_ui.cells

        def watch() -> None:
            text = cells.pending.label.text()
            if "pending_shown_ms" not in marks and text == f"待上传 {args.pending}":
                marks["pending_shown_ms"] = _age_ms()
            if "pending_shown_ms" in marks and state["drain_started"] is None:
                state["drain_started"] = time.perf_counter()
                ticker.start()
            if state["drain_started"] is not None and text == "待上传 0" and "drained_s" not in marks:
                marks["drained_s"] = time.perf_counter() - state["drain_started"]
                ticker.stop()
                app.quit()

        poll = QTimer(window)
        poll.timeout.connect(watch)
        poll.start(2)
        watch()

    opening = controller.open_main_window

    def timed_open(*a, **k):  # where the time between "signed in" and "main window" goes
        marks["signed_in_ms"] = _age_ms()
        if not args.profile:
            return opening(*a, **k)
        return _profiled(os.path.join(args.profile, "main_window.prof"), opening, *a, **k)

    controller.open_main_window = timed_open
    controller.sig_login_shown.connect(on_login)
    # this imports sync.signin: once the login window is painted, not on the way to it (and
    # after on_login has taken its mark; its submit comes later, from the event loop)
    if args.profile:
        controller.sig_login_shown.connect(lambda: _profile_sign_in(args.profile))
    controller.sig_main_shown.connect(on_main)
    QTimer.singleShot(int(args.timeout * 1000), app.quit)
    controller.start()
    app.exec()
    from widgets.common.tasks import wait_for_all

    wait_for_all()
    controller.shutdown()
    link.close()
    if "main_window_ms" in marks and "submitted_ms" in marks:
        marks["sign_in_to_main_window_ms"] = marks["main_window_ms"] - marks["submitted_ms"]
    gaps_sorted = sorted(gaps)
    out = {k: round(v, 1) if k.endswith("_ms") else round(v, 2) for k, v in marks.items()}
    out.update({
        "ticks": len(gaps),
        "max_gui_stall_ms": round(max(gaps), 1) if gaps else None,
        "p99_tick_gap_ms": round(gaps_sorted[int(len(gaps_sorted) * 0.99)], 1) if gaps else None,
        "gaps_over_100ms": sum(1 for g in gaps if g > 100),
        "gaps_over_50ms": sum(1 for g in gaps if g > 50),
    })
    print(json.dumps(out))
    return 0 if "drained_s" in marks else 2


def _profiled(path: str, fn, *args, **kwargs):
    import cProfile

    profile = cProfile.Profile()  # (this thread only)
    try:
        return profile.runcall(fn, *args, **kwargs)
    finally:
        profile.dump_stats(path)


def _profile_sign_in(folder: str) -> None:
    """The shell's sign-in calls sync.signin.sign_in on a worker: profile it there."""
    import sync.signin

    os.makedirs(folder, exist_ok=True)
    real = sync.signin.sign_in

    def sign_in(*args, **kwargs):
        return _profiled(os.path.join(folder, "sign_in.prof"), real, *args, **kwargs)

    sync.signin.sign_in = sign_in


if __name__ == "__main__":
    sys.exit(main())
