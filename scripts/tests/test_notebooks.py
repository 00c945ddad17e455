"""scripts/notebooks.py, with the real kernel: `check` catches what it promises to catch on a
throwaway notebook (outputs partly wrong, cells that panic, return an error through `?`, fail to
compile, or write to stderr after they finished), `update` refuses to write a failing notebook and
a good one passes `check` after `update`; then every committed notebook passes `check`."""
import re

import nbformat
import pytest
from conftest import NOTEBOOKS, SCRIPTS, notebooks, run, write_notebook

LATE = """std::thread::spawn(|| {
    std::thread::sleep(std::time::Duration::from_millis(200));
    eprintln!("late");
});"""


def checker(mode, path):
    return run(notebooks.sys.executable, SCRIPTS / "notebooks.py", mode, path)


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    """A notebook with one good cell and five bad ones, and the checker's (exit code, output)."""
    path = write_notebook(tmp_path_factory.mktemp("checker") / "bad.ipynb", [
        ('println!("same");', [nbformat.v4.new_output("stream", name="stdout", text="same\n")]),
        ("1 + 1", [nbformat.v4.new_output("execute_result", data={"text/plain": "3"},
                                          execution_count=1)]),  # cell 2: drifted output
        ('panic!("boom");', []),  # cell 3
        ('let n: i32 = "x".parse()?;', []),  # cell 4
        ('let s: u8 = "no";', []),  # cell 5: a compile error
        (LATE, []),  # cell 6: stderr that arrives after the cell has finished
    ])
    return path, *checker("check", path)


def reports(output):
    """The checker's report for each cell of bad.ipynb: its first line and the lines after it."""
    found = {}
    report = r"bad\.ipynb, cell (\d+)[^\n]*?: (.*?)(?=\n  bad\.ipynb, cell |\nnotebooks: |\Z)"
    for number, text in re.findall(report, output, re.S):
        found[int(number)] = found.get(int(number), "") + text
    return found


# evcxr forwards stderr out of step with the cell's reply and tags a line with the latest request.
# The checker waits for the kernel to go quiet after each cell, but a machine loaded enough to
# stall longer than that may still file a cell's stderr (a panic's last lines, the `?` message)
# under the next cell: the notebook fails either way, and the report may then be one cell late.
@pytest.mark.slow
@pytest.mark.parametrize("cells, text", [
    ((2,), "outputs differ"), ((3, 4), "panicked at"), ((4, 5), "invalid digit found in string"),
    ((5,), "mismatched types"), ((6,), "late")],
    ids=["drifted output", "panic", "error from ?", "compile error", "stderr after the last cell"])
def test_check_names_each_bad_cell(bad, cells, text):
    _, code, output = bad
    assert code == 1 and any(text in reports(output).get(n, "") for n in cells), output


@pytest.mark.slow
def test_check_leaves_the_good_cell_alone(bad):
    assert 1 not in reports(bad[2]), bad[2]


@pytest.mark.slow
def test_update_leaves_a_failing_notebook_alone(bad):
    path = bad[0]
    before = path.read_bytes()
    code, output = checker("update", path)
    assert code == 1 and path.read_bytes() == before, output


def test_notebook_names(tmp_path):
    """A notebook is named by its file name, the start of it, or a path; a name that is none of
    them is one line and exit status 1, before any kernel starts."""
    elsewhere = write_notebook(tmp_path / NOTEBOOKS[1].name, [("1", [])])
    named = notebooks.notebook_paths(["05", NOTEBOOKS[2].name, str(elsewhere)])
    assert named == [NOTEBOOKS[4], NOTEBOOKS[2], elsewhere], named
    for missing in ("99", str(tmp_path / "none.ipynb")):
        code, output = checker("check", missing)
        assert code == 1 and output.splitlines() == [
            f"notebooks: no notebook {missing!r} (a file name in {notebooks.NOTEBOOKS}, its start, or a path)"], output


@pytest.mark.slow
def test_update_then_check_passes(tmp_path):
    good = write_notebook(tmp_path / "good.ipynb", [('println!("hi");', []), ("6 * 7", [])])
    code, output = checker("update", good)
    assert code == 0, output
    code, output = checker("check", good)
    assert code == 0 and "1 passed, 0 failed" in output, output


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs(path):
    """`notebooks.py check` of one notebook: no failed cell, every output the committed one."""
    problems, _, seconds = notebooks.check_one(path)
    assert not problems, "\n".join(problems)
