#!/usr/bin/env python3
"""Writes the golden outputs of cases.txt with a given makemore binary (run once, before a change):

    python3 crate/tests/cli/golden/make.py target/release/makemore
"""
import shlex, shutil, subprocess, sys, tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = HERE.parents[3] / "data" / "names.txt"

def main(binary):
    binary = str(Path(binary).resolve())
    for old in HERE.glob("[0-9][0-9].*"):
        old.unlink()
    cases = [l for l in (HERE / "cases.txt").read_text().splitlines() if l and not l.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(NAMES, tmp / "names.txt")
        (tmp / "dev.txt").write_text("".join(NAMES.read_text().splitlines(True)[:3000]))
        for i, case in enumerate(cases):
            before = set(p.name for p in tmp.iterdir())
            args = shlex.split(case.removeprefix("~ "))
            out = subprocess.run([binary, "--input", "names.txt", *args] if args[0] != "--help" and "--help" not in args else [binary, *args],
                                 cwd=tmp, capture_output=True, check=True)
            (HERE / f"{i:02}.out").write_bytes(out.stdout)
            for p in sorted(tmp.iterdir()):
                if p.name not in before:
                    shutil.copy(p, HERE / f"{i:02}.{p.name}")
    print(f"{len(cases)} cases written to {HERE}")

if __name__ == "__main__":
    main(sys.argv[1])
