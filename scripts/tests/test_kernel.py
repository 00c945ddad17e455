"""The project's kernel (scripts/kernel, the venv's `rust` kernelspec) where a learner can trip it:
two kernels at once, a restart half-way through a notebook, and a first build that is killed
half-way. In each case every cell's outputs must be the committed ones and no cell may fail; the
build directories must not be shared by two live kernels and must survive a restart. The
interrupted build runs in build directories of its own (TMPDIR pointed at a fresh temporary
folder), so it neither needs nor disturbs the warm ones."""
import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path
from queue import Empty

import nbformat
import pytest
from conftest import beside_the_crate, notebooks, wait, where

NOTEBOOK = notebooks.NOTEBOOKS / "01-data-and-bigrams.ipynb"
CELLS = [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
pytestmark = pytest.mark.slow


def check_cells(kernel, cells):
    """Runs the cells in order: each without an error or stderr, its outputs the committed ones;
    returns their execution counts."""
    counts = []
    for i, cell in enumerate(cells, start=1):
        reply = kernel.run(cell.source)
        fresh = reply.outputs
        counts.append(reply.count)
        assert reply.content["execution_count"] == reply.count, "execute_input and reply disagree"
        bad = [o for o in fresh if o.output_type == "error"
               or (o.output_type == "stream" and o.name == "stderr")]
        assert not bad, f"code cell {i} failed: {bad[0]}"
        assert notebooks.visible(fresh) == notebooks.visible(cell.outputs), \
            f"code cell {i}: outputs differ from the committed ones"
    return counts


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
    """The first build killed half-way, then run again: a complete build, the right outputs, and
    makemore not built incrementally (scripts/kernel)."""
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
    # makemore is built whole: no incremental cache that a killed rebuild could leave half-right.
    assert not list(Path(where(k)).glob("target/**/incremental/makemore-*")), "makemore built incrementally"


def test_value_compiled_once(kernel, tmp_path):
    """A cell that ends in a value without an evcxr_display() of its own is compiled once, with the
    prelude's (scripts/setup's evcxr.toml), not a second time with evcxr's {:?} fallback, and shows
    what that fallback shows."""
    k = kernel(cwd=tmp_path)
    compiled = Path(where(k)) / "src" / "lib.rs"  # the cell evcxr compiled last
    reply = k.run("vec![Some(1u8), None]")
    assert notebooks.visible(reply.outputs) == [("text/plain", "[Some(1), None]")], reply.outputs
    assert ".evcxr_display();" in compiled.read_text(), "compiled with the {:?} fallback"
    reply = k.run("struct NoDebug; NoDebug")  # neither: evcxr's own error, as without the prelude
    assert reply.status == "error" and "doesn't implement `Debug`" in str(reply.outputs), reply.outputs


def warmed(log, step, outcome="done", timeout=600):
    """Waits until the kernel's terminal (LOG) says the warm-up's STEP ended with OUTCOME."""
    wait(lambda: f"warm-up step {step} {outcome}" in log.read_text(), timeout, f"warm-up step {step} {outcome}")


def stray(k):
    """The IOPub messages that answer no request of this client (the warm-up's, were any shown)."""
    shown = []
    with suppress(Empty):
        while m := k.kc.get_iopub_msg(timeout=0.5):
            if m["parent_header"].get("session") != k.kc.session.session:
                shown.append(m["msg_type"])
    return shown


def first_count(kernel, tmp_path):
    """The execution count evcxr gives a first cell, from a kernel with nothing to warm up (stopped
    after, so the next kernel gets its build directory)."""
    bare = kernel(cwd=tmp_path)
    count = bare.run("1 + 1").count
    bare.stop()
    return count


def test_warm_up_while_reading(kernel, tmp_path):
    """The learner reads for a while: the warm-up runs meanwhile, unseen (no message, no variable,
    the same execution counts), and the cells give the committed outputs."""
    count = first_count(kernel, tmp_path)
    log = tmp_path / "kernel.log"
    k = kernel(extra={"JPY_SESSION_NAME": str(NOTEBOOK)}, log=log.open("w"))
    assert k.info(timeout=2) and "warm-up step 1" not in log.read_text(), \
        "a page connecting during the warm-up waits for it"
    warmed(log, 1)
    warmed(log, 2)
    assert not (shown := stray(k)), f"the learner saw the warm-up: {shown}"
    assert check_cells(k, CELLS[:4]) == list(range(count, count + 4))
    shown = notebooks.visible(k.run(":vars").outputs)
    assert shown and "_warm_up" not in shown[0][1], shown


def test_warm_up_run_all(kernel, tmp_path):
    """Run All at once: every cell queued behind the warm-up's first step, none after its second
    (which is left out), the same counts and outputs."""
    count = first_count(kernel, tmp_path)
    log = tmp_path / "kernel.log"
    k = kernel(extra={"JPY_SESSION_NAME": str(NOTEBOOK)}, log=log.open("w"))
    ids = [k.send(c.source) for c in CELLS[:4]]
    replies = [k.collect(i) for i in ids]
    assert [(r.count, r.content["execution_count"]) for r in replies] == [(c, c) for c in range(count, count + 4)]
    for i, (cell, reply) in enumerate(zip(CELLS, replies), start=1):
        assert notebooks.visible(reply.outputs) == notebooks.visible(cell.outputs), f"code cell {i}"
    text = log.read_text()
    assert "warm-up step 1 done" in text and "warm-up step 2" not in text, text


def test_warm_up_broken_crate(kernel, tmp_path):
    """makemore does not compile: the warm-up fails unseen, the learner's first cell shows the
    compiler's error as without it, and the kernel lives on."""
    top = tmp_path / "clone"
    top.mkdir()
    subprocess.run(f"git -C {notebooks.ROOT} archive HEAD crate | tar x -C {top}", shell=True, check=True)
    with open(top / "crate/src/lib.rs", "a") as lib:
        lib.write('compile_error!("broken on purpose");\n')
    folder = beside_the_crate(top, NOTEBOOK.name)
    log = tmp_path / "kernel.log"
    k = kernel(cwd=folder, extra={"JPY_SESSION_NAME": str(folder / NOTEBOOK.name)}, log=log.open("w"))
    warmed(log, 1, "failed")
    assert not (shown := stray(k)), f"the learner saw the warm-up: {shown}"
    reply = k.run(CELLS[0].source)
    errors = [o.evalue for o in reply.outputs if o.output_type == "error"]
    assert reply.status == "error" and any("broken on purpose" in e for e in errors), reply
    assert notebooks.visible(k.run("1 + 1").outputs) == [("text/plain", "2")]
