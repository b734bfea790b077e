"""Execute course notebooks top to bottom in fresh kernels (nbclient), several at a time.

Used by the course tests (notebooks as students run them) and by the manual builder (``static=True``
prepends a hidden cell that makes explorers and figures display as static HTML, then removes it).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PREAMBLE_TAG = "mlearn-manual-preamble"
PREAMBLE = "from mlearn.manual.static import enable_static_display\nenable_static_display()"


@dataclass
class Execution:
    path: Path
    notebook: object | None  # nbformat.NotebookNode when it ran
    error: str | None
    seconds: float


def execute_notebook(path: str | os.PathLike, *, static: bool = False, timeout: int = 180) -> Execution:
    """Run one notebook in a fresh ``python3`` kernel, in the notebook's folder; never raises on cell errors."""
    import time

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    if static:
        cell = nbformat.v4.new_code_cell(PREAMBLE)
        cell.metadata["tags"] = [PREAMBLE_TAG]
        nb.cells.insert(0, cell)
    error = None
    for attempt in (1, 2):
        client = NotebookClient(
            nb,
            timeout=timeout,
            startup_timeout=300,  # a loaded 2-core machine can take a minute to start a kernel
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            allow_errors=False,
        )
        try:
            client.execute()
            error = None
            break
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            error = f"{path.name}: {exc}"
            break
        except (RuntimeError, TimeoutError) as exc:  # kernel failed to start: one retry, then report
            error = f"{path.name}: le noyau n'a pas démarré / kernel did not start ({exc}, essai {attempt})"
    if static:
        nb.cells = [c for c in nb.cells if PREAMBLE_TAG not in c.metadata.get("tags", [])]
    return Execution(path, nb, error, time.perf_counter() - start)


def _run(args):
    path, static, timeout = args
    return execute_notebook(path, static=static, timeout=timeout)


def execute_all(paths, *, static: bool = False, workers: int = 2, timeout: int = 180) -> list[Execution]:
    """Execute ``paths`` with ``workers`` notebooks at a time (a kernel each); results in input order."""
    paths = [Path(p) for p in paths]
    if workers <= 1 or len(paths) <= 1:
        return [execute_notebook(p, static=static, timeout=timeout) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_run, [(p, static, timeout) for p in paths]))


def course_notebooks(course_dir: str | os.PathLike | None = None) -> list[Path]:
    """The lecture notebooks in reading order: home, modules 01–10, glossary (not the dashboards)."""
    from mlearn.paths import course_dir as default_course_dir

    folder = Path(course_dir) if course_dir else default_course_dir()
    notebooks = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))
    glossary = folder / "glossaire.ipynb"
    return notebooks + ([glossary] if glossary.exists() else [])
