"""A throwaway PostgreSQL cluster for the test suite and for developers.

Used by the ``pg_cluster`` fixtures in ``tests/conftest.py`` and by ``scripts/pg-dev.sh``::

    python -m tests.pgcluster start DIR [PORT]   # initdb (first time) + start, prints the URL
    python -m tests.pgcluster stop DIR           # fast shutdown
    python -m tests.pgcluster url DIR            # prints the URL of a running dev cluster

Layout of a cluster's base directory::

    BASE/data      the data directory (initdb)
    BASE/sock      the unix socket directory
    BASE/server.log

PostgreSQL refuses to run as root: when this process is root, initdb, pg_ctl and the server run as
the ``postgres`` system user (created by Debian's postgresql-common) through ``runuser`` and the
base directory is handed to that user. The base directory must then be reachable by ``postgres``
(pytest's ``tmp_path`` under ``/tmp/pytest-of-root`` is 0700 and is not: use ``new_base_dir()``).
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

SERVICE_USER = "postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"

# Settings for a disposable cluster: no fsync (the OS keeps the data unless the machine dies).
# synchronous_commit stays on: with it off, `stop -m immediate` (a crash) loses the last
# ~200 ms of commits, which would break tests that stop or fail over mid-test. wal_level stays
# 'replica' (the default) so a hot standby can be built with pg_basebackup -R; initdb's trust
# pg_hba already allows replication connections from 127.0.0.1.
_CONF = """
# --- added by tests/pgcluster.py ---
listen_addresses = '{host}'
port = {port}
unix_socket_directories = '{sock}'
fsync = off
full_page_writes = off
max_connections = 200
wal_level = replica
max_wal_senders = 10
hot_standby = on
log_min_messages = warning
log_line_prefix = '%m [%p] '
"""


class PgClusterError(RuntimeError):
    pass


def find_bin_dir() -> Path | None:
    """The bin directory of the highest installed PostgreSQL (Debian layout), or None."""
    candidates = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        m = re.search(r"/postgresql/(\d+(?:\.\d+)?)/bin$", d)
        if m and (Path(d) / "initdb").is_file() and (Path(d) / "pg_ctl").is_file():
            candidates.append((float(m.group(1)), Path(d)))
    if candidates:
        return max(candidates)[1]
    # Other layouts (a source build, Homebrew, ...): initdb on PATH.
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl", path=str(Path(initdb).parent)):
        return Path(initdb).parent
    return None


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _service_ids() -> tuple[int, int]:
    import pwd

    try:
        pw = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PgClusterError(
            f"running as root but there is no '{SERVICE_USER}' system user to run PostgreSQL as "
            "(it comes with Debian's postgresql package: run scripts/install-system-packages.sh)"
        ) from None
    return pw.pw_uid, pw.pw_gid


def _scratch_root() -> str | None:
    """Where throwaway clusters go: $HONGDUN_PG_TMPDIR, else /dev/shm when it is a usable
    tmpfs with room, else the default temp dir. On these VMs creating files on ext4 is slow:
    CREATE DATABASE takes ~230 ms on disk and ~11 ms in /dev/shm, initdb+start 1.5 s vs 0.5 s."""
    chosen = os.environ.get("HONGDUN_PG_TMPDIR")
    if chosen:
        return chosen
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK | os.X_OK) and st.f_bavail * st.f_frsize >= 4 * 2**30:
            return shm
    except OSError:
        pass
    return None


def new_base_dir(prefix: str = "hongdun-pg-") -> Path:
    """A fresh temporary directory that the server's user can use (see module doc)."""
    base = Path(tempfile.mkdtemp(prefix=prefix, dir=_scratch_root()))
    _hand_over(base)
    return base


def _hand_over(path: Path) -> None:
    if _running_as_root():
        uid, gid = _service_ids()
        os.chown(path, uid, gid)


class PgCluster:
    """One PostgreSQL cluster in ``base_dir``; nothing happens until ``init()``/``start()``.

    ``port=None`` picks a free port (and picks another if the server cannot bind it).
    """

    def __init__(
        self,
        base_dir: str | os.PathLike[str],
        port: int | None = None,
        bin_dir: str | os.PathLike[str] | None = None,
        host: str = HOST,
    ) -> None:
        found = Path(bin_dir) if bin_dir else find_bin_dir()
        if found is None:
            raise PgClusterError(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
                "run scripts/install-system-packages.sh"
            )
        self.bin_dir: Path = found
        self.base_dir = Path(base_dir).resolve()
        self.data_dir = self.base_dir / "data"
        self.socket_dir = self.base_dir / "sock"
        self.log_file = self.base_dir / "server.log"
        self.host = host
        self._auto_port = port is None
        self.port: int = port if port is not None else free_port(host)

    # ----------------------------------------------------------------- running the tools

    def command(self, tool: str, *args: str) -> list[str]:
        """argv that runs a PostgreSQL tool (initdb, pg_ctl, pg_basebackup, ...) as the
        cluster's owner: through runuser when this process is root."""
        argv = [str(self.bin_dir / tool), *map(str, args)]
        if _running_as_root():
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            if os.path.exists(runuser):
                return [runuser, "-u", SERVICE_USER, "--", *argv]
            return ["su", SERVICE_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]
        return argv

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a tool as the cluster's owner, output captured; PgClusterError on failure."""
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        for var in ("PGDATA", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE"):
            env.pop(var, None)
        proc = subprocess.run(
            self.command(tool, *args),
            cwd=self.base_dir,  # the owner may not be allowed into the caller's cwd
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if check and proc.returncode != 0:
            raise PgClusterError(
                f"{tool} {' '.join(args)} failed ({proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}{self._log_tail()}"
            )
        return proc

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_file.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n--- server.log (tail) ---\n" + "\n".join(text)

    # ------------------------------------------------------------------------ lifecycle

    @property
    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> "PgCluster":
        """initdb (UTF-8, C.UTF-8 locale, trust auth, superuser 'postgres')."""
        self.base_dir.mkdir(parents=True, exist_ok=True)
        _hand_over(self.base_dir)
        self.socket_dir.mkdir(exist_ok=True)
        _hand_over(self.socket_dir)
        self.run(
            "initdb",
            "-D", str(self.data_dir),
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--auth=trust",
            "-U", SUPERUSER,
            "--no-sync",
        )
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as f:
            f.write(_CONF.format(host=self.host, port=self.port, sock=self.socket_dir))
        return self

    def start(self, timeout: int = 60) -> "PgCluster":
        """pg_ctl -w start; the port and socket dir given on the command line win over
        postgresql.conf (so a data dir copied by pg_basebackup runs on this cluster's port)."""
        if not self.initialized:
            raise PgClusterError(f"no cluster in {self.data_dir}: call init() first")
        self.socket_dir.mkdir(exist_ok=True)
        _hand_over(self.socket_dir)
        attempts = 5 if self._auto_port else 1
        for attempt in range(attempts):
            opts = f"-p {self.port} -k {shlex.quote(str(self.socket_dir))} -h {self.host}"
            proc = self.run(
                "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                "-o", opts, "-w", "-t", str(timeout), "start",
                check=False,
            )
            if proc.returncode == 0:
                return self
            log = self._log_tail()
            if attempt + 1 < attempts and "could not bind" in log + proc.stderr:
                self.port = free_port(self.host)  # somebody took the port meanwhile
                continue
            raise PgClusterError(
                f"pg_ctl start failed ({proc.returncode}) on port {self.port}:\n"
                f"{proc.stdout}{proc.stderr}{log}"
            )
        raise AssertionError("unreachable")

    def stop(self, mode: str = "immediate") -> None:
        """pg_ctl stop; ``mode`` is smart, fast or immediate. No error if not running."""
        if self.is_running():
            self.run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        if not self.initialized:
            return False
        return self.run("pg_ctl", "-D", str(self.data_dir), "status", check=False).returncode == 0

    def destroy(self) -> None:
        """Stop (immediately) and delete the base directory."""
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    @classmethod
    def temporary(cls, port: int | None = None, bin_dir=None) -> "PgCluster":
        """A new initialised and started cluster in a fresh temp dir: ``destroy()`` it."""
        cluster = cls(new_base_dir(), port=port, bin_dir=bin_dir)
        try:
            return cluster.init().start()
        except BaseException:
            cluster.destroy()
            raise

    @classmethod
    def on_disk(cls, folder: Path) -> "PgCluster":
        """A temporary cluster under `folder`/pg (unless $HONGDUN_PG_TMPDIR says where): the
        benchmarks keep theirs on disk beside their SQLite files, so both dialects read the same
        kind of storage (the suite's go to /dev/shm)."""
        root = Path(folder) / "pg"
        root.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("HONGDUN_PG_TMPDIR", str(root))
        return cls.temporary()

    # ---------------------------------------------------------------------- connecting

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL over TCP."""
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def dsn(self, dbname: str = "postgres") -> str:
        """libpq/psycopg conninfo over TCP."""
        return f"host={self.host} port={self.port} user={SUPERUSER} dbname={dbname}"

    def connect(self, dbname: str = "postgres", **kwargs):
        import psycopg

        kwargs.setdefault("connect_timeout", 10)
        return psycopg.connect(self.dsn(dbname), **kwargs)

    def create_database(self, name: str | None = None) -> str:
        """CREATE DATABASE (a unique name when none is given); returns the name."""
        from psycopg import sql

        name = name or f"t_{uuid.uuid4().hex[:16]}"
        with self.connect(autocommit=True) as conn:
            stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if conn.info.server_version >= 150000:
                # ~6x faster than the default WAL_LOG for a small template (~18 vs ~110 ms)
                stmt = stmt + sql.SQL(" STRATEGY = FILE_COPY")
            conn.execute(stmt)
        return name

    def drop_database(self, name: str) -> None:
        """DROP DATABASE IF EXISTS ... WITH (FORCE): open sessions are terminated."""
        from psycopg import sql

        with self.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def __repr__(self) -> str:
        return f"<PgCluster {self.host}:{self.port} data={self.data_dir}>"


# --------------------------------------------------------------------------- dev entry


def _main(argv: list[str]) -> int:
    usage = "usage: python -m tests.pgcluster start DIR [PORT] | stop DIR | url DIR"
    if len(argv) < 2 or argv[0] not in ("start", "stop", "url"):
        print(usage, file=sys.stderr)
        return 2
    verb, base = argv[0], Path(argv[1]).resolve()
    port_file = base / "port"
    if verb == "start":
        if len(argv) > 2:
            port = int(argv[2])
        elif port_file.exists():
            port = int(port_file.read_text())
        else:
            port = 5433 if _port_free(5433) else free_port()
        cluster = PgCluster(base, port=port)
        if not cluster.initialized:
            cluster.init()
        if not cluster.is_running():
            cluster.start()
        port_file.write_text(str(cluster.port))
        print(cluster.url("postgres"))
        return 0
    if not port_file.exists():
        print(f"no dev cluster in {base}", file=sys.stderr)
        return 1
    cluster = PgCluster(base, port=int(port_file.read_text()))
    if verb == "stop":
        cluster.stop("fast")
    else:
        print(cluster.url("postgres"))
    return 0


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


if __name__ == "__main__":
    try:
        sys.exit(_main(sys.argv[1:]))
    except PgClusterError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
