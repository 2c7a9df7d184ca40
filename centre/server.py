"""Running the centre: under uvicorn with TLS (`hongdun centre serve`), or inside the workstation's
own process on 127.0.0.1 (the embedded default, DESIGN.md "Two programs").

The database password never comes from the command line (it would show in `ps`): from the
OS keyring of the service account, or from a file only that account can read.
"""
from __future__ import annotations

import logging
import os
import socket
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

log = logging.getLogger(__name__)


class ServeError(Exception):
    pass


def database_url(url: str, password_file: str | None = None) -> sa.URL:
    """The URL with its password: from `password_file` (mode 0600 or stricter, else refused),
    else the keyring; a password written in the URL itself is refused."""
    from client.db.secrets import url_with_password

    parsed = sa.make_url(url)
    if parsed.password:
        raise ServeError("数据库地址中不能写密码（规则：密码放在系统密钥环或仅服务账号可读的文件中）")
    if password_file:
        path = Path(password_file)
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ServeError(f"密码文件 {path} 可被其他用户读取（规则：权限须为 600），请执行 chmod 600 {path}")
        return parsed.set(password=path.read_text(encoding="utf-8").strip())
    return url_with_password(parsed)


def make_app(url: sa.URL | str, *, sign_ins_per_address: int | None = None, release_file: str | None = None):
    """`release_file`: the release policy's JSON (centre.releases), read again when it changes."""
    from centre.app import create_app
    from centre.ratelimit import SignInLimits
    from centre.releases import ReleasePolicy
    from client.db.engine import make_engine, make_session_factory

    engine = make_engine(url, **({} if sa.make_url(url).get_backend_name() == "sqlite" else
                                 {"pool_size": 20, "max_overflow": 20}))
    limits = SignInLimits(per_address=sign_ins_per_address) if sign_ins_per_address else None
    return create_app(make_session_factory(engine), limits=limits, releases=ReleasePolicy(release_file)), engine


def parse_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise ServeError(f"监听地址 {listen} 格式不正确（规则：主机:端口，例如 0.0.0.0:8443）")
    return host.strip("[]"), int(port)


def serve(url: sa.URL, listen: str, *, cert: str | None, key: str | None, insecure: bool = False,
          log_level: str = "info", fd: int | None = None, checkpoints=None,
          sign_ins_per_address: int | None = None, release_file: str | None = None) -> None:
    """Run until stopped (SIGTERM from systemd). TLS unless `insecure` (behind a TLS-terminating
    proxy on the same host, or loopback tests). `fd`: a socket already bound by whoever started
    the process (systemd socket activation, the tests), instead of `listen`. `checkpoints`:
    (signing key file, checkpoint file, interval in seconds, also to syslog) of the audit chain's
    signed checkpoints (client.kernel.audit_checkpoints). `release_file`: the release policy
    (centre.releases; a bad file is logged and the centre starts with the defaults)."""
    import uvicorn

    if not insecure and not (cert and key):
        raise ServeError("须给出 --cert 与 --key（规则：中心只以 HTTPS 提供服务）")
    host, port = parse_listen(listen)
    app, _engine = make_app(url, sign_ins_per_address=sign_ins_per_address, release_file=release_file)
    writer = _checkpoint_writer(app.state.sessions, checkpoints) if checkpoints else None
    if fd is not None:
        handed = socket.socket(fileno=fd)
        nodelay(handed)  # (a handed socket: uvicorn leaves Nagle on for it)
        handed.detach()  # the fd stays open: uvicorn serves on it
    where = {"fd": fd} if fd is not None else {"host": host, "port": port}
    try:
        _run(uvicorn, app, where, cert, key, insecure, log_level)
    finally:
        if writer is not None:
            try:
                writer.write_now()  # the head as this instance leaves it
            except Exception:  # noqa: BLE001 - the database may be the reason we stop
                log.warning("last audit checkpoint not written", exc_info=True)
            writer.stop()


def _checkpoint_writer(sessions, checkpoints):
    from client.kernel.audit_checkpoints import CheckpointWriter
    from client.kernel.centre_key import KeyFileError, load_private_key

    key_file, out, interval, syslog = checkpoints
    try:
        private = load_private_key(key_file)
    except KeyFileError as exc:
        raise ServeError(str(exc)) from None
    return CheckpointWriter(sessions, private, out, interval_s=interval, syslog=syslog).start()


def _run(uvicorn, app, where, cert, key, insecure, log_level) -> None:
    uvicorn.run(app, **where, ssl_certfile=cert if not insecure else None,
                ssl_keyfile=key if not insecure else None, log_level=log_level, access_log=True,
                proxy_headers=True, forwarded_allow_ips=os.environ.get("HONGDUN_TRUSTED_PROXIES", "127.0.0.1"),
                # on SIGTERM a batch in flight finishes (a push of 1000 takes ~1 s); an idle
                # keep-alive connection does not hold the restart up
                timeout_graceful_shutdown=10)


def nodelay(sock: socket.socket) -> None:
    """No Nagle delay on the connections this listening socket accepts (they inherit it): uvicorn
    sets TCP_NODELAY only on sockets it binds itself, and a small answer then waits ~40 ms for
    the client's delayed ACK."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@dataclass
class EmbeddedCentre:
    """A centre on 127.0.0.1 in this process, on a port of its own (the embedded default)."""

    url: str
    server: object
    thread: threading.Thread
    engine: sa.Engine

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.engine.dispose()


def start_embedded(database_url: str, *, host: str = "127.0.0.1", port: int = 0,
                   release_file: str | None = None) -> EmbeddedCentre:
    import uvicorn

    app, engine = make_app(database_url, release_file=release_file)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    nodelay(sock)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)  # (on a thread of its own: it leaves the signals alone)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="embedded-centre", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    if not server.started:
        raise ServeError("内置中心服务未能启动")
    bound = sock.getsockname()
    return EmbeddedCentre(f"http://{bound[0]}:{bound[1]}", server, thread, engine)
