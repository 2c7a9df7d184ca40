"""`hongdun sync --once|--status` and `hongdun device enrol`: a workstation's tasks for field support.

Added to the `hongdun` command by hongdun_cli.py. They reach the centre at its addresses
(--centre, else $HONGDUN_CENTRE, else the settings), never its database. The enrolment
(device id, office, district) is kept in the local store's sync_state; the device's key is
in the keyring, the enrolling user's key sealed under that user's password (sync.keys).
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from client import cli as base


def register(sub) -> None:
    p = sub.add_parser("sync", help="synchronise this workstation with the centre (scheduled or support use)")
    _add_centre(p)
    p.add_argument("--store", help="local store file (default: <data dir>/local.db)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--once", action="store_true", help="one round: push the queue, then pull")
    what.add_argument("--status", action="store_true", help="print pending, refused, last sync, cursor")
    p.set_defaults(func=cmd_sync)

    device = sub.add_parser("device", help="this workstation's enrolment").add_subparsers(
        title="device commands", metavar="TASK")
    p = device.add_parser("enrol", help="enrol this workstation (its key goes to the OS keyring)")
    _add_centre(p)
    p.add_argument("--store", help="local store file (default: <data dir>/local.db)")
    p.add_argument("--user", required=True, help="the enrolling user's login name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_device_enrol)


def _add_centre(p) -> None:
    p.add_argument("--centre", help="the centre's addresses, comma-separated (else $HONGDUN_CENTRE, settings)")
    p.add_argument("--ca", help="the CA certificate (PEM) to trust for the centre (else settings)")


def _link(args):
    from client.settings import Settings
    from sync.link import CentreLink

    addresses, ca = Settings.load().resolve_centre(args.centre)
    if not addresses:
        raise base.CliError("未配置中心服务地址（--centre、环境变量 HONGDUN_CENTRE 或设置文件）")
    return CentreLink(addresses, ca_file=args.ca or ca)


def _store_path(args) -> Path:
    from client.settings import data_dir

    return Path(args.store) if args.store else data_dir() / "local.db"


def cmd_device_enrol(args) -> int:
    from sync.centre_client import CentreRefused, CentreUnreachable
    from sync.enrolment import device_for, user_key_for
    from sync.local_store import open_local_store
    from sync.remote import UserSession

    link = _link(args)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("密码：")
    try:
        user = UserSession.sign_in(link.client(), args.user, password)
        device, key = device_for(link, user.principal, user)
        user_key_for(link, user.principal, password, device, key, user)
    except CentreRefused as exc:
        raise base.CliError(exc.message) from None
    except CentreUnreachable as exc:
        raise base.CliError(f"无法连接中心服务：{exc}") from None
    store = open_local_store(_store_path(args))
    with store.begin() as conn:
        store.set_state("device", {"id": device.id, "office_code": device.office_code,
                                   "district_code": device.district_code}, conn=conn)
    print(f"本机已登记，设备编号 {device.id}")
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
            raise base.CliError("无法连接中心服务，命令仍在本机队列中，恢复连接后再同步") from None
        raise
    print(f"上传：成功{pushed.applied}条，冲突{pushed.conflicts}条，退回{pushed.rejected}条，等待{pushed.waiting}条")
    print(f"下载：{pulled.changes}条变更，更新{pulled.upserted}行，删除{pulled.deleted}行")
    if warning := engine.status.skew_warning:
        print(warning)
    if engine.status.upgrade:  # the centre refuses this version's pushes: the queue stays
        print(f"{engine.status.upgrade}\n待上传的命令保留在本机队列中，升级后再同步")
        return 4
    return 0 if pushed.conflicts == pushed.rejected == 0 else 3


def _sync_engine(args, store, device):
    from sync.engine import SyncEngine
    from sync.keys import device_key
    from sync.pull import Puller
    from sync.push import Pusher
    from sync.remote import DeviceSession, RemoteApplier, RemoteFeed
    from sync.theirs import central_record_reader

    key = device_key(device["id"])
    if key is None:
        raise base.CliError("本机的设备密钥不在系统密钥环中，请重新登记本机（hongdun device enrol）")
    session = DeviceSession(_link(args).client(), device["id"], key)
    feed = RemoteFeed(session)
    applier = RemoteApplier(session)
    pusher = Pusher(store, applier, theirs=central_record_reader(feed))
    return SyncEngine(store, applier, pusher, Puller(store, feed), device["id"])


if __name__ == "__main__":
    sys.exit(base.main(extend=register))
