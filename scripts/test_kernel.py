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
    """A notebook's kernel, started from the venv's `rust` kernelspec as JupyterLab starts it
    (scripts/kernel), with ENV (default this process's) minus any EVCXR_* variable. Also
    scripts/test_first_minutes.py's, where the kernel may be the stand-in."""

    def __init__(self, env=None):
        env = {k: v for k, v in (env or os.environ).items() if not k.startswith("EVCXR_")}
        self.km = KernelManager(kernel_name="rust")
        self.km.kernel_spec_manager.kernel_dirs = [str(KERNELS)]
        self.km.start_kernel(cwd=str(NOTEBOOK.parent), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.stash = []  # iopub messages read while collecting another request

    def send(self, code):
        return self.kc.execute(code, allow_stdin=False)

    def info(self, timeout=30):
        """The kernel_info reply's content, or None within TIMEOUT seconds."""
        msg_id = self.kc.kernel_info()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]
        return None

    def collect(self, msg_id, timeout=1200):
        """(the reply's status, the outputs as nbformat outputs) of one request, once the kernel
        is idle again after it and has replied."""
        deadline = time.monotonic() + timeout
        outputs = self._outputs(msg_id, deadline)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no reply within %d s" % timeout)
            try:
                reply = self.kc.get_shell_msg(timeout=min(remaining, 5))
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]["status"], outputs

    def _outputs(self, msg_id, deadline):
        outputs = []
        while True:
            msg = self._next(msg_id, deadline - time.monotonic())
            if msg is None:
                raise TimeoutError("no output ended within the time given")
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                # evcxr may forward a line of output just after idle: wait for quiet.
                while (late := self._next(msg_id, notebooks.QUIET * 5)) is not None:
                    if late["msg_type"] == "stream":
                        outputs.append(nbformat.v4.new_output("stream", **late["content"]))
                return outputs
            if kind == "stream":
                outputs.append(nbformat.v4.new_output("stream", **content))
            elif kind in ("execute_result", "display_data"):
                outputs.append(nbformat.v4.new_output(
                    kind, data=content["data"], **({"execution_count": 1} if kind == "execute_result" else {})))
            elif kind == "error":
                outputs.append(nbformat.v4.new_output(
                    "error", ename=content["ename"], evalue=content["evalue"], traceback=content["traceback"]))

    def _next(self, msg_id, timeout):
        """The next iopub message of request MSG_ID within TIMEOUT seconds, or None; the other
        requests' messages are kept for their own collect (Run All sends several at once)."""
        for i, msg in enumerate(self.stash):
            if msg["parent_header"].get("msg_id") == msg_id:
                return self.stash.pop(i)
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=min(remaining, 5))
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
            self.stash.append(msg)
        return None

    def run(self, code, timeout=1200):
        return self.collect(self.send(code), timeout)

    def where(self):
        _, out = self.run(WHERE)
        return notebooks.visible(out)[0][1].strip().strip('"')

    def pid(self):
        return self.km.provisioner.process.pid

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
        _, fresh = kernel.run(cell.source)
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
                _, fresh = kernel.collect(msg_id)
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
            group = os.getpgid(k.pid())
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


def run_tests(tests, argv):
    """Runs the tests named in ARGV (all of TESTS without), each a function returning its
    problems; prints ok or FAIL with the problems; 1 if any failed. (scripts/test_first_minutes.py
    runs its tests with it too.)"""
    failed = 0
    for name in argv or list(tests):
        start = time.monotonic()
        try:
            problems = tests[name]()
        except Exception as err:  # a timeout or a crash is a failure of that test, not the run
            problems = [f"{name}: {type(err).__name__}: {err}"]
        seconds = time.monotonic() - start
        if problems:
            failed += 1
            print(f"FAIL {name} ({seconds:.0f} s)")
            for p in problems:
                print("  " + p)
        else:
            print(f"ok   {name} ({seconds:.0f} s)", flush=True)
    return 1 if failed else 0


def main(argv):
    return run_tests(TESTS, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
