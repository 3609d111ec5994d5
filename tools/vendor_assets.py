"""Vendor the JavaScript that the book's pages load, so that they load nothing from other hosts.

Run before every build (``make assets``); it does nothing when ``_static/vendor/`` is already up to
date. The build also loads this file as a Sphinx extension (``sphinx: local_extensions`` in
``_config.yml``), which runs the same check, so a build never starts without the files.

``_static/vendor/`` (gitignored) receives:

``vega/vega-bundle.js``
    vega, vega-lite and vega-embed in one classic script, made by ``vl_convert.javascript_bundle``
    for the vega-lite version altair emits; it defines ``window.vegaEmbed``, which the HTML of
    ``bot_core.rendering`` calls. Every page loads it (``html_js_files``).
``jupyter-widgets/``
    ``embed.js`` of ``@jupyter-widgets/html-manager`` and the fonts it references. It renders
    ipywidgets' core controls from the widget state myst-nb writes into the page, with no
    require.js and no CDN. (myst-nb's default, ``embed-amd.js``, needs require.js and loads any
    widget module it lacks from jsDelivr; this book uses only the core controls.)
``mathjax/``
    MathJax 3: ``tex-mml-chtml.js`` (Sphinx's default component) and the parts it loads on
    demand (fonts, TeX extensions, MathML entities, menu and accessibility components).
``axe/axe.min.js``
    axe-core (MPL-2.0), the accessibility engine that the site test (``tests/built_book``) runs
    on every page. No page loads it: the test adds it to the page it checks, from this server.
``compat/mathjax2-hub.js``
    written here: ipywidgets' controls typeset their labels with MathJax 2's
    ``MathJax.Hub.Queue``, which MathJax 3 lacks (a TypeError on every page with both); this
    gives MathJax 3 a ``Hub.Queue`` that typesets with MathJax 3. Every page loads it, deferred
    after MathJax.
``STAMP.json``
    what was vendored, from which inputs.

The npm packages are pinned to exact versions in ``package.json`` and ``package-lock.json`` and
installed with ``npm ci`` into ``node_modules/`` (gitignored).

As a Sphinx extension this module also: sets ``BOT_CORE_PAGE_LOADS_VEGA=1`` for the notebook
kernels the build starts (``bot_core.rendering`` then writes short chart HTML that relies on the
page's bundle); keeps jupyter-book from adding every ``.js`` file under ``_static/vendor/`` to every
page (it adds all ``.js`` and ``.css`` files found under ``_static``), so that pages load only
``PAGE_SCRIPTS`` and what myst-nb and Sphinx add where needed; fails the build if a configured
local asset is missing; and, with thebe off, drops sphinx-thebe's idle scripts from the pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version as dist_version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = Path("_static") / "vendor"
VEGA_BUNDLE = "vendor/vega/vega-bundle.js"  # relative to _static, as html_js_files names it
MATHJAX2_HUB = "vendor/compat/mathjax2-hub.js"
PAGE_SCRIPTS = {VEGA_BUNDLE: {}, MATHJAX2_HUB: {"defer": "defer"}}  # on every page, in this order
LAYOUT = 3  # bump when the selection of files below changes

WIDGETS_PACKAGE = "@jupyter-widgets/html-manager"
WIDGET_FILES = ("embed.js", "embed.js.LICENSE.txt")
WIDGET_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")
MATHJAX_FILES = ("tex-mml-chtml.js",)
AXE_PACKAGE = "axe-core"
AXE_FILES = ("axe.min.js", "LICENSE")
AXE_SCRIPT = "vendor/axe/axe.min.js"  # relative to _static; added to a page by the site test only
MATHJAX_DIRS = ("output/chtml/fonts/woff-v2", "input/tex/extensions", "input/mml", "a11y", "ui", "sre")


MATHJAX2_HUB_JS = """\
/* ipywidgets' controls (@jupyter-widgets/html-manager 1.x) typeset widget labels with MathJax 2's
   MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). The book's MathJax is version 3, which has
   no Hub: give it one that typesets with MathJax 3. Load deferred, after MathJax.
   Written by tools/vendor_assets.py. */
(function () {
  var mj = window.MathJax;
  if (!mj || !mj.version || mj.Hub) return;
  mj.Hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (cmd) {
        if (!Array.isArray(cmd) || cmd[0] !== "Typeset" || !cmd[2]) return;
        var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
        ready.then(function () { return mj.typesetPromise && mj.typesetPromise([cmd[2]]); })
          .catch(function (err) { console.warn("MathJax could not typeset a widget label:", err); });
      });
    }
  };
})();
"""


def vegalite_version() -> str:
    """The vega-lite minor version altair emits (e.g. ``"6.4"``), which vl-convert must bundle."""
    import altair as alt
    import vl_convert

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    if wanted not in vl_convert.get_vegalite_versions():
        raise SystemExit(
            f"altair emits vega-lite {alt.SCHEMA_VERSION}, but vl-convert-python "
            f"{dist_version('vl-convert-python')} bundles only {vl_convert.get_vegalite_versions()}: "
            "install a vl-convert-python that bundles it."
        )
    return wanted


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inputs(root: Path) -> dict:
    return {
        "layout": LAYOUT,
        "vega_lite": vegalite_version(),
        "vl_convert_python": dist_version("vl-convert-python"),
        "package_lock_sha256": _sha256(root / "package-lock.json"),
    }


def _locked_versions(root: Path) -> dict[str, str]:
    lock = json.loads((root / "package-lock.json").read_text())
    wanted = lock["packages"][""]["dependencies"]
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in wanted}


def _npm_ci(root: Path) -> None:
    """``npm ci`` unless node_modules already holds the locked versions of the direct dependencies."""
    installed = {}
    for name in _locked_versions(root):
        manifest = root / "node_modules" / name / "package.json"
        installed[name] = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
    if installed == _locked_versions(root):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install the pinned JavaScript (Node.js 18 or later).")
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(cmd, cwd=root, check=True)


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)


def _write(root: Path, out: Path) -> dict:
    import vl_convert

    vl = vegalite_version()
    header = (
        f"/* vega {vl_convert.get_vega_version()}, vega-lite {vl}, vega-embed "
        f"{vl_convert.get_vega_embed_version()} (BSD-3-Clause), bundled by vl-convert-python "
        f"{dist_version('vl-convert-python')} for tools/vendor_assets.py. Defines window.vegaEmbed, "
        "window.vegaLite and window.vega; its own names stay inside the function. */\n"
    )
    # wrapped in a function: the bundle's top-level const names would otherwise be page globals
    code = header + "(function () {\n" + vl_convert.javascript_bundle(vl_version=vl) + "\n})();\n"
    (out / "vega").mkdir(parents=True)
    (out / "vega" / "vega-bundle.js").write_text(code, encoding="utf-8")

    _npm_ci(root)
    modules = root / "node_modules"
    dist = modules / WIDGETS_PACKAGE / "dist"
    (out / "jupyter-widgets").mkdir()
    for path in sorted(dist.iterdir()):
        if path.name in WIDGET_FILES or path.suffix in WIDGET_FONT_SUFFIXES:
            shutil.copy2(path, out / "jupyter-widgets" / path.name)
    es5 = modules / "mathjax" / "es5"
    (out / "mathjax").mkdir()
    shutil.copy2(modules / "mathjax" / "LICENSE", out / "mathjax" / "LICENSE")
    for name in MATHJAX_FILES:
        shutil.copy2(es5 / name, out / "mathjax" / name)
    for name in MATHJAX_DIRS:
        _copy_tree(es5 / name, out / "mathjax" / name)
    (out / "axe").mkdir()
    for name in AXE_FILES:
        shutil.copy2(modules / AXE_PACKAGE / name, out / "axe" / name)
    (out / "compat").mkdir()
    (out / MATHJAX2_HUB.removeprefix("vendor/")).write_text(MATHJAX2_HUB_JS, encoding="utf-8")
    return {"npm": _locked_versions(root), "vega": vl_convert.get_vega_version(),
            "vega_embed": vl_convert.get_vega_embed_version()}


def ensure(root: Path = ROOT, force: bool = False, quiet: bool = False) -> bool:
    """Make ``root/_static/vendor`` match its inputs; return whether anything was written."""
    root = Path(root)
    vendor = root / VENDOR
    stamp = vendor / "STAMP.json"
    inputs = _inputs(root)
    if not force and stamp.is_file():
        recorded = json.loads(stamp.read_text())
        if recorded.get("inputs") == inputs and all((vendor / f).is_file() for f in recorded["files"]):
            if not quiet:
                print(f"{VENDOR}/ is up to date")
            return False
    tmp = vendor.with_name(".vendor-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        versions = _write(root, tmp)
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        record = {"inputs": inputs, "versions": versions, "files": files}
        (tmp / "STAMP.json").write_text(json.dumps(record, indent=1) + "\n")
        shutil.rmtree(vendor, ignore_errors=True)
        tmp.rename(vendor)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        report(root)
    return True


def report(root: Path = ROOT) -> None:
    """Print the vendored parts and their sizes."""
    vendor = Path(root) / VENDOR
    record = json.loads((vendor / "STAMP.json").read_text())
    print(f"{VENDOR}/: vega {record['versions']['vega']}, vega-lite {record['inputs']['vega_lite']}, "
          f"vega-embed {record['versions']['vega_embed']}, npm {record['versions']['npm']}")
    for part in sorted(p for p in vendor.iterdir() if p.is_dir()):
        files = [p for p in part.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"  {part.name + '/':17} {len(files):4} files {size / 1e6:7.2f} MB")


# ---------------------------------------------------------------- the Sphinx extension


def _config_inited(app, config) -> None:
    from sphinx.errors import ExtensionError

    src = Path(app.srcdir)
    ensure(src, quiet=True)
    if "_static" not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, "_static"]

    def name(entry) -> str:
        return entry[0] if isinstance(entry, (tuple, list)) else entry

    # jupyter-book adds every .js and .css under _static to every page (after the configured
    # html_js_files): of _static/vendor/ keep PAGE_SCRIPTS only, each once, as configured
    js, seen = [], set()
    for entry in config.html_js_files:
        if name(entry).startswith("vendor/"):
            if name(entry) not in PAGE_SCRIPTS or name(entry) in seen:
                continue
            seen.add(name(entry))
        js.append(entry)
    js += [(path, attrs) for path, attrs in PAGE_SCRIPTS.items() if path not in seen]
    config.html_js_files = js
    config.html_css_files = [e for e in config.html_css_files if not name(e).startswith("vendor/")]

    local = [*PAGE_SCRIPTS, config.mathjax_path, *getattr(config, "nb_ipywidgets_js", {})]
    for path in local:
        if path and "://" not in path and not path.startswith("//"):
            if not (src / "_static" / path).is_file():
                raise ExtensionError(f"_static/{path} is missing: run `python tools/vendor_assets.py`")


def _is_thebe(asset) -> bool:
    text = f"{getattr(asset, 'filename', asset) or ''} {getattr(asset, 'attributes', {}).get('body', '')}"
    return "sphinx-thebe" in text or "THEBE_JS_URL" in text


def _page_context(app, pagename, templatename, context, doctree) -> None:
    """With thebe off, drop sphinx-thebe's scripts: idle, but they name a CDN, and jupyter-book
    adds their configuration twice, which is a JavaScript error on every page."""
    if (app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"):
        return
    for key in ("script_files", "css_files"):
        if isinstance(context.get(key), list):
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app):
    from bot_core.rendering import PAGE_LOADS_VEGA

    os.environ[PAGE_LOADS_VEGA] = "1"  # inherited by the kernels that execute the notebooks
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {"version": str(LAYOUT), "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="write everything again")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's root (default: this repository)")
    args = parser.parse_args(argv)
    if not ensure(args.root, force=args.force):
        report(args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
