"""Logging in against a real database: argon2, lockout after 5 failures for 15 minutes."""
from __future__ import annotations

import datetime as dt

from client.db.models import AppUser
from client.services.auth import authenticate
from client.services.users import DEMO_PASSWORD, reset_password, set_disabled


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
        messages = [authenticate(s, "clerk", "wrong-pass1", now=now).message for _ in range(5)]
        assert "再错4次" in messages[0] and "再错1次" in messages[3]
        assert "锁定" in messages[4]
        locked = authenticate(s, "clerk", DEMO_PASSWORD, now=now + dt.timedelta(minutes=14))
        assert not locked.ok and "锁定" in locked.message
        assert authenticate(s, "clerk", DEMO_PASSWORD, now=now + dt.timedelta(minutes=15, seconds=1)).ok


def test_unknown_user_and_wrong_password_read_the_same(central):
    with central.sessions() as s:
        a = authenticate(s, "nobody", "whatever1").message
        b = authenticate(s, "reviewer", "whatever1").message
    assert a.startswith("用户名或密码错误") and b.startswith("用户名或密码错误")


def test_disabled_account_and_reset_password(central):
    with central.sessions() as s:
        set_disabled(s, "clerk", True)
        s.commit()
        assert "停用" in authenticate(s, "clerk", DEMO_PASSWORD).message
        set_disabled(s, "clerk", False)
        reset_password(s, "clerk", "newpass2026")
        s.commit()
        assert not authenticate(s, "clerk", DEMO_PASSWORD).ok
        assert authenticate(s, "clerk", "newpass2026").ok
