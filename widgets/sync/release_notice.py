"""The notice of a newer version, and of pushes refused for this one (issue 11, "Updates").

The centre announces its release policy (`GET /version`, and the sync hello: client.version.Release).
Nothing downloads or installs itself: the notice says which version exists, what is new and where
the centre says to get it. Dismissed, it stays away for the rest of the session, on the login
window and the main window alike, until the centre announces yet another version.

When the centre refuses this workstation's pushes for its version, the notice is red, carries the
centre's own message (which version to install, where) and has no dismiss button: work done here
waits in the queue until the upgrade.

On the login window: `attach_to_login(login, link)` (it asks the centre on a worker). In the main
window: widgets/sync/workstation_ui.py for office staff (from the sync rounds), or
`attach_to_main_window(window, link)` for district and city users.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from client.version import VERSION, Release
from widgets.common.banner import Banner
from widgets.common.tasks import run_task

#: the versions whose notice the user dismissed in this session (the process)
_dismissed: set[str] = set()


#: characters of the centre's notes shown (the whole text is the tooltip): the file allows 2000
NOTES_SHOWN = 160


def newer_text(release: Release, own: str = VERSION) -> str:
    """E.g. 有新版本 0.3.0（本机 0.2.0）：<notes> 请从 <download> 安装，或联系管理员。"""
    notes = release.notes or ""
    if len(notes) > NOTES_SHOWN:
        notes = notes[:NOTES_SHOWN - 1] + "…"
    if notes:
        head = QCoreApplication.translate("ReleaseNotice", "A new version %1 is available (this workstation: %2): %3")
    else:
        head = QCoreApplication.translate("ReleaseNotice", "A new version %1 is available (this workstation: %2).")
    # (the centre's texts go in last: a "%1" in them stays as written)
    head = head.replace("%1", release.latest).replace("%2", own).replace("%3", notes)
    if release.download:
        tail = QCoreApplication.translate("ReleaseNotice", "Install it from %1, or ask the administrator.") \
            .replace("%1", release.download)
    else:
        tail = QCoreApplication.translate("ReleaseNotice", "Ask the administrator for the installer.")
    return f"{head} {tail}"


def queue_kept_text() -> str:
    return QCoreApplication.translate(
        "ReleaseNotice", "Business done on this workstation stays in its queue and goes to the centre once it is "
                         "upgraded.")


#: the login window's variant: a card on the red brand panel (its form has no room to spare)
CARD_STYLE = {
    "newer": "ReleaseNotice { background: #FFFFFF; border-radius: 6px; } QLabel { color: #174ea6; }",
    "upgrade": "ReleaseNotice { background: #FFFFFF; border-radius: 6px; } QLabel { color: #c62828; }",
}


class ReleaseNotice(Banner):
    """One line of news: `show_release(release, upgrade=...)`; hidden when there is nothing to tell.
    `card`: text above its button, on a white card (the login window's brand panel)."""

    dismissed = Signal(str)  # the version whose notice the user closed

    def __init__(self, parent: QWidget | None = None, *, own_version: str = VERSION, queue: bool = False,
                 card: bool = False):
        super().__init__(parent)
        self.setObjectName("releaseNotice")
        self.own_version = own_version
        #: say that queued work waits (office workstations); else only the centre's message
        self.queue = queue
        self.card = card
        if card:
            layout = self.layout()
            layout.setDirection(QBoxLayout.Direction.TopToBottom)
            layout.setAlignment(self.next_button, Qt.AlignmentFlag.AlignRight)
        self.release: Release | None = None
        self.kind: str | None = None  # "newer", "upgrade" or None (hidden)
        self.next_clicked.connect(self.dismiss)

    def show_release(self, release: Release | None, upgrade: str | None = None) -> None:
        """`upgrade`: the centre's refusal of this workstation's pushes (else the release's own)."""
        self.release = release
        refusal = upgrade or (release.refusal if release is not None else None)
        if refusal:
            self.kind = "upgrade"
            self.show_error(f"{refusal}\n{queue_kept_text()}" if self.queue else refusal)
            self.setToolTip("")
        elif release is not None and release.newer_than(self.own_version) and release.latest not in _dismissed:
            self.kind = "newer"
            self.show_notice(newer_text(release, self.own_version),
                             QCoreApplication.translate("ReleaseNotice", "Dismiss"))
            self.setToolTip(release.notes or "")
        else:
            self.kind = None
            self.clear()
            return
        if self.card:
            self.setStyleSheet(CARD_STYLE[self.kind])

    def dismiss(self) -> None:
        if self.kind != "newer" or self.release is None:
            return
        _dismissed.add(self.release.latest)
        self.kind = None
        self.clear()
        self.dismissed.emit(self.release.latest)

    def check(self, link) -> None:
        """Ask the centre (sync.link.CentreLink.learn_release) on a worker and show its answer;
        what the link heard already is shown at once."""
        if link.release is not None:
            self.show_release(link.release)
        run_task(link.learn_release, owner=self, name="release policy",
                 on_done=lambda release: self.show_release(release) if release is not None else None,
                 on_failed=lambda _exc: None)


def attach_to_login(login: QWidget, link) -> ReleaseNotice:
    """The notice on the login window, asking the centre now: a card at the foot of its brand
    panel (the empty room under the title; the form's height is spoken for), else at the top of
    the window. Idempotent: a login window has one."""
    notice = login.findChild(ReleaseNotice, "releaseNotice")
    if notice is None:
        panel = login.findChild(QWidget, "brandPanel")
        layout = panel.layout() if panel is not None else login.layout()
        notice = ReleaseNotice(login, card=panel is not None)
        if isinstance(layout, QBoxLayout):
            # above the panel's last line (the bureau's name), below its stretch
            layout.insertWidget(max(layout.count() - 1, 0) if panel is not None else 0, notice)
            if panel is not None:
                layout.insertSpacing(layout.indexOf(notice) + 1, 16)
    notice.check(link)
    return notice


def attach_to_main_window(window, link) -> ReleaseNotice:
    """For users without a workstation (district, city): what the link heard, asked again now."""
    notice = ReleaseNotice(window)
    window.add_notice(notice)
    notice.check(link)
    return notice
