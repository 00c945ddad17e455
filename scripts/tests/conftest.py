"""What the tests of scripts/ share: the project's kernel, JupyterLab under scripts/open, temporary
copies of the notebooks beside the crate, and a few helpers.

    .venv/bin/python -m pytest scripts/tests              everything (scripts/test adds -n 2)
    .venv/bin/python -m pytest scripts/tests -m "not slow"  without the real kernel's long runs
"""
import shutil
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import nbformat
import pytest

SCRIPTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SCRIPTS))
import browser_check  # noqa: E402
import notebooks  # noqa: E402

ROOT = notebooks.ROOT
NOTEBOOKS = sorted(notebooks.NOTEBOOKS.glob("*.ipynb"))
KERNELSPEC = {"name": "rust", "display_name": "Rust", "language": "rust"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs notebooks in the real kernel, or the browser")


def alive(pid):
    """Whether the process exists and has not exited (a zombie waiting for its parent has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def wait(done, timeout, what):
    """Polls done() until it is true (browser_check.poll); fails naming WHAT after TIMEOUT seconds."""
    assert browser_check.poll(None, timeout, lambda _: done(), every=0.2), f"{what}: not within {timeout} s"


def run(*command, **kwargs):
    """A command's (exit code, stdout and stderr together)."""
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    return done.returncode, done.stdout + done.stderr


def write_notebook(path, cells):
    """A Rust notebook at PATH of code cells, each (source, outputs)."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell(source, outputs=outputs) for source, outputs in cells]
    nbformat.write(nb, path)
    return path


def where(kernel):
    """The kernel's build directory (scripts/kernel's slot)."""
    out = kernel.run('std::env::var("EVCXR_TMPDIR").unwrap_or_default()').outputs
    return notebooks.visible(out)[0][1].strip().strip('"')


def stream_text(outputs):
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


@pytest.fixture
def kernel():
    """kernel(env=None, cwd=notebooks/, **notebooks.Kernel's other arguments): a kernel of the
    project, stopped after the test."""
    started = []

    def start(env=None, cwd=notebooks.NOTEBOOKS, **kwargs):
        started.append(notebooks.Kernel(env, cwd, **kwargs))
        return started[-1]

    yield start
    for k in started:
        with suppress(Exception):  # a kernel the test killed
            k.stop()


@pytest.fixture
def lab():
    """lab(env, nb_dir=notebooks/): JupyterLab started by scripts/open on a free port, with ENV and
    fresh Jupyter directories under nb_dir's parent; stopped after the test."""
    started = []

    def start(env, nb_dir=notebooks.NOTEBOOKS, tmp=None):
        tmp = Path(tmp or nb_dir.parent)
        server = browser_check.Lab([str(SCRIPTS / "open")], browser_check.free_port(), nb_dir, tmp / "jupyter",
                                   tmp / f"open-{len(started)}.log", env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def beside_the_crate(top, *names, folder="notebooks"):
    """TOP/FOLDER with copies of the named notebooks, beside links to the repository's crate/ and
    data/ (as the notebooks' ../crate expects); returns TOP/FOLDER."""
    (top / folder).mkdir(parents=True, exist_ok=True)
    for link in ("crate", "data"):
        if not (top / link).exists():
            (top / link).symlink_to(ROOT / link)
    for name in names:
        shutil.copy(notebooks.NOTEBOOKS / name, top / folder / name)
    return top / folder


@pytest.fixture
def notebook_copy(tmp_path):
    """notebook_copy(*names): beside_the_crate(tmp_path, *names)."""
    return lambda *names: beside_the_crate(tmp_path, *names)
