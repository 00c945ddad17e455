#!/usr/bin/env python3
"""The front of the project's Rust kernel: evcxr_jupyter behind a thin relay that warms it up
while the learner reads (scripts/kernel runs it: `front_kernel.py EVCXR_JUPYTER --control_file F`).

A notebook's first cells wait for the `:dep` cell's build and for evcxr's first type inference over
makemore, ndarray and std (BENCHMARKS.md, "Cells"). The front binds the learner's ports, starts
evcxr on ports of its own and passes every message through, but for the warm-up: once evcxr has
answered the front's own kernel_info_request, it sends the notebook's `:dep` lines as its first code cell writes them (the
notebook JPY_SESSION_NAME names, as jupyter_server sets it, else the folder's first), then BINDS,
one request at a time and only while evcxr has nothing of the learner's to do; after the learner's
first cell only after a pause of QUIET seconds (Run All and the checker send the next cell at
once), and after their second not at all (their cells did the work). The learner sees none of it:
its messages are dropped, their cells' execution counts are renumbered as if it had not run, and a
kernel_info_request that comes meanwhile is answered with evcxr's first reply. A step that fails
ends it (the learner's `:dep` cell then shows the compiler's error as before). evcxr dies with the
front; the front exits with evcxr's code.

Before evcxr_jupyter is built (a fresh machine's first 10 minutes), the front stands in for it
(--stand-in): it answers every cell with the build's progress from `scripts/kernel-build --status`
and what to do (an "error" reply without traceback, so Run All stops there), starting the build
when none runs and none failed. Once the build is done and the learner has paused for HAND_OVER
seconds, it starts evcxr behind it as above: the page keeps its kernel, and a request that comes
meanwhile waits in the front's socket.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

BUILD = Path(__file__).resolve().parent / "kernel-build"
DELIM = b"<IDS|MSG>"
QUIET = 1.0  # seconds without a learner's request before a warm-up step after their first cell
LOCK = [9] if Path("/proc/self/fd/9").exists() else []  # scripts/kernel's build directory lock
ANSWERED = {"execute_request", "kernel_info_request", "complete_request", "inspect_request",
            "is_complete_request"}  # the requests evcxr_jupyter replies to (not comm_*, history)
BINDS = "let _warm_up: Option<makemore::data::Dataset> = None; drop(_warm_up);"  # evcxr infers, then forgets
HAND_OVER = 1.0  # seconds without a learner's request before the stand-in starts evcxr
# The stand-in's kernel_info: evcxr's language_info, so that the page looks the same after it.
STANDIN_INFO = {"status": "ok", "protocol_version": "5.3", "implementation": "makemore-rs-standin",
                "implementation_version": "1", "help_links": [],
                "language_info": {"name": "Rust", "version": "", "mimetype": "text/rust", "file_extension": ".rs",
                                  "pygment_lexer": "rust", "codemirror_mode": "rust"}}


def build(mode):
    """scripts/kernel-build MODE's output."""
    return subprocess.run([str(BUILD), mode], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, check=False).stdout


def build_status():
    """(running | done | failed | stopped, what to tell a person), from scripts/kernel-build."""
    state, _, text = build("--status").partition(": ")
    return state, text.strip()


def not_ready():
    """What a cell sent to the stand-in shows; it starts the build unless one is running, is done
    or failed (kernel-build --background takes the lock, so two callers start one)."""
    state, text = build_status()
    if state == "done":
        return ("The Rust kernel has just been built, and this kernel is switching to it now.\n"
                "This cell did not run: run it again in a few seconds.\n")
    if state == "failed":
        said, _, tail = text.partition("\n")
        return (f"{said}\nThis cell did not run. The end of the build's log:\n\n{tail}\n\nTo try "
                "again: run scripts/setup in a terminal (it shows cargo's output), then Kernel > "
                "Restart Kernel here.\n")
    if state != "running":
        build("--background")
    return (build_status()[1] + "\n"
            "It is built once per machine. This cell did not run; the notebook's outputs are the "
            "committed ones until you run it.\nWhen the build is done this kernel switches to Rust "
            "by itself: then run the cell again (or use Kernel > Restart Kernel).\n")


def warm_up_steps(cwd):
    """The notebook's `:dep` lines, then BINDS when they load makemore: the code of each step."""
    named = Path(os.environ.get("JPY_SESSION_NAME", ""))
    notebook = named if named.is_file() else cwd / named.name
    if not notebook.is_file() or notebook.suffix != ".ipynb":
        notebook = next(iter(sorted(cwd.glob("*.ipynb"))), None)
    try:
        cells = json.loads(notebook.read_text())["cells"]
        first = next(c for c in cells if c["cell_type"] == "code")
    except (AttributeError, OSError, ValueError, KeyError, StopIteration):
        log("warm-up: no notebook with a code cell here; none")
        return []
    source = "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
    deps = "\n".join(l for l in source.splitlines() if l.startswith(":dep "))
    steps = [deps] + ([BINDS] if ":dep makemore " in deps else []) if deps else []
    log(f"warm-up: {len(steps)} steps from {notebook.name}")
    return steps


class Message:
    """One message's frames, its identities apart; header and parent read, the rest as it came."""

    def __init__(self, frames):
        cut = frames.index(DELIM)
        self.ids, self.parts = frames[:cut], frames[cut + 1:]
        self.header, self.parent = json.loads(self.parts[1]), json.loads(self.parts[2])
        self.type, self.parent_id = self.header["msg_type"], self.parent.get("msg_id")

    def frames(self):
        return [*self.ids, DELIM, *self.parts]

    def renumbered(self, session, by):
        """The frames with the content's execution_count lowered BY and the signature redone."""
        content = json.loads(self.parts[4]) if by else {}
        if isinstance(content.get("execution_count"), int):
            content["execution_count"] -= by
            self.parts[4] = json.dumps(content).encode()
            self.parts[0] = session.sign(self.parts[1:5])
        return self.frames()


class Front:
    def __init__(self, connection, evcxr, stand_in=False):
        outer = json.loads(Path(connection).read_text())
        self.session = Session(key=outer["key"].encode(), signature_scheme=outer["signature_scheme"])
        self.private = tempfile.TemporaryDirectory(prefix="makemore-front-")
        _, inner = write_connection_file(str(Path(self.private.name) / "evcxr.json"), ip="127.0.0.1",
                                         key=outer["key"].encode(), signature_scheme=outer["signature_scheme"])
        ctx = zmq.Context.instance()
        self.sockets = {}  # channel: (the learner's side, evcxr's side)
        for channel, outside, inside in (("shell", zmq.ROUTER, zmq.DEALER), ("control", zmq.ROUTER, zmq.DEALER),
                                         ("stdin", zmq.ROUTER, zmq.DEALER), ("hb", zmq.ROUTER, zmq.DEALER),
                                         ("iopub", zmq.PUB, zmq.SUB)):
            out, into = ctx.socket(outside), ctx.socket(inside)
            out.bind(f"{outer['transport']}://{outer['ip']}:{outer[channel + '_port']}")
            if channel in ("shell", "stdin"):  # one identity, so evcxr's input_request finds stdin
                into.setsockopt(zmq.IDENTITY, b"makemore-front")
            if channel == "iopub":
                into.setsockopt(zmq.SUBSCRIBE, b"")
            into.connect(f"tcp://127.0.0.1:{inner[channel + '_port']}")
            self.sockets[channel] = (out, into)
        self.command = [evcxr, "--control_file", str(Path(self.private.name) / "evcxr.json")]
        self.evcxr = None  # evcxr_jupyter's process, once started
        self.steps = warm_up_steps(Path.cwd())
        self.warm_ids = set()  # the warm-up's requests
        self.warming = None  # the one running
        self.waiting = {}  # the learner's shell requests evcxr has not answered: msg_id -> warm-ups before it
        self.cells = 0  # the learner's execute_requests
        self.last = time.monotonic()  # the learner's last request or reply
        self.kernel_info = None  # evcxr's first kernel_info reply's content
        self.own = set()  # the front's own kernel_info_request to evcxr
        self.stopped = False  # the stand-in was asked to shut down
        self.count, self.aborting, self.checked = 0, False, 0.0  # the stand-in's
        if not stand_in:
            self.start_evcxr()
        elif build_status()[0] not in ("running", "failed", "done"):
            build("--background")

    def start_evcxr(self):
        """evcxr_jupyter behind the front, asked for its kernel_info at once (for the warm-up)."""
        self.evcxr = subprocess.Popen(self.command, preexec_fn=die_with_parent, pass_fds=LOCK)
        request = self.session.msg("kernel_info_request", {})
        self.own = {request["header"]["msg_id"]}  # its messages are dropped as the warm-up's
        self.sockets["shell"][1].send_multipart(self.session.serialize(request))

    def run(self):
        poller = zmq.Poller()
        for pair in self.sockets.values():
            for socket in pair:
                if socket.socket_type != zmq.PUB:
                    poller.register(socket, zmq.POLLIN)
        sides = {s: (channel, i) for channel, pair in self.sockets.items() for i, s in enumerate(pair)}
        while not self.stopped and ((events := poller.poll(100)) or not self.evcxr or self.evcxr.poll() is None):
            self.aborting = self.aborting and bool(events)  # (evcxr's last words are read too)
            for socket, _ in events:
                channel, inside = sides[socket]
                frames = socket.recv_multipart()
                if self.evcxr is None:
                    self.stand_in(channel, socket, frames)
                elif channel == "shell" and DELIM in frames:
                    (self.from_evcxr if inside else self.from_learner)(frames)
                elif channel == "iopub" and DELIM in frames:
                    self.publish(frames)
                else:  # control, stdin and heartbeat (and anything unreadable): passed through
                    self.sockets[channel][1 - inside].send_multipart(frames)
            self.warm_up() if self.evcxr else self.hand_over()
        zmq.Context.instance().destroy(linger=1000)
        self.private.cleanup()
        return self.evcxr.returncode if self.evcxr else 0

    def from_learner(self, frames):
        msg = Message(frames)
        if msg.type == "kernel_info_request" and self.warming and not self.waiting and self.kernel_info:
            return self.answer(self.sockets["shell"][0], msg, self.kernel_info)
        self.last = time.monotonic()
        self.cells += msg.type == "execute_request"
        if msg.type in ANSWERED:
            self.waiting[msg.header["msg_id"]] = len(self.warm_ids)
        self.sockets["shell"][1].send_multipart(frames)

    def from_evcxr(self, frames):
        msg = Message(frames)
        if msg.type == "kernel_info_reply" and self.kernel_info is None:
            self.kernel_info = json.loads(msg.parts[4])
        if self.warming and msg.parent_id == self.warming:
            ok = json.loads(msg.parts[4]).get("status") == "ok"
            log(f"warm-up step {len(self.warm_ids)} {'done' if ok else 'failed'} in "
                f"{time.monotonic() - self.warm_start:.1f} s")
            self.warming, self.steps = None, self.steps if ok else []
        if msg.parent_id in self.warm_ids | self.own:
            return
        self.last = time.monotonic()
        by = self.waiting.pop(msg.parent_id, 0)
        self.sockets["shell"][0].send_multipart(msg.renumbered(self.session, by))

    def publish(self, frames):
        msg = Message(frames)
        if msg.parent_id in self.warm_ids | self.own:
            return
        by = self.waiting.get(msg.parent_id, 0)
        renumber = by and msg.type in ("execute_input", "execute_result", "error")
        self.sockets["iopub"][0].send_multipart(msg.renumbered(self.session, by) if renumber else frames)

    def warm_up(self):
        """Sends the next warm-up step when evcxr is up, idle, and the learner lets it."""
        if (not self.steps or self.warming or self.waiting or self.kernel_info is None or self.cells > 1
                or (self.cells == 1 and time.monotonic() - self.last < QUIET)):
            return
        request = self.session.msg("execute_request", {"code": self.steps.pop(0), "silent": True,
                                                       "store_history": False, "user_expressions": {},
                                                       "allow_stdin": False, "stop_on_error": True})
        self.warming, self.warm_start = request["header"]["msg_id"], time.monotonic()
        self.warm_ids.add(self.warming)
        self.sockets["shell"][1].send_multipart(self.session.serialize(request))

    def answer(self, socket, msg, content, said=()):
        """The reply CONTENT to MSG on SOCKET, after the messages SAID, between busy and idle."""
        def publish(msg_type, published):
            own = self.session.msg(msg_type, published, parent=msg.header)
            self.sockets["iopub"][0].send_multipart([f"kernel.{msg_type}".encode()] + self.session.serialize(own))

        for msg_type, published in [("status", {"execution_state": "busy"}), *said]:
            publish(msg_type, published)
        reply = self.session.msg(msg.type.replace("_request", "_reply"), content, parent=msg.header)
        socket.send_multipart(msg.ids + self.session.serialize(reply))
        publish("status", {"execution_state": "idle"})

    def stand_in(self, channel, socket, frames):
        """Before evcxr is built: the heartbeat echoed; kernel_info, execute, interrupt and shutdown
        requests answered by the front itself (the others, as evcxr leaves some, unanswered)."""
        if channel == "hb":
            return socket.send_multipart(frames)
        if channel not in ("shell", "control") or DELIM not in frames:
            return
        msg, content = Message(frames), json.loads(frames[frames.index(DELIM) + 5])
        if msg.type == "kernel_info_request":
            banner = "Stand-in for the Rust kernel while it is being built. " + build_status()[1]
            self.answer(socket, msg, dict(STANDIN_INFO, banner=banner))
        elif msg.type == "execute_request" and not self.aborting:
            self.count, text = self.count + 1, not_ready()
            self.answer(socket, msg, {"status": "error", "execution_count": self.count, "traceback": [],
                                      "ename": "RustKernelNotReady", "evalue": text.splitlines()[0]},
                        said=[("execute_input", {"code": content.get("code", ""), "execution_count": self.count}),
                              ("stream", {"name": "stdout", "text": text})])
            self.aborting, self.last = True, time.monotonic()  # (a cell holds the handover off)
        elif msg.type in ("execute_request", "interrupt_request", "shutdown_request"):
            self.stopped = msg.type == "shutdown_request"  # (an execute_request: Run All's next cell)
            self.answer(socket, msg, {"status": "aborted"} if msg.type == "execute_request" else {"status": "ok", **content})

    def hand_over(self):
        """Starts evcxr in the stand-in's place once it is built and the learner has paused."""
        now = time.monotonic()
        if now - self.last < HAND_OVER or now - self.checked < 0.5:
            return
        self.checked = now
        if build_status()[0] == "done":
            log("evcxr_jupyter is built; starting it in place of the stand-in")
            self.start_evcxr()


def log(line):
    print(f"kernel: {line}", file=sys.stderr, flush=True)


def die_with_parent():
    """In the child before exec: SIGKILL when the front dies (prctl PR_SET_PDEATHSIG), however."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def main(argv):
    evcxr, connection = argv[0], argv[argv.index("--control_file") + 1]
    front = Front(connection, evcxr, stand_in="--stand-in" in argv)
    signal.signal(signal.SIGTERM, lambda *_: front.evcxr.terminate() if front.evcxr else sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts come as messages (the kernelspec's mode)
    return front.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
