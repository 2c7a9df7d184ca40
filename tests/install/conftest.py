"""The install tests' packages and Debian root are made while the rest of the suite runs
(tests/install/preparation.py): started here, once the suite is collected and only when it
holds an install test."""
from __future__ import annotations


def pytest_collection_finish(session) -> None:
    if any(item.nodeid.startswith("tests/install/") for item in session.items):
        from tests.install import preparation

        preparation.start()


def pytest_sessionfinish(session, exitstatus) -> None:
    from tests.install import preparation

    preparation.finish()
