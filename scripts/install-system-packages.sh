#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the program and its tests need.
# Idempotent: packages already present are skipped, so a warm machine pays ~1 s.
set -euo pipefail

packages=(
  # Qt offscreen and on a desktop (PLATFORM.md: libglib2.0-0 is needed even for QtCore)
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 libxcb-render-util0
  # Chinese text on screen and embedded in PDFs (wqy-microhei is TrueType: reportlab embeds it)
  fonts-wqy-microhei
  # the faces of official documents (GB/T 9704; client/kernel/official_page.py): free stand-ins
  # for 仿宋/宋体 (AR PL UMing), 楷体 (AR PL UKai) and 黑体 (WenQuanYi Zen Hei)
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
  # symbols the CJK font lacks (‽, rare punctuation) fall back to DejaVu Sans in PDFs
  fonts-dejavu-core
  # reading PDFs back in tests and rendering them to PNG
  poppler-utils
  # the throwaway PostgreSQL cluster of the test suite
  postgresql postgresql-contrib
  # Python venv
  python3-venv
  # PC/SC smart cards without hardware: the pcscd daemon, the vpcd virtual reader driver the
  # tests connect virtual cards to, and swig + gcc (+ Python's headers) because pyscard has no
  # Linux wheel and builds from source
  pcscd libpcsclite-dev vsmartcard-vpcd swig gcc python3-dev
  # the packages (installer/): readelf reads what the bundle needs of the system; the install
  # tests (tests/install) debootstrap a clean Debian root and install the .deb files into it
  binutils debootstrap
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
