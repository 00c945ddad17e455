#!/usr/bin/env python3
"""Checks that scripts/notebooks.py catches what it promises to catch, with the real kernel.

Builds a throwaway notebook whose committed outputs are partly wrong and whose cells panic, return
an error through `?` and fail to compile, runs `notebooks.py check` on it, and expects a failure
that names each of those cells. Then `update` must refuse to write a failing notebook, and a
correct notebook must pass `check` after `update`. Run by scripts/test.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
RUNNER = [sys.executable, str(ROOT / "scripts" / "notebooks.py")]
LATE = """std::thread::spawn(|| {
    std::thread::sleep(std::time::Duration::from_millis(200));
    eprintln!("late");
});"""
KERNELSPEC = {"name": "rust", "display_name": "Rust", "language": "rust"}


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC}
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def result(text):
    return nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)


def run(mode, path):
    done = subprocess.run(RUNNER + [mode, str(path)], capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def reports(output):
    """The checker's report for each cell of bad.ipynb: its first line and the lines after it."""
    found = {}
    report = r"bad\.ipynb, cell (\d+)[^\n]*?: (.*?)(?=\n  bad\.ipynb, cell |\nnotebooks: |\Z)"
    for number, text in re.findall(report, output, re.S):
        found[int(number)] = found.get(int(number), "") + text
    return found


def expect(condition, message, output):
    if not condition:
        print(f"FAIL {message}\n{output}")
        sys.exit(1)
    print(f"ok   {message}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad.ipynb"
        nbformat.write(
            notebook(
                [
                    ('println!("same");', [stdout("same\n")]),  # cell 1: fine
                    ("1 + 1", [result("3")]),  # cell 2: drifted output
                    ('panic!("boom");', []),  # cell 3: a panic
                    ('let n: i32 = "x".parse()?;', []),  # cell 4: an error from `?`
                    ("let s: u8 = \"no\";", []),  # cell 5: a compile error
                    (LATE, []),  # cell 6: stderr that arrives after the cell has finished
                ]
            ),
            bad,
        )
        before = bad.read_bytes()
        code, out = run("check", bad)
        expect(code == 1, "check fails on a bad notebook", out)
        cells = reports(out)
        expect("outputs differ" in cells.get(2, ""), "a drifted output is reported", out)
        # evcxr forwards stderr out of step with the cell's reply and tags a line with the latest
        # request. The checker waits for the kernel to go quiet after each cell, but a machine
        # loaded enough to stall longer than that wait may still see a cell's stderr (the panic's
        # last lines, the `?` message) filed under the next cell: the notebook fails either way,
        # and the report may then be one cell late.
        def reported(text, *numbers):
            return any(text in cells.get(n, "") for n in numbers)

        expect(reported("panicked at", 3, 4), "a panic is reported", out)
        expect(reported("invalid digit found in string", 4, 5), "an error from `?` is reported", out)
        expect("late" in cells.get(6, ""), "stderr after the last cell finished is reported", out)
        expect("mismatched types" in cells.get(5, ""), "a compile error is reported", out)
        expect(1 not in cells, "a good cell is not reported", out)
        code, out = run("update", bad)
        expect(code == 1 and bad.read_bytes() == before, "update leaves a failing notebook alone", out)

        good = Path(tmp) / "good.ipynb"
        nbformat.write(notebook([('println!("hi");', []), ("6 * 7", [])]), good)
        code, out = run("update", good)
        expect(code == 0, "update runs a good notebook", out)
        code, out = run("check", good)
        expect(code == 0 and "1 passed, 0 failed" in out, "check passes after update", out)
    print("notebook checker: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
