"""`hongdun documents …`: the administrator's tasks of official documents.

    hongdun documents issuers [--district CODE] [--url URL]
        every office's 机关代字 and 发文机关标志 (as set, or derived from its names)
    hongdun documents set-issuer OFFICE --mark 代字 [--authority 标志] [--letter-mark 函的代字] --as ADMIN
                                 [--url URL]
        set an office's (as that administrator, through the command bus: checked and audited)
"""
from __future__ import annotations

import sys


def register(sub) -> None:
    from client.cli_support import add_url

    documents = sub.add_parser("documents", help="official documents (administrators)").add_subparsers(
        title="documents commands", metavar="TASK")
    p = documents.add_parser("issuers", help="every office's 机关代字 and 发文机关标志")
    add_url(p)
    p.add_argument("--district", help="only this district's offices (code, e.g. 440106)")
    p.set_defaults(func=cmd_issuers)
    p = documents.add_parser("set-issuer", help="set an office's 机关代字 (and 发文机关标志)")
    add_url(p)
    p.add_argument("office", help="office code, e.g. 440106-01")
    p.add_argument("--mark", required=True, help="机关代字, e.g. 穗天市监五山")
    p.add_argument("--authority", help="发文机关标志, e.g. 广州市天河区市场监督管理局五山市场监督管理所文件 "
                                       "(default: as it is now)")
    p.add_argument("--letter-mark", help="the 代字 of its 函, numbered as a series of their own, e.g. 穗天市监五山函 "
                                         "('' : 函 numbered with the rest; default: as it is now)")
    p.add_argument("--as", dest="admin", required=True, metavar="USERNAME",
                   help="the administrator who sets it (in the audit log)")
    p.set_defaults(func=cmd_set_issuer)


def cmd_issuers(args) -> int:
    from client.cli_support import session_factory
    from client.documents.issuers import all_issuers

    with session_factory(args)() as session:
        rows = all_issuers(session, district_code=args.district)
    for i in rows:
        print(f"{i.office_code}\t{i.office_name}\t{i.mark}\t{i.authority}\t{'已设置' if i.configured else '默认'}"
              + (f"\t函：{i.letter_mark}" if i.letter_mark else ""))
    print(f"共 {len(rows)} 个单位，已设置 {sum(i.configured for i in rows)} 个", file=sys.stderr)
    return 0


def cmd_set_issuer(args) -> int:
    import sqlalchemy as sa

    from client.cli_support import CliError, session_factory
    from client.documents.commands import SetDocumentIssuer
    from client.documents.issuers import issuer_of
    from client.kernel.bus import CommandBus
    from client.kernel.models import AppUser, Office

    sessions = session_factory(args)
    with sessions() as session:
        admin = session.scalar(sa.select(AppUser).where(AppUser.username == args.admin))
        if admin is None:
            raise CliError(f"用户 {args.admin} 不存在（--as 应为系统管理员的用户名）")
        if session.get(Office, args.office) is None:
            raise CliError(f"单位代码“{args.office}”不存在（hongdun documents issuers 列出各单位）")
        now = issuer_of(session, args.office)
    outcome = CommandBus(sessions).dispatch(SetDocumentIssuer(
        user_id=admin.id, device_id="cli", office_code=args.office, mark=args.mark,
        authority=args.authority if args.authority is not None else now.authority,
        letter_mark=args.letter_mark if args.letter_mark is not None else now.letter_mark, base_version=now.version))
    if not outcome.ok:
        raise CliError(outcome.message)
    result = outcome.result
    letters = f"，函另编号，代字 {result['letter_mark']}" if result["letter_mark"] else ""
    print(f"{now.office_name}：机关代字 {result['mark']}，发文机关标志 {result['authority']}{letters}"
          f"（此后编号的发文使用新代字，已编号的不变）")
    return 0
