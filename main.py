"""Hongdun Workbench: `python main.py [--url URL] [--demo-entities N]`.

The composition root. Kept lean on purpose: only Qt and the settings are imported
before the login window is on screen; the database stack follows on a worker thread.
HONGDUN_TIMING=1 prints how long the start took ("exit" also quits right after).
"""
from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402


def _process_age_ms() -> float | None:
    """Milliseconds since the process was started (includes the interpreter's own start)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hongdun-workbench", description="红盾工作台")
    parser.add_argument("--url", help="central database URL (default: settings, then the embedded SQLite)")
    parser.add_argument("--demo-entities", type=int, default=20_000, metavar="N",
                        help="market entities in a newly created embedded demo database (default 20000)")
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    logging.basicConfig(level=os.environ.get("HONGDUN_LOG", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from client.settings import Settings
    from sync.central_database import CentralDatabase
    from widgets.app import create_application
    from widgets.shell.controller import ShellController

    settings = Settings.load()
    app = create_application(argv, language=settings.language)
    database = CentralDatabase(settings.resolve_database_url(args.url))
    controller = ShellController(settings, database, demo_entities=args.demo_entities)

    timing = os.environ.get("HONGDUN_TIMING", "")
    if timing:
        def report() -> None:
            ms = (time.perf_counter() - _T0) * 1000
            age = _process_age_ms()
            extra = f" (process start→login window: {age:.0f} ms)" if age is not None else ""
            print(f"start→login window: {ms:.0f} ms{extra}", flush=True)
            if timing == "exit":
                app.quit()

        controller.sig_login_shown.connect(report)

    controller.start()
    code = app.exec()
    from widgets.common.tasks import wait_for_all

    wait_for_all()  # a sign-in or warm-up still running must not outlive its objects
    controller.shutdown()
    database.dispose()
    return code


if __name__ == "__main__":
    sys.exit(main())
