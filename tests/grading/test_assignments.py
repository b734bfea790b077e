"""The nbgrader problem sets: the source gets full marks, the release gets zero without unexpected errors,
the release leaks no solution and no hidden test, ``release/`` is what nbgrader generates from ``source/``,
and the students' « Vérifier mes réponses » cell reports the visible tests only.

Everything runs the real ``nbgrader`` (generate_assignment, autograde) in a temporary course directory made
of the project's ``nbgrader_config.py`` and ``source/``. Each notebook is executed twice by nbgrader (the
solution and the blank release), plus one student copy by nbclient for the self-check.
"""

from __future__ import annotations

import os
import re

import nbformat
import pytest

from tests.grading.assignments_course import (
    ASSIGNMENTS,
    RELEASE,
    SOURCE,
    cell_errors,
    comparable,
    course_env,
    fill_answers,
    is_answer,
    is_manual,
    is_test,
    load_json,
    make_course,
    nbmeta,
    notebook_path,
    points,
    run,
    secret_lines,
    write_notebook,
)

EXPECTED = [
    "a01_pourquoi_les_donnees",
    "a02_concepts",
    "a04_corridors",
    "a06_refugies_asile",
    "a08_envois_de_fonds",
]
# Curriculum §2.6: words that never describe people in the course (checked in every source notebook).
BANNED = [r"clandestin", r"ill[ée]gaux?\b", r"ill[ée]gale", r"\bvagues?\b", r"afflux massif", r"invasion",
          r"\bflots?\b", r"les subsahariens"]  # fmt: skip


def _source(name):
    return nbformat.read(str(notebook_path(SOURCE, name)), as_version=4)


def _release(name):
    return nbformat.read(str(notebook_path(RELEASE, name)), as_version=4)


# ------------------------------------------------------------------------------------------- static checks
def test_the_five_problem_sets_exist_in_source_and_release():
    assert set(EXPECTED) <= set(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        assert notebook_path(RELEASE, name).is_file(), (
            f"release/{name} manquant : scripts/release-assignments.sh"
        )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_structure_answers_visible_and_hidden_tests_partial_credit_manual_question(name):
    nb = _source(name)
    answers = [c for c in nb.cells if is_answer(c)]
    tests = [c for c in nb.cells if is_test(c)]
    manual = [c for c in nb.cells if is_manual(c)]
    assert len(answers) >= 3
    assert all("### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in answers)
    hidden = [c for c in tests if "### BEGIN HIDDEN TESTS" in c.source]
    visible = [c for c in tests if "### BEGIN HIDDEN TESTS" not in c.source]
    assert len(hidden) >= 3 and len(visible) >= 3, "tests visibles et cachés pour chaque question"
    assert len(tests) >= 6 and all(float(nbmeta(c)["points"]) > 0 for c in tests), "crédit partiel"
    # exactly one written interpretation question, a markdown answer graded by hand
    assert len(manual) == 1 and manual[0].cell_type == "markdown" and float(nbmeta(manual[0])["points"]) > 0
    # every test cell is locked, every answer cell is not; grade ids are unique
    assert all(nbmeta(c)["locked"] for c in tests) and not any(nbmeta(c)["locked"] for c in answers)
    ids = [nbmeta(c)["grade_id"] for c in nb.cells]
    assert len(ids) == len(set(ids))
    # visible tests print the student's feedback line
    assert all(re.search(r'print\("✓ Test [0-9.a-z]+ réussi \(\d+ points?\)"\)', c.source) for c in visible)
    # data come through mlearn.data only
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "from mlearn.data import load" in code
    assert not re.search(r"read_(csv|parquet|excel)|open\(", code.replace("read_text", ""))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_announced_points_match_the_cells(name):
    nb = _source(name)
    intro = nb.cells[0].source
    m = re.search(r"Barème\s:\s(\d+)\spoints\snotés\sautomatiquement,\s(\d+)\spoints", intro)
    assert m, "l'introduction annonce le barème"
    assert float(m.group(1)) == points(nb, is_test)
    assert float(m.group(2)) == points(nb, is_manual)
    for cell in nb.cells:  # « Question n (k points) » equals the points of the tests that follow it
        q = (
            re.match(r"## Question \d+ \((\d+) points\)", cell.source)
            if cell.cell_type == "markdown"
            else None
        )
        if q:
            following = nb.cells[nb.cells.index(cell) + 1 :]
            total = 0.0
            for c in following:
                if c.cell_type == "markdown" and c.source.startswith("## "):
                    break
                total += float(nbmeta(c).get("points", 0) or 0) if is_test(c) else 0
            assert total == float(q.group(1)), cell.source.splitlines()[0]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_french_text_uses_the_course_vocabulary(name):
    text = "\n".join(c.source for c in _source(name).cells).lower()
    for pattern in BANNED:
        assert not re.search(pattern, text), f"{name} : terme à éviter (§2.6) : {pattern}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_has_no_outputs_no_solution_and_no_hidden_test(name):
    raw = notebook_path(RELEASE, name).read_text(encoding="utf-8")
    release = load_json(notebook_path(RELEASE, name))
    for cell in release["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    release_text = "\n".join("".join(c["source"]) for c in release["cells"])
    release_lines = {line.strip() for line in release_text.splitlines()}
    assert "BEGIN SOLUTION" not in raw and "HIDDEN TESTS" not in raw
    secrets = secret_lines(_source(name))
    assert len(secrets) >= 8, "the check must have something to look for"
    leaked = [line for line in secrets if line in release_lines or (len(line) >= 40 and line in release_text)]
    assert not leaked, f"release/{name} contient du texte réservé à l'enseignant·e : {leaked[:3]}"
    stubs = [c for c in release["cells"] if nbmeta(c).get("solution") and c["cell_type"] == "code"]
    assert stubs and all(
        "# VOTRE CODE ICI\nraise NotImplementedError()" in "".join(c["source"]) for c in stubs
    )


# ------------------------------------------------------------------------------------------- nbgrader runs
SOLUTION, BLANK, CHEAT = "solution", "vide", "tricheur"
CHEATED = "a01_pourquoi_les_donnees"
# Answers that "equal everything": subclasses of int / float / set whose comparisons always succeed, plus
# shadowed built-ins that the hidden tests might have relied on. They pass the visible (form) tests and
# must fail every hidden test, even under plain nbgrader (no tamper guard).
CHEAT_CODE = """
class ToujoursEgal(int):
    __eq__ = __le__ = __ge__ = __lt__ = __gt__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = int.__hash__

class ToujoursProche(float):
    __eq__ = __le__ = __ge__ = __lt__ = __gt__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = float.__hash__

class EnsembleEgal(set):
    __eq__ = lambda self, other: True
    __hash__ = None

type = lambda x: int
sorted = lambda x: ["B", "D", "E"]
immigres_TUN_2024 = ToujoursEgal(1)
part_immigres_MAR_2024 = ToujoursProche(1.0)
ratio_emig_imm_MAR_2024 = ToujoursProche(2.0)
affirmations_non_soutenues = EnsembleEgal({"A"})
"""


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """Generate every assignment from source/ with nbgrader, submit the source (as student ``solution``),
    the blank release (as student ``vide``) and, for one assignment, a cheating copy (``tricheur``);
    autograde everything once with plain ``nbgrader autograde``."""
    course, exchange = make_course(tmp_path_factory.mktemp("assignments"))
    env = course_env(course, exchange)
    run(["nbgrader", "generate_assignment", "*", "--force"], course, env)
    for name in ASSIGNMENTS:
        write_notebook(_source(name), course / "submitted" / SOLUTION / name / f"{name}.ipynb")
        released = nbformat.read(str(notebook_path(course / "release", name)), as_version=4)
        write_notebook(released, course / "submitted" / BLANK / name / f"{name}.ipynb")
        if name == CHEATED:
            answers = {nbmeta(c)["grade_id"]: "" for c in released.cells if is_answer(c)}
            answers["q1_reponse"] = CHEAT_CODE
            cheat = fill_answers(released, _source(name), wrong=answers, written="...")
            write_notebook(cheat, course / "submitted" / CHEAT / name / f"{name}.ipynb")
    run(["nbgrader", "autograde", "*", "--force"], course, env, timeout=600)
    return course


def _gradebook_scores(course, name, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "mlearn") as gb:
        sub = gb.find_submission(name, student)
        grades = {
            g.name: (g.auto_score, g.max_score)
            for g in gb.find_submission_notebook(name, name, student).grades
        }
        return sub.code_score, sub.max_code_score, grades


@pytest.mark.slow
def test_release_is_in_sync_with_source(graded_course):
    for name in ASSIGNMENTS:
        fresh = comparable(load_json(notebook_path(graded_course / "release", name)))
        committed = comparable(load_json(notebook_path(RELEASE, name)))
        assert fresh == committed, (
            f"release/{name} n'est pas à jour : lancez scripts/release-assignments.sh {name}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_gets_full_marks(graded_course, name):
    score, max_score, grades = _gradebook_scores(graded_course, name, SOLUTION)
    assert max_score == points(_source(name), is_test) > 0
    failed = {k: v for k, v in grades.items() if v[0] is not None and v[0] != v[1]}
    assert score == max_score, f"{name}: tests échoués avec la solution : {failed}"
    executed = nbformat.read(str(notebook_path(graded_course / "autograded" / SOLUTION, name)), as_version=4)
    assert cell_errors(executed) == []
    # the hidden tests really ran (their success line is in the autograded output)
    outputs = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert outputs.count("(caché) réussi") == sum("HIDDEN TESTS" in c.source for c in _source(name).cells)


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_gets_zero_without_unexpected_errors(graded_course, name):
    score, max_score, _ = _gradebook_scores(graded_course, name, BLANK)
    assert max_score > 0 and score == 0
    executed = nbformat.read(str(notebook_path(graded_course / "autograded" / BLANK, name)), as_version=4)
    kinds = {nbmeta(c)["grade_id"]: c for c in executed.cells}
    errors = cell_errors(executed)
    assert errors, "les cellules de réponse vides lèvent NotImplementedError"
    for grade_id, ename in errors:
        cell = kinds[grade_id]
        if is_answer(cell):
            assert ename == "NotImplementedError", (grade_id, ename)
        else:
            assert is_test(cell) and ename == "AssertionError", (grade_id, ename)
    answered = {gid for gid, e in errors if e == "NotImplementedError"}
    assert answered == {nbmeta(c)["grade_id"] for c in executed.cells if is_answer(c)}


@pytest.mark.slow
def test_always_equal_objects_and_shadowed_builtins_earn_only_the_visible_points(graded_course):
    score, max_score, grades = _gradebook_scores(graded_course, CHEATED, CHEAT)
    source = _source(CHEATED)
    visible = {nbmeta(c)["grade_id"] for c in source.cells if is_test(c) and "HIDDEN TESTS" not in c.source}
    hidden = {nbmeta(c)["grade_id"] for c in source.cells if is_test(c) and "HIDDEN TESTS" in c.source}
    assert all(grades[g][0] == grades[g][1] for g in visible), "the cheat is well-formed: visible tests pass"
    assert all(grades[g][0] == 0 for g in hidden), {g: grades[g] for g in hidden}
    assert score == sum(grades[g][1] for g in visible) < max_score


# ------------------------------------------------------------------------------------------- self-check
@pytest.mark.slow
def test_verifier_mes_reponses_reports_visible_tests_only(tmp_path):
    """A student's copy with one right and one wrong answer: the helper cell lists ✓ / ✗ for the visible
    tests with their points and the provisional score, and never runs or shows a hidden test."""
    from nbclient import NotebookClient

    name = "a01_pourquoi_les_donnees"
    source, release = _source(name), _release(name)
    student = fill_answers(
        release,
        source,
        correct={"q1_reponse", "q3_reponse"},
        wrong={"q2_reponse": "part_immigres_MAR_2024 = 0.0029  # une proportion, pas un pourcentage"},
    )
    path = write_notebook(student, tmp_path / name / f"{name}.ipynb")
    # Run the cells in order but let failing test cells go on, as a student clicking each cell would.
    client = NotebookClient(
        student, timeout=120, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env={**os.environ, "JPY_SESSION_NAME": str(path)})
    report = "".join(o.get("text", "") for o in student.cells[-1].outputs if o.get("output_type") == "stream")
    visible = [c for c in release.cells if is_test(c) and "assert" in c.source]
    assert "✓ Test 1.a : 1 / 1" in report and "✓ Test 3.a : 1 / 1" in report
    assert "✗ Test 2.a : 0 / 1" in report and "Exprimez la part en %" in report
    assert "✗ Test 4.a : 0 / 1" in report  # not answered
    expected_visible = sum(float(nbmeta(c)["points"]) for c in visible)
    assert f"Score provisoire sur les tests visibles : 2 / {expected_visible:g} points." in report
    hidden_points = points(release, is_test) - expected_visible
    assert f"{hidden_points:g} points de tests cachés" in report
    assert "caché" not in report.split("À la correction")[0], "aucun test caché n'est montré ni exécuté"
    for line in secret_lines(source):
        assert line not in report


@pytest.mark.slow
def test_validate_button_passes_a_correct_copy_and_flags_a_wrong_one(tmp_path):
    """What the student's « Validate » button runs (``nbgrader validate``): success for a copy whose answers
    are right, the failing visible test named for a copy with one wrong answer."""
    name = "a01_pourquoi_les_donnees"
    source, release = _source(name), _release(name)
    answers = {nbmeta(c)["grade_id"] for c in source.cells if is_answer(c)}
    written = "Environ 0,3 % de la population du Maroc (UN DESA, mi-2024)."
    good = write_notebook(
        fill_answers(release, source, correct=answers, written=written), tmp_path / "bon" / f"{name}.ipynb"
    )
    bad = write_notebook(
        fill_answers(
            release,
            source,
            correct=answers - {"q2_reponse"},
            wrong={"q2_reponse": "part_immigres_MAR_2024 = 0.0029"},
            written=written,
        ),
        tmp_path / "faux" / f"{name}.ipynb",
    )
    env = course_env(tmp_path, tmp_path / "exchange")
    # one nbgrader process for both copies; it reports them in order
    out = run(["nbgrader", "validate", str(good), str(bad)], tmp_path, env, check=False).stdout
    first, _, second = out.partition("VALIDATION FAILED ON 1 CELL(S)")
    assert first.strip() == "Success! Your notebook passes all the tests."
    assert second and "Exprimez la part en %" in second and "Success" not in second
