#!/usr/bin/env python3
"""Checks the project's kernel (scripts/kernel, the venv's `rust` kernelspec) where a learner can
trip it: two kernels at once, a restart half-way through a notebook, and a first build that is
killed half-way. In each case every cell's outputs must be the committed ones and no cell may
fail; the build directories must not be shared by two live kernels and must survive a restart.

    .venv/bin/python scripts/test_kernel.py            # all three (about 3 to 5 minutes)
    .venv/bin/python scripts/test_kernel.py restart    # one of: parallel, restart, interrupted

The interrupted build runs in build directories of its own (TMPDIR pointed at a fresh temporary
folder), so it neither needs nor disturbs the warm ones.
"""
import os
import queue
import signal
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # noqa: E402  (visible(): what a reader sees of a cell's outputs)

ROOT = notebooks.ROOT
NOTEBOOK = ROOT / "notebooks" / "01-data-and-bigrams.ipynb"
KERNELS = ROOT / ".venv" / "share" / "jupyter" / "kernels"
WHERE = 'std::env::var("EVCXR_TMPDIR").unwrap_or_default()'


class Kernel:
    def __init__(self, env=None):
        env = {k: v for k, v in (env or os.environ).items() if not k.startswith("EVCXR_")}
        self.km = KernelManager(kernel_name="rust")
        self.km.kernel_spec_manager.kernel_dirs = [str(KERNELS)]
        self.km.start_kernel(cwd=str(NOTEBOOK.parent), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def send(self, code):
        return self.kc.execute(code, allow_stdin=False)

    def collect(self, msg_id, timeout=1200):
        """The outputs of one request, as nbformat outputs, once the kernel is idle again."""
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no reply within %d s" % timeout)
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=min(remaining, 5))
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                # evcxr may forward a line of output just after idle: wait for quiet.
                while True:
                    try:
                        late = self.kc.iopub_channel.get_msg(timeout=notebooks.QUIET * 5)
                    except queue.Empty:
                        return outputs
                    if late["parent_header"].get("msg_id") == msg_id and late["msg_type"] == "stream":
                        outputs.append(nbformat.v4.new_output("stream", **late["content"]))
            if kind == "stream":
                outputs.append(nbformat.v4.new_output("stream", **content))
            elif kind in ("execute_result", "display_data"):
                outputs.append(nbformat.v4.new_output(
                    kind, data=content["data"], **({"execution_count": 1} if kind == "execute_result" else {})))
            elif kind == "error":
                outputs.append(nbformat.v4.new_output(
                    "error", ename=content["ename"], evalue=content["evalue"], traceback=content["traceback"]))

    def run(self, code, timeout=1200):
        return self.collect(self.send(code), timeout)

    def where(self):
        out = self.run(WHERE)
        return notebooks.visible(out)[0][1].strip().strip('"')

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def code_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def check_cells(kernel, cells, label):
    """Runs the cells in order; the problems (failures, outputs unlike the committed ones)."""
    problems = []
    for i, cell in enumerate(cells, start=1):
        fresh = kernel.run(cell.source)
        bad = [o for o in fresh if o.get("output_type") == "error"
               or (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        if bad:
            problems.append(f"{label}: code cell {i} failed: {bad[0]}")
        elif notebooks.visible(fresh) != notebooks.visible(cell.get("outputs", [])):
            problems.append(f"{label}: code cell {i}: outputs differ from the committed ones")
    return problems


def parallel():
    """Two kernels at once: two build directories, both right."""
    cells = code_cells()[:4]
    a, b = Kernel(), Kernel()
    try:
        where_a, where_b = a.where(), b.where()
        problems = [] if where_a and where_a != where_b else [
            f"parallel: two live kernels share a build directory ({where_a!r}, {where_b!r})"]
        # Both compile at the same time: the cells are sent to both before either is collected.
        for i, cell in enumerate(cells, start=1):
            ids = a.send(cell.source), b.send(cell.source)
            for kernel, msg_id, name in ((a, ids[0], "a"), (b, ids[1], "b")):
                fresh = kernel.collect(msg_id)
                if notebooks.visible(fresh) != notebooks.visible(cell.get("outputs", [])):
                    problems.append(f"parallel: kernel {name}, code cell {i}: outputs differ")
        return problems
    finally:
        a.stop()
        b.stop()


def restart():
    """A restart half-way through: the same build directory, nothing rebuilt, the same outputs."""
    cells = code_cells()
    k = Kernel()
    try:
        before = k.where()
        problems = check_cells(k, cells[:3], "restart, before")
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=120)
        start = time.monotonic()
        problems += check_cells(k, cells[:1], "restart, after")
        first = time.monotonic() - start
        after = k.where()
        if after != before:
            problems.append(f"restart: build directory changed from {before} to {after}")
        problems += check_cells(k, cells[1:4], "restart, after")
        print(f"test_kernel: restart: first cell after the restart {first:.1f} s ({after})")
        return problems
    finally:
        k.stop()


def interrupted():
    """The first build killed half-way, then run again: a complete build and the right outputs."""
    cells = code_cells()[:3]
    with tempfile.TemporaryDirectory(prefix="makemore-test-kernel-") as tmp:
        env = dict(os.environ, TMPDIR=tmp)
        k = Kernel(env)
        try:
            k.send(cells[0].source)  # builds ndarray, makemore, ... from nothing
            time.sleep(20)
            group = os.getpgid(k.km.provisioner.process.pid)
            if group != os.getpgid(0):  # the kernel's own session (jupyter_client starts one)
                os.killpg(group, signal.SIGKILL)
        finally:
            k.kc.stop_channels()
            try:
                k.km.shutdown_kernel(now=True)
            except Exception:
                pass
        time.sleep(2)
        k = Kernel(env)
        try:
            problems = check_cells(k, cells, "interrupted, then run again")
            where = k.where()
            if not where.startswith(tmp):
                problems.append(f"interrupted: the kernel built in {where}, not under {tmp}")
            return problems
        finally:
            k.stop()


TESTS = {"parallel": parallel, "restart": restart, "interrupted": interrupted}


def main(argv):
    names = argv or list(TESTS)
    failed = 0
    for name in names:
        start = time.monotonic()
        problems = TESTS[name]()
        seconds = time.monotonic() - start
        if problems:
            failed += 1
            print(f"FAIL {name} ({seconds:.0f} s)")
            for p in problems:
                print("  " + p)
        else:
            print(f"ok   {name} ({seconds:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
