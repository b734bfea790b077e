"""Fast, fair, tamper-resistant autograding on top of nbgrader (``mlearn grade``).

``grade(assignment, course_dir, jobs, timeout)`` grades every submission
``course_dir/submitted/<student>/<assignment>/`` of a standard nbgrader course directory into
``autograded/`` and the course gradebook, exactly where ``nbgrader autograde`` records them,
and returns one :class:`Result` per student. The machinery lives in submodules imported on
demand (``import mlearn.grading`` stays cheap):

- :mod:`mlearn.grading.engine` — nbgrader's ``Autograde`` converter split into prepare /
  execute (parallel workers) / record (single gradebook writer);
- :mod:`mlearn.grading.preprocessors` — the small nbgrader-derived preprocessors;
- :mod:`mlearn.grading.sandbox` — pre-forked, boxed student kernels (memory limit, private
  working directory, scrubbed environment);
- :mod:`mlearn.grading.guard` — the in-kernel tamper guard and its residual limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Result", "grade"]


@dataclass
class Result:
    """The outcome for one student: ``status`` is ``graded``, ``skipped`` (already graded) or ``error``."""

    student: str
    score: float | None
    max_score: float | None
    seconds: float
    status: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def status_fr(self) -> str:
        if self.status == "error":
            return "error"
        if self.score is None:
            return self.status
        return f"{self.score:g}/{self.max_score:g}"


def grade(
    assignment: str,
    course_dir: str | Path = ".",
    jobs: int | None = None,
    timeout: float | None = None,
    *,
    notebook_timeout: float | None = None,
    memory_mb: int | None = None,
    force: bool = False,
    progress: bool = False,
) -> list[Result]:
    """Grade every submission of ``assignment``; see the module docstring."""
    import os

    from mlearn.errors import MlearnError

    root = Path(course_dir or ".").resolve()
    if not root.is_dir():
        raise MlearnError(
            f"Dossier de cours introuvable : {root}",
            f"course directory not found: {root}",
            "indiquez le dossier du cours avec --course-dir / pass the course directory with --course-dir",
        )

    from mlearn.grading.sandbox import Zygote

    # Start the kernel zygotes first: their imports overlap with loading nbgrader and the config.
    zygotes = [Zygote() for _ in range(max(1, int(jobs or os.cpu_count() or 1)))]
    try:
        from mlearn.grading.engine import build_converter

        converter = build_converter(
            root,
            jobs=jobs,
            timeout=timeout,
            notebook_timeout=notebook_timeout,
            memory_mb=memory_mb,
            force=force,
            progress=progress,
        )
        return converter.grade(assignment, zygotes)
    finally:
        for zygote in zygotes:
            zygote.close()
