#!/usr/bin/env python3
"""Checks the first minutes on a fresh machine (scripts/open, scripts/kernel-build, the stand-in
kernel of scripts/standin_kernel.py) with a fake, fast `cargo install` instead of the real
10-minute build of evcxr_jupyter, so no network and no rebuild are needed:

- standin: two notebooks opened while the kernel is being built each get, for a cell, the plain
  "still being built (crate N of M, about K minutes left)" message, no traceback, and Run All
  stops there; one build only; when it is done, both kernels turn into the real evcxr kernel by
  themselves (the same process, no restart) and run a cell, each in its own build directory;
- lock: two scripts/open at once, and a scripts/setup-style `kernel-build --wait` beside them,
  start one build between them; both JupyterLabs answer /api/status (the time it took is printed);
- killed: a build killed half-way is started again by the next scripts/open (and by a stand-in
  kernel), resumes where it stopped, and ends installed, with nothing left behind;
- failed: a build that fails is reported by the stand-in with the end of its log and how to retry,
  and is not started again and again.

    .venv/bin/python scripts/test_first_minutes.py           # all four (about a minute)
    .venv/bin/python scripts/test_first_minutes.py killed    # one of: standin, lock, killed, failed

"Fresh machine" here: MAKEMORE_EVCXR_ROOT points at an empty folder (no evcxr_jupyter there),
MAKEMORE_KERNEL_BUILD_DIR at a temporary one (the build's lock, log and status), and
MAKEMORE_CARGO_INSTALL at the fake below, which prints "Compiling" lines a moment apart and then
"installs" the real evcxr_jupyter (~/.cargo/bin, as scripts/setup installed it) into that root by a
symbolic link, with cargo's install record. TMPDIR is temporary too, so the real kernels' build
directories are new ones. The project's venv (scripts/setup --lab) is used as it is.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_kernel import Kernel, run_tests  # noqa: E402  (the project's kernel, as JupyterLab starts it)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "scripts" / "kernel-build"

FAKE_INSTALL = r'''#!/usr/bin/env python3
# A fake `cargo install evcxr_jupyter ... --root ROOT --target-dir TARGET` (scripts/test_first_minutes.py).
import os, sys, time
from pathlib import Path
args = sys.argv[1:]
root, target = Path(args[args.index("--root") + 1]), Path(args[args.index("--target-dir") + 1])
crates, pause = int(os.environ["FAKE_CRATES"]), float(os.environ["FAKE_SECONDS"])
fail_at = int(os.environ.get("FAKE_FAIL_AT", "-1"))
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

    def __init__(self, tmp, crates, seconds, fail_at=None):
        tmp = Path(tmp)
        self.root, self.state, self.record = tmp / "cargo-root", tmp / "state", tmp / "record"
        (tmp / "tmp").mkdir()
        self.root.mkdir()
        fake = tmp / "fake-cargo-install"
        fake.write_text(FAKE_INSTALL)
        fake.chmod(0o755)
        real = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin" / "evcxr_jupyter"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("EVCXR_")}
        self.env.update(MAKEMORE_EVCXR_ROOT=str(self.root), MAKEMORE_KERNEL_BUILD_DIR=str(self.state),
                        MAKEMORE_CARGO_INSTALL=str(fake), FAKE_CRATES=str(crates),
                        FAKE_SECONDS=str(seconds), FAKE_RECORD=str(self.record),
                        FAKE_EVCXR=str(real), TMPDIR=str(tmp / "tmp"))
        if fail_at is not None:
            self.env["FAKE_FAIL_AT"] = str(fail_at)

    def build(self, mode="--background"):
        return subprocess.run([str(BUILD), mode], env=self.env, capture_output=True, text=True)

    def builds_started(self):
        return self.record.read_text().count("start") if self.record.exists() else 0

    def status(self):
        try:
            return (self.state / "kernel-build.status").read_text().split()
        except OSError:
            return []

    def log(self):
        try:
            return (self.state / "kernel-build.log").read_text()
        except OSError:
            return ""

    def compiled(self):
        return re.findall(r"Compiling (crate\d+)", self.log())

    def wait(self, done, timeout, what):
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not within {timeout} s")
            time.sleep(0.2)

    def wait_status(self, word, timeout=60):
        self.wait(lambda: self.status()[:1] == [word], timeout, f"build status {word}")

    def kill_build(self):
        """SIGKILL to the running build's process group (the build, cargo and rustc, or the fake)."""
        words = self.status()
        assert words[0] == "running", words
        os.killpg(int(words[1]), signal.SIGKILL)
        self.wait(lambda: not alive(int(words[1])), 10, "the killed build to go")


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def text_of(outputs):
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


def message_problems(label, status, outputs):
    """What is wrong with a stand-in's answer to a cell sent while the kernel is being built."""
    problems = []
    text = text_of(outputs)
    if any(o.output_type == "error" for o in outputs):
        problems.append(f"{label}: an error output (a traceback) instead of a plain message")
    if status != "error":
        problems.append(f"{label}: reply status {status!r}, not 'error' (Run All would go on)")
    if not re.search(r"still being built \(crate \d+ of \d+, (about (a|\d+) minutes? left|"
                     r"less than a minute left)", text):
        problems.append(f"{label}: no progress with the time left in {text!r}")
    if "run the cell again" not in text:
        problems.append(f"{label}: the message does not say what to do: {text!r}")
    return problems


def evcxr_problems(label, kernel):
    problems = []
    status, outputs = kernel.run("1 + 1")
    results = [o["data"].get("text/plain") for o in outputs if o.output_type == "execute_result"]
    if status != "ok" or results != ["2"]:
        problems.append(f"{label}: 1 + 1 gave {status} {outputs}")
    return problems


def standin():
    """Two notebooks while building; one build; both hand over to evcxr by themselves."""
    with tempfile.TemporaryDirectory(prefix="makemore-first-") as tmp:
        m = Machine(tmp, crates=8, seconds=1.0)
        problems = []
        out = m.build()
        if "background" not in out.stdout:
            problems.append(f"standin: scripts/kernel-build --background said {out.stdout!r}")
        a, b = Kernel(m.env), Kernel(m.env)
        try:
            info = a.info()
            if info["implementation"] != "makemore-rs-standin" or "being built" not in info["banner"]:
                problems.append(f"standin: kernel_info {info['implementation']}: {info['banner']!r}")
            # Run All: the cells are sent at once; the first answers, the rest are not run.
            first, second = a.send("1 + 1"), a.send("2 + 2")
            status, outputs = a.collect(first)
            problems += message_problems("standin, notebook a", status, outputs)
            print("test_first_minutes: the stand-in says: " + text_of(outputs).splitlines()[0])
            status, outputs = a.collect(second)
            if status != "aborted" or outputs:
                problems.append(f"standin: Run All's second cell: {status} {outputs}")
            problems += message_problems("standin, notebook b", *b.run("1 + 1"))
            pids = a.pid(), b.pid()
            m.wait_status("done")
            if m.builds_started() != 1:
                problems.append(f"standin: {m.builds_started()} builds started, not 1")
            for kernel, name in ((a, "a"), (b, "b")):
                start = time.monotonic()
                m.wait(lambda: (kernel.info(5) or {}).get("implementation") not in
                       (None, "makemore-rs-standin"), 60, f"notebook {name} to turn into evcxr")
                print(f"test_first_minutes: notebook {name} answered as evcxr "
                      f"{time.monotonic() - start:.1f} s after the build")
            for kernel, name in ((a, "a"), (b, "b")):
                problems += evcxr_problems(f"standin, notebook {name} after the build", kernel)
            if (a.pid(), b.pid()) != pids or not (a.km.is_alive() and b.km.is_alive()):
                problems.append("standin: the kernels' processes changed (a restart, not a handover)")
            where = [k.where() for k in (a, b)]
            if where[0] == where[1]:
                problems.append(f"standin: both kernels build in the same directory {where[0]}")
            return problems
        finally:
            a.stop()
            b.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_open(env, port, log):
    return subprocess.Popen([str(ROOT / "scripts" / "open"), "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def api_status(log_path, port):
    found = re.search(r"token=([0-9a-f]+)", Path(log_path).read_text())
    if not found:
        return None
    try:
        url = f"http://127.0.0.1:{port}/api/status?token={found.group(1)}"
        with urllib.request.urlopen(url, timeout=2) as reply:
            return json.loads(reply.read())
    except OSError:
        return None


def lock():
    """Two scripts/open at once and a waiting set-up: one build; both JupyterLabs answer."""
    with tempfile.TemporaryDirectory(prefix="makemore-first-") as tmp:
        m = Machine(tmp, crates=10, seconds=1.0)
        env = dict(m.env, JUPYTER_RUNTIME_DIR=str(Path(tmp) / "runtime"),
                   JUPYTER_DATA_DIR=str(Path(tmp) / "data"))
        problems, opens, logs = [], [], []
        start = time.monotonic()
        try:
            for i in range(2):
                logs.append(Path(tmp) / f"open-{i}.log")
                port = free_port()
                opens.append((start_open(env, port, logs[-1].open("w")), port))
            # scripts/setup (what scripts/test runs) while the build runs: it waits for that one.
            m.wait(lambda: m.builds_started() == 1, 60, "a build to start")
            waiting = subprocess.Popen([str(BUILD), "--wait"], env=m.env, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            answered = {}
            m.wait(lambda: all(answered.setdefault(i, time.monotonic() - start)
                               if api_status(logs[i], port) else False
                               for i, (_, port) in enumerate(opens)), 90, "both JupyterLabs")
            print("test_first_minutes: two scripts/open at once: JupyterLab answered /api/status "
                  + " and ".join(f"{answered[i]:.1f} s" for i in sorted(answered)) + " after")
            output, _ = waiting.communicate(timeout=60)
            if waiting.returncode != 0 or "already running" not in output:
                problems.append(f"lock: kernel-build --wait: exit {waiting.returncode}: {output!r}")
            if m.status() != ["done"] or m.build("--check").returncode != 0:
                problems.append(f"lock: after the wait, status {m.status()}, not installed")
            if m.builds_started() != 1:
                problems.append(f"lock: {m.builds_started()} builds started, not 1")
            if sorted(m.compiled()) != sorted(f"crate{i}" for i in range(10)):
                problems.append(f"lock: the log's crates: {m.compiled()}")
            return problems
        finally:
            for process, _ in opens:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(process.pid, signal.SIGKILL)


def killed():
    """A build killed half-way: started again (by scripts/open, by a stand-in), resumed, done."""
    with tempfile.TemporaryDirectory(prefix="makemore-first-") as tmp:
        m = Machine(tmp, crates=16, seconds=0.3)
        problems = []
        m.build()
        m.wait(lambda: len(m.compiled()) >= 5, 30, "five crates")
        m.kill_build()
        said = [""]

        def stopped():
            said[0] = subprocess.run([str(ROOT / ".venv" / "bin" / "python"),
                                      str(ROOT / "scripts" / "standin_kernel.py"), "--status"],
                                     env=m.env, capture_output=True, text=True).stdout
            return "no build is running" in said[0]
        try:
            m.wait(stopped, 10, "the stand-in to see the build stopped")
        except TimeoutError:
            problems.append(f"killed: the stand-in's status after the kill: {said[0]!r}")
        # scripts/open again (its set-up runs kernel-build --background): a new build, resumed.
        out = m.build()
        if "background" not in out.stdout:
            problems.append(f"killed: the next open did not start a build: {out.stdout!r}")
        m.wait(lambda: m.builds_started() == 2, 10, "the second build")
        m.wait(lambda: len(m.compiled()) >= 10, 30, "ten crates")
        m.kill_build()
        # A stand-in kernel finds the build stopped and starts it again for a cell.
        k = Kernel(m.env)
        try:
            problems += message_problems("killed, a cell after the second kill", *k.run("1 + 1"))
        finally:
            k.stop()
        m.wait_status("done")
        compiled = m.compiled()
        if m.builds_started() != 3:
            problems.append(f"killed: {m.builds_started()} builds started, not 3")
        if sorted(set(compiled)) != sorted(f"crate{i}" for i in range(16)):
            problems.append(f"killed: not every crate was built: {compiled}")
        if len(compiled) > 16 + 2:  # at most the crate each kill interrupted is compiled again
            problems.append(f"killed: the builds started over instead of resuming: {compiled}")
        if (m.state / "kernel-build-target").exists():
            problems.append("killed: the target directory is left behind after the install")
        if m.build("--check").returncode != 0:
            problems.append("killed: evcxr_jupyter is not installed after the build")
        return problems


def failed():
    """A failed build: reported, with the log's end and how to retry; not started again."""
    with tempfile.TemporaryDirectory(prefix="makemore-first-") as tmp:
        m = Machine(tmp, crates=6, seconds=0.1, fail_at=3)
        problems = []
        m.build()
        m.wait_status("failed", 30)
        k = Kernel(m.env)
        try:
            for attempt in (1, 2):
                status, outputs = k.run("1 + 1")
                text = text_of(outputs)
                if any(o.output_type == "error" for o in outputs) or status != "error":
                    problems.append(f"failed: a traceback or status {status}: {outputs}")
                for needed in ("failed", "exited with 101", "could not compile `crate3`",
                               "scripts/setup"):
                    if needed not in text:
                        problems.append(f"failed, cell {attempt}: {needed!r} not in {text!r}")
        finally:
            k.stop()
        if m.builds_started() != 1:
            problems.append(f"failed: {m.builds_started()} builds started, not 1")
        return problems


TESTS = {"standin": standin, "lock": lock, "killed": killed, "failed": failed}


if __name__ == "__main__":
    sys.exit(run_tests(TESTS, sys.argv[1:]))
