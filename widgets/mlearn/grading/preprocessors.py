"""The small nbconvert preprocessors ``mlearn grade`` adds to or swaps into nbgrader's chains.

Each one extends an nbgrader preprocessor or does one job:

- :class:`RepairDuplicateIds` — nbgrader's ``DeduplicateIds`` blanks the metadata of a
  copy-pasted cell to ``{}``, which ``CheckCellMetadata`` then reads as an outdated schema and
  the whole batch aborts; here the duplicate loses its nbgrader metadata entirely (it becomes a
  plain cell, the original keeps its grade id) and duplicated nbformat cell ids are renewed.
- :class:`SnapshotOverwriteCells` / :class:`SnapshotOverwriteKernelspec` — nbgrader's
  ``OverwriteCells`` (with ``add_missing_cells`` on: deleted or re-typed test cells come back
  from the gradebook) and ``OverwriteKernelspec``, reading a read-only in-memory snapshot of
  the gradebook instead of opening the SQLite file in every worker.
- :class:`GuardedExecute` — nbgrader's ``Execute`` on a boxed, pre-started kernel
  (:mod:`mlearn.grading.sandbox`): marks test cells for the tamper guard, enforces a
  per-notebook time limit, survives a dead or stuck kernel, and gives the test cells that never
  ran an error output, so they score 0 (plain nbgrader would give them full marks, or drop the
  whole submission and the points already earned).
- :class:`LimitOutputSize` — nbgrader's ``LimitOutput`` (lines) plus a cap in characters per
  output, so one 50 MB ``print`` does not end up in the autograded notebook or the feedback.
- :class:`SharedSaveAutoGrades` / :class:`SharedAssignLatePenalties` — nbgrader's own
  ``SaveAutoGrades`` and ``AssignLatePenalties`` logic on the one ``Gradebook`` the parent
  process keeps open (all gradebook writes happen there, one submission at a time).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from types import SimpleNamespace

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import (
    AssignLatePenalties,
    DeduplicateIds,
    Execute,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    SaveAutoGrades,
)
from traitlets import Float, Integer

from mlearn.grading.guard import MARKER_PATTERN, locked_marker, test_marker

NOT_RUN_ENAME = "TestNonExecute"


# ---------------------------------------------------------------------------- sanitising


class RepairDuplicateIds(DeduplicateIds):
    """Copy-pasted cells: keep the last cell with a grade id (as nbgrader), demote the others."""

    def preprocess(self, nb, resources):
        seen = set()
        for cell in nb.cells:
            cid = cell.get("id")
            if cid is not None:
                if cid in seen:
                    cell["id"] = uuid.uuid4().hex[:8]
                seen.add(cell["id"])
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
            return cell, resources
        grade_id = cell.metadata.nbgrader.get("grade_id")
        if grade_id in self.grade_ids:
            self.log.warning("Cellule dupliquée « %s » : la copie devient une cellule ordinaire", grade_id)
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources


class GradebookSnapshot:
    """Read-only copy of what the sanitising preprocessors need from the gradebook.

    Implements the few ``Gradebook`` methods ``OverwriteCells`` and ``OverwriteKernelspec``
    call, on plain objects that pickle to worker processes.
    """

    def __init__(self, notebooks: dict):
        self.notebooks = notebooks

    @classmethod
    def from_gradebook(cls, gb, assignment_id: str) -> GradebookSnapshot:
        notebooks = {}
        for nb in gb.find_assignment(assignment_id).notebooks:

            def cellobj(c, **extra):
                return SimpleNamespace(
                    name=c.name,
                    cell_type=c.cell_type,
                    locked=getattr(c, "locked", False),
                    checksum=getattr(c, "checksum", None),
                    source=getattr(c, "source", None),
                    **extra,
                )

            notebooks[nb.name] = SimpleNamespace(
                name=nb.name,
                kernelspec=nb.kernelspec,
                source_cells=[cellobj(c) for c in nb.source_cells],
                grade_cells=[cellobj(c, max_score=c.max_score) for c in nb.grade_cells],
                solution_cells=[SimpleNamespace(name=c.name) for c in nb.solution_cells],
                task_cells=[cellobj(c, max_score=c.max_score) for c in nb.task_cells],
            )
        return cls(notebooks)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def find_notebook(self, notebook_id, assignment_id):
        try:
            return self.notebooks[notebook_id]
        except KeyError:
            raise MissingEntry() from None

    def _find(self, attr, name, notebook_id):
        for cell in getattr(self.find_notebook(notebook_id, None), attr):
            if cell.name == name:
                return cell
        raise MissingEntry()

    def find_source_cell(self, name, notebook_id, assignment_id):
        return self._find("source_cells", name, notebook_id)

    def find_graded_cell(self, name, notebook_id, assignment_id):
        try:
            return self._find("grade_cells", name, notebook_id)
        except MissingEntry:
            return self._find("task_cells", name, notebook_id)


class SnapshotOverwriteKernelspec(NbGraderPreprocessor):
    """nbgrader's ``OverwriteKernelspec``, reading the gradebook snapshot."""

    def preprocess(self, nb, resources):
        snap = resources["mlearn"]["gradebook"]
        kernelspec = snap.find_notebook(resources["nbgrader"]["notebook"], None).kernelspec
        if kernelspec:
            nb.metadata["kernelspec"] = json.loads(kernelspec)
        return nb, resources


class SnapshotOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` with missing grade cells added back, on the snapshot."""

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.gradebook = resources["mlearn"]["gradebook"]
        with self.gradebook:
            nb, resources = super(OverwriteCells, self).preprocess(nb, resources)
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources

    def add_missing_grade_cells(self, nb, resources):
        """Put each missing grade cell back after the closest earlier source cell still present.

        Same rule as nbgrader's, but it also works when that earlier cell is a locked
        (read-only) cell or was deleted too, where nbgrader raises ``KeyError``.
        """
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = source_nb.source_cells
        source_ids = [c.name for c in source_cells]
        solution_ids = {c.name for c in source_nb.solution_cells}
        for grade_cell in source_nb.grade_cells:
            present = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
            if grade_cell.name in present:
                continue
            self.log.warning(
                "Cellule de test « %s » absente : rétablie depuis le carnet de notes", grade_cell.name
            )
            idx = source_ids.index(grade_cell.name)
            new_cell = self.missing_cell_transform(
                source_cells[idx], grade_cell.max_score, is_solution=grade_cell.name in solution_ids
            )
            position = 0
            for prev in reversed(source_ids[:idx]):
                if prev in present:
                    position = present.index(prev) + 1
                    break
            nb.cells.insert(position, new_cell)
        return nb, resources


# ---------------------------------------------------------------------------- execution


def is_test_cell(cell) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class GuardedExecute(Execute):
    """nbgrader's ``Execute``, hardened for hostile notebooks.

    The worker sets ``sandbox`` (pre-started boxed kernel manager and its guard nonce) before
    each notebook; it is kept out of ``resources``, which nbconvert deep-copies.
    """

    sandbox = None

    notebook_timeout = Float(300, help="Per-notebook limit in seconds (then the kernel is killed).").tag(
        config=True
    )
    iopub_timeout = Integer(8).tag(config=True)

    def preprocess(self, nb, resources, km=None):
        box = resources["mlearn"]
        km = self.sandbox["km"]
        nonce = self.sandbox.get("nonce") or ""
        problems = box.setdefault("problems", [])
        originals = {}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not nonce:
                continue
            if is_test_cell(cell):
                originals[index] = cell.source
                cell.source = cell.source + test_marker(nonce)
            elif utils.is_locked(cell) and not utils.is_grade(cell) and not utils.is_solution(cell):
                originals[index] = cell.source
                cell.source = cell.source + locked_marker(nonce)
        self._executed = set()
        killed = threading.Event()

        def watchdog():
            if not done.wait(self.notebook_timeout):
                killed.set()
                process = getattr(km.provisioner, "process", None) if km.provisioner else None
                if process is not None:
                    process.kill()

        done = threading.Event()
        guard = threading.Thread(target=watchdog, daemon=True)
        guard.start()
        started = time.monotonic()
        try:
            super().preprocess(nb, resources, km=km)
        except DeadKernelError:
            if killed.is_set():
                problems.append(f"limite par carnet ({self.notebook_timeout:g} s) dépassée : noyau arrêté")
            else:
                problems.append("le noyau s'est arrêté (os._exit, mémoire, kill…)")
        except CellTimeoutError:
            problems.append(f"cellule bloquée au-delà de {self.timeout} s sans répondre à l'interruption")
        except Exception as exc:  # noqa: BLE001 - any kernel trouble: grade what ran
            problems.append(f"exécution interrompue : {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            done.set()
            box["seconds_exec"] = time.monotonic() - started
        for index, source in originals.items():
            nb.cells[index].source = source
            _scrub_markers(nb.cells[index])
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "outputs" in cell:
                if any(
                    o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError"
                    for o in cell.outputs
                ):
                    problems.append(f"délai dépassé dans la cellule {index + 1}")
            if is_test_cell(cell) and index not in self._executed:
                cell.outputs = cell.get("outputs", [])
                cell.outputs.append(
                    NotebookNode(
                        output_type="error",
                        ename=NOT_RUN_ENAME,
                        evalue="test non exécuté (noyau arrêté ou bloqué) / test not run",
                        traceback=[f"{NOT_RUN_ENAME}: test non exécuté : 0 point / test not run: no points"],
                    )
                )
        return nb, resources

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        self._executed.add(kwargs["cell_index"])

    def output(self, outs, msg, display_id, cell_index):
        """Stop storing output past a budget (the kernel may print gigabytes)."""
        budget = self.max_output_chars
        size = sum(_output_size(o) for o in outs)
        if budget and size > budget and msg["msg_type"] in ("stream", "display_data", "execute_result"):
            if msg["msg_type"] == "stream":
                name = msg["content"].get("name")
                if any(o.get("output_type") == "stream" and o.get("name") == name for o in outs):
                    return None
                msg["content"]["text"] = msg["content"].get("text", "")[:200]
            elif msg["msg_type"] == "display_data":
                return None
        return super().output(outs, msg, display_id, cell_index)

    max_output_chars = Integer(200_000).tag(config=True)


def _scrub_markers(cell) -> None:
    """Remove the guard's marker comment from tracebacks that quote the test cell's source."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            output["traceback"] = [re.sub(MARKER_PATTERN, "", line) for line in output.get("traceback", [])]
        elif output.get("output_type") == "stream":
            output["text"] = re.sub(MARKER_PATTERN, "", output.get("text", ""))


def _output_size(output) -> int:
    if output.get("output_type") == "stream":
        return len(output.get("text", ""))
    data = output.get("data") or {}
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())


class LimitOutputSize(LimitOutput):
    """nbgrader's ``LimitOutput`` plus a cap in characters per output."""

    max_chars = Integer(20_000, help="maximum characters per output (-1: no limit)").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if self.max_chars < 0 or cell.cell_type != "code":
            return cell, resources
        note = "\n... sortie tronquée / output truncated ..."
        for output in cell.outputs:
            if output.output_type == "stream" and len(output.text) > self.max_chars:
                output.text = output.text[: self.max_chars] + note
            elif output.output_type in ("display_data", "execute_result"):
                for mime, value in list(output.data.items()):
                    if isinstance(value, str) and len(value) > self.max_chars:
                        if mime == "text/plain":
                            output.data[mime] = value[: self.max_chars] + note
                        else:
                            del output.data[mime]
                if not output.data:
                    output.data["text/plain"] = (
                        "(sortie trop volumineuse supprimée / oversized output removed)"
                    )
        return cell, resources


# ---------------------------------------------------------------------------- recording


class SharedSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades`` on the parent's open gradebook (``shared_gradebook``)."""

    shared_gradebook = None

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.gradebook = self.shared_gradebook
        return super(SaveAutoGrades, self).preprocess(nb, resources)


class SharedAssignLatePenalties(AssignLatePenalties):
    """nbgrader's ``AssignLatePenalties`` on the parent's open gradebook (``shared_gradebook``)."""

    shared_gradebook = None

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.init_plugin()
        self.gradebook = gb = self.shared_gradebook
        assignment = gb.find_submission(self.assignment_id, self.student_id)
        notebook = gb.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
        notebook.late_submission_penalty = None
        if assignment.total_seconds_late > 0:
            penalty = self.plugin_inst.late_submission_penalty(
                self.student_id, notebook.score, assignment.total_seconds_late
            )
            if penalty is not None:
                notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
        gb.db.commit()
        return nb, resources
