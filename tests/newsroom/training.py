"""For the training scripts' tests: a small split in OrangeSum's format, trained twice."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def write_split(folder: Path, rows: list[dict[str, Any]]) -> None:
    """folder/train.jsonl.gz with these rows (id, text, abstract, title), as OrangeSum's."""
    with gzip.open(folder / "train.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("".join(json.dumps(row) + "\n" for row in rows))


def train_twice(script: str, folder: Path, articles: int) -> bytes:
    """Run scripts/<script> twice on folder's split; both files must be byte for byte equal."""
    outputs = []
    for run in ("a", "b"):
        out = folder / f"{run}.json"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / script), "--articles", str(articles),
             "--data", str(folder), "--out", str(out), "--valid", "0"],
            check=True, capture_output=True,
        )  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    return outputs[0]
