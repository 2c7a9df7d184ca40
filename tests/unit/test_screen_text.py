"""Every word a screen shows goes through Qt's translation (DESIGN.md "Screens": English
sources in tr(), Chinese in resources/translations): a Chinese string literal in a module under
widgets/ outside tr()/translate() fails here. Docstrings and comments are not screen text; the
screenshot builders' sample data is typed into forms like a clerk would; a literal that must
stay as it is (a language's own name in the language chooser) says why with
`# untranslated: <reason>` on its line."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
EXEMPT_MODULES = {"screenshots.py", "shots.py"}
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def chinese_literals(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    lines = source.splitlines()
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    translated = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) in TRANSLATING
                  for inner in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value)
                and id(node) not in docstrings and id(node) not in translated
                and "# untranslated:" not in lines[node.lineno - 1]):
            found.append(f"{name}:{node.lineno}: {node.value[:30]!r}")
    return found


def test_no_chinese_literal_on_a_screen_outside_tr():
    found = []
    for path in sorted((ROOT / "widgets").rglob("*.py")):
        if path.name not in EXEMPT_MODULES:
            found += chinese_literals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "screen text outside tr() (an English source in tr(), Chinese in the .ts):\n  " + \
        "\n  ".join(found)


def test_the_check_finds_what_it_should_and_only_that():
    source = (
        '"""模块说明：不是屏幕文字。"""\n'
        "def f(self):\n"
        '    """函数说明。"""\n'
        '    a = self.tr("Save")  # 注释\n'
        '    b = QCoreApplication.translate("Ctx", "Open")\n'
        '    c = "保存"\n'
        '    d = f"已保存{a}"\n'
        '    e = "简体中文"  # untranslated: a language is named in itself\n'
        '    g = self.tr("Save {x}").format(x="不算")\n'
    )
    found = chinese_literals(source, "x.py")
    assert [line.split(":")[1] for line in found] == ["6", "7", "9"]
