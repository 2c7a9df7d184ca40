"""收发文 on the rail (`register`): the incoming documents (收文), the outgoing ones (发文), and the
office head's statistics of both."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
from widgets.common import icons

INCOMING, OUTGOING, STATS = "documents.incoming", "documents.outgoing", "documents.stats"

#: everyone who handles documents: 文书 register and distribute; every member of an office may
#: be named 承办人 or draft one (DESIGN.md's roles hold no "office staff" role of their own)
_STAFF = {Role.SECRETARY, Role.OFFICE_HEAD, Role.CLERK, Role.REVIEWER, Role.INSPECTOR, Role.CARD_OPERATOR,
          Role.CERTIFIER}


def register(window) -> None:
    window.add_area(INCOMING, QCoreApplication.translate("DocumentAreas", "Incoming documents"),
                    icons.icon("inbox"), _incoming, roles=_STAFF)
    window.add_area(OUTGOING, QCoreApplication.translate("DocumentAreas", "Outgoing documents"),
                    icons.icon("send"), _outgoing, roles=_STAFF)
    window.add_area(STATS, QCoreApplication.translate("DocumentAreas", "Document statistics"),
                    icons.icon("stats"), _stats, roles={Role.OFFICE_HEAD})


def _incoming(ctx):
    from widgets.documents.document_screen import IncomingScreen

    return IncomingScreen(ctx)


def _outgoing(ctx):
    from widgets.documents.document_screen import OutgoingScreen

    return OutgoingScreen(ctx)


def _stats(ctx):
    from widgets.documents.stats_screen import DocumentStatsScreen

    return DocumentStatsScreen(ctx)
