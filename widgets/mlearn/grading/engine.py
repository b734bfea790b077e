"""The grading engine behind ``mlearn grade``: nbgrader's ``Autograde`` converter, in parallel.

:class:`ParallelAutograde` subclasses nbgrader's ``Autograde`` converter and keeps its three
stages, split across processes:

1. **prepare** (parent, serial): nbgrader's own ``Autograde.init_assignment`` — student and
   submission rows with the submission timestamp, supporting files copied from ``source/``,
   zero for missing notebooks — into a private staging folder.
2. **execute** (worker processes, in parallel): the sanitising chain (``ClearOutput``,
   :class:`~mlearn.grading.preprocessors.RepairDuplicateIds`, ``OverwriteKernelspec``,
   ``OverwriteCells`` with missing cells added back, ``CheckCellMetadata``) and the execution
   chain (:class:`~mlearn.grading.preprocessors.GuardedExecute`, ``IgnorePattern``,
   ``ClearMetadataPreprocessor``, :class:`~mlearn.grading.preprocessors.LimitOutputSize`) on
   long-lived workers, each with a pre-started boxed kernel (:mod:`mlearn.grading.sandbox`).
   Workers never open the gradebook: they read an in-memory snapshot of it.
3. **record** (parent, serial): nbgrader's ``SaveAutoGrades``, ``AssignLatePenalties`` and
   ``CheckCellMetadata`` on the one gradebook connection, then the autograded notebook is
   written and its folder renamed into ``autograded/`` — only after the gradebook commit.

So SQLite has a single writer, and after a ``kill -9`` a submission is either completely
recorded (folder present: a rerun skips it, as ``nbgrader autograde`` does) or not at all
(a rerun grades it again). A worker that dies takes only its current submission with it.
"""

from __future__ import annotations

import csv
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from collections import deque
from multiprocessing.connection import wait as mp_wait
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import Autograde, NbGraderException
from traitlets import Bool, Float, Integer, List

from mlearn.errors import MlearnError
from mlearn.grading import Result

STAGING = ".mlearn-staging"
LOG = logging.getLogger("mlearn.grading")


def _preprocessor_classes():
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, IgnorePattern

    from mlearn.grading import preprocessors as pp

    sanitize = [
        ClearOutput,
        pp.RepairDuplicateIds,
        pp.SnapshotOverwriteKernelspec,
        pp.SnapshotOverwriteCells,
        CheckCellMetadata,
    ]
    execute = [pp.GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, pp.LimitOutputSize]
    record = [pp.SharedSaveAutoGrades, pp.SharedAssignLatePenalties, CheckCellMetadata]
    return sanitize, execute, record


class ParallelAutograde(Autograde):
    """nbgrader's ``Autograde`` converter, run as prepare (parent) / execute (workers) / record (parent)."""

    jobs = Integer(0, help="Worker processes (0: one per core).").tag(config=True)
    memory_limit_mb = Integer(
        3072,
        help="Address-space limit of each student kernel, in MiB (0: none); ~1 GiB of it is the preloaded libraries.",
    ).tag(config=True)
    worker_preprocessors = List([]).tag(config=True)
    record_preprocessors = List([]).tag(config=True)
    staging = Bool(False)
    progress = Bool(True)
    startup_timeout = Float(120).tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        sanitize, execute, record = _preprocessor_classes()
        self.sanitize_preprocessors = sanitize
        if not self.worker_preprocessors:
            self.worker_preprocessors = sanitize + execute
        if not self.record_preprocessors:
            self.record_preprocessors = record
        self.config.OverwriteCells.add_missing_cells = True

    @property
    def _output_directory(self) -> str:
        return STAGING if self.staging else self.coursedir.autograded_directory

    # ------------------------------------------------------------------ parent: the batch

    def submissions(self, assignment: str) -> list[tuple[str, Path]]:
        pattern_dir = Path(self.coursedir.format_path(self.coursedir.submitted_directory, "*", assignment))
        out = []
        base = pattern_dir.parent.parent
        for folder in sorted(base.glob(f"*/{assignment}")):
            student = folder.parent.name
            if folder.is_dir() and not student.startswith("."):
                if self.coursedir.student_id not in ("*", "") and student != self.coursedir.student_id:
                    continue
                out.append((student, folder))
        exclude = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        return [(s, f) for s, f in out if s not in exclude]

    def dest(self, assignment: str, student: str, staging: bool = False) -> Path:
        self.staging = staging
        try:
            return Path(self._format_dest(assignment, student))
        finally:
            self.staging = False

    def needs_grading(self, assignment: str, student: str) -> bool:
        dest = self.dest(assignment, student)
        if not dest.exists() or self.force:
            return True
        src = self._format_source(assignment, student)
        new, old = (
            self.coursedir.get_existing_timestamp(src),
            self.coursedir.get_existing_timestamp(str(dest)),
        )
        return bool(new and old and new > old)

    def grade(self, assignment: str, zygotes: list | None = None) -> list[Result]:
        import warnings

        with warnings.catch_warnings():
            quiet_warnings()
            return self._grade(assignment, zygotes)

    def _grade(self, assignment: str, zygotes: list | None) -> list[Result]:
        self.zygotes = list(zygotes or [])
        self.coursedir.assignment_id = assignment
        root = Path(self.coursedir.root)
        subs = self.submissions(assignment)
        if not subs:
            raise MlearnError(
                f"Aucune copie à corriger dans {root / self.coursedir.submitted_directory}/*/{assignment}/",
                f"no submission found for '{assignment}'",
                "lancez « nbgrader collect » d'abord / run nbgrader collect first",
            )
        staging_root = root / STAGING
        shutil.rmtree(staging_root, ignore_errors=True)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise MlearnError(
                    f"Le devoir « {assignment} » n'est pas dans le carnet de notes ({self.coursedir.db_url})",
                    f"assignment '{assignment}' is not in the gradebook",
                    "lancez « nbgrader generate_assignment » / run nbgrader generate_assignment",
                ) from None
            from mlearn.grading.preprocessors import GradebookSnapshot

            snapshot = GradebookSnapshot.from_gradebook(gb, assignment)
        results: dict[str, Result] = {}
        todo = []
        for student, folder in subs:
            if self.needs_grading(assignment, student):
                todo.append((student, folder))
            else:
                results[student] = self._stored_result(
                    assignment, student, "déjà corrigé (--force pour recorriger)"
                )
        try:
            if todo:
                self._run_batch(assignment, todo, snapshot, results)
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)
        return [results[s] for s, _ in subs]

    def _stored_result(self, assignment, student, note) -> Result:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                sub = gb.find_submission(assignment, student)
                return Result(student, sub.score, sub.max_score, 0.0, "skipped", [note])
            except MissingEntry:
                return Result(student, None, None, 0.0, "error", ["absent du carnet de notes"])

    # ------------------------------------------------------------------ parent: prepare

    def prepare(self, assignment: str, student: str, folder: Path, gb: Gradebook) -> dict:
        """nbgrader's ``init_assignment`` into the staging folder; returns the worker's task.

        ``init_assignment`` opens a new ``Gradebook`` five times per submission; here it borrows
        the parent's open connection instead (same code, same rows, one connection).
        """
        import nbgrader.converters.autograde as autograde_module

        problems = []
        all_nbs = sorted(str(p) for p in folder.glob("*.ipynb"))
        self.notebooks = all_nbs
        staging = self.dest(assignment, student, staging=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        self.staging = True
        original = autograde_module.Gradebook
        autograde_module.Gradebook = _Borrowed(gb)
        try:
            self.init_assignment(assignment, student)
            known = list(self.notebooks)
        except NbGraderException:
            gb.db.rollback()
            known = []
        finally:
            autograde_module.Gradebook = original
            self.staging = False
        expected = [nb.name for nb in gb.find_assignment(assignment).notebooks]
        if not known:
            # nbgrader stops before zeroing absent notebooks when none is known: do it here.
            for name in expected:
                for grade in gb.find_submission_notebook(name, assignment, student).grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
            gb.db.commit()
        for path in all_nbs:
            if path not in known:
                problems.append(f"carnet inattendu « {Path(path).name} » ignoré (nom modifié ?)")
        present = {Path(p).stem for p in known}
        for name in expected:
            if name not in present:
                problems.append(f"carnet « {name}.ipynb » absent : 0 point")
        missing = [n for n in expected if n not in present]
        support = [
            (str(p), str(p.relative_to(staging)))
            for p in staging.rglob("*")
            if p.is_file() and p.suffix != ".ipynb"
        ]
        return {
            "id": uuid.uuid4().hex,
            "student": student,
            "assignment": assignment,
            "notebooks": [(Path(p).stem, p) for p in known],
            "support": support,
            "problems": problems,
            "error": bool(missing),
        }

    # ------------------------------------------------------------------ parent: record

    def record(self, task: dict, reply: dict, gb: Gradebook) -> Result:
        import nbformat

        student, assignment = task["student"], task["assignment"]
        problems = list(task["problems"]) + list(reply.get("problems", []))
        error = task["error"]
        staging = self.dest(assignment, student, staging=True)
        exporter = self._record_exporter(gb)
        for name, out in reply.get("notebooks", {}).items():
            if out.get("error"):
                error = True
                problems.append(out["error"])
                continue
            nb = nbformat.reads(out["json"], as_version=4)
            resources = {
                "nbgrader": {"student": student, "assignment": assignment, "notebook": name, "db_url": None},
                "unique_key": name,
                "output_files_dir": f"{name}_files",
            }
            output, _ = exporter.from_notebook_node(nb, resources=resources)
            target = staging / f"{name}.ipynb"
            target.write_text(output, encoding="utf-8")
        if reply.get("crash"):
            error = True
            problems.append(reply["crash"])
        score = max_score = None
        try:
            sub = gb.find_submission(assignment, student)
            score, max_score = sub.score, sub.max_score
        except MissingEntry:
            error = True
        if error:
            shutil.rmtree(staging, ignore_errors=True)
        else:
            self.staging = True
            try:
                self.set_permissions(assignment, student)
            finally:
                self.staging = False
            final = self.dest(assignment, student)
            if final.exists():
                os.chmod(final, 0o755)
                shutil.rmtree(final)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staging, final)
        return Result(
            student,
            score,
            max_score,
            float(reply.get("seconds", 0.0)),
            "error" if error else "graded",
            problems,
        )

    def _record_exporter(self, gb):
        from nbconvert.exporters import NotebookExporter

        if getattr(self, "_rec_exporter", None) is None:
            exporter = NotebookExporter(parent=self, config=self.config)
            exporter._preprocessors = []
            for pp in self.record_preprocessors:
                exporter.register_preprocessor(pp)
            self._rec_exporter = exporter
        for pp in self._rec_exporter._preprocessors:
            if hasattr(pp, "shared_gradebook"):
                pp.shared_gradebook = gb
        return self._rec_exporter

    # ------------------------------------------------------------------ parent: the pool

    def _worker_settings(self) -> dict:
        protect = [str(Path(self.coursedir.root).resolve())]
        if self.coursedir.db_url.startswith("sqlite:///"):
            protect.append(str(Path(self.coursedir.db_url[len("sqlite:///") :]).resolve().parent))
        return {
            "protect": protect,
            "root": str(Path(self.coursedir.root).resolve()),
            "config": _plain_config(self.config),
            "memory": int(self.memory_limit_mb) * 1024 * 1024,
        }

    def _run_batch(self, assignment, todo, snapshot, results) -> None:
        jobs = self.jobs or os.cpu_count() or 1
        jobs = max(1, min(jobs, len(todo)))
        settings = self._worker_settings()
        # fork: workers start at once with nbgrader already imported (spawn re-imports it, seconds).
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        ctx = multiprocessing.get_context(method)
        pending = deque(todo)
        prepared: deque = deque()
        spare = self.zygotes
        workers = [_Worker(ctx, settings, snapshot, spare.pop() if spare else None) for _ in range(jobs)]
        for zygote in spare:
            zygote.close()
        busy: dict[_Worker, dict] = {}
        total, done = len(todo), 0
        progress = _Progress(total, enabled=self.progress)
        try:
            with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
                while pending or prepared or busy:
                    for worker in workers:
                        if worker in busy:
                            continue
                        if not prepared and pending:
                            student, folder = pending.popleft()
                            prepared.append(self._safe_prepare(assignment, student, folder, gb))
                        if not prepared:
                            break
                        task = prepared.popleft()
                        if task.get("fatal"):
                            results[task["student"]] = Result(
                                task["student"], None, None, 0.0, "error", task["problems"]
                            )
                            done += 1
                            progress.update(done, results[task["student"]])
                            continue
                        try:
                            worker.send(task)
                        except OSError:  # the worker died between two submissions
                            workers[workers.index(worker)] = _Worker(ctx, settings, snapshot, None)
                            worker.close()
                            prepared.appendleft(task)
                            task["retries"] = task.get("retries", 0) + 1
                            if task["retries"] > 2:
                                prepared.popleft()
                                results[task["student"]] = Result(
                                    task["student"],
                                    None,
                                    None,
                                    0.0,
                                    "error",
                                    ["processus de correction indisponible"],
                                )
                                done += 1
                                progress.update(done, results[task["student"]])
                            break
                        busy[worker] = task
                    if not busy:
                        continue
                    if pending and len(prepared) < len(workers):
                        student, folder = pending.popleft()
                        prepared.append(self._safe_prepare(assignment, student, folder, gb))
                        ready = mp_wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=0)
                    else:
                        ready = mp_wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=5)
                    for worker in list(busy):
                        if worker.conn not in ready and worker.proc.sentinel not in ready:
                            continue
                        task = busy.pop(worker)
                        reply = worker.receive()
                        if reply is None:
                            reply = {
                                "crash": "le processus de correction s'est arrêté sur cette copie",
                                "notebooks": {},
                            }
                            workers[workers.index(worker)] = _Worker(ctx, settings, snapshot, None)
                            worker.close()
                        try:
                            result = self.record(task, reply, gb)
                        except Exception as exc:  # noqa: BLE001 - keep the batch going
                            gb.db.rollback()
                            LOG.debug("record failed", exc_info=True)
                            result = Result(
                                task["student"], None, None, 0.0, "error", [f"enregistrement : {exc}"]
                            )
                        results[task["student"]] = result
                        done += 1
                        progress.update(done, result)
        finally:
            for worker in workers:
                worker.close()
            progress.close()

    def _safe_prepare(self, assignment, student, folder, gb) -> dict:
        try:
            return self.prepare(assignment, student, folder, gb)
        except Exception as exc:  # noqa: BLE001 - one bad submission never stops the batch
            gb.db.rollback()
            LOG.debug("prepare failed", exc_info=True)
            return {"student": student, "fatal": True, "problems": [f"préparation impossible : {exc}"]}


def quiet_warnings() -> None:
    """Silence the warnings hostile notebooks trigger by design (duplicate ids, missing ids...)."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.simplefilter("ignore", SAWarning)
    warnings.filterwarnings("ignore", module="nbformat")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    try:
        from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning

        warnings.simplefilter("ignore", DuplicateCellId)
        warnings.simplefilter("ignore", MissingIDFieldWarning)
    except ImportError:
        pass


def _plain_config(config) -> dict:
    """The traitlets config as plain, picklable data (callables dropped)."""
    out = {}
    for section, values in config.items():
        if hasattr(values, "items"):
            plain = {}
            for key, value in values.items():
                if isinstance(value, (str, int, float, bool, list, tuple, dict, type(None))):
                    plain[key] = value
            out[section] = plain
    return out


class _Borrowed:
    """Stands in for the ``Gradebook`` class: ``with Gradebook(url, course) as gb`` yields the open one."""

    def __init__(self, gb):
        self.gb = gb

    def __call__(self, *args, **kwargs):
        return self

    def __enter__(self):
        return self.gb

    def __exit__(self, *exc):
        return False


class _Worker:
    def __init__(self, ctx, settings, snapshot, zygote):
        self.conn, child = ctx.Pipe()
        self.zygote = zygote
        self.proc = ctx.Process(target=worker_main, args=(child, settings, snapshot, zygote), daemon=True)
        self.proc.start()
        child.close()
        if zygote is not None:
            zygote.detach()  # the worker holds its own copy of the socket now

    def send(self, task):
        self.conn.send(task)

    def receive(self):
        try:
            if self.conn.poll(0.5 if self.proc.is_alive() else 0.2):
                return self.conn.recv()
        except (EOFError, OSError):
            return None
        return None

    def close(self):
        try:
            if self.proc.is_alive():
                self.conn.send(None)
                self.proc.join(timeout=3)
        except (OSError, BrokenPipeError):
            pass
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=3)
        self.conn.close()
        if self.zygote is not None:
            self.zygote.close()


class _Progress:
    """A progress bar on stderr (one line per submission when stderr is not a terminal)."""

    def __init__(self, total, enabled=True):
        self.total, self.enabled, self.start = total, enabled, time.monotonic()
        self.tty = sys.stderr.isatty()

    def update(self, done, result: Result):
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        width = 28
        filled = int(width * done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = f"Correction [{bar}] {done}/{self.total} {result.student} : {result.status_fr()} ({elapsed:.0f} s)"
        if self.tty:
            sys.stderr.write("\r" + line[:110].ljust(110))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def close(self):
        if self.enabled and self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


# ---------------------------------------------------------------------------- worker process


def worker_main(conn, settings, snapshot, zygote=None) -> None:
    """Long-lived worker: a zygote, a pre-started kernel, one exporter reused for every task."""
    from mlearn.grading.sandbox import set_parent_death_signal

    set_parent_death_signal()
    logging.disable(logging.WARNING)
    os.chdir(tempfile.gettempdir())
    runner = _WorkerRunner(settings, snapshot, zygote)
    try:
        while True:
            try:
                task = conn.recv()
            except EOFError:
                break
            if task is None:
                break
            try:
                reply = runner.run(task)
            except Exception as exc:  # noqa: BLE001
                reply = {
                    "crash": f"erreur interne : {type(exc).__name__}: {exc}",
                    "notebooks": {},
                    "tb": traceback.format_exc(),
                }
            conn.send(reply)
    finally:
        runner.close()


class _WorkerRunner:
    def __init__(self, settings, snapshot, zygote=None):
        from nbconvert.exporters import NotebookExporter
        from traitlets.config import Config

        from mlearn.grading.sandbox import Zygote

        self.settings = settings
        self.snapshot = snapshot
        self.config = Config(settings["config"])
        self.root = settings["root"]
        self.zygote = zygote if zygote is not None else Zygote()
        converter = ParallelAutograde(config=self.config)
        self.exporter = NotebookExporter(config=self.config)
        self.exporter._preprocessors = []
        for pp in converter.worker_preprocessors:
            self.exporter.register_preprocessor(pp)
        from mlearn.grading.preprocessors import GuardedExecute

        self.execute = next(p for p in self.exporter._preprocessors if isinstance(p, GuardedExecute))
        self.base_tmp = tempfile.mkdtemp(prefix="mlearn-grade-")
        self.next = None
        self.next = self._start_kernel("python3")

    def _start_kernel(self, kernel_name: str):
        from jupyter_core.utils import run_sync

        from mlearn.grading.sandbox import SandboxKernelManager

        workdir = tempfile.mkdtemp(prefix="k", dir=self.base_tmp)
        os.chmod(workdir, 0o700)
        nonce = uuid.uuid4().hex
        km = SandboxKernelManager(
            kernel_name=kernel_name,
            zygote=self.zygote,
            workdir=workdir,
            memory_limit=self.settings["memory"],
            nonce=nonce,
            protect=self.settings["protect"],
            # IPython's profile (startup scripts!) lives in the kernel's own HOME, deleted after the
            # submission: one student cannot leave code behind for the next one.
            extra_env={},
        )
        run_sync(km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"])
        return {"km": km, "workdir": workdir, "nonce": nonce, "name": kernel_name}

    def _stop_kernel(self, kernel) -> None:
        from jupyter_core.utils import run_sync

        km = kernel["km"]
        try:
            if km.provisioner is not None and km.provisioner.process is not None:
                km.provisioner.process.kill()
            run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001
            pass
        shutil.rmtree(kernel["workdir"], ignore_errors=True)

    def _take_kernel(self, kernel_name: str):
        kernel, self.next = self.next, None
        if kernel is None or kernel["name"] != kernel_name:
            if kernel is not None:
                self._stop_kernel(kernel)
            kernel = self._start_kernel(kernel_name)
        return kernel

    def run(self, task) -> dict:
        import json

        import nbformat

        start = time.monotonic()
        reply = {"notebooks": {}, "problems": []}
        for name, path in task["notebooks"]:
            try:
                nb = nbformat.read(path, as_version=4)
                if not isinstance(nb, dict) or "cells" not in nb:
                    raise ValueError("pas un carnet Jupyter")
            except Exception as exc:  # noqa: BLE001
                reply["notebooks"][name] = {
                    "error": f"carnet « {name}.ipynb » illisible ou corrompu ({type(exc).__name__})"
                }
                continue
            kspec = self.snapshot.notebooks.get(name)
            kernel_name = "python3"
            if kspec is not None and kspec.kernelspec:
                kernel_name = json.loads(kspec.kernelspec).get("name") or "python3"
            kernel = self._take_kernel(kernel_name)
            try:
                for src, rel in task["support"]:
                    target = os.path.join(kernel["workdir"], rel)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(src, target)
                resources = {
                    "nbgrader": {
                        "student": task["student"],
                        "assignment": task["assignment"],
                        "notebook": name,
                        "db_url": None,
                    },
                    "mlearn": {"gradebook": self.snapshot, "problems": []},
                    "unique_key": name,
                    "output_files_dir": f"{name}_files",
                }
                self.execute.sandbox = kernel
                try:
                    output, resources = self.exporter.from_notebook_node(nb, resources=resources)
                    reply["notebooks"][name] = {"json": output}
                except Exception as exc:  # noqa: BLE001
                    reply["notebooks"][name] = {
                        "error": f"carnet « {name}.ipynb » non corrigeable : {type(exc).__name__}: {str(exc)[:200]}"
                    }
                reply["problems"].extend(resources["mlearn"].get("problems", []))
            finally:
                self._stop_kernel(kernel)
                self.next = self._start_kernel("python3")
        reply["seconds"] = time.monotonic() - start
        return reply

    def close(self):
        if self.next is not None:
            self._stop_kernel(self.next)
        self.zygote.close()
        shutil.rmtree(self.base_tmp, ignore_errors=True)


# ---------------------------------------------------------------------------- entry point


def build_converter(
    course_dir, *, jobs=None, timeout=None, notebook_timeout=None, memory_mb=None, force=False, progress=True
):
    """Load the course's nbgrader configuration and build the converter."""
    from nbgrader.apps.autogradeapp import AutogradeApp

    root = Path(course_dir or ".").resolve()
    if not root.is_dir():
        raise MlearnError(f"Dossier de cours introuvable : {root}", f"course directory not found: {root}")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        app = AutogradeApp()
        app.log.setLevel(logging.ERROR)
        app.initialize([], root=str(root))
    finally:
        os.chdir(cwd)
    # nbgrader's log lines (e.g. "No notebooks found" for a misnamed notebook) would drown the
    # summary: problems are reported per student instead.
    app.log.setLevel(logging.CRITICAL)
    cfg = app.config
    if timeout is None:
        timeout = (
            cfg.Execute.get("timeout", 30) or 30
        )  # the course's nbgrader setting, else nbgrader's default
    cfg.Execute.timeout = int(timeout)
    cfg.GuardedExecute.timeout = int(timeout)
    per_cell = int(timeout)
    cfg.GuardedExecute.notebook_timeout = float(notebook_timeout or max(60.0, 10.0 * per_cell))
    cfg.OverwriteCells.add_missing_cells = True
    if jobs:
        cfg.ParallelAutograde.jobs = int(jobs)
    if memory_mb is not None:
        cfg.ParallelAutograde.memory_limit_mb = int(memory_mb)
    if force:
        cfg.BaseConverter.force = True
    app.update_config(cfg)
    converter = ParallelAutograde(coursedir=app.coursedir, parent=app)
    converter.progress = progress
    return converter


def write_csv(results, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "score", "max_score", "seconds", "status", "problems"])
        for r in results:
            writer.writerow(
                [
                    r.student,
                    "" if r.score is None else f"{r.score:g}",
                    "" if r.max_score is None else f"{r.max_score:g}",
                    f"{r.seconds:.2f}",
                    r.status,
                    " | ".join(r.problems),
                ]
            )
    return path
