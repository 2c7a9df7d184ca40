"""Hongdun Workbench: `python main.py [--centre URLS] [--setup] [--url URL] [--demo-entities N]`.

The composition root. Kept lean on purpose: only Qt and the settings are imported
before the login window is on screen; the database stack follows on a worker thread.
HONGDUN_TIMING=1 prints how long the start took ("exit" also quits right after).

The first-run wizard (widgets/shell/first_run.py) comes before everything else when an installed
program (a frozen bundle) starts with no settings file, or with --setup; a centre given by
--centre or HONGDUN_CENTRE skips it (CI starts the installed program that way). A source
checkout without settings starts on the embedded demo centre, as always.
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


def _timing_report(what: str, timing: str):
    """HONGDUN_TIMING: print how long the start took once `what` is painted ("exit": then quit,
    which for the wizard means cancelled: nothing saved)."""
    if not timing:
        return None

    def report() -> None:
        from PySide6.QtWidgets import QApplication

        ms = (time.perf_counter() - _T0) * 1000
        age = _process_age_ms()
        extra = f" (process start→{what}: {age:.0f} ms)" if age is not None else ""
        print(f"start→{what}: {ms:.0f} ms{extra}", flush=True)
        if timing == "exit":
            window = QApplication.activeModalWidget()
            if window is not None:
                window.close()  # a modal wizard: its own event loop ends, as with Cancel
            else:
                QApplication.quit()

    return report


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hongdun-workbench", description="红盾工作台")
    parser.add_argument("--centre", help="the centre's addresses, comma-separated (default: settings; none: "
                                         "the embedded centre)")
    parser.add_argument("--url", help="the embedded centre's SQLite database (default: the demo database in "
                                      "the user's data directory)")
    parser.add_argument("--demo-entities", type=int, default=20_000, metavar="N",
                        help="market entities in a newly created embedded demo database (default 20000)")
    parser.add_argument("--setup", action="store_true",
                        help="run the first-run wizard (the centre, this workstation's enrolment, the card "
                             "reader, the printer's calibration) before the login window")
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def first_run_wanted(args: argparse.Namespace, *, settings_exist: bool, frozen: bool,
                     environ=os.environ) -> bool:
    """--setup: always. A centre given on the command line or in the environment: never (the
    program is told where its centre is). Otherwise an installed program without settings."""
    from client.settings import ENV_CENTRE

    if args.setup:
        return True
    if args.centre or environ.get(ENV_CENTRE):
        return False
    return frozen and not settings_exist


def centre_link(settings, args: argparse.Namespace, *, from_wizard: bool = False):
    """(link, embedded centre or None, problem or None) for the settings: the centre's addresses
    (the option, the environment, the settings; after the wizard, what it saved), or none: the
    embedded centre over the demo database."""
    from client.settings import default_database_url
    from sync.link import CentreLink

    if from_wizard:
        addresses, ca_file = list(settings.centre_urls), settings.centre_ca_file or None
    else:
        addresses, ca_file = settings.resolve_centre(args.centre)
    if addresses:
        return CentreLink(addresses, ca_file=ca_file), None, None
    # no centre configured: one inside this process (centre.embedded), started while the
    # login window waits; its web stack is imported there, off the way to the window
    from centre.embedded import Embedded, NotEmbeddable

    url = settings.resolve_database_url(args.url)
    link = CentreLink(embedded_database=url)
    try:
        return link, Embedded(url, link, demo_hint=url == default_database_url()), None
    except NotEmbeddable as exc:
        # a server database of the direct-connection days, and no centre: the login window
        # says so, and its connection settings are where the centre's address goes
        problem = str(exc)
        print(problem, file=sys.stderr)
        link = CentreLink()
        link.failed_to_start(problem)  # a sign-in is told at once, without waiting for a centre
        return link, None, problem


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv)
    logging.basicConfig(level=os.environ.get("HONGDUN_LOG", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from client.settings import Settings, config_dir
    from widgets.app import create_application
    from widgets.shell.controller import ShellController

    settings_exist = (config_dir() / "settings.json").exists()
    settings = Settings.load()
    app = create_application(argv, language=settings.language)
    timing = os.environ.get("HONGDUN_TIMING", "")
    wizard = first_run_wanted(args, settings_exist=settings_exist, frozen=bool(getattr(sys, "frozen", False)))
    if wizard:
        from widgets.shell.first_run import run_first_run

        chosen = run_first_run(settings, centre=args.centre, on_shown=_timing_report("first-run wizard", timing))
        if chosen is None:  # cancelled: nothing was saved, and the next start asks again
            from widgets.common.tasks import wait_for_all

            wait_for_all()
            return 0
        settings = chosen
    link, embedded, problem = centre_link(settings, args, from_wizard=wizard)
    controller = ShellController(settings, link, embedded=embedded, demo_entities=args.demo_entities)

    if timing:
        controller.sig_login_shown.connect(_timing_report("login window", timing))

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
