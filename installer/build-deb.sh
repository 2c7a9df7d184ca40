#!/usr/bin/env bash
# Builds the workstation's .deb: the PyInstaller bundle (installer/hongdun.spec) under
# /opt/apps/<appid>/ in the layout UOS's store expects (docs/installing.md):
#
#   installer/build-deb.sh [--store] [--out DIR] [--bundle DIR]
#
#   --store       only /opt/apps/<appid>/ (UOS store rule: nothing outside it). Without it the
#                 package also links the desktop entry, the icon and the commands into /usr, so
#                 Kylin, Debian and Ubuntu desktops show it in their menus and find `hongdun`.
#   --out DIR     where the .deb goes (default dist/)
#   --bundle DIR  use a bundle built already (dist/hongdun) instead of running PyInstaller
#
# Builds for the machine's own architecture (dpkg --print-architecture: amd64 here; the same
# script on an arm64 builder makes the arm64 package). The bundle needs the glibc of the machine
# it was built on, and the Qt wheels' own minimum: build on the oldest system you must support
# (docs/installing.md, "Which systems"). No maintainer scripts: installing changes nothing outside
# the package's own files, and removing it leaves every user's data (~/.local/share/hongdun) alone.
# Prints the build time, the installed size and the glibc the bundle needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/common.sh

store=0
out=dist
bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=1 ;;
    --out) out="$2"; shift ;;
    --bundle) bundle="$2"; shift ;;
    *) echo "build-deb: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

started=$(date +%s.%N)
version="$(project_version)"
arch="$(dpkg --print-architecture)"
appid="$APP_ID"
if [ -z "$bundle" ]; then
  bundle="$(build_bundle workstation)"
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/hongdun-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
app="$stage/opt/apps/$appid"
mkdir -p "$app/files" "$app/entries/applications" "$app/entries/icons/hicolor/scalable/apps" "$stage/DEBIAN"

# the bundle, with its two programs linked from files/bin as the store layout has it
cp -a "$bundle" "$app/files/hongdun"
mkdir -p "$app/files/bin"
ln -s ../hongdun/hongdun-workbench "$app/files/bin/hongdun-workbench"
ln -s ../hongdun/hongdun "$app/files/bin/hongdun"

cp resources/icons/shield.svg "$app/entries/icons/hicolor/scalable/apps/$appid.svg"
cat >"$app/entries/applications/$appid.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Hongdun Workbench
Name[zh_CN]=红盾工作台
GenericName=Market regulation workbench
GenericName[zh_CN]=市场监管业务工作台
Comment=Registration, inspections, IC cards, contract certification and approvals
Comment[zh_CN]=主体登记、执照打印、检查、IC卡、合同鉴证与审批
Exec=/opt/apps/$appid/files/bin/hongdun-workbench
Icon=$appid
Terminal=false
Categories=Office;
Keywords=hongdun;红盾;登记;执照;检查;
StartupWMClass=hongdun-workbench
EOF

# UOS's info file: four numeric parts in the version, the architectures, no special permissions
cat >"$app/info" <<EOF
{
  "appid": "$appid",
  "name": "红盾工作台",
  "version": "$(four_part "$version")",
  "arch": ["$arch"],
  "permissions": {
    "autostart": false,
    "notification": false,
    "trayicon": false,
    "clipboard": true,
    "account": false,
    "bluetooth": false,
    "camera": false,
    "audio_record": false,
    "installed_apps": false
  }
}
EOF

if [ "$store" = 0 ]; then
  # plain files of the package (no maintainer script): dpkg removes them with it
  mkdir -p "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/icons/hicolor/scalable/apps"
  ln -s "/opt/apps/$appid/files/bin/hongdun-workbench" "$stage/usr/bin/hongdun-workbench"
  ln -s "/opt/apps/$appid/files/bin/hongdun" "$stage/usr/bin/hongdun"
  ln -s "/opt/apps/$appid/entries/applications/$appid.desktop" "$stage/usr/share/applications/$appid.desktop"
  ln -s "/opt/apps/$appid/entries/icons/hicolor/scalable/apps/$appid.svg" \
    "$stage/usr/share/icons/hicolor/scalable/apps/$appid.svg"
fi

glibc="$(glibc_needed "$app/files/hongdun")"
depends="libc6 (>= $glibc), $(system_packages_needed "$app/files/hongdun")"
cat >"$stage/DEBIAN/control" <<EOF
Package: $appid
Version: $version
Architecture: $arch
Maintainer: Hongdun Workbench team <hongdun@gzamr.example>
Installed-Size: $(du -sk --apparent-size "$stage/opt" "$stage/usr" 2>/dev/null | awk '{s += $1} END {print s}')
Depends: $depends, pcscd, fonts-wqy-microhei
Recommends: libccid, fonts-wqy-zenhei, fonts-arphic-uming, fonts-arphic-ukai, fonts-dejavu-core
Conflicts: hongdun-centre
Section: misc
Priority: optional
Homepage: https://gzamr.example/hongdun
Description: 红盾工作台 Hongdun Workbench (workstation)
 The desktop program of the Guangzhou market-regulation bureau's district offices:
 market-entity registration and business licences, field inspections that work offline,
 enterprise IC cards through PC/SC readers, contract certification and approvals.
 It works against the bureau's centre; users' data stays in their home directories.
EOF
( cd "$stage" && find opt usr -type f 2>/dev/null -print0 | sort -z | xargs -0 md5sum ) >"$stage/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/${appid}_${version}_${arch}.deb"
# gzip: every dpkg reads it (zstd is newer than UOS 20's), and it packs 220 MB in seconds where xz
# takes minutes; the download is ~10% larger
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
finished=$(date +%s.%N)
report_package "$deb" "$started" "$finished" "$glibc"
