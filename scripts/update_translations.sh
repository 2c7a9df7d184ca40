#!/usr/bin/env bash
# Collects the tr()/translate() strings of widgets/ and main.py into the Chinese .ts file,
# keeping the translations already there, then compiles the .qm the program loads.
#   bash scripts/update_translations.sh
# After running it, fill every new <translation type="unfinished"> in
# resources/translations/hongdun_zh_CN.ts (Qt Linguist: .venv/bin/pyside6-linguist) and run
# it again; tests/gui/test_shell.py lists the strings that still lack a translation.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=.venv/bin
TS=resources/translations/hongdun_zh_CN.ts
QM=resources/translations/hongdun_zh_CN.qm

# -locations none: line numbers in the .ts would change with every edit of any screen
"$BIN/pyside6-lupdate" -extensions py -locations none -no-obsolete \
  -source-language en -target-language zh_CN \
  widgets main.py -ts "$TS"
"$BIN/pyside6-lrelease" "$TS" -qm "$QM"

unfinished="$(grep -c 'type="unfinished"' "$TS" || true)"
if [ "$unfinished" != "0" ]; then
  echo "update_translations: $unfinished message(s) in $TS still need a Chinese translation" >&2
fi
