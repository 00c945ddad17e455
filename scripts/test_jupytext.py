#!/usr/bin/env python3
"""Checks that every notebook survives being edited as a text file with jupytext, docs/contributing.md's
"Editing a notebook as text", with the commands written there. Needs no kernel; run by scripts/test.

On a copy of notebooks/ beside a copy of the repository's jupytext.toml:

1. Round trip, every notebook: `jupytext --to rs:percent NB.ipynb` writes NB.rs, one `// %%` line
   per cell and no YAML header; read back, its cells have the notebook's kinds, sources and cell
   metadata (the exercise marks of 08 and 09) exactly; and `jupytext --to notebook --update NB.rs`
   leaves NB.ipynb byte for byte as it was, outputs and notebook metadata included.
2. An edit, in 08: a solution's code, a question's markdown and another solution's stub (on its
   `// %%` line) changed in the text and built back change those three cells and nothing else;
   the edited cells keep their exercise marks, and the edited code cell its old outputs.
3. A new cell, in 03: a code cell added in the text lands at its place with no outputs and every
   other cell as it was. jupytext gives it a cell id, which a notebook of format 4.4 does not
   allow; `notebooks.py update`, which writes the outputs the new cell needs, drops it
   (clean_for_commit), and the result is a valid notebook.
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # noqa: E402  (clean_for_commit: what `notebooks.py update` writes)

ROOT = Path(__file__).resolve().parent.parent
JUPYTEXT = [sys.executable, "-m", "jupytext", "--quiet"]
EDIT = "// edited in the text"


def expect(condition, message, detail=""):
    if not condition:
        print(f"FAIL {message}\n{detail}")
        sys.exit(1)
    print(f"ok   {message}")


def run_jupytext(cwd, *args):
    done = subprocess.run(JUPYTEXT + list(args), cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"FAIL jupytext {' '.join(args)}\n{done.stdout}{done.stderr}")
        sys.exit(1)


def cells(nb):
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]


def comment(markdown):
    """A markdown cell's source as rs:percent writes it: each line behind `// `."""
    return "\n".join(f"// {line}" if line else "//" for line in markdown.splitlines())


def replace_once(text, old, new, what):
    expect(text.count(old) == 1, f"{what}: found once in the text", old[:200])
    return text.replace(old, new)


def round_trip(work, names):
    for name in names:
        ipynb, rs = work / "notebooks" / name, work / "notebooks" / Path(name).with_suffix(".rs")
        before = ipynb.read_bytes()
        run_jupytext(work, "--to", "rs:percent", f"notebooks/{name}")
        text = rs.read_text(encoding="utf-8")
        nb = nbformat.reads(before.decode("utf-8"), as_version=4)
        markers = [line for line in text.splitlines() if line.startswith("// %%")]
        expect(
            len(markers) == len(nb.cells) and "// ---" not in text.splitlines()[:3],
            f"{name}: {len(nb.cells)} cells, one `// %%` line each, no YAML header",
            text[:400],
        )
        back = jupytext.read(rs)
        same = cells(back) == cells(nb)
        first = next((i for i, (a, b) in enumerate(zip(cells(back), cells(nb))) if a != b), None)
        expect(
            same,
            f"{name}: the text's cells have the notebook's kinds, sources and metadata",
            f"first difference at cell {first}" if first is not None else "cell counts differ",
        )
        run_jupytext(work, "--to", "notebook", "--update", f"notebooks/{rs.name}")
        expect(ipynb.read_bytes() == before, f"{name}: built back, the notebook is byte for byte the same")


def edit(work):
    ipynb, rs = work / "notebooks" / "08-exercises.ipynb", work / "notebooks" / "08-exercises.rs"
    old = nbformat.read(ipynb, as_version=4)
    solutions = [
        i for i, c in enumerate(old.cells)
        if c.cell_type == "code" and c.metadata.get("exercise", {}).get("role") == "solution"
        and c.outputs
    ]
    question = next(
        i for i, c in enumerate(old.cells) if c.metadata.get("exercise", {}).get("role") == "question"
    )
    code, stubbed = solutions[0], solutions[-1]
    run_jupytext(work, "--to", "rs:percent", "notebooks/08-exercises.ipynb")
    text = rs.read_text(encoding="utf-8")

    code_source = old.cells[code].source
    text = replace_once(text, code_source, f"{code_source}\n{EDIT}", f"cell {code}'s code")
    question_source = old.cells[question].source
    new_question = question_source.replace("\n", " (edited in the text)\n", 1)
    expect(new_question != question_source, f"cell {question}: the question has a line to edit")
    text = replace_once(
        text, comment(question_source), comment(new_question), f"cell {question}'s markdown"
    )
    stub = old.cells[stubbed].metadata["exercise"]["stub"]
    new_stub = stub.replace("todo!(", "todo!( // edited in the text\n", 1)
    expect(new_stub != stub, f"cell {stubbed}: the stub has a todo!( to edit")
    text = replace_once(text, json.dumps(stub), json.dumps(new_stub), f"cell {stubbed}'s stub")
    rs.write_text(text, encoding="utf-8")

    run_jupytext(work, "--to", "notebook", "--update", "notebooks/08-exercises.rs")
    new = nbformat.read(ipynb, as_version=4)
    expect(len(new.cells) == len(old.cells), "08 edited: as many cells as before")
    changed = [i for i, (a, b) in enumerate(zip(old.cells, new.cells)) if a != b]
    expect(
        changed == sorted([code, question, stubbed]),
        f"08 edited: exactly the three edited cells changed ({code}, {question}, {stubbed})",
        f"changed: {changed}",
    )
    a, b = old.cells[code], new.cells[code]
    expect(
        b.source == f"{a.source}\n{EDIT}" and b.metadata == a.metadata and b.outputs == a.outputs,
        f"cell {code}: the new code, its exercise mark, and its old outputs until `notebooks.py update`",
    )
    a, b = old.cells[question], new.cells[question]
    expect(
        b.source == new_question and b.metadata == a.metadata,
        f"cell {question}: the new markdown and its question mark",
    )
    a, b = old.cells[stubbed], new.cells[stubbed]
    want = json.loads(json.dumps(a.metadata))
    want["exercise"]["stub"] = new_stub
    expect(
        b.metadata == want and b.source == a.source and b.outputs == a.outputs,
        f"cell {stubbed}: the new stub in its metadata, its code and outputs as they were",
    )


def add_cell(work):
    ipynb, rs = work / "notebooks" / "03-sampling.ipynb", work / "notebooks" / "03-sampling.rs"
    old = nbformat.read(ipynb, as_version=4)
    at = next(i for i, c in enumerate(old.cells) if c.cell_type == "code" and c.outputs)
    run_jupytext(work, "--to", "rs:percent", "notebooks/03-sampling.ipynb")
    text = rs.read_text(encoding="utf-8")
    source = old.cells[at].source
    text = replace_once(text, source, f'println!("added");\n\n// %%\n{source}', f"cell {at}'s code")
    rs.write_text(text, encoding="utf-8")

    run_jupytext(work, "--to", "notebook", "--update", "notebooks/03-sampling.rs")
    new = nbformat.read(ipynb, as_version=4)
    added = new.cells[at]
    rest = new.cells[:at] + new.cells[at + 1:]
    expect(
        len(new.cells) == len(old.cells) + 1
        and added.source == 'println!("added");' and added.outputs == []
        and [dict(c, id=None) for c in rest] == [dict(c, id=None) for c in old.cells],
        f"03 with a cell added: the new cell at {at} without outputs, the others as they were",
    )
    expect("id" in added and new.nbformat_minor == 4, "03 with a cell added: jupytext gave it an id")
    committed = notebooks.clean_for_commit(new)
    expect(all("id" not in c for c in committed.cells), "clean_for_commit drops it")
    try:
        nbformat.validate(committed)
        valid = ""
    except nbformat.ValidationError as err:
        valid = str(err)
    expect(not valid, "what `notebooks.py update` would write is a valid notebook of format 4.4", valid)


def main():
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    expect(len(names) > 0, f"{len(names)} notebooks to check")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "jupytext.toml", work / "jupytext.toml")
        shutil.copytree(ROOT / "notebooks", work / "notebooks", ignore=shutil.ignore_patterns("*.rs", ".ipynb_checkpoints"))
        round_trip(work, names)
        edit(work)
        add_cell(work)
    print("jupytext: every check passed")


if __name__ == "__main__":
    main()
