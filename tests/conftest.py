"""Suite-wide fixtures: offscreen Qt, an isolated keyring, PostgreSQL and SQLite databases.

Fixtures
  pg_cluster          session: the shared throwaway PostgreSQL cluster (tests/pgcluster.PgCluster:
                      .host .port .url(db) .dsn(db) .connect(db) .create_database(name)
                      .drop_database(name) .bin_dir .data_dir .stop(mode) .start() .run(tool, ...))
  pg_cluster_factory  function: make() -> a new started PgCluster of the test's own, destroyed after
  pg_url              function: SQLAlchemy URL of a fresh empty PostgreSQL database (dropped after)
  sqlite_url          function: sqlite:///<tmp_path>/central.db
  db_url              function, parametrised ["sqlite", "postgresql"]: one of the two above
  isolated_keyring    session, autouse: keyring -> a plaintext file backend in a temp dir

Nothing is skipped: scripts/test.sh installs every tool the suite uses (PostgreSQL, pcscd and
vpcd, poppler-utils, fonts, Qt's lupdate/lrelease), so a missing one is a failure that names it,
in CI or not; `pytest_runtest_makereport` below turns any skip that slips in into a failure.
"""

from __future__ import annotations

import datetime as dt
import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests import suite_clock  # noqa: E402
from tests.pgcluster import PgCluster, find_bin_dir, new_base_dir  # noqa: E402

# HONGDUN_SUITE_CLOCK=23:30: the whole run at another hour (tests/suite_clock.py)
suite_clock.apply()

pytest_plugins = ["tests.card_fixtures"]

# Hypothesis's per-example deadline (200 ms) made properties about dates and codes fail on a
# loaded machine (one example of test_workdays took 270 ms in CI): what they test is not speed
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("suite", deadline=None)
_hypothesis.load_profile("suite")

_NO_PG = (
    "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; "
    "install them with scripts/install-system-packages.sh"
)


def _require_postgres():
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.fail(_NO_PG, pytrace=False)
    return bin_dir


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip is a failure here: what the suite needs is installed by its own scripts, so a skip
    would only hide a test that did not run (expected failures, xfail, stay as they are)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, and the suite never skips: {reason}"


def pytest_collection_modifyitems(items):
    # Every test that reaches the cluster carries the `postgres` marker (-m "not postgres").
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "pg_cluster" in names or "pg_url" in names or "pg_cluster_factory" in names:
            item.add_marker(pytest.mark.postgres)


# ------------------------------------------------------------------------------ keyring


@pytest.fixture(scope="session", autouse=True)
def isolated_keyring(tmp_path_factory):
    """No test touches a real keyring: the keyring module (and, through the environment,
    any subprocess such as the CLI) uses a plaintext file in a temp dir."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    root = tmp_path_factory.mktemp("keyring")
    backend = PlaintextKeyring()
    backend.file_path = str(root / "python_keyring" / "keyring_pass.cfg")

    saved_env = {k: os.environ.get(k) for k in ("PYTHON_KEYRING_BACKEND", "XDG_DATA_HOME")}
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(root)  # a subprocess's PlaintextKeyring lands here too
    keyring.set_keyring(backend)
    yield backend
    for k, v in saved_env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_main_thread():
    """The GUI tests' application turns CPython's automatic collection off (widgets/common/
    collector.py: Qt objects must die on the GUI thread); between tests the main thread does
    what the automatic collection would have done."""
    yield
    if not gc.isenabled():
        from widgets.common.collector import collect_due

        collect_due()


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def pg_cluster():
    bin_dir = _require_postgres()
    cluster = PgCluster.temporary(bin_dir=bin_dir)
    try:
        yield cluster
    finally:
        cluster.destroy()  # pg_ctl stop -m immediate, then the temp dir goes


@pytest.fixture
def pg_cluster_factory():
    """make(**kw) -> a started PgCluster of this test's own (e.g. to stop it, or as a
    standby: PgCluster(new_base_dir(), ...)); all are destroyed when the test ends."""
    bin_dir = _require_postgres()
    made: list[PgCluster] = []

    def make(port: int | None = None) -> PgCluster:
        cluster = PgCluster.temporary(port=port, bin_dir=bin_dir)
        made.append(cluster)
        return cluster

    make.new_base_dir = new_base_dir  # type: ignore[attr-defined]
    yield make
    for cluster in reversed(made):
        cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster):
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    if not pg_cluster.is_running():  # a test that stopped the shared cluster
        pg_cluster.start()
    pg_cluster.drop_database(name)


# ------------------------------------------------------------------------------- SQLite


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'central.db'}"


# ---------------------------------------------------------------------------- both kinds


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request):
    """The central database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


# ------------------------------------------------------------------------------- the clock

#: hours at which the machine's date (UTC here) and Beijing's differ, and one at which they agree
CLOCK_HOURS = {
    "2330utc": dt.time(23, 30),  # 07:30 the next day in Beijing
    "0030beijing": dt.time(16, 30),  # 00:30 the next day in Beijing
    "noon": dt.time(4, 0),  # 12:00 in Beijing, the same date in both
}


def instant_at(name: str) -> dt.datetime:
    """Today's (UTC) date at one of CLOCK_HOURS, as an aware UTC instant."""
    today = dt.datetime.now(dt.timezone.utc).date()
    return dt.datetime.combine(today, CLOCK_HOURS[name], dt.timezone.utc)


@pytest.fixture(params=list(CLOCK_HOURS))
def any_hour(request):
    """Runs the test three times with the program's clock (client.kernel.clock) moved to
    23:30 UTC, to 00:30 Beijing time and to noon: what is dated must agree at every hour."""
    from client.kernel import clock

    with clock.travel_to(instant_at(request.param)):
        yield clock.utcnow()
