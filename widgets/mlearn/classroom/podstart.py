"""What a user's server needs at start on Kubernetes (Zero to JupyterHub), where there is no ``classroom up``.

- In the image build: ``python -m mlearn.classroom.podstart roles ETC_DIR`` writes the per-role Jupyter
  configuration (same files as ``mlearn classroom up`` writes on one machine).
- In the pod (``singleuser.lifecycleHooks.postStart``): ``python -m mlearn.classroom.podstart home`` copies
  the course into a student's home, or makes an instructor's course folder (``~/COURSE_ID`` with
  ``source/`` and the generated ``nbgrader_config.py``); existing files are the user's work and are kept.

Environment: ``MLEARN_ROLE`` (``student``/``instructor``, set by the hub), ``MLEARN_COURSE_ID``,
``MLEARN_EXCHANGE`` (default ``/srv/nbgrader/exchange``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


def _settings() -> tuple[str, Path]:
    return os.environ.get("MLEARN_COURSE_ID", "mlearn"), Path(
        os.environ.get("MLEARN_EXCHANGE", DEFAULT_EXCHANGE)
    )


def prepare_home(home: Path, role: str) -> list[str]:
    from mlearn.classroom.control import course_config_text
    from mlearn.paths import course_dir, project_root

    course_id, exchange = _settings()
    done = []
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    if role == "instructor":
        course = home / course_id
        if not (course / "nbgrader_config.py").exists():
            course.mkdir(parents=True, exist_ok=True)
            (course / "nbgrader_config.py").write_text(course_config_text(course_id, exchange))
            done.append(str(course / "nbgrader_config.py"))
        source = (project_root() or Path.cwd()) / "source"
        if source.is_dir() and not (course / "source").exists():
            shutil.copytree(source, course / "source", ignore=ignore)
            done.append(str(course / "source"))
        course.chmod(0o700)
    elif not (home / "cours").exists() and course_dir().is_dir():
        shutil.copytree(course_dir(), home / "cours", ignore=ignore)
        done.append(str(home / "cours"))
    return done


def main(argv: list[str]) -> int:
    from mlearn.classroom.control import write_role_configs

    if argv[:1] == ["roles"] and len(argv) == 2:
        course_id, exchange = _settings()
        write_role_configs(Path(argv[1]), exchange, course_id)
        return 0
    if argv[:1] == ["home"]:
        for path in prepare_home(Path.home(), os.environ.get("MLEARN_ROLE", "student")):
            print(f"créé : {path}")
        return 0
    print("usage: python -m mlearn.classroom.podstart roles ETC_DIR | home", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
