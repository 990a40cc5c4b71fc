"""Run notebooks top to bottom on the real Java kernel (JJava) through Jupyter's own client.

    python tests/jupyter/notebooks.py notebooks/00_start_here.ipynb        # run, report problems
    python tests/jupyter/notebooks.py --save notebooks/*.ipynb             # run and keep the outputs
    python tests/jupyter/notebooks.py --twice notebooks/04_deadlock.ipynb  # every cell twice in a row

Each notebook runs with its own folder as the working directory, as JupyterLab does. A cell fails the
run when it shows an error, unless it carries Jupyter's standard "raises-exception" tag; a cell with that
tag fails the run when it raises nothing (the lesson promised an exception). Notebooks must use the
kernelspec "java", only the magics IJava and JJava both understand (%maven, %classpath, %jars), and star
imports only where IJava cannot trip on them (see import_problems).
With --twice (what the tests do), every code cell runs a second time right after the first, in the same
kernel, as a learner re-running a cell does: both runs must pass (no "address already in use", no executor
left running, no redeclaration that breaks).
"""
import copy
import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "java"
CELL_TIMEOUT = 300     # seconds; %maven's first resolution is the slowest cell
STARTUP_TIMEOUT = 120  # a JVM kernel on a busy 2-core machine can take a while to answer
RAISES = "raises-exception"
PORTABLE_MAGICS = {"%maven", "%classpath", "%jars"}
# `import a.b.*;` or `import static a.b.C.*;` (Java allows spaces around the dots)
STAR_IMPORT = re.compile(r"^\s*import\s+(static\s+)?[\w.\s]+\.\s*\*\s*;")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(text):
    """Kernel tracebacks carry terminal colours; reports read better without them."""
    return ANSI.sub("", text)


def tags(cell):
    return cell.metadata.get("tags", [])


def errors_in(nb):
    """(cell index, error text) for every error output in a cell not tagged raises-exception."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or RAISES in tags(cell):
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append((i, plain(f"{out.ename}: {out.evalue}\n" + "\n".join(out.traceback))))
    return found


def import_problems(nb):
    """(cell index, text) for each star import IJava could trip on.

    IJava runs cells with an in-process engine that cannot redefine a class. A star import makes JShell
    recompile every earlier declaration that uses another one (and, after a line break in its cell, every
    earlier declaration): on IJava those variables silently become null (or 0), and the next cell fails with a
    NullPointerException. So star imports belong on the first line of a cell that comes before any
    declaration of the notebook (its imports cell, after %maven); anywhere else, import classes one by one.
    """
    found = []
    declared = False   # has an earlier code cell done more than magics and imports?
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for n, line in enumerate(cell.source.splitlines()):
            if not STAR_IMPORT.match(line):
                continue
            if declared:
                found.append((i, f"line {n + 1}: `{line.strip()}` is a star import after the notebook's first "
                                 "declarations: on IJava it can make the variables of earlier cells null. Import "
                                 "the classes one by one (e.g. `import java.nio.file.Files;`), or move the star "
                                 "import to the first line of a cell before any other code"))
            elif n > 0:
                found.append((i, f"line {n + 1}: `{line.strip()}` is a star import after the cell's first line: "
                                 "on IJava it makes every variable of the earlier cells null. Import the classes "
                                 "one by one (e.g. `import java.nio.file.Files;`), or move the star import to the "
                                 "first line of a cell of its own"))
        declared = declared or any(
            line.strip() and not line.strip().startswith(("%", "import ", "//"))
            for line in cell.source.splitlines())
    return found


def structure_problems(nb):
    """(cell index or None, text) for what breaks the notebook rules before anything runs."""
    found = []
    spec = nb.metadata.get("kernelspec", {})
    if spec.get("name") != KERNEL:
        found.append((None, f"kernelspec name is {spec.get('name')!r}, not {KERNEL!r}"))
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            word = line.strip().split(" ", 1)[0]
            if word.startswith("%") and word not in PORTABLE_MAGICS:
                found.append((i, f"magic {word} is not one both IJava and JJava understand "
                                 f"({', '.join(sorted(PORTABLE_MAGICS))})"))
    return found + import_problems(nb)


def run_problems(nb):
    """(cell index, text) for what went wrong in an executed notebook."""
    found = list(errors_in(nb))
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None and cell.source.strip():
            found.append((i, "the cell did not run"))
        elif RAISES in tags(cell) and not any(o.output_type == "error" for o in cell.get("outputs", [])):
            found.append((i, f"the cell is tagged {RAISES} but raised nothing"))
    return sorted(found, key=lambda p: p[0])


def execute(path, save=False, timeout=CELL_TIMEOUT):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, startup_timeout=STARTUP_TIMEOUT, kernel_name=KERNEL,
                            allow_errors=True, resources={"metadata": {"path": str(path.parent.resolve())}})
    client.execute()
    if save:
        nbformat.write(nb, path)
    return nb


def execute_twice(path, timeout=CELL_TIMEOUT):
    """Runs every code cell twice in a row in one kernel; returns (notebook after the first runs, after the second)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    first = copy.deepcopy(nb)
    client = NotebookClient(nb, timeout=timeout, startup_timeout=STARTUP_TIMEOUT, kernel_name=KERNEL,
                            allow_errors=True, resources={"metadata": {"path": str(path.parent.resolve())}})
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, i)
            first.cells[i] = copy.deepcopy(cell)
            client.execute_cell(cell, i)
    return first, nb


def report(nb, problems):
    """A readable account of each problem: the cell's source, then what went wrong."""
    parts = []
    for i, text in problems:
        if i is None:
            parts.append(f"notebook: {text}")
            continue
        source = "\n".join("    " + line for line in nb.cells[i].source.splitlines())
        parts.append(f"cell {i} (execution count {nb.cells[i].get('execution_count')}):\n{source}\n"
                     f"  -> {text.rstrip()}")
    return "\n\n".join(parts)


def check(path, save=False, twice=False):
    """Runs one notebook (each cell twice with twice=True); returns (executed notebook, problems)."""
    nb = nbformat.read(Path(path), as_version=4)
    problems = structure_problems(nb)
    if problems:
        return nb, problems
    if twice:
        first, nb = execute_twice(path)
        problems = [(i, "first run: " + text) for i, text in run_problems(first)]
        problems += [(i, "run again right after: " + text) for i, text in run_problems(nb)]
        return nb, sorted(problems, key=lambda p: p[0])
    nb = execute(path, save=save)
    return nb, run_problems(nb)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", action="store_true", help="write the outputs back into the notebooks")
    parser.add_argument("--twice", action="store_true", help="run every code cell twice in a row (not with --save)")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    if args.save and args.twice:
        parser.error("--twice checks re-running; --save keeps the outputs of one clean run: choose one")
    failed = 0
    for name in args.notebooks:
        started = time.monotonic()
        nb, problems = check(name, save=args.save, twice=args.twice)
        if problems:
            print(f"{name}:\n{report(nb, problems)}\n", file=sys.stderr)
        failed += bool(problems)
        saved = ", saved" if args.save and not any(i is None for i, _ in problems) else ""
        print(f"{name}: {'FAILED' if problems else 'ok'} ({time.monotonic() - started:.0f} s{saved})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
