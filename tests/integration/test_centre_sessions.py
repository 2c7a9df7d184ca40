"""Ended sessions are forgotten: the centre purges them now and then on the way of a sign-in
(an expired token is refused anyway; the rows would only pile up)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from centre import sessions as auth
from client.kernel.models import CentreSession
from client.kernel.users import DEMO_PASSWORD


def test_expired_sessions_are_purged_at_most_once_per_interval(central):
    now = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.timezone.utc)
    with central.sessions() as s:
        _, old = auth.sign_in(s, "clerk", DEMO_PASSWORD, now=now - dt.timedelta(hours=1))
        _, live = auth.sign_in(s, "clerk", DEMO_PASSWORD, now=now)
        purger = auth.Purger(every=dt.timedelta(minutes=10))
        assert purger.maybe(s, now=now) == 1
        assert s.scalar(sa.select(sa.func.count()).select_from(CentreSession)) == 1
        assert auth.principal_of(s, live.token, now=now) is not None
        _, later = auth.sign_in(s, "clerk", DEMO_PASSWORD, now=now - dt.timedelta(hours=1))
        assert purger.maybe(s, now=now + dt.timedelta(minutes=5)) == 0  # not yet: once per interval
        assert purger.maybe(s, now=now + dt.timedelta(minutes=11)) == 1
