#!/usr/bin/env python3
"""Write a notebook from a plain-text source, or a notebook's cells back as that text.

    nbsource.py build SOURCE.txt NOTEBOOK.ipynb    cells from text (outputs of unchanged cells kept)
    nbsource.py dump NOTEBOOK.ipynb                the cells as text, to stdout

The text format: a line `%% md` or `%% code` starts a cell; everything up to the next such line is
its source. A cell's metadata, when it has any (the exercise notebooks mark their questions and
solutions there), follows on the same line as JSON: `%% code {"exercise": {...}}`. Handy for editing a notebook's narration and code in a text editor; run
`scripts/notebooks.py update NOTEBOOK` afterwards to refresh its outputs.
"""
import json
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "rust", "display_name": "Rust", "language": "rust"}
LANGUAGE_INFO = {
    "name": "Rust",
    "codemirror_mode": "rust",
    "file_extension": ".rs",
    "mimetype": "text/rust",
    "pygment_lexer": "rust",
    "version": "",
}


def parse(text):
    """The cells of the text: (kind, source, metadata)."""
    cells, kind, meta, lines = [], None, {}, []
    for line in text.splitlines():
        head, _, rest = line.strip().partition(" ")
        marker = f"{head} {rest.split(' ', 1)[0]}" if head == "%%" else ""
        if marker in ("%% md", "%% code"):
            if kind:
                cells.append((kind, "\n".join(lines).strip("\n"), meta))
            after = rest.split(" ", 1)[1] if " " in rest else ""
            kind, meta, lines = marker[3:], json.loads(after) if after else {}, []
        else:
            lines.append(line)
    if kind:
        cells.append((kind, "\n".join(lines).strip("\n"), meta))
    return cells


def build(source, target):
    old = {}
    if Path(target).exists():
        for cell in nbformat.read(target, as_version=4).cells:
            if cell.cell_type == "code":
                old[cell.source] = cell
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    for kind, src, meta in parse(Path(source).read_text(encoding="utf-8")):
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(src)
        elif src in old:
            cell = nbformat.v4.new_code_cell(src)
            cell.outputs = old[src].outputs
            cell.execution_count = old[src].execution_count
        else:
            cell = nbformat.v4.new_code_cell(src)
        cell.pop("id", None)
        cell.metadata = meta
        nb.cells.append(cell)
    nb.nbformat_minor = 4
    nbformat.write(nb, target)


def dump(path):
    for cell in nbformat.read(path, as_version=4).cells:
        marker = "%% md" if cell.cell_type == "markdown" else "%% code"
        print(f"{marker} {json.dumps(cell.metadata)}" if cell.metadata else marker)
        print(cell.source)
        print()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
