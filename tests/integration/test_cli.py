"""The `hongdun` command as an admin runs it: a real process against a real database."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest



def hongdun(*args: str, stdin: str | None = None, url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if url:
        env["HONGDUN_DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "hongdun_cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.parametrize("command", [[], ["demo"], ["db", "upgrade"], ["db", "reindex"], ["db", "sql"], ["users", "add"],
                                     ["users", "reset"], ["users", "lock"], ["licence"], ["audit", "verify"],
                                     ["audit", "checkpoint"], ["centre", "serve"], ["centre", "check"],
                                     ["centre", "keygen"], ["devices", "list"], ["devices", "revoke"],
                                     ["sync"], ["device", "enrol"], ["documents", "issuers"],
                                     ["documents", "set-issuer"]])
def test_every_command_has_help(command):
    out = hongdun(*command, "--help")
    assert out.returncode == 0 and "usage: hongdun" in out.stdout


def test_db_sql_prints_the_oracle_ddl():
    out = hongdun("db", "sql", "--dialect", "oracle")
    assert out.returncode == 0
    assert "CREATE TABLE market_entity" in out.stdout and "VARCHAR2(18 CHAR)" in out.stdout


def test_upgrade_then_users_add_reset_lock_via_environment_url(db_url):
    assert hongdun("db", "upgrade", url=db_url).returncode == 0
    from client.db.engine import make_engine, make_session_factory
    from client.db.seed import seed_reference

    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        seed_reference(s)
        s.commit()
    engine.dispose()
    out = hongdun("users", "add", "zhao", "--name", "赵敏", "--roles", "clerk,reviewer", "--office", "440106-03",
                  "--password-stdin", stdin="abc12345\n", url=db_url)
    assert out.returncode == 0, out.stderr
    listed = hongdun("users", "list", url=db_url).stdout
    assert "zhao" in listed and "赵敏" in listed and "登记员" in listed
    weak = hongdun("users", "reset", "zhao", "--password-stdin", stdin="123\n", url=db_url)
    assert weak.returncode == 1 and "密码至少" in weak.stderr
    assert hongdun("users", "lock", "zhao", url=db_url).returncode == 0
    assert "停用" in hongdun("users", "list", url=db_url).stdout
    dup = hongdun("users", "add", "zhao", "--name", "赵敏", "--roles", "clerk", "--password-stdin",
                  stdin="abc12345\n", url=db_url)
    assert dup.returncode == 1 and "已存在" in dup.stderr
    bad_role = hongdun("users", "add", "qian", "--name", "钱", "--roles", "boss", "--password-stdin",
                       stdin="abc12345\n", url=db_url)
    assert bad_role.returncode == 1 and "未知角色" in bad_role.stderr


def test_demo_then_licence_pdf_for_an_entity(tmp_path, sqlite_url):
    out = hongdun("demo", "--entities", "300", url=sqlite_url)
    assert out.returncode == 0, out.stderr
    from client.db.engine import make_engine
    import sqlalchemy as sa

    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        code = conn.execute(sa.text("SELECT uscc FROM market_entity WHERE state = 'active' LIMIT 1")).scalar()
    engine.dispose()
    pdf = tmp_path / "l.pdf"
    out = hongdun("licence", "--code", code.lower() + " ", "--copy", "duplicate", "-o", str(pdf), url=sqlite_url)
    assert out.returncode == 0, out.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert code in text and "营 业 执 照" in text and "副" in text
    missing = hongdun("licence", "--code", "91440106MA00000000", url=sqlite_url)
    assert missing.returncode == 1 and "找不到" in missing.stderr
    assert hongdun("audit", "verify", url=sqlite_url).returncode == 0


def test_demo_into_a_register_with_entities_is_refused_in_words(tmp_path):
    """A newly installed program's data folder does not exist yet: `demo` makes it. A second
    `demo` into the same database is refused with the rule, not a traceback."""
    url = f"sqlite:///{tmp_path / 'not' / 'yet' / 'central.db'}"
    assert hongdun("demo", "--entities", "20", url=url).returncode == 0
    again = hongdun("demo", "--entities", "20", url=url)
    assert again.returncode == 1
    assert "演示数据只写入空数据库" in again.stderr and "Traceback" not in again.stderr


def test_a_database_that_does_not_answer_is_said_in_one_line(unused_tcp_port_url):
    out = hongdun("db", "upgrade", "--url", unused_tcp_port_url)
    assert out.returncode == 1
    assert "无法连接数据库" in out.stderr and "--url" in out.stderr and "Traceback" not in out.stderr


@pytest.fixture
def unused_tcp_port_url():
    import socket

    with socket.socket() as s:  # a port nobody listens on (bound, then let go)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing"


def test_reindex_redraws_what_the_register_screen_scrolls_by(sqlite_url):
    """After rows written around the handlers (a raw import), `db reindex` makes the lists
    whole again: the new row is counted and found by name."""
    assert hongdun("demo", "--entities", "300", url=sqlite_url).returncode == 0
    import sqlalchemy as sa

    from client.db.engine import make_engine
    from client.kernel.models import MarketEntity
    from client.kernel.roles import Principal, Role
    from client.registration.search import EntityFilter, RegisterQuery

    engine = make_engine(sqlite_url)
    city = Principal("t", "t", "t", frozenset({Role.REVIEWER}), None, None)
    table = MarketEntity.__table__
    with engine.begin() as conn:  # a raw import of one row, copied from another: no handler ran
        row = dict(conn.execute(sa.select(table).limit(1)).one()._mapping)
        row.update(id="raw-import", row_no=9999, uscc=None, name="广州龘龘导入有限公司", state="revoked")
        conn.execute(table.insert(), row)
    before = RegisterQuery(engine, city, EntityFilter(states=("revoked",))).count()
    out = hongdun("db", "reindex", url=sqlite_url)
    assert out.returncode == 0 and "已重建" in out.stderr, out.stderr
    assert RegisterQuery(engine, city, EntityFilter()).count() == 301
    assert RegisterQuery(engine, city, EntityFilter(states=("revoked",))).count() == before + 1
    assert [r.row_no for r in RegisterQuery(engine, city, EntityFilter(text="龘龘导入"), "name").first_page()] == [9999]
    engine.dispose()


def test_an_administrator_sets_an_offices_document_mark(db_url):
    """`hongdun documents set-issuer`: through the command bus (checked, audited), listed after."""
    from tests.integration.conftest import make_central

    make_central(db_url).dispose()
    before = hongdun("documents", "issuers", "--district", "440106", url=db_url)
    assert before.returncode == 0, before.stderr
    first = before.stdout.splitlines()[0].split("\t")
    assert first[0] == "440106-01" and first[2].startswith("穗工商天") and first[4] == "默认"
    out = hongdun("documents", "set-issuer", "440106-01", "--mark", "穗天市监五山", "--as", "admin", url=db_url)
    assert out.returncode == 0, out.stderr
    assert "穗天市监五山" in out.stdout and first[3] in out.stdout  # (the 标志 kept as it was)
    after = hongdun("documents", "issuers", "--district", "440106", url=db_url).stdout.splitlines()[0].split("\t")
    assert after[2:] == ["穗天市监五山", first[3], "已设置"]
    bad = hongdun("documents", "set-issuer", "440106-01", "--mark", "穗天2026", "--as", "admin", url=db_url)
    assert bad.returncode == 1 and "机关代字" in bad.stderr and "汉字" in bad.stderr
    clerk = hongdun("documents", "set-issuer", "440106-01", "--mark", "穗天市监", "--as", "clerk", url=db_url)
    assert clerk.returncode == 1 and "系统管理员" in clerk.stderr
