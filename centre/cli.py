"""`hongdun centre serve|check` and `hongdun devices list|revoke`: the centre's operator tasks.

Added to the `hongdun` command by hongdun_cli.py; they run on the centre's server, with the
database's credentials (from the keyring or a password file, never the command line).
"""
from __future__ import annotations

import datetime as dt
import sys

from client import cli as base


def register(sub) -> None:
    centre = sub.add_parser("centre", help="the central service (on the centre's server)").add_subparsers(
        title="centre commands", metavar="TASK")
    p = centre.add_parser("serve", help="run the centre: HTTPS in front of the central database")
    base.add_url(p)
    p.add_argument("--listen", default="0.0.0.0:8443", help="HOST:PORT to listen on (default 0.0.0.0:8443)")
    p.add_argument("--cert", help="TLS certificate chain (PEM)")
    p.add_argument("--key", help="TLS private key (PEM)")
    p.add_argument("--password-file", help="file holding the database password (mode 600), else the keyring")
    p.add_argument("--insecure-http", action="store_true",
                   help="plain HTTP (only behind a TLS-terminating proxy on the same host, or in tests)")
    p.add_argument("--listen-fd", type=int, help="serve on this already bound socket (systemd, tests)")
    p.add_argument("--signing-key", help="the centre's Ed25519 private key (PEM; hongdun centre keygen): signs "
                                         "the audit chain's checkpoints")
    p.add_argument("--checkpoints", help="file the signed audit checkpoints are appended to (outside the database)")
    p.add_argument("--checkpoint-interval", type=float, default=60.0, help="seconds between checkpoints (60)")
    p.add_argument("--syslog", action="store_true", help="send each checkpoint to syslog as well")
    p.add_argument("--sign-ins-per-address", type=int, default=30, metavar="N",
                   help="password sign-ins allowed per client address and minute (30; raise it where many "
                        "workstations share one address without a proxy that forwards theirs)")
    p.add_argument("--release-file", metavar="PATH",
                   help="the release policy (JSON: latest, minimum, download, notes) announced to workstations; "
                        "read again when it changes (the package: /etc/hongdun/release.json; none: this "
                        "centre's version is the latest, no minimum)")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.set_defaults(func=cmd_centre_serve)
    p = centre.add_parser("keygen", help="make the centre's signing key (PEM, mode 600) and its public half (.pub)")
    p.add_argument("--out", required=True, help="the private key file to write")
    p.set_defaults(func=cmd_centre_keygen)
    p = centre.add_parser("check", help="database reachable, schema version, certificate expiry")
    base.add_url(p)
    p.add_argument("--cert", help="the TLS certificate to check (PEM)")
    p.add_argument("--password-file", help="file holding the database password (mode 600), else the keyring")
    p.add_argument("--release-file", metavar="PATH", help="the release policy to check (as given to serve)")
    p.set_defaults(func=cmd_centre_check)

    devices = sub.add_parser("devices", help="enrolled workstations (administrators)").add_subparsers(
        title="device commands", metavar="TASK")
    p = devices.add_parser("list", help="every enrolled device, newest first")
    base.add_url(p)
    p.add_argument("--password-file", help="file holding the database password (mode 600), else the keyring")
    p.set_defaults(func=cmd_devices_list)
    p = devices.add_parser("revoke", help="revoke a device: its pushes and pulls are refused from now on")
    base.add_url(p)
    p.add_argument("device_id")
    p.add_argument("--by", required=True, help="the administrator's login name (named in the audit log)")
    p.add_argument("--password-file", help="file holding the database password (mode 600), else the keyring")
    p.set_defaults(func=cmd_devices_revoke)


def _db_url(args):
    from client.settings import Settings
    from centre.server import ServeError, database_url

    url = Settings.load().resolve_database_url(getattr(args, "url", None))
    try:
        return database_url(url, getattr(args, "password_file", None))
    except (ServeError, OSError) as exc:
        raise base.CliError(str(exc)) from None


def cmd_centre_serve(args) -> int:
    from centre.server import ServeError, serve

    if bool(args.signing_key) != bool(args.checkpoints):
        raise base.CliError("--signing-key 与 --checkpoints 须同时给出")
    checkpoints = (args.signing_key, args.checkpoints, args.checkpoint_interval, args.syslog) \
        if args.signing_key else None
    try:
        serve(_db_url(args), args.listen, cert=args.cert, key=args.key, insecure=args.insecure_http,
              log_level=args.log_level, fd=args.listen_fd, checkpoints=checkpoints,
              sign_ins_per_address=args.sign_ins_per_address, release_file=args.release_file)
    except ServeError as exc:
        raise base.CliError(str(exc)) from None
    return 0


def cmd_centre_keygen(args) -> int:
    from client.kernel.centre_key import generate_key

    try:
        generate_key(args.out)
    except FileExistsError:
        raise base.CliError(f"{args.out} 或 {args.out}.pub 已存在，不覆盖（换钥须先备份旧钥）") from None
    print(f"已生成中心签名密钥：{args.out}（仅服务账号可读），公钥：{args.out}.pub（交审计人员核对检查点）")
    return 0


def cmd_centre_check(args) -> int:
    """Print each check; exit 1 if any fails (for `systemctl` ExecStartPre and monitoring)."""
    import sqlalchemy as sa

    from client.db.engine import make_engine
    from client.db.migrate import head_revision

    ok = True
    url = _db_url(args)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        head = head_revision()
        print(f"数据库：可连接（{url.render_as_string(hide_password=True)}）")
        if revision == head:
            print(f"数据库结构版本：{revision}（最新）")
        else:
            ok = False
            print(f"数据库结构版本：{revision}，程序需要 {head}，请先运行 hongdun db upgrade")
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        ok = False
        print(f"数据库：无法连接（{str(getattr(exc, 'orig', exc)).splitlines()[0][:160]}）")
    finally:
        engine.dispose()
    if args.cert:
        days = certificate_days_left(args.cert)
        if days is None:
            ok = False
            print(f"证书：无法读取 {args.cert}")
        elif days < 0:
            ok = False
            print(f"证书：已过期 {-days} 天，请更换")
        else:
            print(f"证书：{days} 天后到期" + ("，请尽快更换" if days < 30 else ""))
            ok = ok and days >= 0
    if args.release_file:
        ok = check_release_file(args.release_file) and ok
    return 0 if ok else 1


def check_release_file(path: str) -> bool:
    """Print what workstations are told; False for a file the centre could not use."""
    from centre.releases import ReleaseFileError, read_release_file
    from client.version import VERSION

    try:
        release = read_release_file(path)
    except ReleaseFileError as exc:
        print(f"发布说明：{exc}（中心继续使用此前的发布政策，请改正）")
        return False
    if release is None:
        print(f"发布说明：{path} 不存在，以本中心版本 {VERSION} 为最新版本，不设最低版本")
        return True
    print(f"发布说明：最新版本 {release.latest}，最低版本 {release.minimum or '不设'}，"
          f"下载 {release.download or '未写（由管理员分发）'}")
    return True


def certificate_days_left(path: str, *, now: dt.datetime | None = None) -> int | None:
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(open(path, "rb").read())
    except (OSError, ValueError):
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    return (cert.not_valid_after_utc - now).days


def cmd_devices_list(args) -> int:
    from client.db.engine import make_engine, make_session_factory
    from client.kernel.models import Device, UserKey
    import sqlalchemy as sa

    sessions = make_session_factory(make_engine(_db_url(args)))
    users = sa.select(sa.func.count()).select_from(UserKey).where(UserKey.device_id == Device.id).scalar_subquery()
    with sessions() as session:
        rows = session.execute(sa.select(Device, users).order_by(Device.enrolled_at.desc())).all()
    print("设备编号\t名称\t单位\t登记时间\t最近同步\t用户数\t状态")
    for device, n in rows:
        unit = device.office_code or device.district_code or "市局"
        seen = device.last_seen_at.strftime("%Y-%m-%d %H:%M") if device.last_seen_at else "-"
        state = "已停用" if device.revoked else "在用"
        print(f"{device.id}\t{device.label}\t{unit}\t{device.enrolled_at:%Y-%m-%d %H:%M}\t{seen}\t{n}\t{state}")
    return 0


def cmd_devices_revoke(args) -> int:
    import sqlalchemy as sa

    from centre.devices import revoke
    from client.db.engine import make_engine, make_session_factory
    from client.kernel.errors import PermissionDenied
    from client.kernel.models import AppUser
    from client.kernel.uow import UnitOfWork

    sessions = make_session_factory(make_engine(_db_url(args)))
    with sessions() as session:
        admin_id = session.scalar(sa.select(AppUser.id).where(AppUser.username == args.by))
    if admin_id is None:
        raise base.CliError(f"没有用户 {args.by}")
    with UnitOfWork(sessions) as uow:
        principal = uow.principal(admin_id)
    try:
        changed = revoke(sessions, principal, args.device_id)
    except PermissionDenied as exc:
        raise base.CliError(str(exc)) from None
    except LookupError:
        raise base.CliError(f"没有设备 {args.device_id}，或不在 {args.by} 的管辖范围内") from None
    print(f"设备 {args.device_id} 已停用" if changed else f"设备 {args.device_id} 此前已停用")
    return 0


if __name__ == "__main__":
    sys.exit(base.main(extend=register))
