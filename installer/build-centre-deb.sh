#!/usr/bin/env bash
# Builds the centre's .deb (hongdun-centre): the `hongdun` command without Qt
# (HONGDUN_BUNDLE=centre in installer/hongdun.spec) under /opt/hongdun-centre, a system user,
# configuration in /etc/hongdun/, a systemd unit running `hongdun centre serve`, log rotation.
#
#   installer/build-centre-deb.sh [--out DIR] [--bundle DIR]
#
# Unlike the workstation's package this one has maintainer scripts: a server package creates its
# service account and its log folder (docs/installing.md, "The centre").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/common.sh

out=dist
bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --bundle) bundle="$2"; shift ;;
    *) echo "build-centre-deb: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

started=$(date +%s.%N)
version="$(project_version)"
arch="$(dpkg --print-architecture)"
if [ -z "$bundle" ]; then
  bundle="$(build_bundle centre)"
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/hongdun-centre-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/DEBIAN" "$stage/lib/systemd/system" \
  "$stage/etc/hongdun/tls" "$stage/etc/logrotate.d" "$stage/usr/share/doc/hongdun-centre"
cp -a "$bundle" "$stage/opt/hongdun-centre"
ln -s /opt/hongdun-centre/hongdun "$stage/usr/bin/hongdun"
cp installer/centre/hongdun-centre.service installer/centre/hongdun-centre@.service "$stage/lib/systemd/system/"
cp installer/centre/centre.env installer/centre/release.json "$stage/etc/hongdun/"
cp installer/centre/logrotate "$stage/etc/logrotate.d/hongdun-centre"
cp installer/centre/README.Debian "$stage/usr/share/doc/hongdun-centre/"
for script in postinst postrm; do
  install -m 755 "installer/centre/$script" "$stage/DEBIAN/$script"
done
printf '/etc/hongdun/centre.env\n/etc/hongdun/release.json\n/etc/logrotate.d/hongdun-centre\n' >"$stage/DEBIAN/conffiles"

glibc="$(glibc_needed "$stage/opt/hongdun-centre")"
libs="$(system_packages_needed "$stage/opt/hongdun-centre")"
cat >"$stage/DEBIAN/control" <<EOF
Package: hongdun-centre
Version: $version
Architecture: $arch
Maintainer: Hongdun Workbench team <hongdun@gzamr.example>
Installed-Size: $(du -sk --apparent-size "$stage" | cut -f1)
Depends: libc6 (>= $glibc)${libs:+, $libs}, adduser, logrotate
Recommends: nginx
Conflicts: $APP_ID
Section: net
Priority: optional
Homepage: https://gzamr.example/hongdun
Description: 红盾工作台 Hongdun Workbench (the centre)
 The central service of Hongdun Workbench: the only program holding the central database's
 credentials (Oracle, PostgreSQL). Workstations sign in, push signed commands and pull their
 changes here over HTTPS. Configure /etc/hongdun/centre.env and /etc/hongdun/db-password, run
 \`hongdun centre check\`, then \`systemctl enable --now hongdun-centre\`.
EOF
( cd "$stage" && find opt lib usr -type f -print0 | sort -z | xargs -0 md5sum ) >"$stage/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/hongdun-centre_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
finished=$(date +%s.%N)
report_package "$deb" "$started" "$finished" "$glibc"
