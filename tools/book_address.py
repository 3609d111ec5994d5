"""The book's address, set in one place: ``repository: url:`` in ``_config.yml``.

jupyter-book builds the repository button and the Binder launch buttons from that setting. The
other places that name the address are written from it by this tool and checked against it:

* the ``pip install "git+URL"`` lines of ``README.md`` and of the chapters that show one
  (``chapters/how_to_read.ipynb``, ``chapters/using_bot_core.ipynb``);
* ``repository-code`` in ``CITATION.cff`` (the "Cite this page" boxes read ``_config.yml`` itself).

Usage::

    python tools/book_address.py                 # print the address and where it appears
    python tools/book_address.py --check         # exit 1, naming each place, if one disagrees
    python tools/book_address.py --set-url https://github.com/OWNER/REPO   # a fork: rewrite all

Only the address is rewritten; every other byte of each file stays as it is.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTING = "_config.yml"
#: the address as _config.yml holds it: `url:` inside the top-level `repository:` block
CONFIG_URL = re.compile(r"(?m)^(repository:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+url:[ \t]*)(\S+)[ \t]*$")
PIP_URL = re.compile(r'(pip install \\?"git\+)(https://[^"\\]+)(\\?")')
CFF_URL = re.compile(r'(?m)^(repository-code:[ \t]*")([^"]+)(")')
#: files that follow the setting, and the pattern of the address in each (group 2 is the address)
FOLLOWERS = {
    "README.md": PIP_URL,
    "chapters/how_to_read.ipynb": PIP_URL,
    "chapters/using_bot_core.ipynb": PIP_URL,
    "CITATION.cff": CFF_URL,
}
VALID = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9_.-]+")


def check_url(url: str) -> str:
    """``url`` if it is a repository address the book can use, else a ValueError saying why."""
    if not VALID.fullmatch(url) or url.endswith((".git", "/")):
        raise ValueError(
            f"{url!r} is not a repository address of the form https://github.com/OWNER/REPO (no '.git', "
            "no trailing slash): the Binder launch buttons and `pip install git+URL` are built from it."
        )
    return url


def setting(root: Path = ROOT) -> str:
    """The address set in ``_config.yml``."""
    text = (Path(root) / SETTING).read_text(encoding="utf-8")
    m = CONFIG_URL.search(text)
    if m is None:
        raise ValueError(f"{SETTING} has no `repository:` block with a `url:`; add one (see the jupyter-book docs).")
    return m.group(2)


def places(root: Path = ROOT) -> dict[str, list[str]]:
    """Every address each following file names (an empty list: it names none, which is an error)."""
    found = {}
    for name, pattern in FOLLOWERS.items():
        path = Path(root) / name
        found[name] = [m.group(2) for m in pattern.finditer(path.read_text(encoding="utf-8"))] if path.is_file() else []
    return found


def disagreements(root: Path = ROOT) -> list[str]:
    """One line per place that does not name the address of ``_config.yml``."""
    url = setting(root)
    out = []
    for name, urls in places(root).items():
        if not urls:
            out.append(f"{name}: names no address (expected {url})")
        out += [f"{name}: {u} (expected {url})" for u in urls if u != url]
    return out


def set_url(url: str, root: Path = ROOT) -> list[str]:
    """Write ``url`` into ``_config.yml`` and every following file; return the files changed."""
    url = check_url(url)
    root = Path(root)
    changed = []
    path = root / SETTING
    text = path.read_text(encoding="utf-8")
    if CONFIG_URL.search(text) is None:
        setting(root)  # raises the error
    new = CONFIG_URL.sub(lambda m: m.group(1) + url, text, count=1)
    if new != text:
        path.write_text(new, encoding="utf-8")
        changed.append(SETTING)
    for name, pattern in FOLLOWERS.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: m.group(1) + url + m.group(3), text)
        if name.endswith(".ipynb"):
            json.loads(new)  # a notebook stays valid JSON (the address holds no character JSON escapes)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="fail if a file disagrees with _config.yml")
    group.add_argument("--set-url", metavar="URL", help="set the address (https://github.com/OWNER/REPO)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's root (default: this repository)")
    args = parser.parse_args(argv)
    try:
        if args.set_url:
            changed = set_url(args.set_url, args.root)
            print(f"the book's address is now {args.set_url}; rewrote: {', '.join(changed) or 'nothing'}")
            return 0
        bad = disagreements(args.root)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.check:
        if bad:
            print("These places do not name the book's address of _config.yml (fix them with "
                  "`python tools/book_address.py --set-url URL`):\n  " + "\n  ".join(bad), file=sys.stderr)
            return 1
        print(f"every place names {setting(args.root)}")
        return 0
    print(f"the book's address ({SETTING}, repository: url:): {setting(args.root)}")
    for name, urls in places(args.root).items():
        print(f"  {name}: {', '.join(urls) or 'none'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
