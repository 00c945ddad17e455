"""The project's kernel (scripts/kernel, the venv's `rust` kernelspec) where a learner can trip it:
two kernels at once, a restart half-way through a notebook, and a first build that is killed
half-way. In each case every cell's outputs must be the committed ones and no cell may fail; the
build directories must not be shared by two live kernels and must survive a restart. The
interrupted build runs in build directories of its own (TMPDIR pointed at a fresh temporary
folder), so it neither needs nor disturbs the warm ones."""
import os
import signal
import time

import nbformat
import pytest
from conftest import notebooks, where

NOTEBOOK = notebooks.NOTEBOOKS / "01-data-and-bigrams.ipynb"
CELLS = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
pytestmark = pytest.mark.slow


def check_cells(kernel, cells):
    """Runs the cells in order: each without an error or stderr, its outputs the committed ones."""
    for i, cell in enumerate(cells, start=1):
        fresh = kernel.run(cell.source).outputs
        bad = [o for o in fresh if o.output_type == "error"
               or (o.output_type == "stream" and o.name == "stderr")]
        assert not bad, f"code cell {i} failed: {bad[0]}"
        assert notebooks.visible(fresh) == notebooks.visible(cell.outputs), \
            f"code cell {i}: outputs differ from the committed ones"


def test_parallel(kernel):
    """Two kernels at once: two build directories, both right, compiling at the same time."""
    a, b = kernel(), kernel()
    assert where(a) and where(a) != where(b), "two live kernels share a build directory"
    for i, cell in enumerate(CELLS[:4], start=1):
        ids = a.send(cell.source), b.send(cell.source)
        for k, msg_id in zip((a, b), ids):
            fresh = k.collect(msg_id).outputs
            assert notebooks.visible(fresh) == notebooks.visible(cell.outputs), f"code cell {i}"


def test_restart(kernel):
    """A restart half-way through: the same build directory, nothing rebuilt, the same outputs."""
    k = kernel()
    before = where(k)
    check_cells(k, CELLS[:3])
    k.restart()
    start = time.monotonic()
    check_cells(k, CELLS[:1])
    print(f"first cell after the restart {time.monotonic() - start:.1f} s")
    assert where(k) == before, "the build directory changed"
    check_cells(k, CELLS[1:4])


def test_interrupted(kernel, tmp_path):
    """The first build killed half-way, then run again: a complete build and the right outputs."""
    env = dict(os.environ, TMPDIR=str(tmp_path))
    k = kernel(env)
    k.send(CELLS[0].source)  # builds ndarray, makemore, ... from nothing
    time.sleep(20)
    group = os.getpgid(k.pid())
    assert group != os.getpgid(0)  # the kernel's own session (jupyter_client starts one)
    os.killpg(group, signal.SIGKILL)
    time.sleep(2)
    k = kernel(env)
    check_cells(k, CELLS[:3])
    assert where(k).startswith(str(tmp_path)), "the kernel built outside its TMPDIR"
