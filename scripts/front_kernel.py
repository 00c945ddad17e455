#!/usr/bin/env python3
"""The front of the project's Rust kernel: evcxr_jupyter behind a thin relay that warms it up
while the learner reads (scripts/kernel runs it: `front_kernel.py EVCXR_JUPYTER --control_file F`).

A notebook's first cells wait for the `:dep` cell's build and for evcxr's first type inference over
makemore, ndarray and std (BENCHMARKS.md, "Cells"). The front binds the learner's ports, starts
evcxr on ports of its own and passes every message through, but for the warm-up: once evcxr has
answered kernel_info, it sends the notebook's `:dep` lines as its first code cell writes them (the
notebook JPY_SESSION_NAME names, as jupyter_server sets it, else the folder's first), then BINDS,
one request at a time and only while evcxr has nothing of the learner's to do; after the learner's
first cell only after a pause of QUIET seconds (Run All and the checker send the next cell at
once), and after their second not at all (their cells did the work). The learner sees none of it:
its messages are dropped, their cells' execution counts are renumbered as if it had not run, and a
kernel_info_request that comes meanwhile is answered with evcxr's first reply. A step that fails
ends it (the learner's `:dep` cell then shows the compiler's error as before). evcxr dies with the
front; the front exits with evcxr's code.
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

DELIM = b"<IDS|MSG>"
QUIET = 1.0  # seconds without a learner's request before a warm-up step after their first cell
LOCK = [9] if Path("/proc/self/fd/9").exists() else []  # scripts/kernel's build directory lock
ANSWERED = {"execute_request", "kernel_info_request", "complete_request", "inspect_request",
            "is_complete_request"}  # the requests evcxr_jupyter replies to (not comm_*, history)
BINDS = "let _warm_up: Option<makemore::data::Dataset> = None; drop(_warm_up);"  # evcxr infers, then forgets


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
    def __init__(self, connection, evcxr):
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
        self.evcxr = subprocess.Popen([evcxr, "--control_file", str(Path(self.private.name) / "evcxr.json")],
                                      preexec_fn=die_with_parent, pass_fds=LOCK)
        self.steps = warm_up_steps(Path.cwd())
        self.warm_ids = set()  # the warm-up's requests
        self.warming = None  # the one running
        self.waiting = {}  # the learner's shell requests evcxr has not answered: msg_id -> warm-ups before it
        self.cells = 0  # the learner's execute_requests
        self.last = time.monotonic()  # the learner's last request or reply
        self.kernel_info = None  # evcxr's first kernel_info reply's content

    def run(self):
        poller = zmq.Poller()
        for pair in self.sockets.values():
            for socket in pair:
                if socket.socket_type != zmq.PUB:
                    poller.register(socket, zmq.POLLIN)
        sides = {s: (channel, i) for channel, pair in self.sockets.items() for i, s in enumerate(pair)}
        while (events := poller.poll(100)) or self.evcxr.poll() is None:  # evcxr's last words too
            for socket, _ in events:
                channel, inside = sides[socket]
                frames = socket.recv_multipart()
                if channel == "shell" and DELIM in frames:
                    (self.from_evcxr if inside else self.from_learner)(frames)
                elif channel == "iopub" and DELIM in frames:
                    self.publish(frames)
                else:  # control, stdin and heartbeat (and anything unreadable): passed through
                    self.sockets[channel][1 - inside].send_multipart(frames)
            self.warm_up()
        zmq.Context.instance().destroy(linger=1000)
        self.private.cleanup()
        return self.evcxr.returncode

    def from_learner(self, frames):
        msg = Message(frames)
        if msg.type == "kernel_info_request" and self.warming and not self.waiting and self.kernel_info:
            return self.answer_kernel_info(msg)
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
            return
        self.last = time.monotonic()
        by = self.waiting.pop(msg.parent_id, 0)
        self.sockets["shell"][0].send_multipart(msg.renumbered(self.session, by))

    def publish(self, frames):
        msg = Message(frames)
        if msg.parent_id in self.warm_ids:
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

    def answer_kernel_info(self, msg):
        """evcxr's first kernel_info reply, between busy and idle, as evcxr answers it."""
        def status(state):
            said = self.session.msg("status", {"execution_state": state}, parent=msg.header)
            self.sockets["iopub"][0].send_multipart([b"kernel.status"] + self.session.serialize(said))

        status("busy")
        reply = self.session.msg("kernel_info_reply", self.kernel_info, parent=msg.header)
        self.sockets["shell"][0].send_multipart(msg.ids + self.session.serialize(reply))
        status("idle")


def log(line):
    print(f"kernel: {line}", file=sys.stderr, flush=True)


def die_with_parent():
    """In the child before exec: SIGKILL when the front dies (prctl PR_SET_PDEATHSIG), however."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def main(argv):
    evcxr, connection = argv[0], argv[argv.index("--control_file") + 1]
    front = Front(connection, evcxr)
    signal.signal(signal.SIGTERM, lambda *_: front.evcxr.terminate())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts come as messages (the kernelspec's mode)
    return front.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
