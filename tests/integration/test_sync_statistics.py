"""The workstation keeps its query planner's statistics (sync.local_store.LocalStore.
refresh_statistics): gathered after the first download, refreshed after a pull that changed rows
at most once an hour; open readers have them at their next statement."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from sync.local_store import STATISTICS_EVERY
from tests.integration.sync_helpers import establish, workstation

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # (the store is SQLite either way)


def _stat_tables(ws) -> set[str]:
    with ws.store.engine.connect() as conn:
        return set(conn.scalars(sa.text("SELECT DISTINCT tbl FROM sqlite_stat1")))


def test_the_first_download_leaves_statistics_and_later_pulls_refresh_them_at_most_hourly(central, tmp_path):
    establish(central, "澄明")
    ws = workstation(central, tmp_path, "laptop")  # (its first download done)
    analysed = ws.store.get_state("analysed_at")
    assert analysed is not None
    assert {"market_entity", "app_user", "office"} <= _stat_tables(ws)

    # a pull that brings rows within the hour leaves them as they are
    establish(central, "远航")
    report = ws.puller.pull()
    assert report.upserted > 0 and ws.store.get_state("analysed_at") == analysed

    # an hour on, they are gathered again, and an open reader has them at its next statement
    later = dt.datetime.fromisoformat(analysed) + STATISTICS_EVERY + dt.timedelta(seconds=1)
    with ws.store.engine.connect() as reader:
        reader.scalar(sa.text("SELECT count(*) FROM market_entity"))
        with ws.store.begin() as conn:
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        assert ws.store.refresh_statistics(later) is True
        assert ws.store.get_state("analysed_at") == later.isoformat()
        assert reader.scalar(sa.text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'market_entity'")) > 0
    assert ws.store.refresh_statistics(later + dt.timedelta(minutes=5)) is False  # (not again so soon)
