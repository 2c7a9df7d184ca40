"""The unit a statistics screen counts (统计单位): an office reader's own office, fixed; a district
or city reader's whole jurisdiction first, then each of its offices."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from client.kernel import reference


def fill_units(combo: QComboBox, principal) -> None:
    """`combo`'s items: (name, office code or None for the whole jurisdiction)."""
    if principal is None or principal.level == "office":
        code = principal.office_code if principal else None
        combo.addItem(reference.office(code).name if code else "", code)
        combo.setEnabled(False)
        return
    if principal.level == "district":
        combo.addItem(QCoreApplication.translate("Units", "Whole district"), None)
        offices = reference.offices_of(principal.district_code)
    else:
        combo.addItem(QCoreApplication.translate("Units", "Whole city"), None)
        offices = reference.offices()
    for o in offices:
        combo.addItem(o.name, o.code)
    combo.setMinimumContentsLength(12)
