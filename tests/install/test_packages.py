"""The packages as an office's desktop and a server get them: built by installer/build-deb.sh and
installer/build-centre-deb.sh, installed with apt into a clean Debian root (debootstrap, no
container), and run there: the workstation to its login window, the centre to its health answer
over a real PostgreSQL (the suite's throwaway cluster, reached over TCP from inside the root).

The packages are built and the root is made while the rest of the suite runs
(tests/install/preparation.py); the root (debootstrap --variant=minbase, ~40 s) stays under
build/install-root for the next run on this machine. A test never changes what the next one
needs except through the package manager. Figures (build time, installed size, start to the login window) go to
tests/bench/results/install.json, for the issue's report; none of them decides a test.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from client.version import VERSION
from tests.install import preparation

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "cn.gov.gz.amr.hongdun"
RESULTS = ROOT / "tests" / "bench" / "results" / "install.json"
#: an office user on the desktop (the program never runs as root there)
DESKTOP_USER = "clerk"

pytestmark = [pytest.mark.timeout(1800)]


def run(*argv: str, timeout: float = 900, check: bool = True, env: dict | None = None,
        input: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, input=input)
    if check and result.returncode != 0:
        raise AssertionError(f"{shlex.join(argv)} exited {result.returncode}\n"
                             f"stdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}")
    return result


def record(**figures) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data.update(figures)
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    for key, value in figures.items():
        print(f"install figure: {key} = {value}")


class DebianRoot:
    """A debootstrapped Debian with its own /proc, where apt installs."""

    def __init__(self, path: Path):
        self.path = path
        self.mounted: list[Path] = []

    def mount(self) -> None:
        # /proc only: debootstrap made the root's own /dev nodes, and a bind mount of the host's
        # /dev or /sys inside a folder that is later removed would remove the host's too
        target = self.path / "proc"
        run("mount", "-t", "proc", "proc", str(target))
        self.mounted.append(target)
        shutil.copy("/etc/resolv.conf", self.path / "etc" / "resolv.conf")

    def unmount(self) -> None:
        for target in reversed(self.mounted):
            run("umount", "-l", str(target), check=False)
        self.mounted.clear()

    def sh(self, script: str, *, user: str | None = None, timeout: float = 900, check: bool = True,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        prefix = ["chroot"] + ([f"--userspec={user}:{user}"] if user else []) + [str(self.path)]
        environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive",
                       "HOME": f"/home/{user}" if user else "/root", **(env or {})}
        return run(*prefix, "/bin/sh", "-c", script, timeout=timeout, check=check, env=environment)

    def copy_in(self, path: Path) -> str:
        target = self.path / "tmp" / path.name
        shutil.copy(path, target)
        return f"/tmp/{path.name}"


@pytest.fixture(scope="module")
def packages() -> dict[str, Path]:
    """Both .deb files: built while the other tests ran (tests/install/preparation.py), or taken
    from HONGDUN_PACKAGES (a folder built already)."""
    prepared = preparation.start()
    built = prepared.wait("packages")
    if built is not None:
        seconds, stdout = built
        print(stdout)
        record(build_all_seconds_at_low_priority=seconds)
    out = prepared.out
    debs = {
        "workstation": out / f"{APP_ID}_{VERSION}_{run('dpkg', '--print-architecture').stdout.strip()}.deb",
        "centre": next(out.glob(f"hongdun-centre_{VERSION}_*.deb"), out / "missing-centre.deb"),
    }
    for kind, deb in debs.items():
        assert deb.exists(), f"the {kind} package was not built: {sorted(p.name for p in out.iterdir())}"
    figures = {kind: json.loads(deb.with_suffix(".json").read_text()) for kind, deb in debs.items()}
    record(workstation_package=figures["workstation"], centre_package=figures["centre"])
    return debs


@pytest.fixture(scope="module")
def debian_root() -> DebianRoot:
    if os.geteuid() != 0:
        pytest.fail("installing into a Debian root needs root (debootstrap, chroot, mount): run as root")
    if shutil.which("debootstrap") is None:
        pytest.fail("debootstrap is missing: scripts/install-system-packages.sh installs it")
    seconds = preparation.start().wait("root")
    if seconds is not None:
        record(debootstrap_seconds_at_low_priority=seconds)
    root = DebianRoot(preparation.ROOT_DIR)
    root.mount()
    try:
        root.sh("apt-get update -q", timeout=300)
        if root.sh(f"id -u {DESKTOP_USER}", check=False).returncode != 0:
            root.sh(f"useradd --create-home --shell /bin/sh {DESKTOP_USER}")
        yield root
    finally:
        root.unmount()


@pytest.fixture(scope="module")
def workstation(debian_root, packages) -> DebianRoot:
    deb = debian_root.copy_in(packages["workstation"])
    started = time.monotonic()
    debian_root.sh(f"apt-get install -y -q {deb}", timeout=900)
    record(workstation_apt_install_seconds=round(time.monotonic() - started, 1))
    return debian_root


def installed_files(root: DebianRoot, package: str) -> list[str]:
    return root.sh(f"dpkg -L {package}").stdout.splitlines()


# ------------------------------------------------------------------------------ the workstation


def test_workstation_package_has_the_uos_layout_and_no_maintainer_scripts(packages, workstation):
    control = run("dpkg-deb", "--info", str(packages["workstation"])).stdout
    for script in ("preinst", "postinst", "prerm", "postrm"):
        assert f" {script} " not in control and not re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*?\s*{script}\b",
                                                               control, re.M), control
    depends = run("dpkg-deb", "-f", str(packages["workstation"]), "Depends").stdout
    assert "pcscd" in depends.split(", ") or re.search(r"\bpcscd\b", depends), depends

    app = workstation.path / "opt" / "apps" / APP_ID
    info = json.loads((app / "info").read_text())
    assert info["appid"] == APP_ID and info["name"] == "红盾工作台"
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", info["version"]) and info["version"].startswith(VERSION)
    desktop = (app / "entries" / "applications" / f"{APP_ID}.desktop").read_text()
    assert "Name[zh_CN]=红盾工作台" in desktop and f"Icon={APP_ID}" in desktop
    exec_line = re.search(r"^Exec=(\S+)", desktop, re.M).group(1)
    assert os.access(workstation.path / exec_line.lstrip("/"), os.X_OK), exec_line
    assert (app / "entries" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    # the desktop's menu and PATH find it (plain files of the package, no script)
    for link in (f"usr/share/applications/{APP_ID}.desktop", "usr/bin/hongdun-workbench", "usr/bin/hongdun"):
        target = os.readlink(workstation.path / link)  # absolute inside the root
        assert (workstation.path / target.lstrip("/")).exists(), (link, target)

    files = installed_files(workstation, APP_ID)
    # everything under /opt/apps/<appid>/, but for the links into /usr and their folders
    links = {"/usr/bin/hongdun", "/usr/bin/hongdun-workbench", f"/usr/share/applications/{APP_ID}.desktop",
             f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg"}
    folders = {str(Path(link).parents[i]) for link in links | {f"/opt/apps/{APP_ID}/info"}
               for i in range(len(Path(link).parents) - 1)}
    outside = [f for f in files if f != "/." and not f.startswith(f"/opt/apps/{APP_ID}/")
               and f not in links and f not in folders]
    assert outside == [], outside
    webengine = [f for f in files if "webengine" in f.lower()]
    assert webengine == [], webengine


def test_installed_command_answers_help(workstation):
    result = workstation.sh("hongdun --help", user=DESKTOP_USER)
    assert "红盾工作台" in result.stdout
    for command in ("sync", "device", "centre", "db"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), result.stdout


def test_installed_program_starts_to_its_login_window(workstation):
    """Offscreen, as the office user, with a centre given (the first-run wizard is for a desktop
    without one): the login window is reached; the time from exec to it is the figure."""
    timings = []
    for _ in range(5):
        started = time.monotonic()
        result = workstation.sh("hongdun-workbench", user=DESKTOP_USER, timeout=60,
                                env={"QT_QPA_PLATFORM": "offscreen", "HONGDUN_TIMING": "exit",
                                     "HONGDUN_CENTRE": "http://127.0.0.1:9"})
        wall_ms = (time.monotonic() - started) * 1000
        match = re.search(r"start→login window: (\d+) ms \(process start→login window: (\d+) ms\)", result.stdout)
        assert match, f"no login window:\n{result.stdout}\n{result.stderr[-2000:]}"
        timings.append({"in_process_ms": int(match.group(1)), "process_start_ms": int(match.group(2)),
                        "exec_to_exit_ms": round(wall_ms)})
    record(start_to_login_window_ms={
        "process_start_median": statistics.median(t["process_start_ms"] for t in timings),
        "runs": timings})


def test_installed_program_asks_the_first_run_wizard_on_a_new_desktop(workstation):
    """No settings and no centre given: the installed program opens the wizard, not the embedded
    demo of a source checkout; cancelled (HONGDUN_TIMING=exit), it saves nothing."""
    home = workstation.path / "home" / DESKTOP_USER
    shutil.rmtree(home / ".config" / "hongdun", ignore_errors=True)
    result = workstation.sh("hongdun-workbench", user=DESKTOP_USER, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "HONGDUN_TIMING": "exit"})
    assert "start→first-run wizard" in result.stdout, f"{result.stdout}\n{result.stderr[-2000:]}"
    assert "login window" not in result.stdout
    assert not (home / ".config" / "hongdun" / "settings.json").exists()


def test_removing_the_package_leaves_the_users_data(workstation):
    # the user's own data: a local database written by the installed command in the user's
    # data directory, as the program's embedded default and the local store are (from an empty
    # folder: the root, and so the user's home, outlive a run of the suite, as data outlives
    # the package)
    data = workstation.path / "home" / DESKTOP_USER / ".local" / "share" / "hongdun"
    shutil.rmtree(data, ignore_errors=True)
    workstation.sh("hongdun demo --entities 30", user=DESKTOP_USER, timeout=300)
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert any(name.suffix == ".db" for name in before), sorted(before)

    workstation.sh(f"apt-get purge -y -q {APP_ID}")
    assert not (workstation.path / "opt" / "apps" / APP_ID).exists()
    assert not (workstation.path / "usr" / "bin" / "hongdun-workbench").exists()
    after = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert after == before


# ------------------------------------------------------------------------------------ the centre


def unit_command(root: DebianRoot, unit: str, key: str, env: dict[str, str]) -> list[str]:
    """A unit's ExecStart/ExecStartPre as systemd would run it: continuation lines joined,
    ${VAR} replaced whole and $VAR split into words (systemd.service(5), "Command lines")."""
    text = (root.path / "lib" / "systemd" / "system" / unit).read_text()
    text = text.replace("\\\n", " ")
    line = re.search(rf"^{key}=(.*)$", text, re.M).group(1)
    words = []
    for word in shlex.split(line):
        if re.fullmatch(r"\$[A-Z_]+", word):
            words += shlex.split(env.get(word[1:], ""))
        else:
            words.append(re.sub(r"\$\{([A-Z_]+)\}", lambda m: env.get(m.group(1), ""), word))
    return words


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_centre_package_installs_as_a_service_and_answers_health(debian_root, packages, pg_url):
    root = debian_root
    if root.sh(f"dpkg -s {APP_ID}", check=False).returncode == 0:  # (the packages conflict)
        root.sh(f"apt-get purge -y -q {APP_ID}")
    deb = root.copy_in(packages["centre"])
    started = time.monotonic()
    root.sh(f"apt-get install -y -q {deb}", timeout=900)
    record(centre_apt_install_seconds=round(time.monotonic() - started, 1))

    # the service account and the secrets only it reads
    assert root.sh("getent passwd hongdun").stdout.split(":")[0] == "hongdun"
    listing = root.sh("stat -c '%U %a' /etc/hongdun/db-password /etc/hongdun/centre-key.pem").stdout.split("\n")
    assert listing[0] == "hongdun 600" and listing[1] == "hongdun 600", listing
    assert root.sh("su -s /bin/sh nobody -c 'cat /etc/hongdun/db-password'", check=False).returncode != 0
    assert "/var/log/hongdun/*.log" in (root.path / "etc" / "logrotate.d" / "hongdun-centre").read_text()
    webengine = [f for f in installed_files(root, "hongdun-centre") if "pyside6" in f.lower()]
    assert webengine == [], webengine[:5]

    # configured as README.Debian says; the DBA's schema step; then the unit's own commands
    port = free_port()
    env_file = root.path / "etc" / "hongdun" / "centre.env"
    env_text = env_file.read_text()
    env_text = re.sub(r"^HONGDUN_DATABASE_URL=.*$", f"HONGDUN_DATABASE_URL={pg_url}", env_text, flags=re.M)
    env_text = re.sub(r"^HONGDUN_SERVE_ARGS=.*$", f"HONGDUN_SERVE_ARGS=--listen 127.0.0.1:{port} --insecure-http",
                      env_text, count=1, flags=re.M)
    env_file.write_text(env_text)
    root.sh(f"hongdun db upgrade --url {shlex.quote(pg_url)}", timeout=300)
    env = dict(re.findall(r"^([A-Z_]+)=(.*)$", env_text, re.M))

    check = unit_command(root, "hongdun-centre.service", "ExecStartPre", env)
    result = root.sh(shlex.join(check), user="hongdun", env={"HONGDUN_DATABASE_URL": pg_url}, timeout=120)
    assert "最新" in result.stdout, result.stdout

    serve = unit_command(root, "hongdun-centre.service", "ExecStart", env)
    log = root.path / "var" / "log" / "hongdun" / "centre.log"
    process = subprocess.Popen(
        ["/usr/sbin/chroot", "--userspec=hongdun:hongdun", str(root.path), "/bin/sh", "-c",
         f"exec {shlex.join(serve)} >>/var/log/hongdun/centre.log 2>&1"],
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HONGDUN_DATABASE_URL": pg_url, "HOME": "/var/lib/hongdun"},
        start_new_session=True)
    try:
        health, deadline = None, time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    health = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert health is not None, f"no health answer; the centre's log:\n{log.read_text()[-3000:]}"
        assert health["status"] == "ok" and health["database"] is True, health
        assert health["version"] == VERSION
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert log.stat().st_size > 0  # the service's output went where logrotate looks
    assert root.sh("logrotate -d /etc/logrotate.d/hongdun-centre", check=False).returncode == 0
