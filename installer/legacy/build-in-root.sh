#!/usr/bin/env bash
# The legacy build line (docs/installing.md, "Which systems"): the workstation's .deb for systems
# whose glibc is older than this machine's, built inside a debootstrapped root of that age with
# PySide6 6.8.0.2, the newest whose wheels need no more than glibc 2.28 (amd64) / 2.30 (arm64).
#
#   installer/legacy/build-in-root.sh [--suite bullseye] [--root DIR] [--out DIR]
#
# bullseye (glibc 2.31) makes packages for Kylin V10 SP1; a buster root (2.28, from
# archive.debian.org) would make them for UOS 20 as well. CPython 3.11 is compiled in the root
# from Debian's own source tarball (bookworm's python3.11, fetched from the Debian mirror) with
# --enable-shared, as PyInstaller needs; the rest is the lock, with the Qt wheels exchanged for
# 6.8.0.2. Needs root (debootstrap, chroot), the Debian mirror and PyPI; ~12 min on 2 CPUs the
# first time (the root, compiling Python), under 3 afterwards. Not run by CI. The 6.8.0.2 wheels are
# installed by version, without the lock's hashes: a lock of this line's own (scripts/lock.sh with
# an override) comes with making it a release line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

suite=bullseye
root=build/legacy-root
out=dist/legacy
mirror="${HONGDUN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) suite="$2"; shift ;;
    --root) root="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "build-in-root: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
QT_VERSION=6.8.0.2
PY_VERSION=3.11.2
PY_TARBALL="python3.11_${PY_VERSION}.orig.tar.gz"
PY_MD5=f6b5226ccba5ae1ca9376aaba0b0f673  # bookworm's Sources index

# pip inside the root trusts what this machine trusts (a proxy's CA, where PyPI is reached through one)
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive PIP_CERT=/etc/ssl/host-ca-certificates.crt \
  PIP_DISABLE_PIP_VERSION_CHECK=1 /bin/bash -c "$1"; }

if [ ! -e "$root/.hongdun-bootstrapped" ]; then
  debootstrap --variant=buildd "$suite" "$root" "$mirror"
  touch "$root/.hongdun-bootstrapped"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/host-ca-certificates.crt"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount -l "$root/proc" 2>/dev/null || true' EXIT

# what CPython, pyscard and the bundle's build need, and Qt's libraries (PyInstaller imports Qt)
in_root "apt-get update -q && apt-get install -y -q --no-install-recommends ca-certificates curl \
  libssl-dev libffi-dev libsqlite3-dev zlib1g-dev libbz2-dev liblzma-dev libreadline-dev uuid-dev \
  libgdbm-dev libncursesw5-dev swig libpcsclite-dev binutils libcups2 libxcb-randr0 \
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 libxcb-render-util0 >/dev/null"

if [ ! -x "$root/opt/python3.11/bin/python3.11" ]; then
  in_root "cd /tmp && curl -fsS -o $PY_TARBALL $mirror/pool/main/p/python3.11/$PY_TARBALL \
    && echo '$PY_MD5  $PY_TARBALL' | md5sum -c - && tar xzf $PY_TARBALL && cd Python-$PY_VERSION \
    && ./configure -q --prefix=/opt/python3.11 --enable-shared LDFLAGS=-Wl,-rpath=/opt/python3.11/lib \
    && make -s -j\$(nproc) && make -s altinstall" >/dev/null
fi

# this checkout as committed, its lock with the 6.8.0.2 Qt wheels instead of the pinned ones
rm -rf "$root/src" && mkdir -p "$root/src"
git archive HEAD | tar -x -C "$root/src"
# (a requirement is its line and the indented --hash lines under it: those of the Qt wheels go too)
awk '/^[A-Za-z]/ { skip = tolower($0) ~ /^(pyside6-essentials|pyside6-addons|shiboken6)==/ } !skip' \
  requirements.lock >"$root/src/requirements-legacy.txt"
in_root "cd /src && /opt/python3.11/bin/python3.11 -m venv .venv \
  && .venv/bin/pip install -q --no-deps --no-binary pyscard -r requirements-legacy.txt \
  && .venv/bin/pip install -q --no-deps PySide6-Essentials==$QT_VERSION PySide6-Addons==$QT_VERSION shiboken6==$QT_VERSION \
  && .venv/bin/pip install -q --no-deps --no-build-isolation -e . \
  && bash installer/build-all.sh --out /src/dist-legacy"
mkdir -p "$out"
cp "$root"/src/dist-legacy/*.deb "$root"/src/dist-legacy/*.json "$out/"
ls -la "$out"
