#!/usr/bin/env python3
"""Checks that scripts/browser_check.py fails when a reader would miss something, and says why.

With real JupyterLab and Chromium, on throwaway copies of notebooks 02 and 05:
  - one picture of 02 broken (its SVG cut in half) and the heatmap's "an: 5438" tooltip lost,
    JupyterLab started by scripts/open: the check must fail naming that cell and only that one,
    and the tooltip, pass 05 and a notebook whose pictures are an
    HTML <svg> and a PNG, and, running 02 where `../crate` does not exist, fail the run naming
    the first code cell's error;
  - notebook 03's sampler with a script that does not parse, and notebook 07's training replay
    showing a wrong loss at step 50: the check must fail naming each widget and its problem, in
    JupyterLab and in the exported page, and nothing else;
  - JupyterLab started without trusting the notebooks (what scripts/open did before): the check
    must fail naming each picture of 02 and JupyterLab's "Notebook not trusted", and 03's
    sampler, which shows no widget but its line "A static picture: trust this notebook ...".
And without starting anything for long: a port in use, a missing Chromium, and a JupyterLab that
never answers (within a 3 s --start-timeout) must each be one line of failure, quickly, with the
hung launcher stopped. Run by scripts/test.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = [sys.executable, str(ROOT / "scripts" / "browser_check.py")]
CHECK_TIMEOUT = 900  # seconds for one run of the check (it bounds its own waits far below this)
QUICK = 30  # seconds within which a bad-input failure must come
NOT_TRUSTING = """#!/usr/bin/env bash
# scripts/open as it was before issue 13: JupyterLab without `jupyter trust`.
set -euo pipefail
root={root}
dir=$3
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
export PATH="${{CARGO_HOME:-$HOME/.cargo}}/bin:$PATH"
cd "$dir"
exec "$root/.venv/bin/jupyter" lab --no-browser --ip=127.0.0.1 --port="$2" \\
  --ServerApp.port_retries=0 --ServerApp.root_dir="$dir" "${{extra[@]}}"
"""
PNG_1X1 = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJR"
           "U5ErkJggg==")
HTML_SVG = '<p>a picture in HTML</p><svg width="60" height="20"><rect width="60" height="20"/></svg>'
HANGING = """#!/usr/bin/env bash
echo $$ > "{pidfile}"
exec sleep 600
"""


def run_check(args, env=None):
    start = time.monotonic()
    done = subprocess.run(CHECK + args, capture_output=True, text=True, timeout=CHECK_TIMEOUT,
                          env=env)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def svg_of(output):
    """The SVG of a picture output: an image/svg+xml, or the <svg> inside an HTML output."""
    data = output.get("data", {})
    if "image/svg+xml" in data:
        return "".join(data["image/svg+xml"])
    found = re.search(r"<svg.*</svg>", "".join(data.get("text/html", "")), re.S)
    return found.group(0) if found else None


def picture_cells(path):
    """Cell numbers (1-based, all cells) of the SVG outputs in the notebook, in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [n for n, c in enumerate(nb["cells"], start=1)
            for o in c.get("outputs", []) if svg_of(o)]


def first_code_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return next(n for n, c in enumerate(nb["cells"], start=1) if c["cell_type"] == "code")


def other_pictures(path):
    """A notebook whose pictures are an HTML output with an inline <svg> and an image/png."""
    outputs = [
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": HTML_SVG}},
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG_1X1}},
    ]
    cell = {"cell_type": "code", "id": "pictures", "execution_count": 1, "metadata": {},
            "source": "pictures()", "outputs": outputs}  # an id, or nbformat 4.5 would add one
    nb = {"nbformat": 4, "nbformat_minor": 5, "cells": [cell],
          "metadata": {"kernelspec": {"name": "rust", "display_name": "Rust", "language": "rust"}}}
    path.write_text(json.dumps(nb), encoding="utf-8")


def break_last_picture(path):
    """Makes the last SVG output of the notebook an image/svg+xml cut in half: an image no browser
    can decode (an inline SVG cut in half would still be drawn, in part)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    last = [o for c in nb["cells"] for o in c.get("outputs", []) if svg_of(o)][-1]
    svg = svg_of(last)
    last["data"] = {"image/svg+xml": svg[: len(svg) // 2]}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def lose_tooltip(path, tooltip):
    """Changes the tooltip everywhere in the notebook's outputs, as if the heatmap had lost it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"<title>{tooltip}</title>", "<title>an: ?</title>"), encoding="utf-8")


class Failed(Exception):
    pass


def expect(condition, message, output):
    if not condition:
        raise Failed(f"{message}\n--- the check's output:\n{output}")


def one_line_failure(code, output, seconds, pattern):
    lines = output.strip().splitlines()
    expect(code == 1, f"exit status {code}, not 1", output)
    expect(len(lines) == 1, f"{len(lines)} lines of output, not one", output)
    expect(re.search(pattern, lines[0]), f"no {pattern!r} in the failure", output)
    expect(seconds < QUICK, f"took {seconds:.0f} s, not under {QUICK} s", output)


def case_broken_picture(tmp):
    nb_dir = tmp / "broken"
    nb_dir.mkdir()
    for name in ("02-counts-and-heatmap.ipynb", "05-loss.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, nb_dir / name)
    other_pictures(nb_dir / "99-html-and-png.ipynb")
    nb02 = nb_dir / "02-counts-and-heatmap.ipynb"
    cells = picture_cells(nb02)
    break_last_picture(nb02)
    lose_tooltip(nb02, "an: 5438 (p = 0.1605)")
    code, output, _ = run_check(["--dir", str(nb_dir), "--screenshots", str(tmp / "shots-broken")])
    expect(code == 1, f"exit status {code}, not 1", output)
    broken = rf"02-counts-and-heatmap\.ipynb: cell {cells[-1]}: 0 of 1 committed pictures drawn \(1 broken\)"
    expect(re.search(broken, output), "the broken picture is not named", output)
    expect("no heatmap cell has the tooltip 'an: 5438 (p = 0.1605)'" in output,
           "the lost tooltip is not reported", output)
    for other in cells[:-1]:
        expect(f"ipynb: cell {other}:" not in output, f"cell {other} (intact) is blamed", output)
    expect(re.search(r"ok   05-loss\.ipynb: all \d+ pictures? drawn", output), "05 did not pass", output)
    expect("ok   99-html-and-png.ipynb: all 2 pictures drawn" in output,
           "the HTML <svg> and the PNG are not both counted and drawn", output)
    run_error = rf"02-counts-and-heatmap\.ipynb \(run all\): cell {first_code_cell(nb02)}: error output"
    expect(re.search(run_error, output), "the run's error (no ../crate) is not named", output)


def widget_output(nb, name):
    """The text/html output of NAME's widget in the notebook NB (a dict), as one string."""
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", []))
            if f'data-widget="{name}"' in html:
                return output, html
    raise Failed(f"no {name} widget in the notebook")


def edit_widget(path, name, edit):
    nb = json.loads(path.read_text())
    output, html = widget_output(nb, name)
    changed = edit(html)
    if changed == html:
        raise Failed(f"the {name} widget's output was not changed")
    output["data"]["text/html"] = changed.splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def wrong_loss_at_step_50(html):
    start = html.index('"losses":[') + len('"losses":[')
    end = html.index("]", start)
    losses = html[start:end].split(",")
    losses[50] = "9.99"
    return html[:start] + ",".join(losses) + html[end:]


def case_broken_widgets(tmp):
    nb_dir = tmp / "widgets"
    nb_dir.mkdir()
    for name in ("03-sampling.ipynb", "07-training.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, nb_dir / name)
    # 03: the sampler's script does not parse; 07: the replay shows a wrong loss at step 50.
    edit_widget(nb_dir / "03-sampling.ipynb", "sampler",
                lambda html: html.replace("function (root, data, mm) {", "function (root, data, mm) {{", 1))
    edit_widget(nb_dir / "07-training.ipynb", "training", wrong_loss_at_step_50)
    code, output, _ = run_check(["--dir", str(nb_dir), "--no-run",
                                 "--screenshots", str(tmp / "shots-widgets")])
    expect(code == 1, f"exit status {code}, not 1", output)
    for page in ("03-sampling.ipynb", r"03-sampling.html \(exported\)"):
        expect(re.search(rf"{page}: widget sampler: did not start: its script did not run", output),
               f"the broken script is not named for {page}", output)
    for page in ("07-training.ipynb", r"07-training.html \(exported\)"):
        wrong = rf"{page}: widget training: at step 50 it shows step 50, loss 9\.9900; the crate's"
        expect(re.search(wrong, output), f"the wrong loss is not named for {page}", output)
    expect(len(re.findall(r"^FAIL ", output, re.M)) == 4, "not exactly the four pages fail", output)


def case_untrusted(tmp):
    nb_dir = tmp / "untrusted"
    nb_dir.mkdir()
    shutil.copy(ROOT / "notebooks" / "02-counts-and-heatmap.ipynb", nb_dir)
    shutil.copy(ROOT / "notebooks" / "03-sampling.ipynb", nb_dir)
    launcher = tmp / "open-not-trusting"
    launcher.write_text(NOT_TRUSTING.format(root=ROOT))
    launcher.chmod(0o755)
    code, output, _ = run_check(["--dir", str(nb_dir), "--open", str(launcher), "--no-run",
                                 "--screenshots", str(tmp / "shots-untrusted")])
    expect(code == 1, f"exit status {code}, not 1", output)
    for cell in picture_cells(nb_dir / "02-counts-and-heatmap.ipynb"):
        expect(re.search(rf"cell {cell}: 0 of 1 committed pictures drawn", output),
               f"cell {cell}'s untrusted picture is not named", output)
    expect(re.search(r"status bar says 'Notebook not trusted", output),
           "JupyterLab's 'not trusted' is not reported", output)
    untrusted_widget = (r"03-sampling\.ipynb: the page has the widgets \[\], the \.ipynb \['sampler'\] "
                        r"\(it says 'A static picture: trust this notebook")
    expect(re.search(untrusted_widget, output),
           "the untrusted sampler, shown static with its line, is not reported", output)


def case_port_in_use(tmp):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, output, seconds = run_check(["--port", str(port), "--no-run",
                                           "--screenshots", str(tmp / "shots-port")])
    one_line_failure(code, output, seconds, rf"FAIL port {port} is already in use")


def case_no_chromium(tmp):
    env = dict(os.environ, CHROMIUM=str(tmp / "no-such-chromium"))
    code, output, seconds = run_check(["--no-run", "--screenshots", str(tmp / "shots-chromium")], env)
    one_line_failure(code, output, seconds, r"FAIL Chromium not found .*apt-get install chromium")


def case_lab_never_answers(tmp):
    pidfile = tmp / "hanging.pid"
    launcher = tmp / "open-hanging"
    launcher.write_text(HANGING.format(pidfile=pidfile))
    launcher.chmod(0o755)
    code, output, seconds = run_check(["--open", str(launcher), "--start-timeout", "3", "--no-run",
                                       "--screenshots", str(tmp / "shots-hang")])
    one_line_failure(code, output, seconds, r"FAIL JupyterLab did not answer on port \d+ within 3 s")
    pid = int(pidfile.read_text())
    expect(not Path(f"/proc/{pid}").exists(), f"the hung launcher (pid {pid}) still runs", output)


CASES = [case_port_in_use, case_no_chromium, case_lab_never_answers, case_broken_picture,
         case_broken_widgets, case_untrusted]


def main():
    start = time.monotonic()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="browser-check-selftest-",
                                     ignore_cleanup_errors=True) as tmp:
        for case in CASES:
            case_start = time.monotonic()
            case_dir = Path(tmp) / case.__name__
            case_dir.mkdir()
            try:
                case(case_dir)
                print(f"ok   {case.__name__} ({time.monotonic() - case_start:.1f} s)", flush=True)
            except (Failed, subprocess.TimeoutExpired) as err:
                failed += 1
                print(f"FAIL {case.__name__}: {err}", flush=True)
    print(f"browser check self-test: {len(CASES) - failed} of {len(CASES)} cases passed "
          f"in {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
