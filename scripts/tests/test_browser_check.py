"""Checks that scripts/browser_check.py fails when a reader would miss something, and says why:
with real JupyterLab and Chromium on throwaway copies of notebooks (a broken picture, broken
widgets, untrusted pages), quickly on bad input (a port in use, no Chromium, a JupyterLab that
never answers), with a fake page for a kernel that is not ready; then the check on every notebook.
"""
import json
import os
import re
import socket
import sys
import time
import urllib.request

import nbformat
import pytest
from conftest import SCRIPTS, alive, run, write_notebook

QUICK = 30  # seconds within which a bad-input failure must come
PNG_1X1 = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJR"
           "U5ErkJggg==")
HTML_SVG = '<p>a picture in HTML</p><svg width="60" height="20"><rect width="60" height="20"/></svg>'


def run_check(*args, env=None):
    """(exit code, output, seconds) of one run of the browser check."""
    start = time.monotonic()
    code, output = run(sys.executable, SCRIPTS / "browser_check.py", *args, env=env, timeout=900)
    return code, output, time.monotonic() - start


def svg_of(output):
    """The SVG of a picture output: an image/svg+xml, or the <svg> inside an HTML output."""
    data = output.get("data", {})
    found = re.search(r"<svg.*</svg>", "".join(data.get("image/svg+xml", data.get("text/html", ""))), re.S)
    return found.group(0) if found else None


def picture_cells(path):
    """Cell numbers (1-based, all cells) of the SVG outputs in the notebook, in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [n for n, c in enumerate(nb["cells"], start=1)
            for o in c.get("outputs", []) if svg_of(o)]



def break_last_picture(path):
    """Makes the last SVG output of the notebook an image/svg+xml cut in half: an image no browser
    can decode (an inline SVG cut in half would still be drawn, in part)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    last = [o for c in nb["cells"] for o in c.get("outputs", []) if svg_of(o)][-1]
    svg = svg_of(last)
    last["data"] = {"image/svg+xml": svg[: len(svg) // 2]}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def edit(path, pattern, new, count=1):
    """The notebook's JSON text with the first COUNT matches of the regex PATTERN (0: all) made NEW."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, new, text, count=count)
    assert edited != text, f"{path.name} has no {pattern!r}"
    path.write_text(edited, encoding="utf-8")


def launcher(path, script):
    """An executable SCRIPT at PATH, to start JupyterLab in place of scripts/open."""
    path.write_text(script)
    path.chmod(0o755)
    return path


def assert_one_line_failure(code, output, seconds, pattern):
    lines = output.strip().splitlines()
    assert code == 1 and len(lines) == 1 and re.search(pattern, lines[0]), output
    assert seconds < QUICK, f"took {seconds:.0f} s, not under {QUICK} s"


@pytest.mark.slow
def test_broken_picture(notebook_copy, tmp_path):
    """02 with its last picture cut in half and the heatmap's tooltip lost, run where `../crate`
    does not exist: only that cell, the tooltip and the run's first code cell are named."""
    nb_dir = notebook_copy("02-counts-and-heatmap.ipynb", "05-loss.ipynb")
    (tmp_path / "crate").unlink()
    other_pictures = [nbformat.v4.new_output("display_data", data={"text/html": HTML_SVG}),
                      nbformat.v4.new_output("display_data", data={"image/png": PNG_1X1})]
    write_notebook(nb_dir / "99-html-and-png.ipynb", [("pictures()", other_pictures)])  # an inline <svg>, a PNG
    nb02 = nb_dir / "02-counts-and-heatmap.ipynb"
    cells = picture_cells(nb02)
    first_code = next(n for n, c in enumerate(nbformat.read(nb02, 4).cells, start=1) if c.cell_type == "code")
    break_last_picture(nb02)
    edit(nb02, re.escape("<title>an: 5438 (p = 0.1605)</title>"), "<title>an: ?</title>", count=0)
    code, output, _ = run_check("--dir", nb_dir, "--screenshots", tmp_path / "shots")
    assert code == 1, output
    broken = rf"02-counts-and-heatmap\.ipynb: cell {cells[-1]}: 0 of 1 committed pictures drawn \(1 broken\)"
    assert re.search(broken, output), output
    assert "no heatmap cell has the tooltip 'an: 5438 (p = 0.1605)'" in output, output
    assert not [c for c in cells[:-1] if f"ipynb: cell {c}:" in output], output  # intact ones
    assert re.search(r"ok   05-loss\.ipynb: all \d+ pictures? drawn", output), output
    assert "ok   99-html-and-png.ipynb: all 2 pictures drawn" in output, output
    run_error = rf"02-counts-and-heatmap\.ipynb \(run all\): cell {first_code}: error output"
    assert re.search(run_error, output), output


@pytest.mark.slow
def test_broken_widgets(notebook_copy, tmp_path):
    """03's sampler with a script that does not parse, 07's replay with a wrong loss at step 50:
    each named, in JupyterLab and in the exported page, and nothing else."""
    nb_dir = notebook_copy("03-sampling.ipynb", "07-training.ipynb")
    script = "function (root, data, mm) {"
    edit(nb_dir / "03-sampling.ipynb", re.escape(script), script + "{")
    edit(nb_dir / "07-training.ipynb", r'(\\"losses\\":\[(?:[^],]*,){50})[^],]*', r"\g<1>9.99")  # at step 50
    code, output, _ = run_check("--dir", nb_dir, "--no-run", "--screenshots", tmp_path / "shots")
    assert code == 1, output
    for page in ("03-sampling.ipynb", r"03-sampling.html \(exported\)"):
        assert re.search(rf"{page}: widget sampler: did not start: its script did not run", output), output
    for page in ("07-training.ipynb", r"07-training.html \(exported\)"):
        wrong = rf"{page}: widget training: at step 50 it shows step 50, loss 9\.9900; the crate's"
        assert re.search(wrong, output), output
    assert len(re.findall(r"^FAIL ", output, re.M)) == 4, "not exactly the four pages fail"


@pytest.mark.slow
def test_untrusted(notebook_copy, tmp_path):
    """JupyterLab without `jupyter trust` (scripts/open as before issue 13): each picture of 02, the
    status bar's "Notebook not trusted" and 03's static sampler with its line are named."""
    nb_dir = notebook_copy("02-counts-and-heatmap.ipynb", "03-sampling.ipynb")
    script = (SCRIPTS / "open").read_text()
    for old, new in [('root=$(cd "$(dirname "$0")/.." && pwd)', f"root={SCRIPTS.parent}"),
                     ('"$root/.venv/bin/jupyter" trust', "true")]:
        assert old in script, f"scripts/open has no {old!r}"
        script = script.replace(old, new)
    not_trusting = launcher(tmp_path / "open-not-trusting", script)
    code, output, _ = run_check("--dir", nb_dir, "--open", not_trusting, "--no-run",
                                "--screenshots", tmp_path / "shots")
    assert code == 1, output
    for cell in picture_cells(nb_dir / "02-counts-and-heatmap.ipynb"):
        assert re.search(rf"cell {cell}: 0 of 1 committed pictures drawn", output), output
    assert re.search(r"status bar says 'Notebook not trusted", output), output
    untrusted_widget = (r"03-sampling\.ipynb: the page has the widgets \[\], the \.ipynb \['sampler'\] "
                        r"\(it says 'A static picture: trust this notebook")
    assert re.search(untrusted_widget, output), output


def test_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        failure = run_check("--port", port, "--no-run", "--screenshots", tmp_path)
    assert_one_line_failure(*failure, rf"FAIL port {port} is already in use")


def test_no_chromium(tmp_path):
    env = dict(os.environ, CHROMIUM=str(tmp_path / "no-such-chromium"))
    failure = run_check("--no-run", "--screenshots", tmp_path, env=env)
    assert_one_line_failure(*failure, r"FAIL Chromium not found .*apt-get install chromium")


def test_lab_never_answers(tmp_path):
    pidfile = tmp_path / "hanging.pid"
    hanging = launcher(tmp_path / "open-hanging", f'#!/bin/sh\necho $$ > "{pidfile}"\nexec sleep 600\n')
    failure = run_check("--open", hanging, "--start-timeout", "3", "--no-run",
                        "--screenshots", tmp_path)
    assert_one_line_failure(*failure, r"FAIL JupyterLab did not answer on port \d+ within 3 s")
    pid = int(pidfile.read_text())
    assert not alive(pid), f"the hung launcher (pid {pid}) still runs"


class FakePage:
    """A page whose kernel status is STATUSES[n] while the server's kernel has been restarted n
    times; the server side of browser_check.Lab, as far as kernel_problems asks it."""

    def __init__(self, statuses):
        self.statuses, self.restarts = statuses, 0

    def execute_script(self, script, *args):
        return {"status": self.statuses[min(self.restarts, len(self.statuses) - 1)]}

    def kernel(self, name):
        return {"id": "1234abcd-ef", "execution_state": "idle", "connections": 1}

    def restart_kernel(self, name):
        self.restarts += 1

    def kernel_log(self, name):
        return ["Nudge: attempt 10 on kernel 1234abcd"]


@pytest.mark.parametrize("statuses, restarts, problem, note", [
    (["idle"], 0, None, None),
    (["unknown", "idle"], 1, None, r"note: the Rust kernel was not ready within 0 s, and was after "
                                   r"a restart \(the page's status went unknown; the server: kernel "
                                   r"1234abcd idle, 1 connections; JupyterLab's log: Nudge: attempt 10"),
    (["unknown", "connecting"], 1, r"not ready within 0 s, nor after a restart \(the page's status "
                                   r"went unknown; .* after the restart: the page's status went "
                                   r"connecting; the server: kernel 1234abcd", None),
])
def test_kernel_not_ready(monkeypatch, capsys, statuses, restarts, problem, note):
    """A kernel not ready in time is restarted once, as a learner would; a note or a failure
    names what the page, the server and the log saw."""
    import browser_check

    monkeypatch.setattr(browser_check, "IDLE_TIMEOUT", 0.3)
    page = FakePage(statuses)
    problems = browser_check.kernel_problems(page, page, "01.ipynb")
    printed = capsys.readouterr().out
    assert page.restarts == restarts
    assert (problem is None) == (problems == []) and (note is None) == (printed == ""), (problems, printed)
    assert problem is None or re.search(problem, problems[0]), problems
    assert note is None or re.search(note, printed), printed


def test_page_follows_kernel_info(lab, tmp_path):
    """The page scripts/open serves takes the kernel's status from kernel_info replies too, so a
    kernel replaced under it (restarted) does not leave it "unknown";
    the other untracked message types stay as jupyter_server has them."""
    server = lab(None, tmp=tmp_path)
    server.wait_ready(90)
    with urllib.request.urlopen(server.url("lab"), timeout=30) as page:
        html = page.read().decode("utf-8")
    found = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S)
    untracked = json.loads(found.group(1))["untracked_message_types"]
    assert not [t for t in untracked if t.startswith("kernel_info")], untracked
    assert {"comm_info_request", "status", "execute_input", "shutdown_request"} <= set(untracked)


@pytest.mark.slow
def test_every_notebook(tmp_path):
    """The browser check itself, on notebooks/ (screenshots in target/screenshots/)."""
    code, output, _ = run_check()
    print(output)
    assert code == 0, output
