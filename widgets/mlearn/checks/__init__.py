"""Students' self-checks for the lecture notebooks, in the style of Kaggle Learn.

Usage in a notebook::

    from mlearn.checks import module04 as q
    reponse = ____            # the learner replaces the blank
    q.q1.check(reponse)       # ✓ Correct / ✗ Pas encore : what is wrong, in French
    q.q1.hint()               # next hint
    q.q1.solution()           # worked solution with code

``mlearn.checks.core`` holds the small core (question, result, display); ``mlearn.checks.questions`` the
declarative types; ``mlearn.checks.moduleNN`` the questions of each lecture notebook. Reference answers
are the verified figures of the curriculum brief or are computed lazily from ``mlearn.data``.
"""

from __future__ import annotations

from importlib import import_module

from mlearn.checks.core import Note, Question, Result, ____, is_unanswered
from mlearn.checks.questions import (
    CountryQuestion,
    CountrySetQuestion,
    DataFrameQuestion,
    LabelsQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    SetQuestion,
)

MODULES = tuple(f"module{n:02d}" for n in range(1, 11))


def questions(module: str) -> dict[str, Question]:
    """The questions of one module (``"module04"``), by name (``"q1"``…), in order."""
    mod = import_module(f"mlearn.checks.{module}")
    return dict(mod.QUESTIONS)


def all_questions() -> dict[str, Question]:
    """Every question of every module, keyed ``"module04.q1"``."""
    return {f"{m}.{name}": q for m in MODULES for name, q in questions(m).items()}


__all__ = [
    "____",
    "MODULES",
    "CountryQuestion",
    "CountrySetQuestion",
    "DataFrameQuestion",
    "LabelsQuestion",
    "MultipleChoiceQuestion",
    "Note",
    "NumberQuestion",
    "Question",
    "Result",
    "SetQuestion",
    "all_questions",
    "is_unanswered",
    "questions",
]
