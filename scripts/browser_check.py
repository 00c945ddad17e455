#!/usr/bin/env python3
"""Open the notebooks in headless Chromium, in JupyterLab under scripts/open, the way a learner
does, and check what the page shows (docs/contributing.md says what each check asserts).

    browser_check.py [--port P] [--no-run] [--screenshots DIR] [NOTEBOOK...]

Every wait is bounded; the notebooks are never written. Exit status 0 when everything holds, 1
otherwise. For the self-test (scripts/tests/test_browser_check.py): --dir DIR checks the notebooks
of DIR, --open CMD starts JupyterLab with `CMD --port P DIR`, and --start-timeout S shortens the
wait for JupyterLab.
"""

import argparse
import functools
import hashlib
import html
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

try:
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver import Chrome, ChromeOptions, ChromeService, Keys
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.wait import WebDriverWait
except ImportError:  # start_browser says what to do; `except ()` below then catches nothing
    Chrome, TimeoutException, WebDriverException = None, (), ()

import notebooks  # for the HTML page `notebooks.py export` writes
from notebooks import joined

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds for JupyterLab to answer
OPEN_TIMEOUT = 60.0  # seconds for a notebook's cells and outputs to be on the page
SETTLE = 3.0  # seconds a page must stay unchanged before it is judged, when it is not right yet
IDLE_TIMEOUT = 60.0  # seconds for the kernel to be ready before running the cells (twice: see kernel_problems)
RUN_TIMEOUT = 600.0  # seconds for running all cells of notebook 02
STOP_TIMEOUT = 20.0  # seconds for JupyterLab to stop (and stop its kernels) before it is killed
WINDOW = (1920, 1080)  # a full-HD screen: the annotated heatmap (1231 px) fits beside the file list
MAX_ERRORS = 3  # cells whose errors are reported after the run; the count of the others follows
MAX_SHOT_HEIGHT = 16000  # pixels; a longer notebook is cut off at the bottom of its screenshot
PICTURE_MIMES = ("image/svg+xml", "image/png", "image/jpeg", "image/gif")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]
# JupyterLab user settings for the check's fresh settings directory.
SETTINGS = {
    # every cell in the DOM, and no blank screen's height under the last one
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},  # never write a notebook
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}
# A tooltip a learner can hover in each notebook that has it: the lecture's most quoted cell.
KNOWN_TOOLTIPS = {"02-counts-and-heatmap.ipynb": "an: 5438 (p = 0.1605)"}
INSTALL_HINT = "apt-get install chromium chromium-driver (scripts/setup --browser does, as root)"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook shown


class Fatal(Exception):
    """A failure that ends the check: its message is the one line printed."""


class Stop(Exception):
    """A failure that ends the run of notebook 02: its message is the reason."""


# ---------------------------------------------------------------- the notebooks' committed outputs


def html_of(output):
    return joined(output.get("data", {}).get("text/html", ""))


def is_widget(output):
    return "data-widget=" in html_of(output)


def is_picture(output):
    """A picture output; a widget's (crate/src/widget.rs) is checked as a widget instead."""
    data = output.get("data", {})
    return any(mime in data for mime in PICTURE_MIMES) or (
        ("<svg" in html_of(output) or "<img" in html_of(output)) and not is_widget(output))


def cell_outputs(path):
    """Per cell of the .ipynb (all cell types, in order): its outputs."""
    return [cell.get("outputs", []) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def committed_pictures(path):
    """Per cell of the .ipynb: its picture outputs."""
    return [[o for o in outputs if is_picture(o)] for outputs in cell_outputs(path)]


def committed_tooltips(path):
    """Per cell of the .ipynb: the <title> texts of its pictures shown inline (HTML with <svg>),
    in order. (An image/svg+xml output is drawn as an <img>, whose titles are not in the page.)"""
    return [[html.unescape(t) for o in outputs if not is_widget(o)
             for t in re.findall(r"<title>(.*?)</title>", html_of(o), re.S)]
            for outputs in cell_outputs(path)]


def committed_widgets(path):
    """The widgets of the .ipynb's outputs, in page order: their data-widget names."""
    return [name for outputs in cell_outputs(path) for o in outputs if is_widget(o)
            for name in re.findall(r'<div class="mm-widget" data-widget="(\w+)"', html_of(o))]


def fingerprint(nb_dir):
    """Every notebook under the folder (checkpoints too) with its hash: to leave them as found."""
    return {str(p.relative_to(nb_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(nb_dir.rglob("*.ipynb"))}


# ------------------------------------------------------------------------------------ JupyterLab


def poll(driver, timeout, condition, every=0.3):
    """selenium's WebDriverWait: condition(driver)'s first true value within TIMEOUT seconds, or
    None when the time is up (each caller then says what did not come, or judges what it has)."""
    try:
        return WebDriverWait(driver, timeout, poll_frequency=every).until(condition)
    except TimeoutException:
        return None


def free_port(port=0):
    """PORT once it is known to be free, or by default any free port."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise Fatal(f"port {port} is already in use: stop what listens there or drop --port")
        return s.getsockname()[1]


def fresh_jupyter_env(tmp, env=None):
    """ENV (default this process's) for JupyterLab with a new token and fresh data, config,
    runtime, settings and workspaces dirs under TMP."""
    env = dict(env or os.environ, JUPYTER_TOKEN=secrets.token_hex(16))
    env.pop("JUPYTER_PATH", None)
    for var, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]:
        env[var] = str(tmp / sub)
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    # JupyterLab makes a checkpoint of each notebook it opens: in the temporary dir, not beside it.
    files = {"config/jupyter_server_config.json": {"FileCheckpoints": {"checkpoint_dir": str(tmp / "checkpoints")}},
             **{f"settings/{plugin}.jupyterlab-settings": values for plugin, values in SETTINGS.items()}}
    for name, values in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(json.dumps(values), encoding="utf-8")
    return env


class Lab:
    """A JupyterLab server started by the launcher (scripts/open), in its own process group."""

    def __init__(self, launcher, port, nb_dir, tmp, log_path, env=None):
        self.port = port
        self.env = fresh_jupyter_env(tmp, env)
        self.token = self.env["JUPYTER_TOKEN"]
        self.log_path = log_path
        self.log = open(log_path, "w", encoding="utf-8")
        command = [*launcher, "--port", str(port), str(nb_dir)]
        try:
            self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        except OSError as err:
            self.log.close()
            raise Fatal(f"cannot start JupyterLab with {command[0]}: {err.strerror}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}{'&' if '?' in path else '?'}token={self.token}"

    def api(self, method, path):
        """The server's JSON answer to METHOD on PATH, or None when it gives none (or fails)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                body = response.read()
            return json.loads(body) if body else None
        except (OSError, ValueError):  # URLError is an OSError
            return None

    def last_log_line(self):
        lines = [l for l in self.log_path.read_text(errors="replace").splitlines() if l.strip()]
        return lines[-1].strip() if lines else "(no output)"

    def answers(self, _=None):
        if self.proc.poll() is not None:
            raise Fatal(f"JupyterLab exited with status {self.proc.returncode} before serving: "
                        f"{self.last_log_line()} (log: {self.log_path})")
        return self.api("GET", "api/status")

    def wait_ready(self, timeout):
        if poll(self, timeout, self.answers, every=0.5) is None:
            raise Fatal(f"JupyterLab did not answer on port {self.port} within {timeout:.0f} s; last "
                        f"log line: {self.last_log_line()} (log: {self.log_path})")

    def kernel(self, name):
        """Notebook NAME's kernel as the server sees it (id, execution_state, connections), or {}."""
        sessions = self.api("GET", "api/sessions") or []
        return next((s.get("kernel") or {} for s in sessions if s.get("path") == name), {})

    def restart_kernel(self, name):
        """Restarts notebook NAME's kernel, as Kernel > Restart Kernel does."""
        if kernel := self.kernel(name):
            self.api("POST", f"api/kernels/{kernel['id']}/restart")

    def kernel_log(self, name):
        """JupyterLab's log lines about notebook NAME's kernel since it was started: the server's
        warnings and errors, its lines naming the kernel, and what the kernel printed."""
        kernel = self.kernel(name).get("id", "")[:8]
        lines = self.log_path.read_text(errors="replace").splitlines()
        starts = [i for i, l in enumerate(lines) if "Kernel started: " + kernel in l]
        return [l.strip() for l in lines[starts[-1] if starts else 0:] if l.strip() and (
            not l.startswith("[") or l.startswith(("[W", "[E", "[C")) or (kernel and kernel in l))]

    def shut_down_kernels(self):
        for session in self.api("GET", "api/sessions") or []:
            self.api("DELETE", f"api/sessions/{session['id']}")

    def stop(self):
        if self.proc.poll() is None:
            self.shut_down_kernels()
            os.killpg(self.proc.pid, signal.SIGTERM)  # JupyterLab stops its kernels on SIGTERM
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=STOP_TIMEOUT)
        self.log.close()


# --------------------------------------------------------------------------------------- Chromium


def find_program(env_var, names, what):
    """The program ${ENV_VAR}, or by default the first of NAMES on PATH."""
    names = [os.environ[env_var]] if os.environ.get(env_var) else names
    found = next(filter(None, map(shutil.which, names)), None)
    if not found:
        raise Fatal(f"{what} not found (looked for {' or '.join(names)}; {env_var} names another): "
                    f"{INSTALL_HINT}")
    return found


def start_browser(log_path, profile):
    if Chrome is None:
        raise Fatal("selenium is missing from the venv: run scripts/setup --browser")
    chromium = find_program("CHROMIUM", ["chromium", "chromium-browser"], "Chromium")
    driver = find_program("CHROMEDRIVER", ["chromedriver"], "chromedriver")
    options = ChromeOptions()
    options.binary_location = chromium
    options.timeouts = {"pageLoad": 60_000, "script": 30_000}  # milliseconds
    for flag in [*CHROMIUM_FLAGS, f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    try:
        return Chrome(service=ChromeService(driver, log_output=str(log_path)), options=options)
    except WebDriverException as err:
        raise Fatal(f"Chromium did not start: {str(err.msg or err).splitlines()[0]} ({chromium})")


# The page as the check sees it: per cell, the state of each picture output and what else counts.
SNAPSHOT_JS = r"""
const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
const dialog = document.querySelector('.jp-Dialog')?.innerText ?? null;
if (!panel) return {cells: null, dialog};
function pictureState(output) {
  const imgs = [...output.querySelectorAll('img')];
  const svgs = [...output.querySelectorAll('svg')];
  if (!imgs.length && !svgs.length) return null;
  if (imgs.some(i => !i.complete)) return 'loading';
  const drawn = imgs.every(i => i.naturalWidth > 0) && svgs.every(s => {
    const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  return drawn ? 'drawn' : 'broken';
}
return {
  dialog,
  status: panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status ?? null,
  trust: [...document.querySelectorAll('.jp-StatusBar-Item')].map(e => e.title)
    .find(t => /trusted/i.test(t || '')) ?? null,
  cells: [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => {
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')]
      .filter(o => !o.querySelector('[data-widget]'));  // widgets are checked as widgets
    return {
      code: cell.classList.contains('jp-CodeCell'),
      prompt: cell.querySelector('.jp-InputPrompt')?.textContent.trim() ?? '',
      pictures: outputs.map(pictureState).filter(s => s),
      untrusted: outputs.map(o => o.innerText).filter(t => /untrusted|not trusted/i.test(t)),
      tips: [...cell.querySelectorAll('.jp-OutputArea-output svg title')]
        .filter(t => !t.closest('[data-widget]')).map(t => t.textContent),
      errors: [...cell.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.innerText.trim().slice(0, 300)),
    };
  }),
};
"""


def snapshot(browser):
    return browser.execute_script(SNAPSHOT_JS)


def wait_settled(browser, expected, timeout):
    """The page once its pictures are right, or once it stopped changing for SETTLE seconds; at
    TIMEOUT, the page as it is then (on purpose: what is wrong with it is then judged and named)."""
    seen = {"snap": None, "judged": None, "since": time.monotonic()}

    def settled(browser):
        snap = seen["snap"] = snapshot(browser)
        cells = snap["cells"]
        if snap.get("dialog") or (cells is not None and [c["pictures"].count("drawn") for c in cells]
                                  == [len(e) for e in expected]):
            return True
        judged = {k: v for k, v in snap.items() if k != "status"}
        if judged != seen["judged"]:
            seen.update(judged=judged, since=time.monotonic())
        return (cells is not None and len(cells) == len(expected) and time.monotonic() - seen["since"] >= SETTLE
                and not any("loading" in c["pictures"] for c in cells))

    poll(browser, timeout, settled)
    return seen["snap"]


# ---------------------------------------------------------------------------------- what to judge


def page_problems(snap, path, after_run=False):
    """One line per thing a reader would miss: a dialog, cells, pictures, untrusted outputs, the
    committed tooltips (cell by cell, and the known one: after a run, they tell a redrawn picture
    from the committed one); AFTER_RUN, also errors (the first of each cell) and cells not run."""
    expected, tips, known = committed_pictures(path), committed_tooltips(path), KNOWN_TOOLTIPS.get(path.name)
    problems, errors, cells = [], [], snap["cells"]
    if snap.get("dialog"):
        problems.append("a dialog is open: " + " ".join(snap["dialog"].split())[:200])
    if cells is None:
        return problems + [f"the notebook did not open within {OPEN_TIMEOUT:.0f} s"]
    if len(cells) != len(expected):
        return problems + [f"the page shows {len(cells)} cells, the .ipynb has {len(expected)}"]
    if re.search(r"not trusted", snap.get("trust") or "", re.I):
        problems.append(f"JupyterLab's status bar says {snap['trust']!r}")
    for number, (cell, pictures, committed) in enumerate(zip(cells, expected, tips), start=1):
        drawn = cell["pictures"].count("drawn")
        if drawn != len(pictures):
            states = ", ".join(f"{cell['pictures'].count(s)} {s}" for s in ("broken", "loading")
                               if s in cell["pictures"])
            problems.append(f"cell {number}: {drawn} of {len(pictures)} committed pictures drawn"
                            + (f" ({states})" if states else ""))
        problems += [f"cell {number}: an output says {' '.join(t.split())[:120]!r}" for t in cell["untrusted"]]
        if committed and cell["tips"] != committed:
            missing = next((t for t in committed if t not in cell["tips"]), None)
            problems.append(f"cell {number}: the page has {len(cell['tips'])} tooltips, "
                            + ("the committed outputs" if after_run else "the .ipynb") + f" {len(committed)}"
                            + (f" (missing: {missing!r})" if missing else ""))
        if not after_run:
            continue
        if cell["errors"]:
            errors.append(f"cell {number}: error output: {' '.join(cell['errors'][0].split())[:160]}")
        if cell["code"] and not re.fullmatch(r"\[\d+\]:", cell["prompt"]):
            problems.append(f"cell {number}: did not run (prompt {cell['prompt']!r})")
    if known and not any(known in cell["tips"] for cell in cells):
        problems.append(f"no heatmap cell has the tooltip {known!r}")
    if len(errors) > MAX_ERRORS:
        errors = errors[:MAX_ERRORS] + [f"error outputs in {len(errors) - MAX_ERRORS} more cells"]
    return errors + problems


# ------------------------------------------------------------------------------------ the browser


def open_notebook(browser, lab, name, expected):
    browser.get(lab.url(f"lab/tree/{quote(name)}?reset"))
    return wait_settled(browser, expected, OPEN_TIMEOUT)


def screenshots(browser, name, shots, pictures=True):
    """NAME.png, the whole notebook (the window is made as tall as the notebook for it), and with
    PICTURES, one NAME.cell-NN[-K].png per picture output (taken in the tall window too)."""
    hidden = browser.execute_script(f"const o = document.querySelector('{PANEL} .jp-WindowedPanel-outer');"
                                    " return o ? o.scrollHeight - o.clientHeight : 0;")
    resize(browser, min(WINDOW[1] + int(hidden) + 40, MAX_SHOT_HEIGHT))
    browser.save_screenshot(str(shots / f"{name}.png"))
    found = browser.execute_script(  # per picture output: its cell's number, -K for its Kth, itself
        f"return [...document.querySelectorAll('{PANEL} .jp-Notebook .jp-Cell')].flatMap((cell, i) => "
        "[...cell.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('img, svg'))"
        ".map((o, k) => [i + 1, k ? `-${k + 1}` : '', o]));") if pictures else []
    for number, suffix, element in found:
        element.screenshot(str(shots / f"{name}.cell-{number:02d}{suffix}.png"))
    resize(browser, WINDOW[1])


def resize(browser, height):
    """The window WINDOW[0] x HEIGHT, once the page has the new size and has been drawn at it
    (headless Chromium resizes after set_window_size returns: a screenshot taken before comes out
    grey, or at the old size), and JupyterLab has laid the panel out again."""
    chrome = browser.execute_script("return window.outerHeight - window.innerHeight")
    browser.set_window_size(WINDOW[0], height)
    poll(browser, 10, lambda b: b.execute_script("return window.innerHeight") == height - chrome, every=0.1)
    time.sleep(0.5)
    browser.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")


def menu(browser, label, command):
    """Clicks JupyterLab's menu LABEL, then its item for COMMAND (a Lumino command id)."""
    items = [i for i in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if i.text.strip() == label]
    if not items:
        raise Stop(f"JupyterLab has no {label!r} menu")
    items[0].click()
    entry = (By.CSS_SELECTOR, f'.lm-Menu-item[data-command="{command}"]')
    clickable = poll(browser, 10, EC.element_to_be_clickable(entry), every=0.2)
    if clickable is None:
        raise Stop(f"JupyterLab's {label} menu showed no {command} item within 10 s")
    clickable.click()


def wait_for(browser, done, timeout, what):
    """Waits until done(snapshot); Stop on a dialog, a dead kernel or the timeout."""
    last = {}

    def check(browser):
        snap = last["snap"] = snapshot(browser)
        if snap.get("dialog"):
            raise Stop("a dialog is open: " + " ".join(snap["dialog"].split())[:200])
        if snap.get("status") == "dead":
            raise Stop("the kernel died")
        return done(snap)

    if not poll(browser, timeout, check, every=1.0):
        snap = last["snap"]
        running = next((f"cell {n} still running" for n, c in enumerate(snap["cells"] or [], start=1)
                        if c["prompt"] == "[*]:"), "no cell running")
        raise Stop(f"{what} within {timeout:.0f} s (kernel status {snap.get('status')!r}, {running})")


def finished(snap):
    """Idle with no cell queued or running, after some cell ran. (After an error, JupyterLab
    drops the cells queued after it: they keep an empty prompt and page_problems names them.)"""
    prompts = [c["prompt"] for c in snap["cells"] or [] if c["code"]]
    return (snap.get("status") == "idle" and "[*]:" not in prompts
            and any(re.fullmatch(r"\[\d+\]:", p) for p in prompts))


def cleared(snap):
    cells = snap["cells"] or []
    return cells and not any(c["pictures"] or re.search(r"\d", c["prompt"]) for c in cells)


def kernel_problems(browser, lab, name):
    """Waits (bounded) for the notebook's kernel to be ready, as a learner would before running:
    idle on the page, and idle with the page connected on the server. (Shutting a kernel down
    before the page has connected stalls the server's next kernel connection for a minute.) A
    kernel not ready within IDLE_TIMEOUT is restarted once, as a learner would from the Kernel
    menu, and a note names what each side saw: on a loaded machine evcxr_jupyter now and then
    starts without ever answering the server's first messages (its log: "Nudge: attempt 10, 20,
    ..." and a timeout). Not ready after the restart either is a failure."""
    seen = []

    def ready(browser):
        snap = snapshot(browser)
        if not seen or seen[-1] != snap.get("status"):
            seen.append(snap.get("status"))
        if snap.get("dialog") or snap.get("status") == "dead":
            raise Stop(snap.get("status"))
        kernel = lab.kernel(name) if snap.get("status") == "idle" else {}
        return kernel.get("execution_state") == "idle" and kernel.get("connections", 0) > 0

    def what_was_seen():
        kernel = lab.kernel(name)
        server = (f"kernel {kernel['id'][:8]} {kernel.get('execution_state')}, "
                  f"{kernel.get('connections', 0)} connections") if kernel else "no kernel"
        said = (f"the page's status went {' > '.join(map(str, seen))}; the server: {server}; "
                f"JupyterLab's log: {' | '.join(lab.kernel_log(name)[-12:]) or 'nothing'}")
        seen.clear()
        return said

    try:
        if poll(browser, IDLE_TIMEOUT, ready, every=0.5):
            return []
        first = what_was_seen()
        lab.restart_kernel(name)
        if poll(browser, IDLE_TIMEOUT, ready, every=0.5):
            print(f"     {name}: note: the Rust kernel was not ready within {IDLE_TIMEOUT:.0f} s, "
                  f"and was after a restart ({first})", flush=True)
            return []
        return [f"the Rust kernel was not ready within {IDLE_TIMEOUT:.0f} s, nor after a restart "
                f"({first}; after the restart: {what_was_seen()})"]
    except Stop:
        return [f"the Rust kernel was not ready ({what_was_seen()})"]


def run_all(browser, lab, path, expected):
    """Opens the notebook, clears its outputs and runs every cell from JupyterLab's menus: the problems."""
    name = path.name
    open_notebook(browser, lab, name, expected)
    problems = kernel_problems(browser, lab, name)
    if problems:
        return problems
    try:
        menu(browser, "Edit", "editmenu:clear-all")
        wait_for(browser, cleared, 30, "Clear Outputs of All Cells did not clear the outputs")
        menu(browser, "Run", "runmenu:run-all")
        started = time.monotonic()
        wait_for(browser, finished, RUN_TIMEOUT, "running all cells did not finish")
        print(f"     {name}: Run All Cells took {time.monotonic() - started:.1f} s "
              "(from the menu click until the kernel is idle with every cell run)", flush=True)
    except Stop as err:
        return [str(err)]
    wait_settled(browser, expected, OPEN_TIMEOUT)
    return page_problems(snapshot(browser), path, after_run=True)


# ------------------------------------------------------------------------------------ the widgets

# What each widget must show, as the crate computes it: the `makemore` command-line tool, run with
# the settings of the notebook cell that made the widget (so a cell changed without its check, or
# the check without its cell, fails). Each interaction presses, drags (a range input moved with
# the keyboard, one position per arrow key) or types as a learner does, then reads the widget's
# live numbers (`data-value`, the number last in the text).
WIDGET_WAIT = 15.0  # seconds for a widget's script to have run (data-ready) or failed
TORCH_NAMES = ("sample", "--rng", "torch", "--smoothing", "0", "-n", "5")  # notebook 03's model


@functools.cache
def crate(*args):
    """The crate's numbers, from `cargo run --bin makemore -- ARGS --json`."""
    command = ["cargo", "run", "--quiet", "--locked", "--bin", "makemore", "--", *args,
               "--input", str(ROOT / "data" / "names.txt"), "--json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise Fatal(f"{' '.join(command[5:])} failed: {done.stderr.strip()[:300]}")
    return json.loads(done.stdout)


def nll(part, k):
    return f"{crate('eval', '--split', part, '--smoothing', str(k))['mean']:.4f}"


def value(root, what):
    found = root.find_elements(By.CSS_SELECTOR, f'[data-value="{what}"]')
    return found[0].get_attribute("textContent").strip() if found else None


def last_number(text):
    numbers = re.findall(r"-?\d+(?:\.\d+)?|∞", text or "")
    return numbers[-1] if numbers else None


def button(root, label):
    for b in root.find_elements(By.TAG_NAME, "button"):
        if b.text.strip() == label:
            return b
    raise Stop(f"it has no {label!r} button")


def move(root, position):
    """The widget's slider to POSITION, with the keyboard: Home, then one arrow key per step."""
    root.find_element(By.CSS_SELECTOR, 'input[type="range"]').send_keys(Keys.HOME + Keys.ARROW_RIGHT * position)


def check_sampler(root):
    """Press 'next character' until five names are drawn: the crate's for the seed."""
    names = crate(*TORCH_NAMES)["names"]
    button(root, "reset").click()
    step = button(root, "next character")
    for _ in range(sum(len(n) for n in names)):
        step.click()
    drawn = (value(root, "names") or "").split()
    if drawn != names:
        yield f"drew the names {' '.join(drawn)!r}; the crate's for seed 2147483647 are {' '.join(names)!r}"


def check_smoothing(root):
    """k at 0.1, 1 and 10 (positions 201, 301, 401): the crate's NLL on train and dev."""
    for k, position in [(0.1, 201), (1, 301), (10, 401)]:
        move(root, position)
        shown = [value(root, w) for w in ("k", "nll-train", "nll-dev")]
        expected = [f"{k:g}", nll("train", k), nll("val", k)]
        if shown != expected:
            yield (f"at k = {k:g} it shows k, train, dev = {', '.join(map(str, shown))}; "
                   f"the crate's are {', '.join(expected)}")


def check_training(root):
    """Step 50: the loss of the crate's History (notebook 07's run: `train --init torch`)."""
    losses = crate("train", "--init", "torch")["losses"]
    move(root, 50)
    shown = (value(root, "step"), value(root, "loss"))
    if shown != ("50", f"{losses[50]:.4f}"):
        yield (f"at step 50 it shows step {shown[0]}, loss {shown[1]}; the crate's History has loss "
               f"{losses[50]:.4f} there")


def check_context(root):
    """Type "em": each bar is the trigram's p(next | em) (notebook 08's +1 model), by the
    crate's per-n-gram breakdown of "em" and "em" + each letter."""
    box = root.find_element(By.CSS_SELECTOR, 'input[type="text"]')
    box.clear()
    box.send_keys("em")
    items = ["em"] + [f"em{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    report = crate("eval", "-k", "2", "--smoothing", "1", *items)["items"]
    expected = {item["item"][2:] or ".": f"{item['ngrams'][2]['prob']:.4f}" for item in report}
    shown = {bar.get_attribute("data-value")[2:]: last_number(bar.get_attribute("textContent"))
             for bar in root.find_elements(By.CSS_SELECTOR, '[data-value^="p-"]')}
    if value(root, "context") != "em":
        yield f"typing 'em' shows the context {value(root, 'context')!r}"
    wrong = [f"{c}: {shown.get(c)} (the crate's {p})" for c, p in expected.items() if shown.get(c) != p]
    if wrong:
        yield f"for 'em' it shows p(next) {'; '.join(wrong[:4])}" + (
            f" and {len(wrong) - 4} more" if len(wrong) > 4 else "")
    before = box.get_attribute("value")
    button(root, "draw the next character").click()
    if box.get_attribute("value") == before and not value(root, "name"):
        yield "'draw the next character' drew nothing"


WIDGET_CHECKS = {"sampler": check_sampler, "smoothing": check_smoothing,
                 "training": check_training, "context": check_context}

WIDGETS_JS = r"""
const scope = document.querySelector(arguments[0]);
if (arguments[1]) return scope ? [...scope.querySelectorAll('p')].map(p => p.innerText)
  .filter(t => /trust this notebook/.test(t)) : [];
return scope ? [...scope.querySelectorAll('[data-widget]')].map(root => ({
  root: root,
  name: root.dataset.widget,
  ready: root.hasAttribute('data-ready'),
  error: root.querySelector('.mm-error')?.textContent || null,
  fallback: [...root.querySelectorAll('p')].map(p => p.innerText).find(t => /trust this notebook/.test(t)) || null,
  broken: [...root.querySelectorAll('svg')].filter(s => {
    const r = s.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).length,
})) : [];
"""


def widget_problems(browser, scope, expected, stem, shots):
    """Each widget of the page (within the CSS selector SCOPE) started, drew its pictures and, pressed,
    dragged or typed into, shows the crate's numbers; screenshots STEM.widget-N-NAME.before/after.png."""
    last = {}

    def started(browser):  # at WIDGET_WAIT, on purpose, the widgets found then are judged
        found = last["found"] = browser.execute_script(WIDGETS_JS, scope, False)
        return len(found) >= len(expected) and all(w["ready"] or w["error"] for w in found)

    poll(browser, WIDGET_WAIT, started)
    found = last["found"]
    names = [w["name"] for w in found]
    if names != expected:
        # Untrusted, JupyterLab shows a widget's HTML sanitized: no script, no data-widget.
        lines = browser.execute_script(WIDGETS_JS, scope, True)
        said = f" (it says {' '.join(lines[0].split())!r})" if lines else ""
        return [f"the page has the widgets {names}, the .ipynb {expected}{said}"]
    problems = []
    for number, widget in enumerate(found, start=1):
        name, root = widget["name"], widget["root"]
        if not widget["ready"]:
            static = f" (the page shows its static picture and {widget['fallback']!r})" if widget["fallback"] else ""
            problems.append(f"widget {name}: did not start: "
                            + (widget["error"] or f"its script did not run within {WIDGET_WAIT:.0f} s") + static)
            root.screenshot(str(shots / f"{stem}.widget-{number}-{name}.not-started.png"))
            continue
        if widget["broken"]:
            problems.append(f"widget {name}: {widget['broken']} of its pictures not drawn")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", root)
        root.screenshot(str(shots / f"{stem}.widget-{number}-{name}.before.png"))
        try:
            problems += [f"widget {name}: {p}" for p in WIDGET_CHECKS[name](root)]
        except Stop as err:
            problems.append(f"widget {name}: {err}")
        root.screenshot(str(shots / f"{stem}.widget-{number}-{name}.after.png"))
    return problems


def exported_problems(browser, paths, tmp, shots):
    """The same widgets in the HTML pages `scripts/notebooks.py export` writes (nbconvert), opened
    from disk with no server; returns the number of failed pages."""
    failed = 0
    for path in paths:
        expected, start = committed_widgets(path), time.monotonic()
        page = tmp / "export" / f"{path.stem}.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(notebooks.html_page(path), encoding="utf-8")
        browser.get(page.as_uri())
        problems = widget_problems(browser, "body", expected, f"{path.stem}.export", shots)
        failed += report(f"{path.stem}.html (exported)", problems, [], start, widgets=expected)
    return failed

# ------------------------------------------------------------------------------------ the check


def check(browser, lab, paths, run, shots):
    """Checks each notebook, then runs the notebook RUN (or none); returns the number of failed checks."""
    failed = 0
    for path in paths:
        start, expected = time.monotonic(), committed_pictures(path)
        snap = open_notebook(browser, lab, path.name, expected)
        problems = page_problems(snap, path)
        widgets = committed_widgets(path)
        if widgets and not snap.get("dialog"):
            screenshots(browser, path.stem, shots)  # as opened, before the widgets are touched
            problems += widget_problems(browser, PANEL, widgets, path.stem, shots)
        if not snap.get("dialog"):
            problems += kernel_problems(browser, lab, path.name)
        screenshots(browser, f"{path.stem}.widgets-used" if widgets else path.stem, shots, pictures=not widgets)
        lab.shut_down_kernels()
        failed += report(path.name, problems, expected, start, widgets=widgets)
    if run:
        start, expected = time.monotonic(), committed_pictures(run)
        problems = run_all(browser, lab, run, expected)
        screenshots(browser, f"{run.stem}.after-run", shots, pictures=False)
        lab.shut_down_kernels()
        failed += report(f"{run.name} (run all)", problems, expected, start)
    return failed


def report(name, problems, expected, start, widgets=()):
    pictures = sum(len(p) for p in expected)
    seconds = time.monotonic() - start
    if problems:
        print(f"FAIL {name} ({seconds:.1f} s)", *(f"  {name}: {problem}" for problem in problems), sep="\n")
        return 1
    drawn = f"all {pictures} picture{'s' if pictures > 1 else ''} drawn" if pictures else "no pictures"
    if widgets:
        drawn += f"; widget{'s' if len(widgets) > 1 else ''} {', '.join(widgets)} pressed and checked"
    print(f"ok   {name}: {drawn} ({seconds:.1f} s)", flush=True)
    return 0


def parse(argv):
    parser = argparse.ArgumentParser(description="Check the notebooks in headless Chromium.")
    parser.add_argument("notebooks", nargs="*", help="notebook file names (default: all)")
    parser.add_argument("--port", type=int, help="JupyterLab's port (default: a free one)")
    parser.add_argument("--no-run", action="store_true", help="do not run notebook 02's cells")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "target" / "screenshots")
    parser.add_argument("--dir", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--open", default=str(ROOT / "scripts" / "open"))
    parser.add_argument("--start-timeout", type=float, default=START_TIMEOUT)
    return parser.parse_args(argv)


def notebook_paths(args):
    try:  # by their names in --dir
        paths = notebooks.notebook_paths([Path(n).name for n in args.notebooks], args.dir)
    except notebooks.NotebookFailure as err:
        raise Fatal(str(err))
    if not paths:
        raise Fatal(f"no notebooks in {args.dir}")
    return paths


def remove_tree(path):
    """Removes the check's temporary directory; Chromium's helpers may write to their profile
    there for a moment after quit(), so a few tries, then whatever is left stays."""
    for _ in range(10):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.3)


def main(argv):
    args = parse(argv)
    start = time.monotonic()
    try:
        paths = notebook_paths(args)
        run = None if args.no_run else next((p for p in paths if p.name.startswith("02-")), None)
        nb_dir = args.dir.resolve()
        before = fingerprint(nb_dir)
        port = free_port(args.port or 0)
        args.screenshots.mkdir(parents=True, exist_ok=True)
        for old in args.screenshots.glob("*.png"):  # no stale pictures from an earlier run
            old.unlink()
        with ExitStack() as cleanup:  # on the way out: JupyterLab stopped, Chromium quit, tmp removed
            tmp = Path(tempfile.mkdtemp(prefix="browser-check-"))
            cleanup.callback(remove_tree, tmp)
            browser = start_browser(args.screenshots / "chromedriver.log", tmp / "profile")
            cleanup.callback(browser.quit)
            lab = Lab(shlex.split(args.open), port, nb_dir, tmp, args.screenshots / "jupyterlab.log")
            cleanup.callback(lab.stop)
            lab.wait_ready(args.start_timeout)
            print(f"browser check: JupyterLab on port {port}, {len(paths)} "
                  f"notebook{'s' if len(paths) > 1 else ''} in headless Chromium", flush=True)
            failed = check(browser, lab, paths, run, args.screenshots)
            pages = [p for p in paths if committed_widgets(p)]
            failed += exported_problems(browser, pages, tmp, args.screenshots)
        after = fingerprint(nb_dir)
        changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
        if changed:
            raise Fatal(f"{', '.join(changed)} in {args.dir} changed while the check ran (by the "
                        "check, which must never write a notebook, or by someone else)")
    except Fatal as err:
        print(f"browser check: FAIL {err}")
        return 1
    except WebDriverException as err:  # selenium's own errors (a page that never loads, a lost browser)
        print(f"browser check: FAIL the browser: {str(err).strip().splitlines()[0]}")
        return 1
    checks = len(paths) + (1 if run else 0) + len(pages)
    print(f"browser check: screenshots in {args.screenshots}")
    print(f"browser check: {checks - failed} of {checks} passed"
          + (f" (every notebook opened, and {run.name} run)" if run else "")
          + f" in {time.monotonic() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
