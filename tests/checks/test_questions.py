"""Every self-check accepts its reference answer, rejects plausible wrong answers with a message,
and explains bad input (wrong type, NaN, None, the ____ placeholder) instead of raising."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mlearn.checks import (
    MODULES,
    CountrySetQuestion,
    DataFrameQuestion,
    LabelsQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    SetQuestion,
    ____,
    all_questions,
    questions,
)
from mlearn.checks.core import CORRECT, INCORRECT, INVALID, UNANSWERED

QUESTIONS = all_questions()
IDS = sorted(QUESTIONS)


def _needs_data(q):
    """Questions whose reference is computed from mlearn.data: skip cleanly if the data layer is absent."""
    try:
        _ = q.expected
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"reference needs mlearn.data: {exc}")


def test_every_module_has_three_to_six_questions():
    assert len(MODULES) == 10
    for module in MODULES:
        qs = questions(module)
        assert 3 <= len(qs) <= 6, module
        assert list(qs) == [f"q{i}" for i in range(1, len(qs) + 1)]


@pytest.mark.parametrize("key", IDS)
def test_reference_answer_passes(key):
    q = QUESTIONS[key]
    _needs_data(q)
    result = q.evaluate(q.reference_answer())
    assert result.status == CORRECT, result
    assert bool(result) and result.message


def _wrong_answers(q):
    """Plausible mistakes, derived from the question type (not from the question's own trap list)."""
    ref = q.reference_answer()
    if isinstance(q, NumberQuestion):
        out = [(ref / 100, "100") if ref else (ref + 1, "")]
        if ref:
            out.append((-ref, "signe"))
            out.append((ref * 1.5 + 1, ""))
        if q.per_sex:
            out.append((ref * 0.48, "sexe"))
        return out
    if isinstance(q, DataFrameQuestion):
        changed = ref.copy()
        col = changed.select_dtypes("number").columns[0]
        changed.loc[changed.index[0], col] = changed[col].iloc[0] * 2 + 1
        return [(changed, col), (ref.iloc[:, :-1], "manquantes"), (ref.head(len(ref) - 1), "ligne")]
    if isinstance(q, SetQuestion):
        items = sorted(q.expected)
        out = [(items[1:] if len(items) > 1 else ["ZZZ"], "manque" if len(items) > 1 else "")]
        bogus = "ZZZ" if isinstance(q, CountrySetQuestion) else "zzz"
        out.append(([*items, bogus], "en trop"))
        return out
    if isinstance(q, MultipleChoiceQuestion):
        wrong = sorted(set(q.choices) - q.expected)
        return [(wrong[0], wrong[0])]
    if isinstance(q, LabelsQuestion):
        answer = dict(ref)
        keys = list(answer)
        flips = len(keys) - (q.min_correct or len(keys)) + 1
        for key in keys[:flips]:
            answer[key] = next(label for label in q.labels if label != answer[key])
        return [(answer, keys[0])]
    raise AssertionError(f"no wrong answers for {type(q)}")


@pytest.mark.parametrize("key", IDS)
def test_plausible_wrong_answers_fail_with_a_message(key):
    q = QUESTIONS[key]
    _needs_data(q)
    for answer, expected_words in _wrong_answers(q):
        result = q.evaluate(answer)
        assert result.status == INCORRECT, (answer, result)
        assert len(result.message) > 20
        assert expected_words.lower() in result.message.lower(), (answer, result.message)


@pytest.mark.parametrize("key", IDS)
def test_bad_input_is_explained_not_raised(key):
    q = QUESTIONS[key]
    _needs_data(q)
    assert q.evaluate(____).status == UNANSWERED
    assert q.evaluate(...).status == UNANSWERED
    for bad in (None, float("nan"), object(), 3 + 4j):
        result = q.evaluate(bad)
        assert result.status in (INVALID, INCORRECT), (bad, result)
        assert result.message and "Traceback" not in result.message
    none = q.evaluate(None)
    assert "None" in none.message and "return" in none.message


def test_number_question_messages():
    q = NumberQuestion("part", 8.05, unit="%", per_sex=True, traps=[(10.76, "première instance seulement")])
    assert q.evaluate(8.05).correct and q.evaluate(np.float64(8.0512)).correct
    assert q.evaluate(8.055).correct and not q.evaluate(8.057).correct  # tolerance 0.006 for 2 decimals
    assert "fraction" in q.evaluate(0.0805).message
    assert "signe" in q.evaluate(-8.05).message
    assert "première instance" in q.evaluate(10.76).message
    assert "NaN" in q.evaluate(float("nan")).message
    assert "NaN" in q.evaluate(np.nan).message
    assert "divisé par zéro" in q.evaluate(math.inf).message
    text = q.evaluate("8,05 %")
    assert text.status == INVALID and "8.05" in text.message
    assert ".item()" in q.evaluate(pd.Series([8.05])).message
    assert "vide" in q.evaluate(pd.Series([], dtype=float)).message
    assert ".sum()" in q.evaluate(pd.Series([1.0, 2.0])).message
    assert "booléen" in q.evaluate(True).message
    assert "liste" in q.evaluate([8.05]).message
    count = NumberQuestion("total", 3_627_829, per_sex=True)
    assert count.evaluate(3_627_829).correct and not count.evaluate(3_627_830).correct
    assert "seul sexe" in count.evaluate(1_903_013).message
    assert "double" in count.evaluate(2 * 3_627_829).message
    assert "facteur mille" in count.evaluate(3_627.829).message
    assert "inversé le rapport" in NumberQuestion("r", 32.66, tol=0.01).evaluate(1 / 32.66).message


def test_country_sets_are_case_and_order_insensitive():
    q = CountrySetQuestion("pays", ["MAR", "TUN", "LBY", "MRT"])
    assert q.evaluate(["mrt", " lby", "Tun", "MAR"]).correct
    assert q.evaluate(pd.Series(["MAR", "TUN", "LBY", "MRT", "MAR"])).correct
    assert q.evaluate({"MAR", "TUN", "LBY", "MRT"}).correct
    wrong = q.evaluate(["MAR", "TUN", "EGY"])
    assert wrong.status == INCORRECT and "EGY" in wrong.message and "manque 2" in wrong.message
    assert "ISO3" in q.evaluate(["Maroc"]).message
    assert "deux lettres" in q.evaluate(["MA", "TN"]).message
    assert "ISO_A3_EH" in q.evaluate(["-99"]).message
    assert "crochets" in q.evaluate("MAR").message
    assert q.evaluate([]).status == INCORRECT


def test_dataframe_question_tolerance_and_order():
    ref = pd.DataFrame({"iso3": ["FRA", "ITA"], "n": [444_223, 117_917], "part": [62.108, 16.486]})
    q = DataFrameQuestion("table", ref, atol=0.01)
    shuffled = ref.iloc[::-1][["part", "iso3", "n"]].set_index("iso3").reset_index()
    assert q.evaluate(shuffled).correct
    assert q.evaluate(ref.assign(n=ref.n.astype(float), part=ref.part + 0.004)).correct
    assert "part" in q.evaluate(ref.assign(part=ref.part / 100)).message
    assert "reset_index" in q.evaluate(ref.set_index("iso3")).message
    assert "Series" in q.evaluate(ref.n).message
    strict = DataFrameQuestion("table", ref, check_column_order=True)
    assert not strict.evaluate(ref[["n", "iso3", "part"]]).correct


def test_multiple_choice_and_labels():
    q = MultipleChoiceQuestion(
        "?", {"a": "un", "b": "deux", "c": "trois"}, {"a", "c"}, explanations={"b": "non"}
    )
    assert q.evaluate(["C", "a"]).correct and q.evaluate("a, c").correct and q.evaluate("a) c)").correct
    assert "non" in q.evaluate(["a", "b"]).message
    assert "incomplète" in q.evaluate("a").message
    assert "choix possibles" in q.evaluate("e").message
    labels = LabelsQuestion(
        "?", {"x": "non_migrant", "y": "migrant_long_terme"}, labels=["non_migrant", "migrant_long_terme"]
    )
    assert labels.evaluate({"x": "Non migrant", "Y": "migrant-long-terme"}).correct
    assert "À revoir : y" in labels.evaluate({"x": "non_migrant", "y": "non_migrant"}).message
    assert "dictionnaire" in labels.evaluate(["non_migrant"]).message


def test_check_hint_solution_display(capsys):
    q = questions("module01")["q1"]
    q.check(____)
    q.check(12.16)
    q._hints_shown = 0
    q.hint()
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert "À compléter" in out and "✓ Correct" in out
    assert "(1/2)" in out and "(2/2)" in out
    assert "Réponse attendue" in out and "12,16" in out
    html = q.evaluate(12.16)._repr_html_()
    assert "mlearn-check-correct" in html and "role='status'" in html
    assert "<pre" in q.solution_note()._repr_html_()


def test_importing_checks_is_cheap():
    import subprocess
    import sys

    code = "import time, sys; t=time.perf_counter(); import mlearn.checks; print(time.perf_counter()-t); print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[1] == "False"  # pandas is only imported to compute a reference or judge a DataFrame


def test_question_texts_follow_the_course_vocabulary():
    """Prompts, choices, hints and solutions use the §2.6 vocabulary (quoting a term to reject it is fine)."""
    import re

    from tests.course.test_notebooks import FORBIDDEN, QUOTED

    for key, q in QUESTIONS.items():
        texts = [q.prompt, q.solution_text, *q.hints]
        texts += list(getattr(q, "choices", {}).values()) + list(getattr(q, "explanations", {}).values())
        texts += list(getattr(q, "items", {}).values()) + [m for _, m in getattr(q, "_traps", [])]
        prose = QUOTED.sub(" ", "\n".join(texts))
        found = [w for w in FORBIDDEN if re.search(rf"\b{w}\b", prose, flags=re.IGNORECASE)]
        assert found == [], f"{key}: {found}"
