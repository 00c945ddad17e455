#!/usr/bin/env python3
"""The stand-in for the Rust kernel while evcxr_jupyter is being built, which scripts/kernel runs
in its place (on a fresh machine, the first 10 minutes or so after scripts/open).

A small ipykernel kernel that answers every cell at once with the build's progress, as
`scripts/kernel-build --status` reads it from cargo, and what to do; the reply says "error", so
Run All stops at the first cell, but there is no traceback. It starts the build when none is
running (after a build killed half-way), unless the last one failed: then it says so, with the end
of the log. Once the build is done and the stand-in idle, it exits with HANDOFF, and scripts/kernel
starts evcxr_jupyter on the same connection file: JupyterLab sees the same kernel all along.

Known limit: a request that reaches the stand-in in the moment between its last check and its exit
is lost (the cell then shows as running until Kernel > Interrupt or Restart); the stand-in hands
over only after a second without any request.
"""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

BUILD = Path(__file__).resolve().parent / "kernel-build"
HANDOFF = 85  # the exit code that tells scripts/kernel to start evcxr_jupyter in its place


def build(mode):
    return subprocess.run([str(BUILD), mode], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, check=False).stdout


def status():
    """(running | done | failed | stopped, what to tell a person), from scripts/kernel-build."""
    state, _, text = build("--status").partition(": ")
    return state, text.strip()


def ensure_build():
    """Starts the build unless one is running or the last one failed (kernel-build --background
    takes the lock, so two callers start one)."""
    if status()[0] not in ("running", "failed", "done"):
        build("--background")


def message():
    """What a cell sent to the stand-in shows."""
    state, text = status()
    if state == "done":
        return ("The Rust kernel has just been built, and this kernel is switching to it now.\n"
                "This cell did not run: run it again in a few seconds.\n")
    if state == "failed":
        said, _, tail = text.partition("\n")
        return (f"{said}\nThis cell did not run. The end of the build's log:\n\n{tail}\n\nTo try "
                "again: run scripts/setup in a terminal (it shows cargo's output), then Kernel > "
                "Restart Kernel here.\n")
    ensure_build()
    return (status()[1] + "\n"
            "It is built once per machine. This cell did not run; the notebook's outputs are the "
            "committed ones until you run it.\nWhen the build is done this kernel switches to Rust "
            "by itself: then run the cell again (or use Kernel > Restart Kernel).\n")


def main(argv):
    try:
        from ipykernel.kernelapp import IPKernelApp
        from ipykernel.kernelbase import Kernel
    except ImportError:  # a venv without JupyterLab (scripts/setup without --lab waits instead)
        print("kernel: evcxr_jupyter is not built yet, and this venv has no ipykernel for the "
              "stand-in kernel: run scripts/setup (it builds evcxr_jupyter)", file=sys.stderr)
        return 1

    class StandIn(Kernel):
        implementation = "makemore-rs-standin"
        implementation_version = "1"
        language = "rust"
        language_version = ""
        # evcxr_jupyter's own, so that the notebook looks the same before and after the handover.
        language_info = {"name": "Rust", "version": "", "mimetype": "text/rust", "file_extension": ".rs",
                         "pygment_lexer": "rust", "codemirror_mode": "rust"}

        @property
        def banner(self):
            return "Stand-in for the Rust kernel while it is being built. " + status()[1]

        async def dispatch_shell(self, *args, **kwargs):
            # No handover while any request is being handled, from the moment it is taken off the
            # socket; and none within a second of a cell (do_execute), when the next cell of a
            # Run All or a quick re-run may be on its way. (Other requests, kernel_info asked
            # over and over among them, do not hold the handover off.)
            watcher.busy += 1
            try:
                return await super().dispatch_shell(*args, **kwargs)
            finally:
                watcher.busy -= 1

        async def do_execute(self, code, silent, store_history=True, user_expressions=None,
                             allow_stdin=False, *, cell_meta=None, cell_id=None):
            watcher.last = time.monotonic()
            text = message()
            watcher.last = time.monotonic()
            if not silent:
                self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": text})
            return {"status": "error", "execution_count": self.execution_count,
                    "ename": "RustKernelNotReady", "evalue": text.splitlines()[0], "traceback": []}

    def hand_over():
        """Exits with HANDOFF once evcxr_jupyter is built and the stand-in has been idle 1 s."""
        ready = False
        while True:
            time.sleep(0.5 if ready else 2.0)
            ready = ready or status()[0] == "done"
            if ready and not watcher.busy and time.monotonic() - watcher.last > 1.0:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(HANDOFF)

    connection = argv[argv.index("--control_file") + 1] if "--control_file" in argv else argv[-1]
    ensure_build()
    watcher = SimpleNamespace(busy=0, last=time.monotonic())  # requests being handled, the last cell's time
    threading.Thread(target=hand_over, daemon=True).start()
    # (log_level: no "running over TCP without encryption" warning in JupyterLab's terminal; evcxr
    # does not give one either.)
    IPKernelApp.launch_instance(argv=["-f", connection, "--IPKernelApp.log_level=ERROR"],
                                kernel_class=StandIn)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
