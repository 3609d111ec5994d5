"""Benchmark: each chapter's kernel peak memory, against Binder's budget.

Run:  BOT_CORE_DATA_DIR=../shared/data python benchmarks/chapter_memory.py [chapter ...]

Executes each chapter (all of ``chapters/*.ipynb``, or the ones named: ``testing_the_theory``
or a path) start to end in a fresh Jupyter kernel, as Binder does, and reads the kernel
process's peak resident memory: ``VmHWM`` in ``/proc/<kernel pid>/status``, read after the last
cell and before the kernel shuts down. Prints a table chapter -> MiB, largest first, and marks the
chapters above :data:`BUDGET_MIB`: mybinder.org guarantees 1 GiB and kills a session past 2 GiB.

``--json`` prints ``{chapter: MiB}`` instead; ``--output-dir DIR`` also writes each executed
notebook there (the environment test, ``tests/environments``, executes the chapters this way, so
that one run both checks that they execute and measures them). Linux only (``/proc``).

Uses only nbclient and nbformat: it runs in any environment built from ``requirements.txt``,
with the kernel of the Python that runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
#: Binder's guaranteed memory, MiB.
BUDGET_MIB = 1024


def peak_mib(pid: int) -> float:
    """Peak resident memory (``VmHWM``) of a running process, MiB."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        raise RuntimeError(f"no {status}: the kernel's peak memory is read from /proc (Linux only).")
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            if unit != "kB":
                raise RuntimeError(f"unexpected unit {unit!r} in {status}: {line!r}")
            return int(value) / 1024
    raise RuntimeError(f"{status} has no VmHWM line.")


def execute(notebook: Path, output_dir: Path | None = None, timeout: int = 600) -> tuple[nbformat.NotebookNode, float]:
    """Execute ``notebook`` in a fresh kernel (working directory: the notebook's folder); return
    the executed notebook and the kernel's peak resident memory in MiB. A cell that raises
    raises here (``nbclient.exceptions.CellExecutionError``), after the executed notebook is
    written to ``output_dir`` (if given) with the error in it."""
    nb = nbformat.read(notebook, as_version=4)
    peaks: list[float] = []
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook.parent)}})

    def measure(**_) -> None:  # after every code cell: VmHWM only grows, so the last is the peak
        peaks.append(peak_mib(client.km.provisioner.process.pid))

    client.on_cell_executed = measure
    try:
        client.execute()
    finally:
        if output_dir is not None:
            output_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, output_dir / notebook.name)
    if not peaks:
        raise RuntimeError(f"{notebook.name} has no code cell: nothing was measured.")
    return nb, peaks[-1]


def chapters(names: list[str]) -> list[Path]:
    """The notebooks named (a chapter's name or a path), or every chapter."""
    if not names:
        return sorted(CHAPTERS.glob("*.ipynb"))
    out = []
    for name in names:
        path = Path(name) if name.endswith(".ipynb") else CHAPTERS / f"{name}.ipynb"
        if not path.is_file():
            known = ", ".join(p.stem for p in sorted(CHAPTERS.glob("*.ipynb")))
            raise SystemExit(f"no chapter {name!r}; the chapters are: {known}")
        out.append(path.resolve())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter names or notebook paths (default: every chapter)")
    parser.add_argument("--json", action="store_true", help="print {chapter: MiB} as JSON")
    parser.add_argument("--output-dir", type=Path, help="write each executed notebook here")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="chapters executed at once (default 1)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    os.environ.setdefault("BOT_CORE_PAGE_LOADS_VEGA", "1")  # as the book is built

    def run(nb: Path) -> tuple[str, float]:
        return nb.stem, execute(nb, args.output_dir, args.timeout)[1]

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        peaks = dict(pool.map(run, chapters(args.chapters)))
    if args.json:
        print(json.dumps(peaks))
        return 0
    width = max(len(k) for k in peaks)
    print(f"kernel peak resident memory (VmHWM) per chapter, MiB; budget {BUDGET_MIB} MiB (Binder)")
    for name, mib in sorted(peaks.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<{width}}  {mib:7.0f}{'  OVER BUDGET' if mib > BUDGET_MIB else ''}")
    over = [k for k, v in peaks.items() if v > BUDGET_MIB]
    print(f"  {len(peaks)} chapters; largest {max(peaks.values()):.0f} MiB; "
          + (f"{len(over)} over budget: {', '.join(over)}" if over else "all within budget"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
