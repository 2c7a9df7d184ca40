"""What the shell says about where the data lives (the login window, the status bar): the centre
the workstation talks to. The workstation knows no database: the centre holds it.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication


def centre_label(link) -> str:
    """"内置中心（演示库）" or "中心 centre1.gz.gov:8443" (the first address; the others are the
    failover)."""
    if link.is_embedded:
        return QCoreApplication.translate("Database", "Embedded centre (demo database)")
    addresses = link.addresses
    if not addresses:
        return QCoreApplication.translate("Database", "Centre not configured")
    parts = urlsplit(addresses[0])
    where = parts.netloc or addresses[0]
    more = len(addresses) - 1
    label = QCoreApplication.translate("Database", "Centre {address}").format(address=where)
    return label + (f" (+{more})" if more else "")
