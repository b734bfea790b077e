"""The small core of the self-checks: a question, its result, and how both are shown.

A ``Question`` knows its expected answer (a constant or a function evaluated lazily, usually from
``mlearn.data``), how to judge an answer (``evaluate`` -> ``Result``), and what to say to the learner:
``check(answer)`` shows a French verdict, ``hint()`` the next hint, ``solution()`` the worked solution.
The declarative question types (number, set of countries, DataFrame, multiple choice, labels) live in
``mlearn.checks.questions``; they only implement ``_judge``.

Nothing here raises on a learner's answer: a wrong type, ``NaN``, ``None`` or the ``____`` placeholder all
give an explanation instead of a traceback.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from mlearn.errors import MlearnError

CORRECT, INCORRECT, INVALID, UNANSWERED = "correct", "incorrect", "invalid", "unanswered"


class _Placeholder:
    """The blank that learners replace with their answer (``reponse = ____``)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Placeholder()


def is_unanswered(answer: Any) -> bool:
    return answer is ____ or answer is Ellipsis


class InvalidAnswer(Exception):
    """Raised by a question type when an answer cannot be judged; the message is shown to the learner."""


@dataclass(frozen=True)
class Result:
    """The verdict on one answer. ``bool(result)`` is True only when the answer is correct."""

    status: str
    message: str
    title: str = ""

    def __bool__(self) -> bool:
        return self.status == CORRECT

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    _LABELS = {
        CORRECT: ("✓", "Correct", "#1b7837", "#e7f4e4"),
        INCORRECT: ("✗", "Pas encore", "#8c510a", "#fdf1dc"),
        INVALID: ("⚠", "Réponse impossible à vérifier", "#5e3c99", "#efe9f7"),
        UNANSWERED: ("…", "À compléter", "#35586e", "#e8f0f5"),
    }

    def __str__(self) -> str:
        icon, label, _, _ = self._LABELS[self.status]
        head = f"{icon} {label}" + (f" ({self.title})" if self.title else "")
        return f"{head} : {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        icon, label, colour, background = self._LABELS[self.status]
        title = f" <span style='font-weight:normal'>({html.escape(self.title)})</span>" if self.title else ""
        body = html.escape(self.message).replace("\n", "<br>")
        return (
            f"<div class='mlearn-check mlearn-check-{self.status}' role='status' "
            f"style='border-left:6px solid {colour};background:{background};padding:0.5em 0.8em;margin:0.3em 0'>"
            f"<strong style='color:{colour}'>{icon} {label}</strong>{title} : {body}</div>"
        )


@dataclass(frozen=True)
class Note:
    """A hint or a solution, shown as HTML in Jupyter and as text elsewhere."""

    kind: str  # "hint" or "solution"
    text: str
    code: str = ""
    title: str = ""

    def __str__(self) -> str:
        label = "Indice" if self.kind == "hint" else "Solution"
        out = f"{label}{' (' + self.title + ')' if self.title else ''} : {self.text}"
        if self.code:
            out += "\n\n" + self.code
        return out

    __repr__ = __str__

    def _repr_html_(self) -> str:
        label, colour = ("💡 Indice", "#35586e") if self.kind == "hint" else ("📘 Solution", "#2d4a8a")
        title = f" ({html.escape(self.title)})" if self.title else ""
        code = (
            f"<pre style='margin:0.4em 0 0'><code>{html.escape(self.code)}</code></pre>" if self.code else ""
        )
        return (
            f"<div class='mlearn-{self.kind}' style='border-left:6px solid {colour};background:#f4f6f8;"
            f"padding:0.5em 0.8em;margin:0.3em 0'><strong style='color:{colour}'>{label}</strong>{title} : "
            f"{html.escape(self.text)}{code}</div>"
        )


def show(obj: Any) -> None:
    """Display in Jupyter (rich HTML) or print in a plain Python session."""
    try:
        from IPython import get_ipython

        if get_ipython() is not None:
            from IPython.display import display

            display(obj)
            return
    except ImportError:  # pragma: no cover - IPython is always installed with the kit
        pass
    print(str(obj))


def is_nan(value: Any) -> bool:
    try:
        return isinstance(value, float | int) and math.isnan(float(value))
    except (TypeError, ValueError):
        return False


class Question:
    """A self-check question. Subclasses implement ``_judge(answer, expected) -> Result``."""

    kind = "question"

    def __init__(
        self,
        prompt: str,
        expected: Any,
        *,
        hints: tuple[str, ...] | list[str] = (),
        solution: str = "",
        solution_code: str = "",
        name: str = "",
    ):
        self.prompt = prompt
        self._expected = expected
        self._cache: Any = None
        self._computed = False
        self.hints = list(hints)
        self.solution_text = solution
        self.solution_code = solution_code
        self.name = name
        self.module = ""
        self._hints_shown = 0

    # -- the expected answer, computed once and only when needed ------------------------------------
    @property
    def expected(self) -> Any:
        if not self._computed:
            value = self._expected() if callable(self._expected) else self._expected
            self._cache = self._prepare_expected(value)
            self._computed = True
        return self._cache

    def _prepare_expected(self, value: Any) -> Any:
        return value

    def reference_answer(self) -> Any:
        """The expected answer in the form a learner would give it (used by tests and solutions)."""
        return self.expected

    @property
    def title(self) -> str:
        return f"{self.module} · {self.name}".strip(" ·") if self.module or self.name else ""

    # -- judging ---------------------------------------------------------------------------------------
    def evaluate(self, answer: Any = ____) -> Result:
        """Judge ``answer`` and return a ``Result``; never raises on a learner's answer."""
        if is_unanswered(answer):
            return Result(
                UNANSWERED,
                "vous n'avez pas encore répondu. Remplacez ____ par votre réponse (un calcul ou une valeur), "
                "exécutez la cellule, puis relancez la vérification.",
                self.title,
            )
        if isinstance(answer, dict) and answer and all(is_unanswered(v) for v in answer.values()):
            return Result(
                UNANSWERED,
                "vous n'avez pas encore répondu : remplacez chaque ____ du dictionnaire par une étiquette.",
                self.title,
            )
        if answer is None:
            return Result(
                INVALID,
                "votre réponse vaut None (rien). Causes fréquentes : une fonction qui affiche avec print() au "
                "lieu de renvoyer avec return, une méthode qui modifie sur place (inplace=True) et renvoie "
                "None, ou une cellule pas encore exécutée.",
                self.title,
            )
        try:
            expected = self.expected
        except MlearnError as exc:
            return Result(
                INVALID, f"la réponse de référence n'a pas pu être calculée : {exc.one_line()}", self.title
            )
        except (OSError, KeyError, LookupError) as exc:
            return Result(
                INVALID,
                "la réponse de référence n'a pas pu être calculée à partir des données du kit "
                f"({type(exc).__name__} : {exc}). Lancez « mlearn data check » dans un terminal.",
                self.title,
            )
        try:
            result = self._judge(answer, expected)
        except InvalidAnswer as exc:
            return Result(INVALID, str(exc), self.title)
        except Exception as exc:  # noqa: BLE001 - a learner's odd object must never produce a traceback
            return Result(
                INVALID,
                f"je n'ai pas pu comparer votre réponse ({type(answer).__name__}) à la réponse attendue "
                f"({type(exc).__name__} : {exc}). Vérifiez le type de réponse demandé dans l'énoncé.",
                self.title,
            )
        return Result(result.status, result.message, self.title)

    def _judge(self, answer: Any, expected: Any) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def _ok(self, message: str) -> Result:
        return Result(CORRECT, message)

    def _wrong(self, message: str) -> Result:
        return Result(INCORRECT, message)

    # -- what learners call ----------------------------------------------------------------------------
    def check(self, answer: Any = ____) -> None:
        """Show whether ``answer`` is correct, with a helpful French message."""
        show(self.evaluate(answer))

    def hint(self, n: int | None = None) -> None:
        """Show the next hint (or hint number ``n``, from 1)."""
        show(self.hint_note(n))

    def hint_note(self, n: int | None = None) -> Note:
        if not self.hints:
            return Note(
                "hint",
                "pas d'indice pour cette question : relisez l'énoncé et l'exemple du cours.",
                title=self.title,
            )
        if n is None:
            n = min(self._hints_shown + 1, len(self.hints))
            self._hints_shown = n
        n = max(1, min(int(n), len(self.hints)))
        suffix = f" ({n}/{len(self.hints)})" if len(self.hints) > 1 else ""
        return Note("hint", self.hints[n - 1] + suffix, title=self.title)

    def solution(self) -> None:
        """Show the worked solution: explanation, code and expected answer."""
        show(self.solution_note())

    def solution_note(self) -> Note:
        try:
            answer = self._describe_expected(self.expected)
        except Exception as exc:  # noqa: BLE001
            answer = f"(non calculable ici : {exc})"
        text = (self.solution_text + " " if self.solution_text else "") + f"Réponse attendue : {answer}."
        return Note("solution", text, self.solution_code, self.title)

    def _describe_expected(self, expected: Any) -> str:
        return str(expected)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.title or self.prompt[:40]!r})"

    def _repr_html_(self) -> str:
        return (
            f"<div class='mlearn-question'><strong>{html.escape(self.title)}</strong> "
            f"{html.escape(self.prompt)}</div>"
        )
