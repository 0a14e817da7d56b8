"""`numeriq draft` on a day of 1,000 items (target: at most 10 s), or of 100,000 (at most
60 s and 500 MB peak resident memory of the draft process).

The items are made from the project's own French articles (bench/data and the demo day):
about 400 events, each reported by one to four sources in different words (paragraphs in
another order, another title), with invented names and numbers per event so that events
differ. They are saved as ingested items, then the real `numeriq draft DATE` runs.

    .venv/bin/python bench/draft.py [--items 1000]
    .venv/bin/python bench/draft.py --items 100000

The newsroom clusters at most NUMERIQ_NEWSROOM_MAX_ITEMS of them (preselected from titles).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import header  # noqa: E402

TEMPORARY: list[str] = []

DAY = dt.date(2026, 12, 2)
SYLLABLES = ["ca", "ba", "so", "tel", "vi", "lo", "mar", "ti", "no", "ra", "pel", "zu", "fi", "dor"]


def base_articles() -> list[dict[str, str]]:
    """The eval set and the demo day's French articles."""
    found = [
        json.loads(line)
        for line in (ROOT / "bench/data/briefs_eval.jsonl").read_text("utf-8").splitlines()
    ]
    day = json.loads((ROOT / "numeriq/demo/feeds/day.json").read_text("utf-8"))
    found += [a for a in day["articles"] if not a["id"].startswith(("en-", "injection"))]
    return found


def invent(rng: random.Random) -> str:
    """An invented company name."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_items(count: int, rng: random.Random) -> list[dict[str, object]]:
    """`count` items grouped in events of one to four sources."""
    bases = base_articles()
    items: list[dict[str, object]] = []
    event = 0
    while len(items) < count:
        base = rng.choice(bases)
        names = {
            word: invent(rng) for word in set(re.findall(r"\b[A-Z][a-zé]{3,}\b", base["title"]))
        }
        shift = rng.randint(2, 9)

        def rewrite(text: str, names=names, shift=shift) -> str:  # type: ignore[no-untyped-def]
            for old, new in names.items():
                text = text.replace(old, new)
            return re.sub(r"\d+", lambda m: str(int(m.group()) * shift % 997), text)

        coverage = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
        for copy in range(coverage):
            paragraphs = base["text"].split("\n")
            if copy:
                rest = paragraphs[1:]
                rng.shuffle(rest)
                paragraphs = [paragraphs[0], *rest]
            title = base["title"] if copy == 0 else f"{base['title']} : ce qu'il faut savoir"
            items.append(
                {
                    "source": f"Source {rng.randint(0, 29)}",
                    "title": rewrite(title),
                    "text": rewrite("\n".join(paragraphs)),
                    "url": f"https://bench.example/{event}/{copy}",
                    "minutes": rng.randint(0, 23 * 60),  # within the day's 24-hour window
                }
            )
        event += 1
    return items[:count]


def main() -> None:
    """Save the day's items, run `numeriq draft`, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    print(header("numeriq: draft", "django"))
    var_dir = tempfile.mkdtemp(prefix="numeriq-bench-draft-")
    TEMPORARY.append(var_dir)
    os.environ["NUMERIQ_VAR_DIR"] = var_dir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "numeriq.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from numeriq.newsroom.clustering import cluster
    from numeriq.newsroom.drafting import story_items, window
    from numeriq.sources.identity import item_key
    from numeriq.sources.models import Item, Source

    rng = random.Random(2026)
    made = make_items(args.items, rng)
    sources = {
        f"Source {n}": Source.objects.create(url=f"https://s{n}.example/feed", title=f"Source {n}")
        for n in range(30)
    }
    start = window(DAY)[0] + dt.timedelta(minutes=30)
    Item.objects.bulk_create(
        (
            Item(
                source=sources[str(m["source"])],
                key=item_key("", str(m["url"]), "", ""),
                url=str(m["url"]),
                title=str(m["title"]),
                text=str(m["text"]),
                summary=str(m["text"]).split("\n")[0],
                language="fr",
                published_at=start + dt.timedelta(minutes=int(str(m["minutes"]))),
            )
            for m in made
        ),
        batch_size=2000,
    )
    day_start, day_end = window(DAY)
    in_window = Item.objects.filter(published_at__gte=day_start, published_at__lt=day_end)
    print(f"items in the window of {DAY}: {in_window.count():,}")
    started = time.perf_counter()
    candidates = story_items(day_start, day_end)
    stories = cluster(candidates)
    print(
        f"preselection + clustering alone ({len(candidates):,} items kept): "
        f"{time.perf_counter() - started:.2f} s, "
        f"{len(stories)} stories, {sum(1 for s in stories if s.coverage > 1)} with several sources"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # `numeriq draft DATE` as the command line runs it, in a process that then reports its
    # own peak memory (VmHWM: since its exec, not the bench's pages a fork would count).
    command = [sys.executable, "-c", DRAFT, DAY.isoformat()]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = child.ru_utime + child.ru_stime  # what the draft cost, whatever else the machine ran
    lines = result.stdout.strip().splitlines()
    draft_mb = float(lines.pop()) if lines and lines[-1].replace(".", "").isdigit() else 0.0
    print("\n".join(lines) or result.stderr.strip()[-2000:])
    target = "≤ 10 s" if args.items <= 1000 else "≤ 60 s and ≤ 500 MB"
    print(
        f"\n`numeriq draft {DAY}` on {args.items:,} items: {elapsed:.2f} s wall, process start "
        f"included; {cpu:.2f} s CPU; peak resident memory {draft_mb:,.0f} MB   [target {target}]"
    )
    desk = subprocess.run(
        [sys.executable, "-c", DESK_FIGURE, DAY.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    print(desk.stdout.strip() or desk.stderr.strip()[-2000:])


def peak_mb() -> float:
    """This process's peak resident memory since its exec, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


DRAFT = """
import sys
from numeriq.cli import main
code = main(["draft", sys.argv[1]])
from bench.draft import peak_mb
print(f"{peak_mb():.1f}")
sys.exit(code)
"""

# The morning desk's background figure (rank + draft the day's top stories), in a process
# of its own so that its time and memory are its own.
DESK_FIGURE = """
import sys, time
import django
django.setup()
from bench.draft import peak_mb
from numeriq.desk import figures, stories  # stories registers the morning figure
started, cpu = time.perf_counter(), time.process_time()
data = figures._compute("morning:" + sys.argv[1])
print(
    f"desk's morning figure: {len(data['stories'])} stories from {data['items']:,} items in "
    f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU; "
    f"peak resident memory {peak_mb():,.0f} MB"
)
"""

if __name__ == "__main__":
    try:
        main()
    finally:
        for made in TEMPORARY:  # only what this run created
            shutil.rmtree(made, ignore_errors=True)
