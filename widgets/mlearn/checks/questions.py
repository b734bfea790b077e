"""Declarative question types for the self-checks.

Each type turns a learner's answer into a verdict with a message that says *what* is wrong, without
giving the answer away: a percentage given as a fraction (factor 100), a wrong sign, one sex instead of
female + male, an aggregate counted twice, countries missing from a set, a column missing from a table.

- ``NumberQuestion``: a number with a tolerance, and known traps (``traps=[(value, message), ...]``).
- ``SetQuestion`` / ``CountrySetQuestion`` / ``CountryQuestion``: an unordered set of terms or ISO3 codes.
- ``DataFrameQuestion``: a table compared with ``pandas.testing`` (tolerance, column/row order options).
- ``MultipleChoiceQuestion``: one or several letters, with an explanation per wrong choice.
- ``LabelsQuestion``: a dict of labels (scenario -> category), with a minimum number of correct labels.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from mlearn.checks.core import InvalidAnswer, Question, Result, is_unanswered
from mlearn.fmt import fr_int, fr_num

Trap = tuple[Any, str]


def _fmt(x: float) -> str:
    if float(x).is_integer() and abs(x) >= 1:
        return fr_int(x)
    return fr_num(x, 2)


def _kind(answer: Any) -> str:
    names = {
        str: "du texte (une chaîne de caractères)",
        list: "une liste",
        tuple: "un tuple",
        dict: "un dictionnaire",
        set: "un ensemble (set)",
    }
    return names.get(type(answer), f"un objet de type {type(answer).__name__}")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# ------------------------------------------------------------------------------------------------------
# numbers
# ------------------------------------------------------------------------------------------------------
def as_number(answer: Any) -> float:
    """A single real number from a learner's answer, or ``InvalidAnswer`` explaining what was given."""
    if isinstance(answer, bool):
        raise InvalidAnswer(
            f"vous avez donné un booléen ({answer}), pas un nombre. Une comparaison (==, >, <) renvoie "
            "True/False : gardez le calcul, sans la comparaison."
        )
    if isinstance(answer, str):
        text = answer.strip().replace("\u202f", " ").replace("\u00a0", " ")
        looks = re.fullmatch(r"[-+−]?[\d ]+([.,]\d+)?\s*%?", text)
        extra = ""
        if looks:
            cleaned = text.replace(" ", "").replace(",", ".").replace("%", "").replace("−", "-")
            extra = f" Écrivez-le sans guillemets, avec un point décimal : {cleaned}"
        raise InvalidAnswer(
            f"vous avez donné du texte (« {answer} »), pas un nombre : Python ne calcule pas avec du texte."
            + extra
            + " (Les séparateurs français servent à l'affichage, avec mlearn.fmt, pas aux calculs.)"
        )
    if hasattr(answer, "shape") and hasattr(answer, "size") and not isinstance(answer, numbers.Number):
        size = int(answer.size)
        what = type(answer).__name__
        if size == 0:
            raise InvalidAnswer(
                f"votre réponse est un objet {what} vide : votre filtre ne sélectionne aucune ligne. Vérifiez "
                "les codes ISO3 (en majuscules, « MAR » et non « Maroc »), l'année (un entier) et le nom des colonnes."
            )
        if size == 1:
            raise InvalidAnswer(
                f"votre réponse est un objet {what} contenant une seule valeur, pas un nombre. "
                "Extrayez la valeur avec .item() (ou .iloc[0])."
            )
        raise InvalidAnswer(
            f"votre réponse est un objet {what} de {size} valeurs ; un seul nombre est attendu. "
            "Avez-vous oublié d'agréger (.sum()) ou de filtrer une seule ligne ?"
        )
    if isinstance(answer, list | tuple | set | dict):
        raise InvalidAnswer(f"vous avez donné {_kind(answer)} ; un seul nombre est attendu.")
    if isinstance(answer, numbers.Complex) and not isinstance(answer, numbers.Real):
        raise InvalidAnswer("vous avez donné un nombre complexe ; un nombre réel est attendu.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise InvalidAnswer(f"vous avez donné {_kind(answer)} ; un nombre est attendu.") from None
    if math.isnan(value):
        raise InvalidAnswer(
            "votre réponse vaut NaN (valeur manquante). Causes fréquentes : une moyenne ou un rapport calculé "
            "sur une sélection vide (filtre sans aucune ligne), une division 0/0, ou une valeur absente de la "
            "source (manquant n'est pas zéro). Affichez votre sélection pour vérifier qu'elle contient des lignes."
        )
    if math.isinf(value):
        raise InvalidAnswer(
            "votre réponse est infinie : vous avez probablement divisé par zéro (dénominateur vide ou nul). "
            "Vérifiez le filtre du dénominateur."
        )
    return value


class NumberQuestion(Question):
    """A number compared within ``tol`` (absolute); known wrong values get a specific message.

    ``tol`` defaults to 0.5 for an integer answer (exact count) and to 0.006 otherwise (2 decimals).
    ``traps`` lists ``(value, message)`` pairs (value or callable); ``per_sex=True`` adds the
    « un seul sexe ? » diagnosis; ``unit`` is shown in messages (« % », « personnes »…).
    """

    kind = "nombre"

    def __init__(
        self,
        prompt: str,
        expected: Any,
        *,
        tol: float | None = None,
        unit: str = "",
        traps: Iterable[Trap] = (),
        per_sex: bool = False,
        **kwargs: Any,
    ):
        super().__init__(prompt, expected, **kwargs)
        self.tol = tol
        self.unit = unit
        self._traps = list(traps)
        self.per_sex = per_sex

    def _prepare_expected(self, value: Any) -> float:
        return float(value)

    @property
    def tolerance(self) -> float:
        if self.tol is not None:
            return self.tol
        return 0.5 if float(self.expected).is_integer() and abs(self.expected) >= 10 else 0.006

    def reference_answer(self) -> float:
        return self.expected

    def traps(self) -> list[tuple[float, str]]:
        out = []
        for value, message in self._traps:
            out.append((float(value() if callable(value) else value), message))
        return out

    def _describe_expected(self, expected: float) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{_fmt(expected)}{unit} (tolérance ± {fr_num(self.tolerance, 3).rstrip('0').rstrip(',')})"

    def _close(self, a: float, b: float) -> bool:
        return abs(a - b) <= max(self.tolerance, 1e-9 * abs(b))

    def _judge(self, answer: Any, expected: float) -> Result:
        value = as_number(answer)
        unit = f" {self.unit}" if self.unit else ""
        if self._close(value, expected):
            return self._ok(f"{_fmt(value)}{unit}. Bravo !")
        for trap_value, message in self.traps():
            if self._close(value, trap_value):
                return self._wrong(message)
        return self._wrong(self._diagnose(value, expected))

    def _diagnose(self, value: float, expected: float) -> str:
        close = self._close
        if expected != 0:
            if close(value * 100, expected):
                return (
                    "votre réponse est 100 fois trop petite : vous avez sans doute donné une fraction (0,08) "
                    "au lieu d'un pourcentage (8). Multipliez par 100."
                )
            if close(value / 100, expected):
                return "votre réponse est 100 fois trop grande : avez-vous multiplié deux fois par 100 ?"
            if close(-value, expected):
                return (
                    "le signe est inversé. Relisez l'ordre de la soustraction demandé dans l'énoncé "
                    "(« B moins A » ou « A moins B ») ; un solde migratoire négatif signifie plus de départs "
                    "que d'arrivées."
                )
            for factor, word in ((1e3, "mille"), (1e6, "un million"), (1e9, "un milliard")):
                if close(value * factor, expected) or close(value / factor, expected):
                    return (
                        f"votre réponse diffère d'un facteur {word} : vérifiez l'unité (personnes, milliers, "
                        "millions de dollars, pour 1 000 ou pour 100 000 habitants)."
                    )
            if value != 0 and abs(1 / value - expected) <= max(self.tolerance, 0.01 * abs(expected)):
                return "vous avez inversé le rapport : échangez le numérateur et le dénominateur."
            ratio = value / expected
            if self.per_sex and 0.2 <= ratio <= 0.8:
                return (
                    "votre total est trop petit, de l'ordre de la moitié : n'avez-vous compté qu'un seul sexe ? "
                    "Dans UN DESA, le total est femmes + hommes."
                )
            if 1.85 <= ratio <= 2.15:
                return (
                    "votre réponse est environ le double de la bonne : un double compte ? Par exemple une ligne "
                    "« total » additionnée aux lignes femmes et hommes, ou un agrégat (UE27, monde) additionné "
                    "aux pays qui le composent."
                )
            if 0.97 <= ratio <= 1.03:
                return (
                    "vous êtes proche, mais hors tolérance : vérifiez l'année, l'édition, le filtre exact et "
                    "l'arrondi (n'arrondissez qu'à la fin)."
                )
        direction = "trop élevée" if value > expected else "trop faible"
        return (
            f"votre réponse ({_fmt(value)}{' ' + self.unit if self.unit else ''}) est {direction}. "
            "Vérifiez le filtre (pays, année, sexe), le dénominateur et l'unité ; hint() donne un indice."
        )


# ------------------------------------------------------------------------------------------------------
# sets of terms and countries
# ------------------------------------------------------------------------------------------------------
class SetQuestion(Question):
    """An unordered set of terms, compared case-insensitively (accents kept, spaces trimmed)."""

    kind = "ensemble"
    item_label = "élément"

    def __init__(self, prompt: str, expected: Any, *, allow_single: bool = False, **kwargs: Any):
        super().__init__(prompt, expected, **kwargs)
        self.allow_single = allow_single

    def _normalise(self, item: Any) -> str:
        if not isinstance(item, str):
            raise InvalidAnswer(
                f"chaque {self.item_label} doit être une chaîne de caractères entre guillemets ; "
                f"« {item!r} » est de type {type(item).__name__}."
            )
        return " ".join(item.strip().lower().split())

    def _prepare_expected(self, value: Any) -> frozenset[str]:
        if isinstance(value, str):
            value = [value]
        return frozenset(self._normalise(v) for v in value)

    def reference_answer(self) -> Any:
        items = sorted(self.expected)
        return items[0] if self.allow_single and len(items) == 1 else items

    def _describe_expected(self, expected: frozenset[str]) -> str:
        return ", ".join(sorted(expected))

    def _as_items(self, answer: Any) -> list[Any]:
        if isinstance(answer, str):
            if self.allow_single:
                return [answer]
            raise InvalidAnswer(
                f"vous avez donné une seule chaîne de caractères ; une collection est attendue, par exemple "
                f"['{self._example()}', …] (une liste entre crochets)."
            )
        if isinstance(answer, Mapping):
            raise InvalidAnswer("vous avez donné un dictionnaire ; une liste ou un ensemble est attendu.")
        if getattr(getattr(answer, "dtype", None), "kind", "O") in "biuf":
            raise InvalidAnswer(
                "vous avez donné des nombres ou des booléens (par exemple une Series de 0/1 indexée par pays) ; "
                "une liste de codes est attendue. Gardez l'index des lignes retenues : list(s[s == 1].index)."
            )
        if hasattr(answer, "tolist"):  # pandas Series / Index, numpy array
            answer = answer.tolist()
        if not isinstance(answer, Iterable):
            raise InvalidAnswer(f"vous avez donné {_kind(answer)} ; une liste ou un ensemble est attendu.")
        return list(answer)

    def _example(self) -> str:
        return "…"

    def _judge(self, answer: Any, expected: frozenset[str]) -> Result:
        items = self._as_items(answer)
        if not items:
            return self._wrong("votre ensemble est vide. Votre filtre a-t-il sélectionné des lignes ?")
        given = {self._normalise(i) for i in items}
        missing, extra = expected - given, given - expected
        if not missing and not extra:
            return self._ok(f"les {len(expected)} réponses attendues, ni plus ni moins.")
        parts = []
        if extra:
            parts.append(f"en trop : {', '.join(sorted(self._show(e) for e in extra))}")
        if missing:
            n = len(missing)
            parts.append(f"il en manque {n}" if n > 1 else "il en manque un")
        return self._wrong(
            f"{len(given & expected)} bonne(s) réponse(s) sur {len(expected)} attendue(s) ; "
            + " ; ".join(parts)
            + "."
        )

    def _show(self, item: str) -> str:
        return item


class CountrySetQuestion(SetQuestion):
    """A set of countries as ISO 3166-1 alpha-3 codes, order- and case-insensitive."""

    kind = "pays"
    item_label = "pays"

    def _example(self) -> str:
        return "MAR"

    def _normalise(self, item: Any) -> str:
        if not isinstance(item, str):
            raise InvalidAnswer(
                f"chaque pays doit être un code ISO3 entre guillemets (par exemple 'MAR') ; « {item!r} » est de "
                f"type {type(item).__name__}."
            )
        code = item.strip().upper()
        if code == "-99":
            raise InvalidAnswer(
                "« -99 » n'est pas un pays : c'est le code manquant de la colonne ISO_A3 de Natural Earth "
                "(France, Norvège…). Utilisez ISO_A3_EH."
            )
        if len(code) == 2 and code.isalpha():
            raise InvalidAnswer(
                f"« {item} » ressemble à un code ISO à deux lettres ; utilisez les codes à trois lettres (ISO3), "
                "par exemple 'MAR' pour le Maroc, 'FRA' pour la France."
            )
        if not (len(code) == 3 and code.isalpha()):
            raise InvalidAnswer(
                f"« {item} » n'est pas un code ISO3 : utilisez les codes à trois lettres des colonnes "
                "origin_iso3 / destination_iso3 (par exemple 'ESP' et non 'Espagne')."
            )
        return code


class CountryQuestion(CountrySetQuestion):
    """One country as an ISO3 code (a set of one; a list of one code is accepted too)."""

    def __init__(self, prompt: str, expected: Any, **kwargs: Any):
        kwargs.setdefault("allow_single", True)
        super().__init__(prompt, expected, **kwargs)

    def _judge(self, answer: Any, expected: frozenset[str]) -> Result:
        items = self._as_items(answer)
        if len(items) == 1:
            code = self._normalise(items[0])
            if code in expected:
                return self._ok(f"{code}.")
            return self._wrong(
                f"{code} n'est pas le pays attendu. Avez-vous trié dans le bon ordre (décroissant) ?"
            )
        return super()._judge(answer, expected)


# ------------------------------------------------------------------------------------------------------
# tables
# ------------------------------------------------------------------------------------------------------
class DataFrameQuestion(Question):
    """A pandas DataFrame compared with ``pandas.testing.assert_frame_equal`` and a tolerance.

    By default column order, row order and the index are ignored (``check_column_order``,
    ``check_row_order``, ``check_index`` to require them); dtypes are not compared (int vs float is fine).
    """

    kind = "tableau"

    def __init__(
        self,
        prompt: str,
        expected: Any,
        *,
        atol: float = 0.006,
        rtol: float = 0.0,
        check_column_order: bool = False,
        check_row_order: bool = False,
        check_index: bool = False,
        **kwargs: Any,
    ):
        super().__init__(prompt, expected, **kwargs)
        self.atol, self.rtol = atol, rtol
        self.check_column_order = check_column_order
        self.check_row_order = check_row_order
        self.check_index = check_index

    def reference_answer(self):
        return self.expected.copy()

    def _describe_expected(self, expected) -> str:
        return "\n" + expected.to_string(index=False)

    def _prepare(self, frame):
        if not self.check_index:
            frame = frame.reset_index(drop=True)
        if not self.check_row_order:
            frame = frame.sort_values(list(frame.columns), kind="stable").reset_index(
                drop=not self.check_index
            )
            if not self.check_index:
                frame = frame.reset_index(drop=True)
        return frame

    def _judge(self, answer: Any, expected) -> Result:
        import pandas as pd

        if isinstance(answer, pd.Series):
            raise InvalidAnswer(
                "vous avez donné une Series (une seule colonne) ; un DataFrame est attendu. Utilisez "
                ".reset_index() après un groupby, ou .to_frame()."
            )
        if not isinstance(answer, pd.DataFrame):
            raise InvalidAnswer(f"vous avez donné {_kind(answer)} ; un DataFrame pandas est attendu.")
        cols, want = list(answer.columns), list(expected.columns)
        missing = [c for c in want if c not in cols]
        extra = [c for c in cols if c not in want]
        if missing or extra:
            msg = []
            if missing:
                msg.append("colonnes manquantes : " + ", ".join(map(str, missing)))
            if extra:
                msg.append("colonnes en trop : " + ", ".join(map(str, extra)))
            hint = ""
            if missing and any(str(m) in map(str, answer.index.names) for m in missing):
                hint = " (une colonne attendue est dans l'index : ajoutez .reset_index())"
            return self._wrong(" ; ".join(msg) + hint + ".")
        if self.check_column_order and cols != want:
            return self._wrong(
                "les colonnes sont les bonnes, mais pas dans l'ordre demandé : " + ", ".join(want) + "."
            )
        if len(answer) != len(expected):
            return self._wrong(
                f"votre tableau a {len(answer)} ligne(s), {len(expected)} sont attendues. Vérifiez le filtre "
                "et le nombre de lignes gardées (head(n), nlargest(n))."
            )
        mine = self._prepare(answer[want])
        ref = self._prepare(expected)
        try:
            pd.testing.assert_frame_equal(
                mine,
                ref,
                check_dtype=False,
                check_exact=False,
                atol=self.atol,
                rtol=self.rtol,
                check_names=False,
            )
        except AssertionError:
            return self._wrong(self._first_difference(mine, ref))
        return self._ok(f"tableau de {len(expected)} lignes × {len(want)} colonnes identique à la référence.")

    def _first_difference(self, mine, ref) -> str:
        import pandas as pd

        for column in ref.columns:
            a, b = mine[column], ref[column]
            if pd.api.types.is_numeric_dtype(b) and pd.api.types.is_numeric_dtype(a):
                diff = ~((a - b).abs() <= self.atol + self.rtol * b.abs())
                diff &= ~(a.isna() & b.isna())
            else:
                diff = a.astype(str) != b.astype(str)
            if diff.any():
                where = diff[diff].index[0]
                return (
                    f"la colonne « {column} » diffère pour {int(diff.sum())} ligne(s) ; première différence : "
                    f"votre valeur {a.loc[where]!r}. Vérifiez le calcul de cette colonne (dénominateur, unité, "
                    "arrondi)."
                )
        return "le tableau diffère de la référence (types ou valeurs manquantes)."


# ------------------------------------------------------------------------------------------------------
# choices and labels
# ------------------------------------------------------------------------------------------------------
class MultipleChoiceQuestion(Question):
    """Letters among ``choices`` (``{"a": "texte", …}``); one or several correct letters.

    ``explanations`` gives, per letter, why it is right or wrong; it is shown for wrong choices.
    """

    kind = "QCM"

    def __init__(
        self,
        prompt: str,
        choices: Mapping[str, str],
        correct: str | Iterable[str],
        *,
        explanations: Mapping[str, str] | None = None,
        **kwargs: Any,
    ):
        letters = {correct} if isinstance(correct, str) else set(correct)
        super().__init__(prompt, frozenset(x.lower() for x in letters), **kwargs)
        self.choices = {k.lower(): v for k, v in choices.items()}
        self.explanations = {k.lower(): v for k, v in (explanations or {}).items()}
        self.multiple = len(letters) > 1

    def reference_answer(self) -> Any:
        letters = sorted(self.expected)
        return letters if self.multiple else letters[0]

    def _describe_expected(self, expected) -> str:
        return ", ".join(f"{k}) {self.choices[k]}" for k in sorted(expected))

    def _letters(self, answer: Any) -> set[str]:
        if isinstance(answer, str):
            raw = [p for p in re.split(r"[\s,;/+]+", answer.strip()) if p]
        elif isinstance(answer, Iterable) and not isinstance(answer, Mapping):
            raw = list(answer)
        else:
            raise InvalidAnswer(
                f"vous avez donné {_kind(answer)} ; donnez la lettre de votre choix entre guillemets, par "
                "exemple 'b'" + (", ou une liste de lettres ['a', 'c']." if self.multiple else ".")
            )
        letters = set()
        texts = {v.strip().lower(): k for k, v in self.choices.items()}
        for item in raw:
            if not isinstance(item, str):
                raise InvalidAnswer(
                    f"« {item!r} » n'est pas une lettre ; donnez des lettres entre guillemets."
                )
            key = item.strip().lower().rstrip(")").lstrip("(")
            if key in self.choices:
                letters.add(key)
            elif key in texts:
                letters.add(texts[key])
            else:
                raise InvalidAnswer(
                    f"« {item} » n'est pas un choix proposé ; choix possibles : {', '.join(sorted(self.choices))}."
                )
        return letters

    def _judge(self, answer: Any, expected: frozenset[str]) -> Result:
        letters = self._letters(answer)
        if not letters:
            raise InvalidAnswer("aucune lettre donnée.")
        if letters == expected:
            why = " ".join(self.explanations[k] for k in sorted(expected) if k in self.explanations)
            return self._ok(why or "bonne réponse.")
        wrong = sorted(letters - expected)
        notes = [f"{k}) {self.explanations[k]}" for k in wrong if k in self.explanations]
        if wrong:
            head = f"le choix {', '.join(wrong)} ne convient pas."
        else:
            head = "votre sélection est incomplète : il y a d'autres affirmations exactes."
        if len(letters) > 1 and not self.multiple:
            head = "une seule réponse est attendue. " + head
        return self._wrong(" ".join([head, *notes]))


class LabelsQuestion(Question):
    """A dict of labels (key -> label among ``labels``); correct when at least ``min_correct`` match."""

    kind = "étiquettes"

    def __init__(
        self,
        prompt: str,
        expected: Mapping[str, str],
        *,
        labels: Iterable[str],
        min_correct: int | None = None,
        items: Mapping[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(prompt, dict(expected), **kwargs)
        self.labels = list(labels)
        self.min_correct = min_correct
        self.items = dict(items or {})  # key -> the situation described to the learner

    def reference_answer(self) -> dict[str, str]:
        return dict(self.expected)

    def _describe_expected(self, expected) -> str:
        return ", ".join(f"{k} → {v}" for k, v in expected.items())

    def _label(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise InvalidAnswer(
                f"l'étiquette de « {key} » doit être du texte entre guillemets ({value!r} donné)."
            )
        text = _strip_accents(value.strip().lower()).replace(" ", "_").replace("-", "_")
        if text not in self.labels:
            raise InvalidAnswer(
                f"« {value} » (pour « {key} ») n'est pas une étiquette autorisée ; choisissez parmi : "
                + ", ".join(self.labels)
                + "."
            )
        return text

    def _judge(self, answer: Any, expected: dict[str, str]) -> Result:
        if not isinstance(answer, Mapping):
            raise InvalidAnswer(
                f"vous avez donné {_kind(answer)} ; un dictionnaire est attendu, par exemple "
                f"{{'{next(iter(expected))}': '{self.labels[0]}', …}}."
            )
        keys = {str(k).strip().lower(): v for k, v in answer.items() if not is_unanswered(v)}
        blank = {str(k).strip().lower() for k, v in answer.items() if is_unanswered(v)}
        missing = [k for k in expected if k.lower() not in keys]
        unknown = [k for k in (*keys, *blank) if k not in {e.lower() for e in expected}]
        if unknown:
            raise InvalidAnswer(
                "clés inconnues : " + ", ".join(unknown) + " ; clés attendues : " + ", ".join(expected) + "."
            )
        right, wrong = [], []
        for key, label in expected.items():
            if key in missing:
                continue
            (right if self._label(keys[key.lower()], key) == label else wrong).append(key)
        need = self.min_correct if self.min_correct is not None else len(expected)
        tail = (f" À revoir : {', '.join(wrong)}." if wrong else "") + (
            f" Sans réponse : {', '.join(missing)}." if missing else ""
        )
        if len(right) >= need:
            return self._ok(f"{len(right)} sur {len(expected)} correct(s)." + tail)
        return self._wrong(f"{len(right)} sur {len(expected)} correct(s) ({need} attendus)." + tail)


__all__ = [
    "NumberQuestion",
    "SetQuestion",
    "CountrySetQuestion",
    "CountryQuestion",
    "DataFrameQuestion",
    "MultipleChoiceQuestion",
    "LabelsQuestion",
    "as_number",
]
