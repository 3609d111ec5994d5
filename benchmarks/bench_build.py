"""How long the book takes to build: clean (every chapter executed) and after one chapter changes.

Usage: python benchmarks/bench_build.py [chapter]   (default chapter: chapters/proximity.ipynb)

1. Clean build: ``_build`` removed, so every chapter is executed and every page written.
2. Rebuild after a change to one chapter's code: a comment is appended to the chapter's last code
   cell (the execution cache keys on code), the book is rebuilt, and the chapter is restored to
   the byte. Only that chapter is executed again.
Both run ``jupyter-book build . -W -n --keep-going``, as ``make book`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")


def build() -> float:
    start = time.perf_counter()
    subprocess.run([str(JB), "build", ".", "-W", "-n", "--keep-going", "-q"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    chapter = ROOT / (sys.argv[1] if len(sys.argv) > 1 else "chapters/proximity.ipynb")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    (ROOT / "_build").mkdir()
    (ROOT / "_build" / ".bot_core.stamp").touch()  # as make book leaves it
    clean = build()
    original = chapter.read_bytes()
    nb = json.loads(original)
    last = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    last["source"] = "".join(last["source"]) + "\n# benchmark: a changed chapter"
    try:
        chapter.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        one = build()
    finally:
        chapter.write_bytes(original)
    build()  # leave the cache matching the chapter as committed
    n = len(list((ROOT / "chapters").glob("*.ipynb")))
    print(f"clean build, {n} notebooks executed: {clean:.0f} s (budget 600 s)")
    print(f"rebuild after changing {chapter.relative_to(ROOT)}: {one:.0f} s (budget 60 s)")
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
