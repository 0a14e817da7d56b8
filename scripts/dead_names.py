"""Lint: module-level functions, classes and constants of numeriq/ that nothing uses.

A name is dead when its identifier appears nowhere but its own definition, in the code,
the tests, the benchmarks and the templates. Decorated definitions are registered by their
decorator (signal receivers, figures, checks) and count as used. Exit 1 with the list.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("numeriq", "tests", "bench", "scripts")
# Entry points that Django, setuptools or the WSGI server look up by name.
KNOWN = {
    "application",
    "urlpatterns",
    "app_name",
    "main",
    "default_app_config",
    "Command",
    "handler500",
}
# Modules Django reads by name: settings, and the app configs it discovers.
LOOKED_UP = ("settings.py", "apps.py")


def _definitions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not node.decorator_list:
                names.append((node.name, node.lineno))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [(t.id, node.lineno) for t in targets if isinstance(t, ast.Name)]
    return [(name, line) for name, line in names if not name.startswith("__")]


def main() -> int:
    """Print the dead names and exit 1 when there is any."""
    files = [
        path
        for folder in SCANNED
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt", ".xml", ".toml", ".md")
        and "migrations" not in path.parts
    ]
    words: Counter[str] = Counter()
    for path in files:
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8")))
    words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", (ROOT / "pyproject.toml").read_text()))
    dead = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in files
        if path.suffix == ".py"
        and path.parts[len(ROOT.parts)] == "numeriq"
        and path.name not in LOOKED_UP
        for name, line in _definitions(path)
        if words[name] <= 1 and name not in KNOWN
    ]
    for line in dead:
        print(f"dead name: {line}")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
