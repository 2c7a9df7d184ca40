"""The `hongdun` command: admin, DBA and field-support tasks.

    hongdun demo [--entities N] [--url URL]      create and fill a database
    hongdun db upgrade [--url URL]               apply Alembic migrations
    hongdun db sql --dialect oracle|postgresql|sqlite   the full DDL script for a DBA
    hongdun db password [--url URL]              store the database password in the OS keyring
    hongdun audit verify [--url URL] [--checkpoints FILE --centre-key PEM]
                                                 check the audit log's hash chain (and its signed checkpoints)
    hongdun audit checkpoint --key PEM --out FILE [--url URL]   sign the chain's head now
    hongdun users add|reset|lock|unlock|list     user accounts
    hongdun licence (--code USCC | --id ID) [--copy original|duplicate] [--preprinted] [-o FILE]
                                                 (client/registration/cli.py)
    hongdun documents issuers|set-issuer          (client/documents/cli.py) 机关代字 and 发文机关标志
    hongdun sync --once|--status --centre URL     (sync.cli) synchronise this workstation
    hongdun device enrol --centre URL --user NAME (sync.cli) enrol this workstation
    hongdun centre serve|check|keygen             (centre.cli) the central service
    hongdun devices list|revoke                   (centre.cli) enrolled workstations

The central database URL comes from --url, else $HONGDUN_DATABASE_URL, else the
settings file, else the embedded SQLite default; a password comes from the keyring.
"""
from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

from client.cli_support import CliError, add_url, database_url as _url, session_factory  # noqa: F401 (re-exported)

EXIT_USAGE = 2


def main(argv: list[str] | None = None, *, extend=None) -> int:
    """`extend(subparsers)` adds commands of higher layers (hongdun_cli.py: sync.cli's `sync`,
    `device`; centre.cli's `centre`, `devices`)."""
    parser = _parser(extend)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        # a database that does not answer is the operator's usual trouble: said in one line, with
        # the driver's own first line, not as a traceback (anything else stays a traceback)
        import sqlalchemy.exc

        if not isinstance(exc, (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)):
            raise
        cause = str(getattr(exc, "orig", exc)).strip().splitlines()
        print(f"错误：无法连接数据库（{cause[0][:200] if cause else type(exc).__name__}），请检查 --url、"
              f"数据库是否运行以及密码（规则：命令须能连接到 --url 指定的数据库）", file=sys.stderr)
        return 1


def _parser(extend=None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hongdun", description="红盾工作台 管理、数据库与现场支持命令")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    if extend is not None:
        extend(sub)

    p = sub.add_parser("demo", help="create a database and fill it with demo data")
    add_url(p)
    p.add_argument("--entities", type=int, default=20000, help="number of market entities (up to 3,000,000)")
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="schema tasks for DBAs").add_subparsers(title="db commands", metavar="TASK")
    p = db.add_parser("upgrade", help="apply the Alembic migrations")
    add_url(p)
    p.add_argument("--revision", default="head")
    p.set_defaults(func=cmd_db_upgrade)
    p = db.add_parser("reindex", help="redraw the register's scroll anchors, facet counts and name bands "
                                      "(after a bulk import; nightly keeps the bands even)")
    add_url(p)
    p.set_defaults(func=cmd_db_reindex)
    p = db.add_parser("sql", help="print the full DDL script (Alembic offline mode)")
    p.add_argument("--dialect", choices=["oracle", "postgresql", "sqlite"], required=True)
    p.set_defaults(func=cmd_db_sql)
    p = db.add_parser("password", help="store the database password in the OS keyring")
    add_url(p)
    p.set_defaults(func=cmd_db_password)

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(title="audit commands", metavar="TASK")
    p = audit.add_parser("verify", help="verify the audit log's hash chain (and its signed checkpoints)")
    add_url(p)
    p.add_argument("--checkpoints", metavar="FILE", help="the checkpoint file to check the database against "
                                                          "(with --centre-key)")
    p.add_argument("--centre-key", metavar="PUBLIC_PEM", help="the centre's public key (or its private key PEM)")
    p.set_defaults(func=cmd_audit_verify)
    p = audit.add_parser("checkpoint", help="sign the audit chain's head now and append it to a checkpoint file")
    add_url(p)
    p.add_argument("--key", metavar="PRIVATE_PEM", required=True, help="the centre's private key (PKCS8 PEM)")
    p.add_argument("--out", metavar="FILE", required=True, help="the checkpoint file (created with mode 0600)")
    p.set_defaults(func=cmd_audit_checkpoint)

    users = sub.add_parser("users", help="user accounts").add_subparsers(title="user commands", metavar="TASK")
    p = users.add_parser("add", help="create a user")
    add_url(p)
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name, e.g. 李晓梅")
    p.add_argument("--roles", required=True, help="comma-separated: clerk,reviewer,inspector,card,certifier,head,admin")
    p.add_argument("--office", help="office code (office staff)")
    p.add_argument("--district", help="district code (district bureau staff); neither = city bureau")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_users_add)
    p = users.add_parser("reset", help="set a new password (also clears a lockout)")
    add_url(p)
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users_reset)
    for name, help_, value in (("lock", "disable an account", True), ("unlock", "enable an account and clear a lockout", False)):
        p = users.add_parser(name, help=help_)
        add_url(p)
        p.add_argument("username")
        p.set_defaults(func=cmd_users_lock, disabled=value)
    p = users.add_parser("list", help="list accounts")
    add_url(p)
    p.set_defaults(func=cmd_users_list)

    _area_commands(sub)
    return parser


def _area_commands(sub) -> None:
    """A business area's own tasks: its `cli.register(subparsers)`, when it has a cli module
    (client/documents/cli.py): adding one edits nothing here."""
    import importlib
    import importlib.util

    from client.kernel.registry import area_packages

    for area in sorted(area_packages(), key=lambda m: m.__name__):
        if importlib.util.find_spec(f"{area.__name__}.cli") is not None:
            importlib.import_module(f"{area.__name__}.cli").register(sub)


# --- commands -------------------------------------------------------------------------------


def _make_sqlite_folder(url: str) -> None:
    """The default database is a file in the user's data directory, which a newly installed
    program has not made yet."""
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def cmd_demo(args) -> int:
    from client.demo import RegisterNotEmpty, populate

    if not 0 <= args.entities <= 10_000_000:
        raise CliError("--entities 应在 0 到 10,000,000 之间")
    url = _url(args)
    _make_sqlite_folder(url)
    start = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 2 or done == total:
            last[0] = now
            rate = done / max(now - start, 1e-9)
            print(f"\r{done:,}/{total:,} 个主体  {rate:,.0f} 条/秒", end="", file=sys.stderr, flush=True)

    try:
        populate(url, entities=args.entities, seed=args.seed, progress=progress)
    except RegisterNotEmpty as exc:
        raise CliError(f"{exc}：{url}") from None
    elapsed = time.perf_counter() - start
    print(f"\n完成：{args.entities:,} 个主体，用时 {elapsed:.1f} 秒（{args.entities / max(elapsed, 1e-9):,.0f} 条/秒）",
          file=sys.stderr)
    print(url.split("@")[-1] if "@" in url else url)
    return 0


def cmd_db_upgrade(args) -> int:
    from client.db.migrate import upgrade

    url = _url(args)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    upgrade(url, args.revision)
    print("数据库结构已是最新版本", file=sys.stderr)
    return 0


def cmd_db_reindex(args) -> int:
    import time

    from client.db.engine import make_engine
    from client.kernel import name_index

    engine = make_engine(_url(args))
    started = time.monotonic()
    try:
        with engine.begin() as conn:
            name_index.rebuild_name_index(conn)  # SQLite's pair index; the others keep theirs
            rows = name_index.rebuild_anchors(conn)
    finally:
        engine.dispose()
    print(f"已重建登记簿的滚动锚点和分面计数：{rows} 行，用时 {time.monotonic() - started:.0f} 秒", file=sys.stderr)
    return 0


def cmd_db_sql(args) -> int:
    from client.db.migrate import offline_sql

    sys.stdout.write(offline_sql(args.dialect))
    return 0


def cmd_db_password(args) -> int:
    import sqlalchemy as sa

    from client.db.secrets import store_password
    from client.settings import Settings

    url = sa.make_url(Settings.load().resolve_database_url(args.url))
    if not url.username:
        raise CliError("数据库地址中没有用户名，无需密码")
    password = getpass.getpass(f"{url.username}@{url.host} 的密码：")
    store_password(url, password)
    print("密码已保存到系统密钥环", file=sys.stderr)
    return 0


def cmd_audit_verify(args) -> int:
    from client.kernel import audit_checkpoints
    from client.kernel.centre_key import KeyFileError, load_public_key
    from client.kernel.uow import verify_audit_chain

    if (args.checkpoints is None) != (args.centre_key is None):
        print("错误：--checkpoints 与 --centre-key 须同时给出", file=sys.stderr)
        return EXIT_USAGE
    public_key = None
    if args.centre_key:
        try:
            public_key = load_public_key(args.centre_key)
        except KeyFileError as exc:
            raise CliError(str(exc)) from None
    with session_factory(args)() as session:
        if public_key is None:
            ok, _, message = verify_audit_chain(session)
        else:
            ok, _, message = audit_checkpoints.verify(session, args.checkpoints, public_key)
    print(message)
    return 0 if ok else 1


def cmd_audit_checkpoint(args) -> int:
    from client.kernel import audit_checkpoints
    from client.kernel.centre_key import KeyFileError, load_private_key

    try:
        key = load_private_key(args.key)
    except KeyFileError as exc:
        raise CliError(str(exc)) from None
    with session_factory(args)() as session:
        checkpoint = audit_checkpoints.make_checkpoint(session, key)
    if checkpoint is None:
        print("审计日志为空，未写检查点")
        return 0
    try:
        written = audit_checkpoints.append(args.out, checkpoint)
    except OSError as exc:
        raise CliError(f"无法写入检查点文件 {args.out}：{exc.strerror}") from None
    last = audit_checkpoints.last_checkpoint(args.out)
    if written:
        print(f"已写入检查点：审计日志第{checkpoint.seq}条（共{checkpoint.entries}条）")
    elif last is not None and last.seq > checkpoint.seq:
        print(f"审计日志的最后一条（第{checkpoint.seq}条）早于检查点文件中的最后一个（第{last.seq}条），"
              f"未写新检查点；请用 hongdun audit verify --checkpoints 核对")
        return 1
    else:
        print(f"审计日志的头部未变（第{checkpoint.seq}条），未写新检查点")
    return 0


def _read_password(args, prompt: str) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再输入一次：") != first:
        raise CliError("两次输入的密码不一致")
    return first


def cmd_users_add(args) -> int:
    from client.kernel.roles import Role
    from client.kernel.users import UserError, create_user

    try:
        roles = {Role.from_code(c.strip()) for c in args.roles.split(",") if c.strip()}
    except ValueError as exc:
        raise CliError(f"未知角色：{exc}") from None
    password = _read_password(args, f"{args.username} 的密码：")
    with session_factory(args)() as session:
        try:
            create_user(session, username=args.username, full_name=args.name, password=password,
                        roles=roles, office_code=args.office, district_code=args.district)
            session.commit()
        except UserError as exc:
            raise CliError(str(exc)) from None
    print(f"已创建用户 {args.username}")
    return 0


def cmd_users_reset(args) -> int:
    from client.kernel.users import UserError, reset_password

    password = _read_password(args, f"{args.username} 的新密码：")
    with session_factory(args)() as session:
        try:
            reset_password(session, args.username, password)
            session.commit()
        except UserError as exc:
            raise CliError(str(exc)) from None
    print(f"已重置 {args.username} 的密码")
    return 0


def cmd_users_lock(args) -> int:
    from client.kernel.users import UserError, set_disabled

    with session_factory(args)() as session:
        try:
            set_disabled(session, args.username, args.disabled)
            session.commit()
        except UserError as exc:
            raise CliError(str(exc)) from None
    print(f"已{'停用' if args.disabled else '启用'} {args.username}")
    return 0


def cmd_users_list(args) -> int:
    import sqlalchemy as sa

    from client.kernel.models import AppUser
    from client.kernel.roles import parse_roles

    with session_factory(args)() as session:
        for user in session.scalars(sa.select(AppUser).order_by(AppUser.username)):
            unit = user.office_code or user.district_code or "市局"
            state = "停用" if user.disabled else ("锁定" if user.locked_until else "正常")
            roles = "、".join(r.label for r in parse_roles(user.roles))
            print(f"{user.username:<12} {user.full_name:<8} {unit:<12} {roles:<16} {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
