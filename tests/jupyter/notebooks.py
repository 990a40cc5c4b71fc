"""Run notebooks top to bottom on the real Java kernel (JJava) through Jupyter's own client.

    python tests/jupyter/notebooks.py notebooks/00_start_here.ipynb        # run, report errors
    python tests/jupyter/notebooks.py --save notebooks/*.ipynb             # run and keep the outputs

Each notebook runs with its own folder as the working directory, as JupyterLab does. A cell fails the
run when it shows an error, unless it carries Jupyter's standard "raises-exception" tag.
"""
import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "java"
CELL_TIMEOUT = 300  # seconds; %maven's first resolution is the slowest cell


def errors_in(nb):
    """(cell index, error text) for every error output in a cell not tagged raises-exception."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append((i, f"{out.ename}: {out.evalue}\n" + "\n".join(out.traceback)))
    return found


def execute(path, save=False, timeout=CELL_TIMEOUT):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    client.execute()
    if save:
        nbformat.write(nb, path)
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", action="store_true", help="write the outputs back into the notebooks")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)
    failed = 0
    for name in args.notebooks:
        nb = execute(name, save=args.save)
        errors = errors_in(nb)
        for i, text in errors:
            print(f"{name}: cell {i}:\n{text}\n", file=sys.stderr)
        failed += bool(errors)
        print(f"{name}: {'FAILED' if errors else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
