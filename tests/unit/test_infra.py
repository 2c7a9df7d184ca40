"""The test infrastructure itself: PostgreSQL cluster, databases, SQLite, keyring, Qt platform."""

from __future__ import annotations

import os
import socket

import psycopg
import pytest
import sqlalchemy as sa


CHINESE = "广州市天河区红盾贸易有限公司 张三 𠀋"  # includes a CJK Extension B character


def test_pg_cluster_answers_over_tcp(pg_cluster):
    assert pg_cluster.host == "127.0.0.1"
    assert isinstance(pg_cluster.port, int) and pg_cluster.port > 0
    assert pg_cluster.bin_dir.is_dir() and (pg_cluster.data_dir / "PG_VERSION").exists()
    with psycopg.connect(
        host=pg_cluster.host, port=pg_cluster.port, user="postgres", dbname="postgres"
    ) as conn:
        version = conn.execute("select version()").fetchone()[0]
        assert version.startswith("PostgreSQL")
        # really TCP, not the unix socket
        assert conn.execute("select inet_server_port()").fetchone()[0] == pg_cluster.port
        assert conn.execute("show server_encoding").fetchone()[0] == "UTF8"
        assert conn.execute("show fsync").fetchone()[0] == "off"


def test_pg_url_is_a_fresh_empty_database(pg_url):
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                sa.text("select count(*) from pg_tables where schemaname = 'public'")
            ).scalar_one()
            assert tables == 0
            assert conn.execute(sa.text("select current_database()")).scalar_one() in pg_url
    finally:
        engine.dispose()


def test_chinese_round_trips_in_postgres(pg_url):
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (name varchar(50))"))
            conn.execute(sa.text("insert into t values (:n)"), {"n": CHINESE})
        with engine.connect() as conn:
            got = conn.execute(sa.text("select name, length(name) from t")).one()
            assert got == (CHINESE, len(CHINESE))
            like = conn.execute(sa.text("select count(*) from t where name like '%红盾%'"))
            assert like.scalar_one() == 1
    finally:
        engine.dispose()


@pytest.fixture
def second_pg_url(pg_cluster):
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


def test_pg_url_databases_are_distinct(pg_url, second_pg_url):
    assert pg_url != second_pg_url
    e1, e2 = sa.create_engine(pg_url), sa.create_engine(second_pg_url)
    try:
        with e1.begin() as conn:
            conn.execute(sa.text("create table only_in_first (id int)"))
        with e2.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []
    finally:
        e1.dispose()
        e2.dispose()


def test_dropped_database_is_gone_even_with_open_sessions(pg_cluster):
    name = pg_cluster.create_database()
    conn = pg_cluster.connect(name)  # left open: WITH (FORCE) must cope
    try:
        pg_cluster.drop_database(name)
        with pg_cluster.connect() as admin:
            n = admin.execute("select count(*) from pg_database where datname = %s", (name,))
            assert n.fetchone()[0] == 0
    finally:
        conn.close()


def test_own_cluster_stops_and_starts_again(pg_cluster_factory, pg_cluster):
    cluster = pg_cluster_factory()
    assert cluster.port != pg_cluster.port
    assert cluster.data_dir != pg_cluster.data_dir
    name = cluster.create_database("keeps_data")
    with cluster.connect(name) as conn:
        conn.execute("create table t (name text)")
        conn.execute("insert into t values (%s)", (CHINESE,))
        conn.commit()

    cluster.stop()
    assert not cluster.is_running()
    with pytest.raises(psycopg.OperationalError):
        cluster.connect(name, connect_timeout=3)
    with socket.socket() as s:  # the port is closed, not just refusing our user
        assert s.connect_ex((cluster.host, cluster.port)) != 0

    cluster.start()
    assert cluster.is_running()
    with cluster.connect(name) as conn:
        assert conn.execute("select name from t").fetchone()[0] == CHINESE
    # the shared cluster was not disturbed
    with pg_cluster.connect() as conn:
        assert conn.execute("select 1").fetchone()[0] == 1

    base = cluster.base_dir
    cluster.destroy()
    assert not base.exists()


def test_sqlite_url_works(sqlite_url, tmp_path):
    assert sqlite_url == f"sqlite:///{tmp_path / 'central.db'}"
    engine = sa.create_engine(sqlite_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (name varchar(50))"))
            conn.execute(sa.text("insert into t values (:n)"), {"n": CHINESE})
        with engine.connect() as conn:
            assert conn.execute(sa.text("select name from t")).scalar_one() == CHINESE
    finally:
        engine.dispose()
    assert (tmp_path / "central.db").exists()


def test_db_url_runs_on_both(db_url, request):
    kind = request.node.callspec.params["db_url"]
    assert db_url.startswith({"sqlite": "sqlite:///", "postgresql": "postgresql+psycopg://"}[kind])
    # `-m "not postgres"` deselects exactly the PostgreSQL half
    assert (request.node.get_closest_marker("postgres") is not None) == (kind == "postgresql")
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (name varchar(50))"))
            conn.execute(sa.text("insert into t values (:n)"), {"n": CHINESE})
        with engine.connect() as conn:
            assert conn.execute(sa.text("select name from t")).scalar_one() == CHINESE
    finally:
        engine.dispose()


def test_keyring_is_an_isolated_file(isolated_keyring, tmp_path_factory):
    import keyring

    assert keyring.get_keyring() is isolated_keyring
    assert str(tmp_path_factory.getbasetemp()) in isolated_keyring.file_path
    keyring.set_password("hongdun-test", "user", "秘密-secret")
    assert keyring.get_password("hongdun-test", "user") == "秘密-secret"
    assert os.path.exists(isolated_keyring.file_path)
    keyring.delete_password("hongdun-test", "user")


def test_qt_is_offscreen():
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
