"""Regenerate tests/editions/data/caniemail.json from caniemail's npm package (not run in CI).

    python scripts/caniemail_snapshot.py                 # runs `npm pack caniemail@VERSION`
    python scripts/caniemail_snapshot.py caniemail-2.0.2.tgz

The snapshot keeps what the email checker (numeriq/testing/caniemail.py) reads: every HTML,
CSS and image-format feature, and for each client our readers use the latest tested entry
of each of its platforms ("y", "n", "a" partial, "u" unknown) with the notes it cites.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "2.0.2"
OUT = Path(__file__).resolve().parent.parent / "tests" / "editions" / "data" / "caniemail.json"
# Gmail, Outlook, Apple Mail, Yahoo and the French webmails.
FAMILIES = ("gmail", "outlook", "apple-mail", "yahoo", "orange", "sfr", "free-fr", "laposte")
CATEGORIES = ("html", "css", "image")
LICENCE = (
    "MIT. Data from caniemail.com (Rémi Parmentier and contributors, "
    "github.com/hteumeuleu/caniemail, MIT licence), packaged on npm as caniemail by "
    "Andrew Powell (github.com/shellscape/caniemail, MIT); credited wherever it is used."
)


def _package(argv: list[str], workdir: Path) -> Path:
    if argv:
        return Path(argv[0])
    subprocess.run(  # noqa: S603
        ["npm", "pack", f"caniemail@{VERSION}"],  # noqa: S607
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return workdir / f"caniemail-{VERSION}.tgz"


def _read(tarball: Path) -> tuple[str, dict[str, object]]:
    with tarfile.open(tarball) as archive:
        manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        data = json.load(archive.extractfile("package/data/caniemail.json"))  # type: ignore[arg-type]
    return manifest["version"], data


def _support(stats: dict[str, dict[str, str]], notes: dict[str, str]) -> tuple[dict, set[str]]:
    """The latest entry per platform, "a #1 (2024-05)" (caniemail lists versions oldest first)."""
    support: dict[str, dict[str, str]] = {}
    cited: set[str] = set()
    for family in FAMILIES:
        for platform, versions in (stats.get(family) or {}).items():
            version, value = list(versions.items())[-1]
            cited.update(n for n in re.findall(r"#(\d+)", value) if n in notes)
            support.setdefault(family, {})[platform] = f"{value} ({version})"
    return support, cited


def snapshot(version: str, data: dict) -> dict[str, object]:
    """The part of caniemail's data the checker needs, with its provenance."""
    features = {}
    for feature in data["data"]:
        if feature["category"] not in CATEGORIES:
            continue
        notes = feature.get("notes_by_num") or {}
        support, cited = _support(feature["stats"], notes)
        features[feature["slug"]] = {
            "title": feature["title"],
            "url": feature["url"],
            "support": support,
            "notes": {n: notes[n] for n in sorted(cited, key=int)},
        }
    nicenames = data["nicenames"]
    return {
        "source": f"caniemail {version} on npm, data/caniemail.json (caniemail.com)",
        "version": version,
        "date": data["last_update_date"][:10],
        "licence": LICENCE,
        "credit": "Can I email… (caniemail.com), by Rémi Parmentier and contributors",
        "clients": {family: nicenames["family"][family] for family in FAMILIES},
        "platforms": nicenames["platform"],
        "features": features,
    }


def _dump(value: dict[str, object]) -> str:
    """Readable JSON with one line per feature, so that a new snapshot diffs feature by feature."""
    features = value.pop("features")
    head = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    lines = [
        f"  {json.dumps(slug)}: {json.dumps(feature, ensure_ascii=False, sort_keys=True)}"
        for slug, feature in sorted(features.items())  # type: ignore[attr-defined]
    ]
    return head[:-2] + ',\n "features": {\n' + ",\n".join(lines) + "\n }\n}\n"


def main(argv: list[str]) -> None:
    """Write the snapshot next to the tests that read it."""
    with tempfile.TemporaryDirectory() as workdir:
        version, data = _read(_package(argv, Path(workdir)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(_dump(snapshot(version, data)), encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
