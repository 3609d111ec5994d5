"""One place for the book's address: `repository: url:` in _config.yml; the README's and chapters'
`pip install` lines and CITATION.cff follow it (tools/book_address.py --check / --set-url)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "book_address.py"
sys.path.insert(0, str(ROOT / "tools"))
import book_address  # noqa: E402

FILES = [book_address.SETTING, *book_address.FOLLOWERS]


def _run(*args, root=ROOT):
    return subprocess.run([sys.executable, str(TOOL), *args, "--root", str(root)], capture_output=True, text=True)


def _copy(tmp_path: Path) -> Path:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_every_place_names_the_address_of_config_yml():
    result = _run("--check")
    assert result.returncode == 0, result.stderr
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    assert book_address.setting() == url
    found = book_address.places()
    assert all(found[name] for name in book_address.FOLLOWERS), found
    assert {u for urls in found.values() for u in urls} == {url}


def test_the_readme_says_where_the_address_is_set_and_how_a_fork_changes_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`repository: url:`" in readme and "tools/book_address.py --set-url" in readme


def test_set_url_rewrites_every_place_and_nothing_else(tmp_path):
    root = _copy(tmp_path)
    fork = "https://github.com/someone/bot-fork"
    result = _run("--set-url", fork, root=root)
    assert result.returncode == 0, result.stderr
    assert _run("--check", root=root).returncode == 0
    assert book_address.setting(root) == fork
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == fork and config["repository"]["branch"] == "main"
    old = book_address.setting(ROOT)
    for name in FILES:
        before, after = (ROOT / name).read_text(encoding="utf-8"), (root / name).read_text(encoding="utf-8")
        assert old not in after and fork in after
        assert after.replace(fork, old) == before, f"{name}: more than the address changed"
    import nbformat

    for name in book_address.FOLLOWERS:
        if name.endswith(".ipynb"):
            nbformat.validate(nbformat.read(root / name, as_version=4))


def test_check_names_the_place_that_disagrees(tmp_path):
    root = _copy(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace(
        book_address.setting(root), "https://github.com/elsewhere/old"), encoding="utf-8")
    result = _run("--check", root=root)
    assert result.returncode == 1
    assert "README.md: https://github.com/elsewhere/old" in result.stderr
    assert "CITATION.cff" not in result.stderr


@pytest.mark.parametrize("bad", ["http://github.com/a/b", "https://github.com/a/b.git", "https://github.com/a/b/",
                                 "github.com/a/b", "https://github.com/a", "https://github.com/a/b c"])
def test_a_bad_address_is_refused_with_the_form_expected(tmp_path, bad):
    root = _copy(tmp_path)
    result = _run("--set-url", bad, root=root)
    assert result.returncode == 2 and "https://github.com/OWNER/REPO" in result.stderr
    assert (root / "_config.yml").read_text() == (ROOT / "_config.yml").read_text()
