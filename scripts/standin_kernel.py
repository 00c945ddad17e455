#!/usr/bin/env python3
"""The stand-in for the Rust kernel while evcxr_jupyter is being built (on a fresh machine, the
first 10 minutes or so after scripts/open; see scripts/kernel-build).

scripts/kernel runs it instead of evcxr_jupyter when evcxr_jupyter is not installed yet. It is a
small Jupyter kernel (ipykernel, which the venv has with JupyterLab) that

- answers every cell, at once, with a plain message instead of running it: the build's progress
  ("crate 212 of 273, about 4 minutes left", from the build's log) and what to do; the reply says
  "error", so Run All stops at the first cell instead of replacing every committed output, but
  there is no traceback, only the message;
- starts the build itself (scripts/kernel-build --background) when none is running, e.g. after a
  build killed half-way, unless the last one failed: then it says so, with the end of the log;
- hands over to the real kernel by itself: once the build is done and the stand-in is idle, it
  exits with HANDOFF, and scripts/kernel, its parent in the same process, then starts evcxr_jupyter
  on the same connection file. JupyterLab sees the same kernel process all along (no "kernel
  died" dialog, no restart to ask for); the next cell goes to evcxr. Kernel > Restart does the
  same at any time (a restart runs scripts/kernel again, which then starts evcxr_jupyter at once).

    scripts/kernel --control_file CONNECTION_FILE     (how Jupyter starts it, via scripts/kernel)
    .venv/bin/python scripts/standin_kernel.py --status   (the build's progress, in one line)

Known limit: a request that reaches the stand-in's socket in the moment between its last check and
its exit is lost (a cell then shows as running until Kernel > Interrupt or Restart); the stand-in
hands over only after a second without any request, so this needs a cell run at exactly that
moment.
"""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("MAKEMORE_KERNEL_BUILD_DIR") or ROOT / ".venv")
LOG = STATE / "kernel-build.log"
STATUS = STATE / "kernel-build.status"
BUILD = ROOT / "scripts" / "kernel-build"
HANDOFF = 85  # the exit code that tells scripts/kernel to start evcxr_jupyter in its place

# The reference build (BENCHMARKS.md, "Cells", "The first minutes"): `cargo install evcxr_jupyter
# --version 0.22.0 --locked` at opt-level 1, from cached sources, on the shared 2-core machine
# under nice 19 (load 1.5 to 3 from other work): 273 "Compiling" lines, the last (evcxr_jupyter
# itself) 645 s in, done at 672 s. REFERENCE maps how many crates had started compiling to the
# seconds since cargo started. It is far from even (crates 140 to 160, rust-analyzer's type
# inference among them, take 200 s), so the time left follows this curve, scaled by how fast the
# build has gone so far against it.
CRATES = 273
TOTAL = 672.0
REFERENCE = [(0, 0), (10, 10), (20, 16), (30, 18), (40, 26), (50, 34), (60, 38), (70, 47),
             (80, 79), (90, 89), (100, 106), (110, 110), (120, 114), (130, 129), (140, 132),
             (150, 229), (160, 336), (170, 345), (180, 365), (190, 377), (200, 390), (210, 397),
             (220, 400), (230, 428), (240, 504), (250, 571), (260, 593), (270, 645), (273, 645)]


def reference_seconds(crates):
    """Seconds into the reference build when `crates` crates had started compiling."""
    crates = max(0, min(crates, CRATES))
    for (n0, t0), (n1, t1) in zip(REFERENCE, REFERENCE[1:]):
        if crates <= n1:
            return t0 + (t1 - t0) * (crates - n0) / max(1, n1 - n0)
    return REFERENCE[-1][1]


def alive(pid):
    """Whether the process exists and has not exited (a zombie waiting for its parent has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rpartition(")")[2].split()[0] != "Z"
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def group_alive(pgid):
    """Whether a process of the group is left that has not exited (zombies aside: on some
    machines init takes seconds to reap them)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def read_status():
    """("done",) | ("failed", code) | ("running", pid, start) | ("stopped",) | ("none",)."""
    try:
        words = STATUS.read_text().split()
    except OSError:
        return ("none",)
    if not words:
        return ("none",)
    if words[0] == "done":
        return ("done",)
    if words[0] == "failed":
        return ("failed", words[1] if len(words) > 1 else "?")
    if words[0] == "running" and len(words) >= 3:
        pid = int(words[1])
        # A background build leads its own process group: while cargo or rustc is left in it (only
        # the script itself killed), the build goes on, and holds the lock.
        return ("running", pid, int(words[2])) if alive(pid) or group_alive(pid) else ("stopped",)
    return ("none",)


def progress(now=None):
    """(crates started, crates in all, seconds left or None) from the build's log."""
    now = time.time() if now is None else now
    seen, attempt_start, at_attempt, last_start = set(), None, 0, None
    try:
        lines = LOG.read_text(errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        stamp, _, text = line.partition(" ")
        text = text.strip()
        try:
            stamp = float(stamp)
        except ValueError:
            continue
        if text.startswith("== kernel-build: cargo install"):
            attempt_start, at_attempt, last_start = stamp, len(seen), stamp
        elif text.startswith("Compiling "):
            name = " ".join(text.split()[1:3])  # "name vX.Y.Z"; a resumed build may repeat one
            if name not in seen:
                seen.add(name)
                last_start = stamp
    done = min(len(seen), CRATES)
    if attempt_start is None:
        return done, CRATES, None
    # How fast this attempt goes against the reference (when the last crate started, against when
    # it started there), once there is enough of it to tell; then where the build is now on the
    # reference's clock: past the last crate's start, but not yet at the next one's.
    ran = reference_seconds(done) - reference_seconds(at_attempt)
    speed = min(3.0, max(0.5, (last_start - attempt_start) / ran)) if ran >= 60 else 1.0
    upto = reference_seconds(done + 1) if done < CRATES else TOTAL
    position = min(reference_seconds(done) + max(0.0, now - last_start) / speed, upto)
    # At least 20 s: the last crate, evcxr_jupyter itself, and its link take that.
    return done, CRATES, max((TOTAL - position) * speed, 20.0)


def how_long(seconds):
    if seconds is None:
        return "about 10 minutes in all on 2 cores"
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than a minute left"
    if minutes == 1:
        return "about a minute left"
    return f"about {minutes} minutes left"


def describe():
    """The build's state in one sentence, for a person."""
    state = read_status()
    if state[0] == "done":
        return "The Rust kernel has been built."
    if state[0] == "failed":
        return (f"The build of the Rust kernel (evcxr_jupyter) failed: cargo install exited with "
                f"{state[1]}.")
    if state[0] in ("stopped", "none"):
        return ("The Rust kernel is not built yet, and no build is running (scripts/open starts "
                "it).")
    done, total, left = progress()
    return (f"The Rust kernel is still being built (crate {done} of {total}, {how_long(left)}; "
            f"log: {LOG}).")


def log_tail(lines=12):
    try:
        text = LOG.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "\n".join(line.partition(" ")[2] for line in text)


def ensure_build():
    """Starts the build unless one is running or the last one failed (kernel-build --background
    does nothing when evcxr_jupyter is installed, and takes the lock, so two callers start one)."""
    if read_status()[0] in ("running", "failed"):
        return
    subprocess.run([str(BUILD), "--background"], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for _ in range(40):  # the build, started in the background, writes its status at once
        if read_status()[0] in ("running", "failed", "done"):
            return
        time.sleep(0.05)


def installed():
    return subprocess.run([str(BUILD), "--check"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def message():
    """What a cell sent to the stand-in shows."""
    state = read_status()
    if state[0] != "running" and installed():
        return ("The Rust kernel has just been built, and this kernel is switching to it now.\n"
                "This cell did not run: run it again in a few seconds.\n")
    if state[0] == "failed":
        return (describe() + "\nThis cell did not run. The end of the build's log "
                f"({LOG}):\n\n{log_tail()}\n\nTo try again: run scripts/setup in a terminal (it "
                "shows cargo's output), then Kernel > Restart Kernel here.\n")
    ensure_build()
    return (describe() + "\n"
            "It is built once per machine. This cell did not run; the notebook's outputs are the "
            "committed ones until you run it.\nWhen the build is done this kernel switches to Rust "
            "by itself: then run the cell again (or use Kernel > Restart Kernel).\n")


def main(argv):
    if argv[:1] == ["--status"]:
        print(describe())
        return 0
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
        language_info = {"name": "Rust", "version": "", "mimetype": "text/rust",
                         "file_extension": ".rs", "pygment_lexer": "rust",
                         "codemirror_mode": "rust"}

        @property
        def banner(self):
            return "Stand-in for the Rust kernel while it is being built. " + describe()

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
                    "ename": "RustKernelNotReady", "evalue": text.splitlines()[0],
                    "traceback": []}

    class Watcher(threading.Thread):
        """Hands over to evcxr_jupyter once it is installed and the stand-in has been idle 1 s."""

        def __init__(self):
            super().__init__(daemon=True)
            self.busy, self.last = 0, time.monotonic()

        def run(self):
            ready, seen, checked = False, None, 0.0
            while True:
                time.sleep(0.5)
                if not ready:
                    # Asks cargo (kernel-build --check) when the status file changes ("done" at
                    # the end of a build) and every 30 s (an evcxr_jupyter installed otherwise).
                    try:
                        now_seen = STATUS.read_text()
                    except OSError:
                        now_seen = None
                    if now_seen != seen or time.monotonic() - checked > 30:
                        seen, checked = now_seen, time.monotonic()
                        ready = read_status()[0] != "running" and installed()
                if ready and not self.busy and time.monotonic() - self.last > 1.0:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(HANDOFF)

    connection = argv[argv.index("--control_file") + 1] if "--control_file" in argv else argv[-1]
    ensure_build()
    watcher = Watcher()
    watcher.start()
    # (log_level: no "running over TCP without encryption" warning in JupyterLab's terminal; evcxr
    # does not give one either.)
    IPKernelApp.launch_instance(argv=["-f", connection, "--IPKernelApp.log_level=ERROR"],
                                kernel_class=StandIn)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
