"""合同鉴证 on the rail (`register`): contract certification, contract-dispute mediation, and the
office head's certification statistics."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from client.kernel.roles import Role
from widgets.common import icons

CONTRACTS, MEDIATION, STATS = "certification.contracts", "certification.mediation", "certification.stats"


def register(window) -> None:
    window.add_area(CONTRACTS, QCoreApplication.translate("CertificationAreas", "Contract certification"),
                    icons.icon("contract"), _contracts, roles={Role.CERTIFIER, Role.OFFICE_HEAD})
    window.add_area(MEDIATION, QCoreApplication.translate("CertificationAreas", "Contract dispute mediation"),
                    icons.icon("case"), _mediation, roles={Role.CERTIFIER, Role.OFFICE_HEAD})
    window.add_area(STATS, QCoreApplication.translate("CertificationAreas", "Certification statistics"),
                    icons.icon("stats"), _stats, roles={Role.OFFICE_HEAD})


def _contracts(ctx):
    from widgets.certification.certification_screen import CertificationScreen

    return CertificationScreen(ctx)


def _mediation(ctx):
    from widgets.certification.mediation_screen import MediationScreen

    return MediationScreen(ctx)


def _stats(ctx):
    from widgets.certification.stats_screen import CertificationStatsScreen

    return CertificationStatsScreen(ctx)
