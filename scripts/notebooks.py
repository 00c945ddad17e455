#!/usr/bin/env python3
"""Execute the evcxr notebooks with the real `rust` kernel and check them.

    notebooks.py check [NOTEBOOK...]    execute on a temporary copy; fail on errors or drift
    notebooks.py update [NOTEBOOK...]   execute and write the fresh outputs into the notebooks
    notebooks.py export DIR             the committed notebooks as static HTML pages in DIR, with
                                        the pictures embedded, and an index.html: to share
    notebooks.py student DIR [NOTEBOOK...]   the student version of every notebook with
                                        exercises, written into DIR (see below)

Without NOTEBOOK arguments every notebooks/*.ipynb runs, in name order (lecture order). A NOTEBOOK
is a file name in notebooks/ or its start (`02`), or a path with a `/` to a notebook anywhere.

A notebook fails when a cell has an error output (a compile error), when a cell writes to stderr
(evcxr reports a panic and an error returned by a top-level `?` only there, so the notebooks write
nothing else to stderr), or on a timeout. `check` then compares the fresh outputs with the
committed ones (stdout, text/plain, image/svg+xml, text/html) and fails on any difference with a
diff: what a reader sees in a committed notebook is what the code produces today. It uses the
project venv's Python and the `rust` kernelspec registered there (scripts/setup).

Exercises are marked in cell metadata (docs/teachers.md): `student` replaces each solution cell's
source with its stub, drops a solution's markdown that has no stub, keeps every other cell as it is
and clears all outputs. scripts/tests/test_student.py checks the result with the real kernel.
"""

import copy
import difflib
import os
import re
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNELS = ROOT / ".venv" / "share" / "jupyter" / "kernels"
COMPARED = ("text/plain", "image/svg+xml", "text/html")
CELL_TIMEOUT = 1200  # seconds; the first cell compiles the dependencies
ANSI = re.compile(r"\x1b\[[0-9;]*m")


QUIET = 0.1  # seconds of kernel silence awaited after a cell before the next one starts
SETTLE = 2.0  # the same after the last cell
LATE_LIMIT = 30.0  # seconds at most spent collecting late output after a cell


class NotebookFailure(Exception):
    pass


def joined(value):
    """A notebook's multi-line string, which the .ipynb may hold as a list of lines."""
    return "".join(value) if isinstance(value, list) else (value or "")


def source_text(cell):
    return joined(cell.get("source", ""))


def merged_outputs(outputs):
    """Outputs with consecutive stream chunks of one name joined, so chunking never matters."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else {}
        if (out.get("output_type") == "stream" == last.get("output_type")
                and out.get("name") == last.get("name")):
            last["text"] += out.get("text", "")
        else:
            merged.append(copy.deepcopy(out))
    return merged


def visible(outputs):
    """What a reader sees of a cell's outputs: stdout text and the compared MIME bundles."""
    shown = []
    for out in merged_outputs(outputs):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stdout":
            shown.append(("stdout", out.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            shown += [(mime, joined(data[mime])) for mime in COMPARED if mime in data]
    return shown


def failures(nb):
    """(cell number, message) for every failed cell of an executed notebook."""
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        for out in merged_outputs(cell.get("outputs", [])):  # a markdown cell has none
            kind = out.get("output_type")
            if kind == "error":
                message = f"{out.get('ename', '')}: {out.get('evalue', '')}\n" + "\n".join(out.get("traceback", []))
                found.append((number, ANSI.sub("", message).strip()))
            elif kind == "stream" and out.get("name") == "stderr":
                # evcxr reports a panic ("panicked at ...") and an `Err` returned by a top-level
                # `?` (just the error's message) only on stderr, and our notebooks write nothing
                # else there: any stderr output fails the cell.
                found.append((number, ANSI.sub("", out["text"]).strip()))
    return found


def kernel_env(env=None):
    """A kernel's environment as scripts/open gives it: ENV (default this process's) without any
    EVCXR_* variable, with cargo's bin folder on PATH."""
    env = {k: v for k, v in (env or os.environ).items() if not k.startswith("EVCXR_")}
    cargo_bin = Path(env.get("CARGO_HOME", Path.home() / ".cargo")) / "bin"
    env["PATH"] = f"{cargo_bin}{os.pathsep}{env.get('PATH', '')}"
    return env


OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")


@dataclass
class Reply:
    """What one request got, filed as the kernel's messages come (times: time.monotonic())."""

    sent: float
    content: dict = None  # the shell reply's
    status: str = None  # its status: ok, error or aborted
    count: int = None
    started: float = None
    idle: float = None
    outputs: list = field(default_factory=list)


class Kernel:
    """A kernel of the project, started from the venv's `rust` kernelspec as JupyterLab starts it
    (scripts/kernel; before evcxr_jupyter is built, its front's stand-in), with kernel_env(ENV) and EXTRA,
    in CWD: the client of the checker, the tests (scripts/tests) and bench/cells.

    Every message is filed under the request it answers, whenever it comes (Run All sends several
    requests at once). evcxr forwards the user code's stdout and stderr from a thread of its own,
    so a line can come after the kernel reported the cell idle: collect() waits until the kernel
    has been quiet for a moment, so that a failing cell never passes and its output lands under
    the right cell unless the kernel stalls for longer than that."""

    def __init__(self, env=None, cwd=NOTEBOOKS, timeout=120, extra=None, log=None):
        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name="rust")
        self.km.kernel_spec_manager.kernel_dirs = [str(KERNELS)]
        start = time.monotonic()
        output = {"stdout": log, "stderr": log} if log else {}  # an open file: the kernel's terminal
        self.km.start_kernel(cwd=str(cwd), env={**kernel_env(env), **(extra or {})}, **output)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=timeout)
        except RuntimeError:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - start
        self.requests = {}

    def send(self, code):
        msg_id = self.kc.execute(code, allow_stdin=False)
        self.requests[msg_id] = Reply(time.monotonic())
        return msg_id

    def info(self, timeout=30):
        """The kernel_info reply's content, or None within TIMEOUT seconds."""
        reply = self.requests[self.kc.kernel_info()] = Reply(time.monotonic())
        with suppress(TimeoutError):
            self._wait(self.kc.get_shell_msg, lambda: reply.content is not None,
                       time.monotonic() + timeout)
        return reply.content

    def collect(self, msg_id, timeout=CELL_TIMEOUT, quiet=QUIET * 5):
        """The Reply to one request, once the kernel is idle after it, has been quiet for QUIET
        seconds (at most LATE_LIMIT) and has replied; TimeoutError after TIMEOUT seconds."""
        reply, deadline = self.requests[msg_id], time.monotonic() + timeout
        self._wait(self.kc.get_iopub_msg, lambda: reply.idle is not None, deadline)
        late = min(deadline, reply.idle + LATE_LIMIT)
        while self._read(self.kc.get_iopub_msg, min(late, time.monotonic() + quiet)):
            pass
        self._wait(self.kc.get_shell_msg, lambda: reply.content is not None, deadline)
        return reply

    def _wait(self, get, done, deadline):
        while not done():
            if not self._read(get, deadline):
                raise TimeoutError("no reply from the kernel in time")

    def _read(self, get, deadline):
        """Whether a message came from the channel GET by DEADLINE; it is filed under its request."""
        while (left := deadline - time.monotonic()) > 0:
            if not self.km.is_alive():
                raise RuntimeError("the kernel died")
            try:
                msg = get(timeout=min(left, 1))
            except Empty:
                continue
            self._file(msg)
            return True
        return False

    def _file(self, msg):
        reply = self.requests.get(msg["parent_header"].get("msg_id"))
        kind, content = msg["msg_type"], msg["content"]
        if reply is None:
            return
        if kind == "execute_input":
            reply.started, reply.count = time.monotonic(), content.get("execution_count")
        elif kind == "status" and content["execution_state"] == "idle":
            reply.idle = reply.idle or time.monotonic()
        elif kind in OUTPUT_TYPES:
            reply.outputs.append(nbformat.v4.output_from_msg(msg))
        elif kind.endswith("_reply"):
            reply.content, reply.status = content, content.get("status")

    def run(self, code, timeout=CELL_TIMEOUT, quiet=QUIET * 5):
        return self.collect(self.send(code), timeout, quiet)

    def restart(self):
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=120)

    def pid(self):
        return self.km.provisioner.process.pid

    def stop(self, now=True):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=now)


def execute(path):
    """Executes a copy of the notebook cell by cell; returns it and the seconds taken."""
    # The kernel is the venv's `rust` kernelspec, scripts/kernel, as under scripts/open: the same
    # evcxr configuration and the same build directories (kept between kernels, one per kernel
    # running at once), so the checker runs what a learner runs.
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = time.monotonic()
    try:
        kernel = Kernel(cwd=path.parent, extra={"JPY_SESSION_NAME": str(path)})  # as jupyter_server
    except RuntimeError as err:  # e.g. "Kernel died before replying to kernel_info"
        raise NotebookFailure(f"{path.name}: the kernel could not start: {err}")
    try:
        for cell in code:
            reply = kernel.run(cell.source, quiet=SETTLE if cell is code[-1] else QUIET)
            cell.outputs, cell.execution_count = reply.outputs, reply.count
            cell.metadata["execution"] = {"seconds": reply.idle - (reply.started or reply.sent)}
    except TimeoutError:
        raise NotebookFailure(f"{path.name}: a cell timed out after {CELL_TIMEOUT} s")
    except RuntimeError as err:
        raise NotebookFailure(f"{path.name}: {err}")
    finally:
        kernel.stop()
    return nb, time.monotonic() - start


def slowest_cells(nb, count=3):
    """The slowest cells as "cell N: S s" (from the timing execute() records)."""
    timings = sorted(((c.metadata["execution"]["seconds"], n) for n, c in enumerate(nb.cells, 1)
                      if "seconds" in c.get("metadata", {}).get("execution", {})), reverse=True)
    return ", ".join(f"cell {n} {s:.1f} s" for s, n in timings[:count])


def drift(committed, fresh, name):
    """A readable diff of every code cell whose visible outputs changed."""
    lines = []
    for number, (old, new) in enumerate(zip(committed.cells, fresh.cells), start=1):
        before, after = visible(old.get("outputs", [])), visible(new.get("outputs", []))
        if before == after:  # a markdown cell has no outputs
            continue
        first_line = (source_text(new).splitlines() or [""])[0]
        lines.append(f"{name}, cell {number} ({first_line!r}): outputs differ")
        flat = [[f"[{mime}] {line}" for mime, text in shown for line in text.splitlines()]
                for shown in (before, after)]
        diff = list(difflib.unified_diff(*flat, "committed", "fresh", lineterm="", n=2))
        if len(diff) > 60:
            diff = diff[:60] + [f"... ({len(diff) - 60} more diff lines)"]
        lines.extend("    " + d for d in diff)
    return lines


def clean_for_commit(nb):
    """Stable outputs for the committed file: merged streams, no volatile metadata, and no cell ids
    in a notebook of format 4.4, which has none (jupytext gives a cell added in the text file one)."""
    for cell in nb.cells:
        if nb.nbformat_minor < 5:
            cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(o) for o in merged_outputs(cell.get("outputs", []))]
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def notebook_paths(names, folder=NOTEBOOKS):
    """The notebooks NAMES name, in order; without NAMES, every notebook of FOLDER. A name is a
    notebook's file name in FOLDER or its start (`02`), or a path with a `/` to a notebook
    anywhere; NotebookFailure for the first that is neither."""
    every = sorted(Path(folder).resolve().glob("*.ipynb"))
    paths = []
    for name in names:
        path = Path(name)
        found = [path.resolve()] if "/" in name and path.suffix == ".ipynb" and path.is_file() else \
            [p for p in every if "/" not in name and p.name.startswith(name)]
        if not found:
            raise NotebookFailure(f"no notebook {name!r} (a file name in {folder}, its start, or a path)")
        paths.append(found[0])
    return paths if names else every


def check_one(path, mode="check"):
    """(problems, the executed notebook, seconds) of one notebook: its failed cells and, with
    "check", every difference from its committed outputs."""
    committed = nbformat.read(path, as_version=4)
    try:
        fresh, seconds = execute(path)
    except NotebookFailure as err:
        return [str(err)], None, 0.0
    problems = [f"{path.name}, cell {n}: {msg}" for n, msg in failures(fresh)]
    if mode == "check":
        problems += drift(committed, fresh, path.name)
    return problems, fresh, seconds


def run(mode, args):
    paths = notebook_paths(args)  # (main prints a NotebookFailure)
    if not paths:
        print("notebooks: no notebooks found")
        return 1
    failed, total = 0, 0.0
    for path in paths:
        print(f"notebooks: executing {path.name} ...", flush=True)
        problems, fresh, seconds = check_one(path, mode)
        total += seconds
        if problems:  # with "update", its failed cells (or a kernel that did not start)
            failed += 1
            print(f"FAIL {path.name} ({seconds:.1f} s)\n  " + "\n".join(problems).replace("\n", "\n  "))
            continue
        print(f"ok   {path.name} ({seconds:.1f} s; slowest: {slowest_cells(fresh)})")
        if mode == "update":
            nbformat.write(clean_for_commit(fresh), path)
            print(f"     wrote the fresh outputs into {path}")
    print(f"notebooks: {total:.1f} s in all")
    print(f"notebooks: {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


def html_page(path):
    """The notebook at PATH as one static HTML page (nbconvert's), its outputs as committed: the
    pictures embedded, the widgets' scripts inline (they run when the page is opened)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    return body


def export(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    index = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>makemore-rs</title></head>",
             "<body><h1>makemore-rs: the bigram model, step by step</h1><ol>"]
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        body = html_page(path)
        pictures = sum("image/svg+xml" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        if body.count('src="data:image/svg+xml;base64,') != pictures:
            print(f"export: {path.name}: not every SVG picture made it into the page")
            return 1
        (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
        print(f"export: {out / path.stem}.html")
        titles = [source_text(c)[2:].splitlines()[0].strip() for c in nb.cells
                  if c.cell_type == "markdown" and source_text(c).startswith("# ")]
        index.append(f"<li><a href='{path.stem}.html'>{(titles or [path.stem])[0]}</a></li>")
    index.append("</ol></body></html>")
    (out / "index.html").write_text("\n".join(index), encoding="utf-8")
    print(f"export: {out / 'index.html'}")
    return 0


def student_version(nb):
    """The student copy of a notebook, or None if it has no exercises (see the module's doc)."""
    if not any("exercise" in cell.get("metadata", {}) for cell in nb.cells):
        return None
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        mark = cell.get("metadata", {}).get("exercise", {})
        if mark.get("role") == "solution":
            if "stub" not in mark:
                if cell.cell_type == "code":
                    raise NotebookFailure(f"a solution code cell of {mark.get('id')} has no stub")
                continue  # narration of the answer, with nothing in its place
            cell.source = mark["stub"]
            cell.metadata["exercise"] = {"id": mark.get("id"), "role": "stub"}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        cells.append(cell)
    out.cells = cells
    return out


def student(out_dir, args):
    out = Path(out_dir)
    written = 0
    for path in notebook_paths(args):
        try:
            copy_ = student_version(nbformat.read(path, as_version=4))
        except NotebookFailure as err:
            print(f"student: {path.name}: {err}")
            return 1
        if copy_ is None:
            continue
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(copy_, out / path.name)
        ids = sorted({c.metadata["exercise"]["id"] for c in copy_.cells if "exercise" in c.metadata})
        stubs = sum(c.metadata.get("exercise", {}).get("role") == "stub" for c in copy_.cells)
        print(f"student: {out / path.name} ({', '.join(ids)}; {stubs} answers left to write)")
        written += 1
    if not written:
        print("student: no notebook has exercises")
        return 1
    if not (out.resolve().parent / "crate" / "Cargo.toml").is_file():
        print(f"student: note: like the originals, the copies load ../crate and ../data, which {out} "
              "has no neighbours for; write them into a folder of a clone (e.g. student/) or copy "
              "them into a clone's notebooks/")
    return 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    mode, rest = argv[0], argv[1:]
    try:
        if mode in ("check", "update"):
            return run(mode, rest)
        if mode == "export" and len(rest) == 1:
            return export(rest[0])
        if mode == "student" and rest:
            return student(rest[0], rest[1:])
    except NotebookFailure as err:
        print(f"notebooks: {err}", file=sys.stderr)
        return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
