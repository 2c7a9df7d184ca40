"""User accounts: creation, password reset, locking (the admin's `hongdun users …`)."""
from __future__ import annotations

import functools

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from client.kernel.models import AppUser
from client.kernel.roles import Role, format_roles

#: argon2id with the library's defaults (RFC 9106 low-memory profile)
HASHER = PasswordHasher()

MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """A bad admin request, with a Chinese message."""


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少{MIN_PASSWORD_LENGTH}位"
    if password.isdigit() or password.isalpha():
        return "密码须同时包含字母和数字"
    return None


def create_user(session: Session, *, username: str, full_name: str, password: str,
                roles: set[Role] | frozenset[Role], office_code: str | None = None,
                district_code: str | None = None, check_password: bool = True,
                password_hash: str | None = None) -> AppUser:
    """`password_hash`: the password's argon2 hash made already (the demo accounts share one)."""
    username = username.strip()
    if not username:
        raise UserError("用户名不能为空")
    if session.scalar(sa.select(AppUser.id).where(AppUser.username == username)):
        raise UserError(f"用户名“{username}”已存在")
    if check_password and (problem := password_problem(password)):
        raise UserError(problem)
    if not roles:
        raise UserError("至少指定一个角色")
    if office_code and not district_code:
        from client.kernel.models import Office

        office = session.get(Office, office_code)
        if office is None:
            raise UserError(f"工商所代码“{office_code}”不存在")
        district_code = office.district_code
    user = AppUser(
        username=username, full_name=full_name, password_hash=password_hash or HASHER.hash(password),
        roles=format_roles(roles), office_code=office_code, district_code=district_code,
        failed_logins=0, disabled=False, version=1,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> AppUser:
    user = session.scalar(sa.select(AppUser).where(AppUser.username == username.strip()))
    if user is None:
        raise UserError(f"用户“{username}”不存在")
    return user


def reset_password(session: Session, username: str, password: str) -> AppUser:
    if problem := password_problem(password):
        raise UserError(problem)
    user = find_user(session, username)
    user.password_hash = HASHER.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.version += 1
    return user


def set_disabled(session: Session, username: str, disabled: bool) -> AppUser:
    user = find_user(session, username)
    user.disabled = disabled
    user.failed_logins = 0
    user.locked_until = None
    user.version += 1
    return user


#: (username, full name, roles, office code or None, district code or None, password).
#: The README lists these; the office codes come from resources/reference/offices.json.
DEMO_PASSWORD = "hongdun2026"


def demo_accounts(session: Session) -> list[tuple[str, str, frozenset[Role], str | None, str | None]]:
    """Demo users spread over different offices (picked from the reference data)."""
    from client.kernel import reference

    tianhe = reference.offices_of("440106")
    yuexiu = reference.offices_of("440104")
    baiyun = reference.offices_of("440111")
    return [
        ("clerk", "李晓梅", frozenset({Role.CLERK}), tianhe[0].code, None),
        ("clerk2", "陈志强", frozenset({Role.CLERK}), yuexiu[0].code, None),
        ("reviewer", "王建华", frozenset({Role.REVIEWER}), tianhe[0].code, None),
        ("head", "黄国平", frozenset({Role.OFFICE_HEAD, Role.REVIEWER}), tianhe[0].code, None),
        ("district", "周丽娟", frozenset({Role.REVIEWER}), None, "440111"),
        ("baiyun", "刘伟", frozenset({Role.CLERK}), baiyun[0].code, None),
        ("admin", "系统管理员", frozenset({Role.ADMIN}), None, None),
        ("city", "张明", frozenset({Role.REVIEWER, Role.OFFICE_HEAD}), None, None),
        # inspections (监督检查): three in the Tianhe office, so a draw can pass over the one
        # with a conflict of interest; one in Yuexiu, who has no say over Tianhe's entities
        ("inspector", "赵敏", frozenset({Role.INSPECTOR}), tianhe[0].code, None),
        ("inspector2", "孙立军", frozenset({Role.INSPECTOR}), tianhe[0].code, None),
        ("inspector3", "吴海燕", frozenset({Role.INSPECTOR}), tianhe[0].code, None),
        ("inspector4", "郑磊", frozenset({Role.INSPECTOR}), yuexiu[0].code, None),
        # the enterprise IC card counter (企业IC卡) of the Tianhe office
        ("card", "林晓燕", frozenset({Role.CARD_OPERATOR}), tianhe[0].code, None),
        # contract certification (合同鉴证) and mediation in the Tianhe office; the Tianhe district
        # bureau's head approves contracts over the threshold (分局审批)
        ("certifier", "许文静", frozenset({Role.CERTIFIER}), tianhe[0].code, None),
        ("certifier2", "梁志刚", frozenset({Role.CERTIFIER}), tianhe[0].code, None),
        ("dhead", "何振华", frozenset({Role.OFFICE_HEAD}), None, "440106"),
        # official documents (收发文): the Tianhe office's 文书; the Yuexiu office receives what
        # Tianhe sends, with its own 文书 and head
        ("secretary", "邓雅琳", frozenset({Role.SECRETARY}), tianhe[0].code, None),
        ("secretary2", "罗嘉欣", frozenset({Role.SECRETARY}), yuexiu[0].code, None),
        ("head2", "冯建军", frozenset({Role.OFFICE_HEAD}), yuexiu[0].code, None),
    ]


@functools.cache
def _demo_password_hash() -> str:
    """One argon2 hash of the demo password for every demo account: hashing it afresh for each
    of two dozen accounts took 2.6 s of every demo database the tests and `hongdun demo` make.
    A shared salt only tells that the accounts' passwords are equal, which the README says."""
    return HASHER.hash(DEMO_PASSWORD)


def add_demo_accounts(session: Session) -> list[AppUser]:
    users = []
    for username, full_name, roles, office_code, district_code in demo_accounts(session):
        existing = session.scalar(sa.select(AppUser).where(AppUser.username == username))
        if existing is not None:
            users.append(existing)
            continue
        users.append(create_user(
            session, username=username, full_name=full_name, password=DEMO_PASSWORD,
            password_hash=_demo_password_hash(),
            roles=roles, office_code=office_code, district_code=district_code,
        ))
    return users
