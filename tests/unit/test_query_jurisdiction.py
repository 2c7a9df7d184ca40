"""Every query the centre serves keeps to the asker's jurisdiction (centre/queries.py).

District and city users may call any registered query at the centre with any id they like, and
the centre's only hold on who asks is a parameter typed `Principal`, which it fills with the
signed-in user. A query that opens a record by id without one answers anyone about anything
(a Baiyun reviewer reading a Tianhe card by its id), and a principal typed any other way
(`Principal | None`) is read from the request, where the asker writes what they please.
"""
from __future__ import annotations

import typing

import pytest

from centre.queries import remote_queries
from client.kernel.roles import Principal

#: reference data, the same for everyone: no record of any office or district
REFERENCE = {"flows.published_flows", "kernel.ping"}

QUERIES = remote_queries()


def _names_a_record(field: str) -> bool:
    return field == "id" or field.endswith("_id") or field.endswith("_ids")


def test_the_reference_queries_exist():
    """(A renamed reference query must leave the allow-list too, not linger in it.)"""
    assert REFERENCE <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(set(QUERIES) - REFERENCE))
def test_a_query_takes_the_asker_as_a_principal(name):
    query = QUERIES[name]
    ids = [f for f in query.request.model_fields if _names_a_record(f)]
    assert query.principal_params, (
        f"{name} takes no Principal: the centre answers district and city users with whatever it "
        f"returns{' for any ' + ', '.join(ids) if ids else ''}; give it `principal: Principal` and "
        f"check the record's office and district (client.kernel.permissions)")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_principal_is_read_from_the_request(name):
    """Only a parameter typed exactly `Principal` is filled by the centre; `Principal | None`
    would be a request field the asker fills in."""
    query = QUERIES[name]
    hints = typing.get_type_hints(query.fn)
    smuggled = [p for p in query.request.model_fields if _mentions_principal(hints.get(p))]
    assert not smuggled, f"{name}: {smuggled} would be read from the request; type it `Principal`"


def _mentions_principal(annotation) -> bool:
    if annotation is Principal:
        return True
    return any(_mentions_principal(a) for a in typing.get_args(annotation))
