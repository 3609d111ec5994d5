"""Fresh environments, as readers get them (``make env-test``; minutes of installing).

Binder
    builds an environment from ``requirements.txt`` alone (which ends with ``.``, installing
    ``bot_core`` itself, not editable) and opens the chapters. The test does the same in a new
    virtual environment and executes every chapter in it, the data loader pointed at the offline
    mirror, with nothing of the repository's own environment on the path, and measures each
    chapter's kernel peak resident memory in that same run: it must fit in Binder's 1 GiB.
``pip install .``
    a researcher installs the package and uses it in their own notebook: the test installs a copy
    of the repository's tracked files into another new environment and runs the README's usage
    examples from outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.book.test_readme import python_blocks

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["BOT_CORE_CACHE_DIR"] = str(tmp / "cache")  # nothing from another environment's cache
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if not os.environ.get("BOT_CORE_DATA_DIR"):
        pytest.fail("set BOT_CORE_DATA_DIR to the offline mirror (tests/conftest.py does when ../shared exists).")
    return env


def _venv(path: Path, env: dict) -> Path:
    base = getattr(sys, "_base_executable", None) or sys.executable
    subprocess.run([base, "-m", "venv", str(path)], check=True, env=env)
    return path / "bin"


def _run(args, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if done.returncode:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("binder")
    env = _env(tmp)
    bin_ = _venv(tmp / "venv", env)
    _run([bin_ / "python", "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], cwd=ROOT, env=env)
    return tmp, bin_, env


def test_binder_environment_has_bot_core_installed_not_linked(binder):
    tmp, bin_, env = binder
    where = _run([bin_ / "python", "-c", "import bot_core, sys; print(bot_core.__file__)"], cwd=tmp, env=env).stdout.strip()
    assert str(tmp / "venv") in where and not where.startswith(str(ROOT / "bot_core"))


#: Binder's guaranteed memory (mybinder.org kills a session past 2 GiB): each chapter's kernel must
#: peak at or below it.
BINDER_MIB = 1024
MEMORY_SCRIPT = ROOT / "benchmarks" / "chapter_memory.py"


@pytest.fixture(scope="module")
def executed(binder):
    """Every chapter executed once in the Binder-like environment, by ``benchmarks/chapter_memory.py``
    run with that environment's Python (a fresh kernel per chapter): the executed notebooks, and
    each kernel's peak resident memory (VmHWM) read before it shut down. Returns ``(directory of
    executed notebooks, {chapter file: error, or "" if none}, {chapter file: peak MiB})``."""
    tmp, bin_, env = binder
    out = tmp / "executed"
    out.mkdir(exist_ok=True)
    env = {**env, "BOT_CORE_PAGE_LOADS_VEGA": "1"}

    def execute(nb: Path) -> tuple[str, str, float | None]:
        done = subprocess.run(
            [bin_ / "python", str(MEMORY_SCRIPT), "--json", "--output-dir", str(out), "--timeout", "1200", str(nb)],
            cwd=nb.parent, env=env, capture_output=True, text=True)
        if done.returncode:
            return nb.name, done.stderr[-2000:] or f"exit status {done.returncode}", None
        peaks = json.loads(done.stdout.strip().splitlines()[-1])
        return nb.name, "", peaks[nb.stem]

    with ThreadPoolExecutor(max_workers=2) as pool:  # the machines have two cores
        results = list(pool.map(execute, CHAPTERS))
    return out, {name: err for name, err, _ in results}, {name: mib for name, _, mib in results if mib is not None}


def test_binder_executes_every_chapter(executed):
    """Each chapter runs start to end in the Binder-like environment (no error in any cell)."""
    out, errors, _ = executed
    failed = {name: err for name, err in errors.items() if err}
    assert not failed, "chapters that failed in the Binder environment:\n" + "\n\n".join(
        f"{k}:\n{v}" for k, v in failed.items())
    for nb in CHAPTERS:
        cells = json.loads((out / nb.name).read_text(encoding="utf-8"))["cells"]
        errors = [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{nb.name}: {errors[0].get('ename')}"
    assert len(CHAPTERS) >= 14


def test_every_chapter_fits_in_binders_memory(executed):
    """Each chapter's kernel peaks at no more than Binder's guaranteed 1 GiB of resident memory,
    measured in the same run that executes the chapters above (not a second execution)."""
    _, errors, peaks = executed
    unmeasured = sorted(name for name in errors if name not in peaks)
    assert not unmeasured, f"chapters that did not run to the end, so were not measured: {', '.join(unmeasured)}"
    over = {name: mib for name, mib in peaks.items() if mib > BINDER_MIB}
    table = "\n".join(f"  {name}: {mib:.0f} MiB" for name, mib in sorted(peaks.items(), key=lambda kv: -kv[1]))
    assert not over, (
        "chapters whose kernel peaked above Binder's 1 GiB (" + ", ".join(f"{k} at {v:.0f} MiB" for k, v in over.items())
        + "); every chapter's peak:\n" + table)


def test_pip_install_gives_a_working_package_outside_the_repository(tmp_path):
    env = _env(tmp_path)
    tracked = _run(["git", "ls-files"], cwd=ROOT, env=env).stdout.split()
    src = tmp_path / "src"
    for name in tracked:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            os.symlink(os.readlink(ROOT / name), src / name)
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, src / name)
    bin_ = _venv(tmp_path / "venv", env)
    _run([bin_ / "python", "-m", "pip", "install", "--quiet", str(src)], cwd=tmp_path, env=env)
    work = tmp_path / "notebook"
    work.mkdir()
    code = "\n".join(python_blocks()) + "\n" + "\n".join([
        "import bot_core.cases as cases",
        "print('US partners 1962:', int(ddy.query('ccode1 == 2 and year == 1962 and atop_defense == 1').shape[0]))",
        "print('top threat 1962:', bot_core.top_threats(2, 1962, k=1).stateabb.iloc[0])",
        "print('curated events:', len(cases.curated_events()))",
        "print('module:', bot_core.__file__)",
    ])
    done = _run([bin_ / "python", "-c", code], cwd=work, env=env)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert int(lines["US partners 1962"]) > 30  # NATO, the Rio Pact, ANZUS, SEATO, Japan, Korea...
    assert lines["top threat 1962"] == "RUS"
    assert int(lines["curated events"]) >= 10
    assert str(tmp_path / "venv") in lines["module"]
