"""Import direction: no cycle between numeriq's modules, and stages import upstream only."""

from __future__ import annotations

import ast
import os
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "numeriq"
# The data flow; a stage may import the shared text module and the stages before it. The
# settings' parsers (config) come first; running it (ops: health, metrics, backups) last.
ORDER = (
    "config", "text", "sources", "newsroom", "editions", "audience", "delivery", "site", "desk",
    "ops",
)  # fmt: skip
# Where the flow is not a line, and why (each edge is one a newcomer can look up here).
EXCEPTIONS = {
    # The newsroom's product is the day's draft edition: it builds an EditionDoc and stores it
    # through editions.store (editions knows nothing of the newsroom).
    ("newsroom", "editions"),
    # The worker process (delivery/service.py) also runs the newsroom's rounds: wiring only.
    ("delivery", "newsroom"),
    # The worker process (delivery/service.py) also writes its heartbeat (ops/heartbeat.py).
    ("delivery", "ops"),
}
# Not stages: the command, the server, the demo and test helpers wire everything.
WIRING = {
    "cli",
    "jobs",
    "jobqueues",
    "proxies",
    "deploy",
    "gunicorn_worker",
    "supervisor",
    "server",
    "urls",
    "wsgi",
    "settings",
    "demo",
    "testing",
    "writelock",
    "__init__",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts).removesuffix(".__init__")] = path
    return found


def _graph() -> dict[str, set[str]]:
    """Every import between numeriq's modules, those inside functions included."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("numeriq"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    target = full if full in modules else str(node.module)
                    if target in modules and target != name:
                        graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, if any (depth-first search)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def test_no_import_cycle() -> None:
    assert _cycle(_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_stages_import_upstream_only() -> None:
    wrong = set()
    for module, targets in _graph().items():
        source = _stage(module)
        for target in targets:
            dest = _stage(target)
            if source == dest or source in WIRING or dest in WIRING:
                continue
            assert source in ORDER and dest in ORDER, (module, target)
            if ORDER.index(dest) > ORDER.index(source) and (source, dest) not in EXCEPTIONS:
                wrong.add(f"{module} -> {target}")
    assert sorted(wrong) == []


def test_the_language_model_loads_only_when_a_quote_needs_it() -> None:
    """spaCy costs about a second to import and 300 MB to load: the command line, the draft
    and the desk import it only on first use (numeriq.newsroom.language)."""
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup()\n"
        "import numeriq.cli, numeriq.newsroom.drafting, numeriq.desk.stories\n"
        "print('spacy' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "numeriq.settings"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "False", out.stderr
