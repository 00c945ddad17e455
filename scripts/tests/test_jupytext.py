"""Checks that every notebook survives being edited as a text file with jupytext, docs/contributing.md's
"Editing a notebook as text", with the commands written there, on a copy of notebooks/ beside a copy
of the repository's jupytext.toml: a round trip of every notebook, an edit (08) and a new cell (03).
Needs no kernel.
"""
import copy
import json
import shutil
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT, notebooks, run

EDIT = "// edited in the text"


@pytest.fixture
def work(tmp_path):
    """A copy of notebooks/ beside a copy of the repository's jupytext.toml."""
    shutil.copy(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    shutil.copytree(notebooks.NOTEBOOKS, tmp_path / "notebooks",
                    ignore=shutil.ignore_patterns("*.rs", ".ipynb_checkpoints"))
    return tmp_path


def run_jupytext(cwd, *args):
    code, output = run(sys.executable, "-m", "jupytext", "--quiet", *args, cwd=cwd)
    assert code == 0, f"jupytext {' '.join(args)}: {output}"


def cells(nb):
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]


def comment(markdown):
    """A markdown cell's source as rs:percent writes it: each line behind `// `."""
    return "\n".join(f"// {line}" if line else "//" for line in markdown.splitlines())


def replace_once(text, old, new):
    assert text.count(old) == 1, f"not found once in the text: {old[:200]}"
    return text.replace(old, new)


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_round_trip(work, name):
    """`jupytext --to rs:percent` writes one `// %%` line per cell and no YAML header; read back, the
    cells' kinds, sources and metadata (the exercise marks) are the notebook's; `--to notebook
    --update` leaves the .ipynb byte for byte as it was, outputs and notebook metadata included."""
    ipynb, rs = work / "notebooks" / name, work / "notebooks" / Path(name).with_suffix(".rs")
    before = ipynb.read_bytes()
    run_jupytext(work, "--to", "rs:percent", f"notebooks/{name}")
    text = rs.read_text(encoding="utf-8")
    nb = nbformat.reads(before.decode("utf-8"), as_version=4)
    assert sum(line.startswith("// %%") for line in text.splitlines()) == len(nb.cells), "not one `// %%` line per cell"
    assert "// ---" not in text.splitlines()[:3], "a YAML header"
    back = cells(jupytext.read(rs))
    first = next((i for i, (a, b) in enumerate(zip(back, cells(nb))) if a != b), None)
    assert back == cells(nb), f"the text's cells differ from the notebook's, first at cell {first}"
    run_jupytext(work, "--to", "notebook", "--update", f"notebooks/{rs.name}")
    assert ipynb.read_bytes() == before, "built back, the notebook is not byte for byte the same"


def test_edit(work):
    """In 08: a solution's code, a question's markdown and another solution's stub changed in the
    text and built back change those three cells (their marks and outputs kept) and nothing else."""
    ipynb, rs = work / "notebooks" / "08-exercises.ipynb", work / "notebooks" / "08-exercises.rs"
    old = nbformat.read(ipynb, as_version=4)
    roles = [c.metadata.get("exercise", {}).get("role") for c in old.cells]
    solutions = [i for i, c in enumerate(old.cells) if roles[i] == "solution" and c.get("outputs")]
    code, question, stubbed = solutions[0], roles.index("question"), solutions[-1]
    want = copy.deepcopy(old)
    want.cells[code].source += f"\n{EDIT}"
    want.cells[question].source = old.cells[question].source.replace("\n", " (edited in the text)\n", 1)
    stub = old.cells[stubbed].metadata["exercise"]["stub"]
    want.cells[stubbed].metadata["exercise"]["stub"] = stub.replace("todo!(", "todo!( // edited in the text\n", 1)
    assert [i for i, (a, b) in enumerate(zip(old.cells, want.cells)) if a != b] == sorted([code, question, stubbed])
    run_jupytext(work, "--to", "rs:percent", "notebooks/08-exercises.ipynb")
    text = rs.read_text(encoding="utf-8")
    text = replace_once(text, old.cells[code].source, want.cells[code].source)
    text = replace_once(text, comment(old.cells[question].source), comment(want.cells[question].source))
    text = replace_once(text, json.dumps(stub), json.dumps(want.cells[stubbed].metadata["exercise"]["stub"]))
    rs.write_text(text, encoding="utf-8")
    run_jupytext(work, "--to", "notebook", "--update", "notebooks/08-exercises.rs")
    assert nbformat.read(ipynb, as_version=4) == want, "not exactly the three edited cells changed"


def test_add_cell(work):
    """In 03: a code cell added in the text lands at its place without outputs; jupytext gives it a
    cell id, which `notebooks.py update` drops (clean_for_commit): a valid notebook of format 4.4."""
    ipynb, rs = work / "notebooks" / "03-sampling.ipynb", work / "notebooks" / "03-sampling.rs"
    old = nbformat.read(ipynb, as_version=4)
    at = next(i for i, c in enumerate(old.cells) if c.cell_type == "code" and c.outputs)
    run_jupytext(work, "--to", "rs:percent", "notebooks/03-sampling.ipynb")
    source = old.cells[at].source
    text = replace_once(rs.read_text(encoding="utf-8"), source, f'println!("added");\n\n// %%\n{source}')
    rs.write_text(text, encoding="utf-8")

    run_jupytext(work, "--to", "notebook", "--update", "notebooks/03-sampling.rs")
    new = nbformat.read(ipynb, as_version=4)
    added = new.cells[at]
    rest = new.cells[:at] + new.cells[at + 1:]
    assert len(new.cells) == len(old.cells) + 1
    assert (added.source, added.outputs) == ('println!("added");', [])
    assert [dict(c, id=None) for c in rest] == [dict(c, id=None) for c in old.cells]
    assert "id" in added and new.nbformat_minor == 4, "jupytext gave the new cell no id"
    committed = notebooks.clean_for_commit(new)
    assert all("id" not in c for c in committed.cells), "clean_for_commit left an id"
    nbformat.validate(committed)
