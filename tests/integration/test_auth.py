"""Logging in against a real database: argon2, lockout after 5 failures for 15 minutes."""
from __future__ import annotations

import datetime as dt

from client.kernel.models import AppUser
from client.kernel.auth import SIGN_IN_REFUSED, authenticate
from client.kernel.users import DEMO_PASSWORD, reset_password, set_disabled


def test_demo_clerk_logs_in_with_office_jurisdiction(central):
    with central.sessions() as s:
        result = authenticate(s, "clerk", DEMO_PASSWORD)
    assert result.ok
    assert result.principal.level == "office" and result.principal.office_code.startswith("440106")


def test_passwords_are_stored_as_argon2_hashes(central):
    with central.sessions() as s:
        user = s.get(AppUser, central.users["clerk"])
    assert user.password_hash.startswith("$argon2id$") and DEMO_PASSWORD not in user.password_hash


def test_five_failures_lock_for_15_minutes_even_with_the_right_password(central):
    now = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)
    with central.sessions() as s:
        messages = []
        for attempt in range(1, 5):
            messages.append(authenticate(s, "clerk", "wrong-pass1", now=now).message)
            assert s.get(AppUser, central.users["clerk"]).failed_logins == attempt  # each one counts
        messages.append(authenticate(s, "clerk", "wrong-pass1", now=now).message)
        assert s.get(AppUser, central.users["clerk"]).locked_until == now + dt.timedelta(minutes=15)
        assert set(messages) == {SIGN_IN_REFUSED}  # no countdown that tells a stranger the name exists
        locked = authenticate(s, "clerk", DEMO_PASSWORD, now=now + dt.timedelta(minutes=14))
        assert not locked.ok and locked.message == SIGN_IN_REFUSED
        assert authenticate(s, "clerk", DEMO_PASSWORD, now=now + dt.timedelta(minutes=15, seconds=1)).ok


def test_unknown_user_wrong_password_and_locked_account_read_the_same(central):
    with central.sessions() as s:
        unknown = authenticate(s, "nobody", "whatever1").message
        wrong = authenticate(s, "reviewer", "whatever1").message
        for _ in range(5):
            authenticate(s, "head", "whatever1")
        locked = authenticate(s, "head", "whatever1").message
    assert unknown == wrong == locked == SIGN_IN_REFUSED
    assert "用户名或密码错误" in SIGN_IN_REFUSED and "5次" in SIGN_IN_REFUSED  # the rule, for everyone


def test_disabled_account_and_reset_password(central):
    with central.sessions() as s:
        set_disabled(s, "clerk", True)
        s.commit()
        assert "停用" in authenticate(s, "clerk", DEMO_PASSWORD).message
        assert authenticate(s, "clerk", "wrong-pass1").message == SIGN_IN_REFUSED  # only the password holder learns it
        set_disabled(s, "clerk", False)
        reset_password(s, "clerk", "newpass2026")
        s.commit()
        assert not authenticate(s, "clerk", DEMO_PASSWORD).ok
        assert authenticate(s, "clerk", "newpass2026").ok
