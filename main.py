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
    parser.add_argument("--centre", help="the centre's addresses, comma-separated (default: settings; none: "
                                         "the embedded centre)")
    parser.add_argument("--url", help="the embedded centre's SQLite database (default: the demo database in "
                                      "the user's data directory)")
    parser.add_argument("--demo-entities", type=int, default=20_000, metavar="N",
                        help="market entities in a newly created embedded demo database (default 20000)")
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    logging.basicConfig(level=os.environ.get("HONGDUN_LOG", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from client.settings import Settings, default_database_url
    from sync.link import CentreLink
    from widgets.app import create_application
    from widgets.shell.controller import ShellController

    settings = Settings.load()
    app = create_application(argv, language=settings.language)
    addresses, ca_file = settings.resolve_centre(args.centre)
    embedded = None
    problem = None
    if addresses:
        link = CentreLink(addresses, ca_file=ca_file)
    else:
        # no centre configured: one inside this process (centre.embedded), started while the
        # login window waits; its web stack is imported there, off the way to the window
        from centre.embedded import Embedded, NotEmbeddable

        url = settings.resolve_database_url(args.url)
        link = CentreLink(embedded_database=url)
        try:
            embedded = Embedded(url, link, demo_hint=url == default_database_url())
        except NotEmbeddable as exc:
            # a server database of the direct-connection days, and no centre: the login window
            # says so, and its connection settings are where the centre's address goes
            problem = str(exc)
            print(problem, file=sys.stderr)
            link = CentreLink()
            link.failed_to_start(problem)  # a sign-in is told at once, without waiting for a centre
    controller = ShellController(settings, link, embedded=embedded, demo_entities=args.demo_entities)

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
    if problem and controller.login is not None:
        controller.login.show_message(problem)
    code = app.exec()
    from widgets.common.tasks import wait_for_all

    wait_for_all()  # a sign-in or warm-up still running must not outlive its objects
    controller.shutdown()
    if embedded is not None:
        embedded.stop()
    link.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
