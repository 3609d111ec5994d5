"""The README's usage examples run as written (they are what a newcomer copies first)."""

import re
from pathlib import Path

import pandas as pd

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_python_examples_run_in_order_and_give_real_results():
    blocks = python_blocks()
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - our own README
    ddy = namespace["ddy"]
    assert isinstance(ddy, pd.DataFrame) and ddy.year.min() == 1946 and ddy.year.max() == 1991
    assert {"cinc1", "capdist", "conttype", "atop_defense"} <= set(ddy.columns)
    assert set(namespace["crit"].columns) >= {"power", "proximity", "offense", "intent", "threat"}
