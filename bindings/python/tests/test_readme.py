"""The README's "In Python" example runs as written (from the repository's
root, which holds data/kz-uz/signs.csv)."""
import contextlib
import io
import os
import re
from pathlib import Path

from conftest import DATA

README = Path(__file__).resolve().parents[1] / "README.md"
TOP_README = Path(__file__).resolve().parents[3] / "README.md"


def readme_block(section, readme=README):
    text = readme.read_text()
    part = text[text.index(f"## {section}"):]
    return re.search(r"```python\n(.*?)```", part, re.S).group(1)


def run_block(readme, tmp_path):
    """Run the "In Python" block of readme in tmp_path (with data/ linked);
    what it printed."""
    code = readme_block("In Python", readme)
    (tmp_path / "data").symlink_to(DATA)
    old = os.getcwd()
    os.chdir(tmp_path)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(readme), "exec"), {})
    finally:
        os.chdir(old)
    return out.getvalue()


def test_in_python_example_runs(tmp_path):
    printed = run_block(README, tmp_path)
    assert "2360.69" in printed and "['UZ' 'KZ'" in printed
    assert "1 5 party_batch: point 1" in printed
    assert (tmp_path / "kz-uz.gpkg").stat().st_size > 0


def test_top_readme_python_tour_runs(tmp_path):
    """The project README's "In Python" tour, as written."""
    if not TOP_README.exists():
        import pytest
        pytest.skip("not run from a source tree")
    printed = run_block(TOP_README, tmp_path)
    # 2,360,691.042 m: the sum of GeodSolve's edge lengths (data/kz-uz/PROVENANCE.md)
    assert "2360.691 km" in printed and "['UZ' 'KZ']" in printed
