"""Every migration compiles for Oracle 19c and keeps Oracle's rules.

The DBA runs `hongdun db sql --dialect oracle`; this reads that very script.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from client.db.migrate import offline_sql
from client.db import schema
from client.kernel.naming import MAX_IDENTIFIER

# Oracle's reserved words (V$RESERVED_WORDS with RESERVED = 'Y', plus the ones PLATFORM.md lists)
ORACLE_RESERVED = set("""
ACCESS ADD ALL ALTER AND ANY AS ASC AUDIT BETWEEN BY CHAR CHECK CLUSTER COLUMN COMMENT COMPRESS
CONNECT CREATE CURRENT DATE DECIMAL DEFAULT DELETE DESC DISTINCT DROP ELSE EXCLUSIVE EXISTS FILE
FLOAT FOR FROM GRANT GROUP HAVING IDENTIFIED IMMEDIATE IN INCREMENT INDEX INITIAL INSERT INTEGER
INTERSECT INTO IS LEVEL LIKE LOCK LONG MAXEXTENTS MINUS MLSLABEL MODE MODIFY NOAUDIT NOCOMPRESS NOT
NOWAIT NULL NUMBER OF OFFLINE ON ONLINE OPTION OR ORDER PCTFREE PRIOR PUBLIC RAW RENAME RESOURCE
REVOKE ROW ROWID ROWNUM ROWS SELECT SESSION SET SHARE SIZE SMALLINT START SUCCESSFUL SYNONYM SYSDATE
TABLE THEN TO TRIGGER UID UNION UNIQUE UPDATE USER VALIDATE VALUES VARCHAR VARCHAR2 VIEW WHENEVER
WHERE WITH
""".split())


@pytest.fixture(scope="module")
def oracle_script() -> str:
    return offline_sql("oracle")


def _create_tables(script: str) -> list[tuple[str, str]]:
    return re.findall(r"CREATE TABLE (\w+) \((.*?)\n\)\n", script, flags=re.S)


def test_script_creates_every_model_table(oracle_script):
    created = {name for name, _ in _create_tables(oracle_script)}
    assert set(schema.metadata().tables) <= created


def test_identifiers_fit_30_characters(oracle_script):
    names = set(re.findall(r"(?:CREATE TABLE|CONSTRAINT|CREATE (?:UNIQUE )?INDEX|CREATE SEQUENCE)\s+(\w+)", oracle_script))
    for _, body in _create_tables(oracle_script):
        names.update(re.findall(r"^\s+(\w+) ", body, flags=re.M))
    too_long = sorted(n for n in names if len(n) > MAX_IDENTIFIER)
    assert not too_long, f"identifiers over {MAX_IDENTIFIER} characters: {too_long}"


def test_no_column_is_an_oracle_reserved_word(oracle_script):
    bad = []
    for table, body in _create_tables(oracle_script):
        for column in re.findall(r"^\s+(\w+) [A-Z]", body, flags=re.M):
            if column.upper() in ORACLE_RESERVED and column.upper() != "CONSTRAINT":
                bad.append(f"{table}.{column}")
    assert not bad, f"reserved words used as columns: {bad}"


def test_every_string_has_a_length_and_no_19c_incompatible_type(oracle_script):
    for table, body in _create_tables(oracle_script):
        assert not re.search(r"VARCHAR2(?!\(\d+ CHAR\))", body), f"{table}: VARCHAR2 without a length in characters"
        assert "BOOLEAN" not in body, f"{table}: BOOLEAN needs Oracle 23ai"
        assert not re.search(r"\bDATETIME\b", body), table
    assert "RETURNING" not in oracle_script  # SQL*Plus has no bind variables for it


def test_metadata_strings_have_lengths():
    for table in schema.metadata().tables.values():
        for column in table.columns:
            if isinstance(column.type, sa.String) or isinstance(getattr(column.type, "impl", None), sa.String):
                impl = column.type if isinstance(column.type, sa.String) else column.type.impl
                if not isinstance(impl, sa.Text):
                    assert impl.length, f"{table.name}.{column.name} has no length"


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_other_dialects_compile_too(dialect):
    script = offline_sql(dialect)
    assert "CREATE TABLE market_entity" in script
