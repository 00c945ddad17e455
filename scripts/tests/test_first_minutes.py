"""The first minutes on a fresh machine (scripts/open, scripts/kernel-build, the kernel's front
standing in for evcxr: scripts/front_kernel.py --stand-in), with a fake, fast `cargo install` instead of the real 10-minute build
of evcxr_jupyter: it prints "Compiling" lines a moment apart, then "installs" the real
evcxr_jupyter (~/.cargo/bin) by a symbolic link, with cargo's install record. Each Machine is an
empty MAKEMORE_EVCXR_ROOT, a temporary MAKEMORE_KERNEL_BUILD_DIR and TMPDIR (so the real kernels'
build directories are new ones) and an empty folder for the kernels to run in (no notebook, so no
warm-up: the real one builds the notebooks' dependencies for minutes); the project's venv is used
as it is.
"""
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import SCRIPTS, alive, run, stream_text, wait, where

BUILD = SCRIPTS / "kernel-build"

FAKE_INSTALL = r'''#!/usr/bin/env python3
# A fake `cargo install evcxr_jupyter ... --root ROOT --target-dir TARGET` (test_first_minutes.py).
import os, sys, time
from pathlib import Path
args = sys.argv[1:]
root, target = Path(args[args.index("--root") + 1]), Path(args[args.index("--target-dir") + 1])
crates, pause = int(os.environ["FAKE_CRATES"]), float(os.environ["FAKE_SECONDS"])
fail_at = int(os.environ["FAKE_FAIL_AT"])
with open(os.environ["FAKE_RECORD"], "a") as record:
    record.write(f"start {os.getpid()}\n")
target.mkdir(parents=True, exist_ok=True)
print("    Updating crates.io index\n  Installing evcxr_jupyter v0.22.0", flush=True)
for i in range(crates):
    done = target / f"crate{i}.done"  # what cargo's fingerprints do: a built crate is not rebuilt
    if done.exists():
        continue
    if i == fail_at:
        print(f"error: could not compile `crate{i}` (fake)", flush=True)
        sys.exit(101)
    print(f"   Compiling crate{i} v1.0.{i}", flush=True)
    time.sleep(pause)
    done.touch()
(root / "bin").mkdir(parents=True, exist_ok=True)
exe = root / "bin" / "evcxr_jupyter"
if not exe.exists():
    exe.symlink_to(os.environ["FAKE_EVCXR"])
(root / ".crates.toml").write_text(
    '[v1]\n"evcxr_jupyter 0.22.0 (registry+https://github.com/rust-lang/crates.io-index)"'
    ' = ["evcxr_jupyter"]\n')
print("    Finished `release` profile [optimized] target(s)\n"
      "   Installed package `evcxr_jupyter v0.22.0` (executable `evcxr_jupyter`)", flush=True)
'''


class Machine:
    """A fresh machine's worth of environment: no evcxr_jupyter, an empty build state."""

    def __init__(self, tmp, crates, seconds, fail_at=-1):
        tmp = Path(tmp)
        self.root, self.state, self.record = tmp / "cargo-root", tmp / "state", tmp / "record"
        (tmp / "tmp").mkdir()
        self.cwd = tmp / "work"
        self.cwd.mkdir()
        self.root.mkdir()
        fake = tmp / "fake-cargo-install"
        fake.write_text(FAKE_INSTALL)
        fake.chmod(0o755)
        real = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin" / "evcxr_jupyter"
        self.env = dict(os.environ, MAKEMORE_EVCXR_ROOT=str(self.root),
                        MAKEMORE_KERNEL_BUILD_DIR=str(self.state), MAKEMORE_CARGO_INSTALL=str(fake),
                        FAKE_CRATES=str(crates), FAKE_SECONDS=str(seconds),
                        FAKE_RECORD=str(self.record), FAKE_EVCXR=str(real), FAKE_FAIL_AT=str(fail_at),
                        TMPDIR=str(tmp / "tmp"))

    def build(self, mode="--background"):
        return run(BUILD, mode, env=self.env)

    def builds_started(self):
        return self.record.read_text().count("start") if self.record.exists() else 0

    def status(self):
        return self.build("--status")[1].partition(":")[0]

    def compiled(self):
        log = self.state / "kernel-build.log"
        return re.findall(r"Compiling (crate\d+)", log.read_text() if log.exists() else "")

    def wait_status(self, word, timeout=60):
        wait(lambda: self.status() == word, timeout, f"build status {word}")

    def kill_build(self):
        """SIGKILL to the running build's process group (the build, cargo and rustc, or the fake)."""
        pid = int(re.findall(r"\(pid (\d+)\)", (self.state / "kernel-build.log").read_text())[-1])
        assert self.status() == "running", self.build("--status")
        os.killpg(pid, signal.SIGKILL)
        wait(lambda: not alive(pid) and self.status() == "stopped", 10, "the killed build to go")


@pytest.fixture
def machine(tmp_path):
    return lambda **kwargs: Machine(tmp_path, **kwargs)


def assert_progress(reply):
    """A stand-in's answer to a cell sent while the kernel is being built: a plain message with the
    build's progress and what to do, and the reply "error" (so that Run All stops there)."""
    text = stream_text(reply.outputs)
    assert not any(o.output_type == "error" for o in reply.outputs), "a traceback, not a message"
    assert reply.status == "error", "Run All would go on"
    assert re.search(r"still being built \(crate \d+ of \d+, \d+ minutes in", text), text
    assert "run the cell again" in text, text


def assert_evcxr(kernel):
    reply = kernel.run("1 + 1")
    results = [o.data.get("text/plain") for o in reply.outputs if o.output_type == "execute_result"]
    assert (reply.status, results) == ("ok", ["2"]), reply


def test_standin(machine, kernel):
    """Two notebooks while building; one build; both hand over to evcxr by themselves."""
    m = machine(crates=8, seconds=1.0)
    assert "background" in m.build()[1]
    a, b = kernel(m.env, m.cwd), kernel(m.env, m.cwd)
    info = a.info()
    assert info["implementation"] == "makemore-rs-standin" and "being built" in info["banner"], info
    # Run All: the cells are sent at once; the first answers, the rest are not run.
    first, second = a.send("1 + 1"), a.send("2 + 2")
    reply = a.collect(first)
    assert_progress(reply)
    print("the stand-in says: " + stream_text(reply.outputs).splitlines()[0])
    reply = a.collect(second)
    assert (reply.status, reply.outputs) == ("aborted", []), "Run All's second cell ran"
    assert_progress(b.run("1 + 1"))
    pids = a.pid(), b.pid()
    m.wait_status("done")
    assert m.builds_started() == 1
    for k, name in ((a, "a"), (b, "b")):
        start = time.monotonic()
        wait(lambda: (k.info(5) or {}).get("implementation") not in (None, "makemore-rs-standin"),
             60, f"notebook {name} to turn into evcxr")
        print(f"notebook {name} answered as evcxr {time.monotonic() - start:.1f} s after the build")
    for k in (a, b):
        assert_evcxr(k)
    assert (a.pid(), b.pid()) == pids, "the kernels' processes changed (a restart, not a handover)"
    assert where(a) != where(b), "both kernels build in the same directory"


def test_lock(machine, lab, tmp_path):
    """Two scripts/open at once and a waiting set-up: one build; both JupyterLabs answer."""
    m = machine(crates=10, seconds=1.0)
    start = time.monotonic()
    labs = [lab(m.env, SCRIPTS.parent / "notebooks", tmp_path / f"lab-{i}") for i in range(2)]
    # scripts/setup (what scripts/test runs) while the build runs: it waits for that one.
    wait(lambda: m.builds_started() == 1, 60, "a build to start")
    waiting = subprocess.Popen([str(BUILD), "--wait"], env=m.env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for server in labs:
        server.wait_ready(90)
        print(f"JupyterLab answered /api/status {time.monotonic() - start:.1f} s after")
    output, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and "already running" in output, output
    assert m.status() == "done" and m.build("--check")[0] == 0
    assert m.builds_started() == 1
    assert sorted(m.compiled()) == sorted(f"crate{i}" for i in range(10))


def test_killed(machine, kernel):
    """A build killed half-way: started again (by scripts/open, by a stand-in), resumed, done."""
    m = machine(crates=16, seconds=0.3)
    m.build()
    wait(lambda: len(m.compiled()) >= 5, 30, "five crates")
    m.kill_build()
    assert "no build is running" in m.build("--status")[1]
    # scripts/open again (its set-up runs kernel-build --background): a new build, resumed.
    assert "background" in m.build()[1], "the next open did not start a build"
    wait(lambda: m.builds_started() == 2, 10, "the second build")
    wait(lambda: len(m.compiled()) >= 10, 30, "ten crates")
    m.kill_build()
    # A stand-in kernel finds the build stopped and starts it again for a cell.
    assert_progress(kernel(m.env, m.cwd).run("1 + 1"))
    m.wait_status("done")
    compiled = m.compiled()
    assert m.builds_started() == 3
    assert sorted(set(compiled)) == sorted(f"crate{i}" for i in range(16))
    assert len(compiled) <= 16 + 2, "the builds started over instead of resuming"
    assert not (m.state / "kernel-build-target").exists(), "the target directory is left behind"
    assert m.build("--check")[0] == 0, "evcxr_jupyter is not installed after the build"


def test_failed(machine, kernel):
    """A failed build: reported, with the log's end and how to retry; not started again."""
    m = machine(crates=6, seconds=0.1, fail_at=3)
    m.build()
    m.wait_status("failed", 30)
    k = kernel(m.env, m.cwd)
    for _ in (1, 2):
        reply = k.run("1 + 1")
        text = stream_text(reply.outputs)
        assert reply.status == "error" and not any(o.output_type == "error" for o in reply.outputs)
        for needed in ("failed", "exited with 101", "could not compile `crate3`", "scripts/setup"):
            assert needed in text, text
    assert m.builds_started() == 1
