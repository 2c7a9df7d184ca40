"""Fill translations into the .ts file from tab-separated lines on stdin:

    context<TAB>English source<TAB>Chinese translation

then run scripts/update_translations.sh to compile the .qm. For a few strings at a time where
Qt Linguist (.venv/bin/pyside6-linguist) is not at hand (e.g. over ssh).
    printf 'Tasks\\tThe operation failed: %%1\\t操作失败：%%1\\n' | .venv/bin/python scripts/fill_translations.py
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "resources" / "translations" / "hongdun_zh_CN.ts"


def main() -> int:
    wanted = {}
    for line in sys.stdin.read().splitlines():
        if line.strip():
            context, source, translation = line.split("\t")
            wanted[(context, source)] = translation
    tree = ET.parse(TS)
    done = set()
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            key = (name, msg.findtext("source"))
            if key in wanted:
                tr = msg.find("translation")
                for form in list(tr):
                    tr.remove(form)
                if msg.get("numerus") == "yes":  # %n messages: Chinese has one plural form
                    tr.text = None
                    ET.SubElement(tr, "numerusform").text = wanted[key]
                else:
                    tr.text = wanted[key]
                tr.attrib.pop("type", None)
                done.add(key)
    missing = set(wanted) - done
    for context, source in sorted(missing):
        print(f"not in the .ts (run scripts/update_translations.sh first): {context}: {source!r}", file=sys.stderr)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"filled {len(done)} translation(s)")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
