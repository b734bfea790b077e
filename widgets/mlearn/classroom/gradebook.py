"""The course's nbgrader gradebook, wherever ``nbgrader_config.py`` puts it (SQLite file or PostgreSQL).

``python -m mlearn.classroom.gradebook COURSE_DIR STUDENTS_JSON`` registers the roster's students; it is
run by ``mlearn classroom up`` as the instructor, so that a SQLite gradebook is the instructor's file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def course_config(course_dir: Path):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()


def gradebook_url(course_dir: Path) -> str:
    """The URL nbgrader uses for this course (``CourseDirectory.db_url`` as configured)."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=course_config(course_dir)).db_url


def register_students(course_dir: Path, students: list[dict]) -> int:
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=course_config(course_dir))
    with Gradebook(coursedir.db_url, course_id=coursedir.course_id) as gradebook:
        for s in students:
            gradebook.update_or_create_student(
                s["username"], first_name=s.get("first_name") or None, last_name=s.get("last_name") or None,
                email=s.get("email") or None,
            )  # fmt: skip
        return len(gradebook.students)


def main(argv: list[str]) -> int:
    course_dir, students = Path(argv[0]), json.loads(argv[1])
    count = register_students(course_dir, students)
    print(f"{count} étudiants dans le carnet de notes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
