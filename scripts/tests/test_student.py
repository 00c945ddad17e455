"""The student version of every notebook with exercises (`notebooks.py student`, docs/teachers.md),
read and run with the real kernel; and the check itself, proved on a small notebook of its own
(plain Rust, no crate): a good copy passes, each broken one fails, named at its cell.
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import KERNELSPEC, NOTEBOOKS, SCRIPTS, beside_the_crate, notebooks, run, write_notebook

EXERCISES = {f"E0{i}" for i in range(1, 7)}  # the lecture's six, across notebooks 08 and 09
TODO_PANIC = re.compile(
    r"\s*thread '[^']*'(?: \(\d+\))? panicked at [^\n]*\n"
    r"not yet implemented: (E\d\d)\b[^\n]*\n"
    r"(?:stack backtrace:\n(?:[ \t]+[^\n]*\n)*)?"
    r"(?:note: [^\n]*\n)?"
)
MISSING = re.compile(r"cannot find value `(\w+)` in this scope")
MUT = re.compile(r"\bmut\s+")
LINT = re.compile(r"^\[[a-z_]+\] Error:")  # a warning evcxr shows beside a cell's errors


def mark(cell):
    return cell.get("metadata", {}).get("exercise", {})


def role(cell):
    return mark(cell).get("role")


# ---- reading Rust, only as far as our cells need ------------------------------------------------


def top_level(source):
    """The source with every string literal, comment and nested block blanked out."""
    flat = re.sub(r'//[^\n]*|"(?:\\.|[^"\\])*"', lambda m: '""' if m[0].startswith('"') else "", source)
    out, depth = [], 0
    for ch in flat:
        if ch in "{}":
            depth += 1 if ch == "{" else -1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def let_names(source):
    """The variables a cell defines at its top level (`let x`, `let mut x`, `let (a, b)`)."""
    patterns = re.findall(r"\blet\s+(\([^)]*\)|(?:mut\s+)?\w+)", top_level(source))
    names = [MUT.sub("", name).strip() for pattern in patterns for name in pattern.strip("()").split(",")]
    return [name for name in names if re.fullmatch(r"[A-Za-z_]\w*", name) and name != "_"]


def stub_declarations(stub):
    """(pattern, type) of each top-level `let PATTERN: TYPE = todo!(...)` of a stub."""
    flat = top_level(stub)
    decls = re.findall(r"\blet\s+(\([^)]*\)|(?:mut\s+)?\w+)\s*:\s*([^=;]+?)\s*=\s*todo!\(", flat)
    return decls, len(re.findall(r"\blet\b", flat))


def rebinding(stub):
    """`let PATTERN: TYPE = PATTERN;` for each declaration: compiles only if the answer defines
    every declared variable with the declared type."""
    return "\n".join(f"let {pattern}: {ty} = {MUT.sub('', pattern)};" for pattern, ty in stub_declarations(stub)[0])


# ---- 1. reading the copy -----------------------------------------------------------------------


def meaningful_lines(text):
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= 16}


def read_problems(worked, student):
    """Every cell is the worked notebook's, in order, but each solution is its stub (a solution's
    markdown without one is gone); every question unchanged; no line of a solution left; no
    outputs; every code stub has its own `todo!("E01: ...")` and declares each variable it leaves
    to the student as `let NAME: TYPE = todo!(...)`."""
    problems = []
    expected = [c for c in worked.cells if not (role(c) == "solution" and "stub" not in mark(c))]
    if len(expected) != len(student.cells):
        return [f"{len(student.cells)} cells, expected {len(expected)}"]
    kept_text = set()
    for c in worked.cells:
        if role(c) != "solution":
            kept_text |= meaningful_lines(notebooks.source_text(c))
        elif "stub" in mark(c):  # a stub may repeat its answer's signatures and comments
            kept_text |= {l for l in meaningful_lines(mark(c)["stub"]) if re.match(r"(pub )?fn |//", l)}
    student_lines = set().union(*(meaningful_lines(notebooks.source_text(c)) for c in student.cells))
    for number, (w, s) in enumerate(zip(expected, student.cells), start=1):
        if s.cell_type == "code" and (s.get("outputs") or s.get("execution_count") is not None):
            problems.append(f"cell {number}: has outputs")
        if w.cell_type != s.cell_type:
            problems.append(f"cell {number}: a {s.cell_type} cell, expected {w.cell_type}")
            continue
        if role(w) == "solution":
            ident, stub = mark(w).get("id"), mark(w)["stub"]
            if notebooks.source_text(s) != stub:
                problems.append(f"cell {number}: not the stub of its solution ({ident})")
            if w.cell_type == "code":
                if not re.search(r'todo!\(\s*"' + re.escape(str(ident)) + r"\b", stub):
                    problems.append(f'cell {number}: the stub has no todo!("{ident}: ...")')
                decls, lets = stub_declarations(stub)
                if len(decls) != lets:
                    problems.append(f"cell {number}: a `let` of the stub is not `let NAME: TYPE = todo!(...)`")
        elif notebooks.source_text(w) != notebooks.source_text(s):
            what = "question" if role(w) == "question" else "cell"
            problems.append(f"cell {number}: the {what} differs from the worked notebook's")
    problems += [f"solution text left in the copy ({mark(c).get('id')}): {line!r}"
                 for c in worked.cells if role(c) == "solution"
                 for line in sorted((meaningful_lines(notebooks.source_text(c)) - kept_text) & student_lines)]
    questions = {mark(c).get("id") for c in worked.cells if role(c) == "question"}
    answered = {mark(c).get("id") for c in worked.cells if role(c) == "solution" and c.cell_type == "code"}
    problems += [f"{ident} has solution cells but no question" for ident in sorted(answered - questions)]
    problems += [f"{ident} has a question but no solution code" for ident in sorted(questions - answered)]
    for number, c in enumerate(worked.cells, start=1):
        if c.cell_type == "markdown" and re.match(r"#+ E\d\d\b", notebooks.source_text(c)) and not role(c):
            problems.append(f"worked cell {number}: an exercise heading without exercise metadata")
    return problems


# ---- 2 and 3. running it -----------------------------------------------------------------------


def run_plan(worked):
    """The cells to execute: the student copy's, with a compile-only check before each one after
    the first exercise: a stub's worked answer after the stubs before it, as `if false { <stubs>
    <answer> let NAME: TYPE = NAME; }` (the types the stub declares are the answer's), and a later
    cell after the stubs before it (it needs no variable that no stub declares). Each is (cell,
    kind, number in the copy, exercise id)."""
    plan, stubs, started, number = [], [], False, 0
    for w in worked.cells:
        if role(w) == "solution" and "stub" not in mark(w):
            continue
        number += 1
        started = started or bool(role(w))
        if w.cell_type != "code":
            continue
        prefix, source, ident = "\n".join(stubs), notebooks.source_text(w), mark(w).get("id")
        if role(w) == "solution":
            stub = mark(w)["stub"]
            plan += [(f"if false {{\n{prefix}\n{source}\n;\n{rebinding(stub)}\n}}", "answer", number, ident),
                     (stub, "stub", number, ident)]
            stubs.append(stub)
        else:
            if started:
                plan.append((f"if false {{\n{prefix}\nlet _ = {{\n{source}\n}};\n}}", "later", number, None))
            plan.append((source, "cell", number, None))
    return plan


def outputs_of(cell):
    """A cell's errors, each (its evalue, its traceback), and its stderr, without ANSI codes."""
    outputs = cell.get("outputs", [])
    errors = [(o.get("evalue", ""), notebooks.ANSI.sub("", "\n".join(o.get("traceback", []))))
              for o in outputs if o.get("output_type") == "error"]
    stderr = "".join(o.get("text", "") for o in outputs
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return errors, notebooks.ANSI.sub("", stderr)


def run_problems(worked, work_dir, name):
    """Runs the plan in one kernel: a compile error, a panic other than a stub's `todo!` or other
    stderr fails, but not a later cell that only misses a variable a stub (or such a cell) left
    undefined."""
    plan = run_plan(worked)
    path = write_notebook(work_dir / name, [(source, []) for source, *_ in plan])
    try:
        cells = notebooks.execute(path)[0].cells
    except notebooks.NotebookFailure as err:
        return [str(err)]
    problems, lost = [], set()
    for index, ((source, kind, number, ident), cell) in enumerate(zip(plan, cells)):
        errors, stderr = outputs_of(cell)
        where = f"cell {number}" + (f" ({ident})" if ident else "")
        compiled = {"answer": ", compiled its answer against the stubs before it",
                    "later": ", compiled against the stubs before it"}.get(kind, "")
        rest = TODO_PANIC.sub("", stderr)
        after = outputs_of(cells[index + 1])[1] if index + 1 < len(cells) else ""
        panicked = rest != stderr or bool(TODO_PANIC.search(after))  # evcxr may file a panic under the next cell
        if rest.strip():
            problems.append(f"{where}: wrote to stderr (a panic that is not a stub's todo!?):\n{rest.strip()}")
        excused = False
        for evalue, full in errors:
            missing = MISSING.fullmatch(evalue)
            if missing and missing.group(1) in lost:
                excused = True
            elif not LINT.match(full):  # the traceback's first line
                problems.append(f"{where}{compiled}: {full}")
        if kind == "stub" or (kind == "cell" and (excused or panicked)):
            lost.update(let_names(source))
    return problems


def check(worked_path, student_path, work_dir):
    """Every problem of one notebook's student copy: read, then (when it reads right) run."""
    worked = nbformat.read(worked_path, as_version=4)
    problems = read_problems(worked, nbformat.read(student_path, as_version=4))
    return problems or run_problems(worked, work_dir, "run-" + Path(student_path).name)


# ---- the check, proved on a small notebook ------------------------------------------------------


def exercise_notebook(breakage=()):
    """A small worked notebook with two exercises; `breakage` names what to break."""
    def md(text, **meta):
        return nbformat.v4.new_markdown_cell(text, metadata={"exercise": meta} if meta else {})

    def code(text, **meta):
        return nbformat.v4.new_code_cell(text, metadata={"exercise": meta} if meta else {})

    stub1 = 'let total: u32 = todo!("E01: add up base");'
    if "stub does not compile" in breakage:
        stub1 = 'let total: u32 = todo!("E01: add up base") + ;'
    if "wrong type" in breakage:
        stub1 = 'let total: String = todo!("E01: add up base");'
    if "solution left" in breakage:
        stub1 = 'let total: u32 = base.iter().copied().sum();\ntodo!("E01: check it");'
    stub2 = 'fn double(x: u32) -> u32 {\n    todo!("E02: twice x")\n}\nlet d: u32 = todo!("E02: double the total");'
    if "other panic" in breakage:
        stub2 = 'assert!(base.len() > 5, "not a todo");\n' + stub2
    later = "helper + d" if "undeclared" in breakage else "d + 1"
    return nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC}, cells=[
        md("# A small exercise notebook"),
        code("let base: Vec<u32> = vec![1, 2, 3];"),
        md("## E01 · Sum\n\nAdd up `base`.", id="E01", role="question" if "lost question" not in breakage else "solution"),
        code("let total: u32 = base.iter().copied().sum();\nlet helper = 7;", id="E01", role="solution", stub=stub1),
        code('println!("twice the total: {}", total * 2);'),
        md("The total is 6.", id="E01", role="solution"),
        md("## E02 · Double\n\nWrite `double` and double the total.", id="E02", role="question"),
        code("fn double(x: u32) -> u32 {\n    2 * x\n}\nlet d = double(total);", id="E02", role="solution", stub=stub2),
        code(later),
        md("### What we see", id="E02", role="solution", stub="*E02: your answer.*"),
    ])


@pytest.fixture(scope="module")
def top(tmp_path_factory):
    """A scratch folder beside the crate, as the notebooks' ../crate expects."""
    return beside_the_crate(tmp_path_factory.mktemp("student"), folder="student").parent


def student(top, out, *worked):
    code, output = run(sys.executable, SCRIPTS / "notebooks.py", "student", top / out, *worked)
    assert code == 0, output
    return top / out


# The check passes a good copy and fails broken ones, each for its own reason.
@pytest.mark.slow
@pytest.mark.parametrize("breakage, phrases", [
    ((), ()),
    (("stub does not compile",), (r"cell 4 \(E01\): [^\n]*expected expression",)),
    (("wrong type", "other panic", "undeclared"), (
        r"cell 4 \(E01\), compiled its answer against the stubs before it: [^\n]*mismatched types",
        r"cell 5, compiled against the stubs before it: [^\n]*cannot multiply `String` by",
        r"cell 7 \(E02\): wrote to stderr[^\n]*\n[^\n]*panicked at[^\n]*\nnot a todo",
        r"cell 8, compiled against the stubs before it: [^\n]*cannot find value `helper`",
    )),
    (("solution left",), (r"solution text left in the copy \(E01\)",)),
    (("lost question",), (r"E01 has solution cells but no question",)),
], ids=["a good copy", "a stub that does not compile", "a wrong type, another panic, a name no "
        "stub declares", "solution text left", "a lost question"])
def test_the_check_itself(top, breakage, phrases):
    worked = top / f"worked-{len(breakage)}-{abs(hash(breakage))}.ipynb"
    nbformat.write(exercise_notebook(breakage), worked)
    copies = student(top, "copies", worked)
    problems = check(worked, copies / worked.name, top / "student")
    report = "\n".join(problems)
    assert bool(problems) == bool(breakage), report or "not caught"
    for phrase in phrases:
        assert re.search(phrase, report, re.S), f"no report matching {phrase!r} in:\n{report}"


WORKED = [p for p in NOTEBOOKS if any("exercise" in c.metadata for c in nbformat.read(p, 4).cells)]


@pytest.mark.slow
@pytest.mark.parametrize("worked", WORKED, ids=lambda p: p.stem)
def test_student_copy(top, worked):
    """The copy `notebooks.py student` writes reads and runs as it should."""
    copies = student(top, "copies-of-notebooks", worked)
    problems = check(worked, copies / worked.name, top / "student")
    assert not problems, "\n".join(problems)


def test_the_six_exercises():
    found = {mark(c).get("id") for p in WORKED for c in nbformat.read(p, 4).cells
             if role(c) == "question"}
    assert found == EXERCISES
