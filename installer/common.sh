# Shared by installer/build-deb.sh and installer/build-centre-deb.sh (sourced, not run).

#: the workstation's reverse-DNS id: its package name and its folder under /opt/apps
APP_ID="cn.gov.gz.amr.hongdun"
PYTHON="${PYTHON:-.venv/bin/python}"

project_version() {
  "$PYTHON" -c 'from client.version import VERSION; print(VERSION)'
}

# 0.2.0 -> 0.2.0.0 (UOS's info file wants four numbers)
four_part() {
  local v="$1"
  while [ "$(tr -cd . <<<"$v" | wc -c)" -lt 3 ]; do v="$v.0"; done
  echo "$v"
}

# build_bundle workstation|centre|both: runs PyInstaller, prints the bundle's folder (the
# workstation's for both). The locked venv (scripts/bootstrap.sh) has PyInstaller (pyproject's
# `build` extra).
build_bundle() {
  local kind="$1" name=hongdun
  [ "$kind" = centre ] && name=hongdun-centre
  [ -x .venv/bin/pyinstaller ] || bash scripts/bootstrap.sh >&2
  HONGDUN_BUNDLE="$kind" .venv/bin/pyinstaller --noconfirm --log-level WARN \
    --distpath build/dist --workpath "build/pyinstaller-$kind" installer/hongdun.spec >&2
  echo "build/dist/$name"
}

glibc_needed() {
  "$PYTHON" installer/elfdeps.py glibc "$1"
}

system_packages_needed() {
  "$PYTHON" installer/elfdeps.py packages "$1"
}

# report_package DEB START END GLIBC: the figures docs/installing.md and the issue ask for, also
# as JSON next to the package (tests/install reads it)
report_package() {
  local deb="$1" start="$2" end="$3" glibc="$4"
  local installed_kb seconds
  installed_kb="$(dpkg-deb -f "$deb" Installed-Size)"
  seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
  echo "built $deb in ${seconds} s: $(du -h "$deb" | cut -f1) to download, $((installed_kb / 1024)) MB installed, needs glibc >= $glibc"
  cat >"${deb%.deb}.json" <<EOF
{"package": "$(basename "$deb")", "build_seconds": $seconds, "deb_bytes": $(stat -c %s "$deb"),
 "installed_kib": $installed_kb, "glibc": "$glibc"}
EOF
}
