"""``mlearn grade ASSIGNMENT [--course-dir DIR] [--jobs N] [--timeout SECONDS]``: autograde a batch.

Grades every ``DIR/submitted/<student>/ASSIGNMENT/`` into ``DIR/autograded/`` and the nbgrader
gradebook (as ``nbgrader autograde`` does), prints a summary table, writes a CSV and exits 0
only when every submission was graded; each problem submission gets one line
``<student> : error — <reason>``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def register(subparsers) -> None:
    sub = subparsers.add_parser(
        "grade",
        help="corriger automatiquement un devoir nbgrader / autograde an nbgrader assignment",
        description=(
            "Corrige toutes les copies DIR/submitted/<étudiant>/DEVOIR/ dans autograded/ et le carnet de notes "
            "nbgrader, en parallèle et à l'abri des copies piégées. / Autograde every submission in parallel."
        ),
    )
    sub.add_argument("assignment", metavar="DEVOIR", help="identifiant du devoir / assignment id")
    sub.add_argument(
        "--course-dir",
        default=".",
        help="dossier de cours nbgrader (défaut : dossier courant) / course directory",
    )
    sub.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="corrections en parallèle (défaut : nombre de cœurs) / parallel jobs",
    )
    sub.add_argument(
        "--timeout",
        type=int,
        default=None,
        help="limite par cellule, en secondes (défaut : Execute.timeout du cours, sinon 30) / per-cell timeout",
    )
    sub.add_argument(
        "--notebook-timeout",
        type=float,
        default=None,
        help="limite par carnet, en secondes (défaut : 10 × --timeout, au moins 60) / per-notebook limit",
    )
    sub.add_argument(
        "--memory",
        type=int,
        default=None,
        help="mémoire (espace d'adressage) max par noyau, en Mio (défaut 3072) / memory per kernel, MiB",
    )
    sub.add_argument(
        "--csv", default=None, help="fichier CSV des notes (défaut : autograded/DEVOIR-grades.csv)"
    )
    sub.add_argument(
        "--force", action="store_true", help="recorriger les copies déjà corrigées / regrade all"
    )
    sub.add_argument("--quiet", action="store_true", help="sans barre de progression / no progress bar")
    sub.set_defaults(func=handle)


def _fmt(value) -> str:
    if value is None:
        return "—"
    from mlearn.fmt import fr_num

    return fr_num(value, 1) if value != int(value) else fr_num(value, 0)


def summary_table(results) -> str:
    rows = [("Étudiant", "Note", "Max", "Temps (s)", "Problèmes")]
    for r in results:
        score = "error" if r.status == "error" else _fmt(r.score)
        rows.append(
            (r.student, score, _fmt(r.max_score), f"{r.seconds:.1f}".replace(".", ","), "; ".join(r.problems))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
        ]
        lines.append("  ".join(cells) + ("  " + row[4] if row[4] else ""))
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def handle(args) -> int:
    from mlearn.grading import grade
    from mlearn.grading.engine import write_csv

    course = Path(args.course_dir).resolve()
    results = grade(
        args.assignment,
        course,
        jobs=args.jobs,
        timeout=args.timeout,
        notebook_timeout=args.notebook_timeout,
        memory_mb=args.memory,
        force=args.force,
        progress=not args.quiet,
    )
    print(summary_table(results))
    csv_path = Path(args.csv) if args.csv else course / "autograded" / f"{args.assignment}-grades.csv"
    write_csv(results, csv_path)
    graded = sum(r.status == "graded" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    errors = [r for r in results if r.status == "error"]
    print(
        f"\n{graded} copie(s) corrigée(s), {skipped} déjà corrigée(s), {len(errors)} en erreur — CSV : "
        f"{os.path.relpath(csv_path)} / {graded} graded, {skipped} skipped, {len(errors)} error(s)"
    )
    if errors:
        print("\nCopies à vérifier / submissions needing attention:", file=sys.stderr)
        for r in errors:
            print(f"{r.student} : error — {'; '.join(r.problems) or 'erreur inconnue'}", file=sys.stderr)
        return 1
    return 0
