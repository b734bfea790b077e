"""nbgrader configuration of the M-LEARN course (read by every ``nbgrader`` command run from this folder,
by the formgrader and by ``mlearn grade``).

The course directory is the folder holding this file: ``source/`` (solutions and hidden tests, instructors
only), ``release/`` (generated, committed), and the git-ignored ``submitted/``, ``autograded/``, ``feedback/``
and ``gradebook.db``. Copy this file into another folder to make that folder a course directory.

Environment overrides (tests, shared servers):
- ``MLEARN_COURSE_ID``: course id (default ``mlearn``);
- ``MLEARN_EXCHANGE``: exchange folder shared by instructor and students (default ``exchange/`` beside this
  file, git-ignored; on a multi-user server use e.g. ``/srv/nbgrader/exchange``);
- ``MLEARN_CELL_TIMEOUT``: seconds allowed per cell when notebooks are executed (default 60).
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades
from traitlets import Bool

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = os.environ.get("MLEARN_COURSE_ID", "mlearn")
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# Data files and caches never travel with a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.parquet", "*.csv.gz"]
c.CourseDirectory.max_file_size = 5000  # kB per file copied with a submission

# The exchange where students fetch assignments and drop submissions.
c.Exchange.root = os.environ.get("MLEARN_EXCHANGE", str(HERE / "exchange"))
c.Exchange.timezone = "UTC"

# Deleted or stripped test cells are restored from the gradebook when grading (off by default in nbgrader).
c.OverwriteCells.add_missing_cells = True

# Executing student notebooks: a time limit per cell, no silent hang.
c.Execute.timeout = int(os.environ.get("MLEARN_CELL_TIMEOUT", "60"))
c.Execute.interrupt_on_timeout = True

# What students see in place of the solutions (French).
c.ClearSolutions.code_stub = {
    "python": "# VOTRE CODE ICI\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI (en français, quelques phrases)."
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Released notebooks carry no outputs.
c.ClearOutput.enabled = True


class ShortenHiddenTestTracebacks(Preprocessor):
    """In feedback, a failed hidden test shows its message (``AssertionError: Valeur attendue …``) but not
    the traceback, which would quote the hidden test's code."""

    enabled = Bool(True)  # nbconvert preprocessors are off unless enabled

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and "BEGIN HIDDEN TESTS" in cell.source:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    out["traceback"] = [f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"]
        return cell, resources


# Feedback (HTML) shows each test's result and message, but not the code of the hidden tests, so an
# assignment can be reused next year without publishing its hidden tests.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ShortenHiddenTestTracebacks,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
