"""`hongdun sync --once|--status` and `hongdun device enrol`, added to the `hongdun` command.

They live here, not in client/cli.py, because client/ may not import sync/ (DESIGN.md
layering); `hongdun` starts here and hands every other subcommand to client.cli.
The workstation's enrolment (device id, office, district) is kept in the local store's
sync_state; the key is in the keyring.
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from client import cli as base


def main(argv: list[str] | None = None) -> int:
    return base.main(argv, extend=register)


def register(sub) -> None:
    p = sub.add_parser("sync", help="synchronise this workstation with the centre (scheduled or support use)")
    base._add_url(p)
    p.add_argument("--store", help="local store file (default: <data dir>/local.db)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--once", action="store_true", help="one round: push the queue, then pull")
    what.add_argument("--status", action="store_true", help="print pending, refused, last sync, cursor")
    p.set_defaults(func=cmd_sync)

    device = sub.add_parser("device", help="this workstation's enrolment").add_subparsers(
        title="device commands", metavar="TASK")
    p = device.add_parser("enrol", help="enrol this workstation (its key goes to the OS keyring)")
    base._add_url(p)
    p.add_argument("--store", help="local store file (default: <data dir>/local.db)")
    p.add_argument("--user", required=True, help="the enrolling user's login name")
    p.add_argument("--label", default="", help="a name for this workstation (default: host name)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_device_enrol)


def _store_path(args) -> Path:
    from client.settings import data_dir

    return Path(args.store) if args.store else data_dir() / "local.db"


def cmd_device_enrol(args) -> int:
    import platform

    from client.kernel.auth import authenticate
    from sync.device import enrol
    from sync.local_store import open_local_store

    sessions = base._session_factory(args)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("密码：")
    with sessions() as session:
        login = authenticate(session, args.user, password)
    if not login.ok:
        raise base.CliError(login.message)
    enrolment = enrol(sessions, login.principal.user_id, args.label or platform.node() or "workstation")
    store = open_local_store(_store_path(args))
    with store.begin() as conn:
        store.set_state("device", {"id": enrolment.device_id, "office_code": enrolment.office_code,
                                   "district_code": enrolment.district_code}, conn=conn)
    print(f"本机已登记，设备编号 {enrolment.device_id}")
    return 0


def cmd_sync(args) -> int:
    from sync.local_store import open_local_store

    path = _store_path(args)
    if not path.exists():
        raise base.CliError(f"本机没有本地库（{path}），请先运行 hongdun device enrol")
    store = open_local_store(path)
    device = store.get_state("device")
    if args.status:
        print(f"待上传命令：{store.pending_count()}")
        print(f"冲突/退回：{store.refused_count()}")
        print(f"上次同步：{store.get_state('last_sync_at') or '从未同步'}")
        print(f"变更游标：{store.get_state('cursor', 0)}")
        print(f"设备编号：{device['id'] if device else '未登记'}")
        return 0
    if device is None:
        raise base.CliError("本机尚未登记，请先运行 hongdun device enrol")
    engine = _sync_engine(args, store, device)
    try:
        pushed, pulled = engine.run_once()
    except Exception as exc:
        from sync.engine import is_disconnect

        if is_disconnect(exc):
            raise base.CliError("无法连接中心数据库，命令仍在本机队列中，恢复连接后再同步") from None
        raise
    print(f"上传：成功{pushed.applied}条，冲突{pushed.conflicts}条，退回{pushed.rejected}条，等待{pushed.waiting}条")
    print(f"下载：{pulled.changes}条变更，更新{pulled.upserted}行，删除{pulled.deleted}行")
    if warning := engine.status.skew_warning:
        print(warning)
    return 0 if pushed.conflicts == pushed.rejected == 0 else 3


def _sync_engine(args, store, device):
    from client.db.engine import make_engine, make_session_factory
    from sync.central import CentralApplier
    from sync.engine import SyncEngine
    from sync.pull import Puller
    from sync.push import Pusher
    from sync.scope import Scope
    from sync.theirs import central_record_reader

    central = make_engine(base._url(args))
    applier = CentralApplier(make_session_factory(central))
    pusher = Pusher(store, applier, theirs=central_record_reader(central))
    puller = Puller(store, central, Scope(device["office_code"], device["district_code"]))
    return SyncEngine(store, applier, pusher, puller, device["id"])


if __name__ == "__main__":
    sys.exit(main())
