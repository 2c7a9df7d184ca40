"""The screenshots in docs/screenshots, in one list: (file name, builder).

`scripts/screenshots.py` renders every entry offscreen against a temporary demo
database. A builder takes a `ShotEnv` and returns the widget to grab (shown and laid
out by the script). Each business part appends its own entries to SHOTS.
"""
from __future__ import annotations

from widgets.common.shots import Builder, ShotEnv, demo_database  # noqa: F401 (the script's names)


def _shell_shots() -> list[tuple[str, Builder]]:
    from widgets.shell import screenshots as shell

    return [
        ("login.png", shell.login_window),
        ("login-error.png", shell.login_window_with_error),
        ("main-window.png", shell.main_window),
        ("main-window-district.png", shell.main_window_district),
        ("lock-screen.png", shell.lock_screen),
        ("settings.png", shell.settings_dialog),
        ("first-run-centre.png", shell.first_run_centre),
        ("first-run-office.png", shell.first_run_office),
        ("first-run-reader.png", shell.first_run_reader),
        ("first-run-printer.png", shell.first_run_printer),
        ("first-run-done.png", shell.first_run_done),
        ("devices.png", shell.devices_screen),
    ]


def _registration_shots() -> list[tuple[str, Builder]]:
    from widgets.registration import screenshots as registration

    return registration.SHOTS


def _inspection_shots() -> list[tuple[str, Builder]]:
    from widgets.inspections import screenshots as inspections

    return inspections.SHOTS


def _sync_shots() -> list[tuple[str, Builder]]:
    from widgets.sync import screenshots as sync

    return sync.SHOTS


def _card_shots() -> list[tuple[str, Builder]]:
    from widgets.cards import screenshots as cards

    return cards.SHOTS


def _flow_shots() -> list[tuple[str, Builder]]:
    from widgets.flows import screenshots as flows

    return flows.SHOTS


def _certification_shots() -> list[tuple[str, Builder]]:
    from widgets.certification import screenshots as certification

    return certification.SHOTS


def _document_shots() -> list[tuple[str, Builder]]:
    from widgets.documents import screenshots as documents

    return documents.SHOTS


def shots() -> list[tuple[str, Builder]]:
    """Every screenshot; business parts add theirs below the shell's."""
    return [*_shell_shots(), *_registration_shots(), *_inspection_shots(), *_sync_shots(), *_card_shots(),
            *_flow_shots(), *_certification_shots(), *_document_shots()]
