"""``mlearn manual build``: the course manual as an offline HTML site and a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "manual",
        help="construire le manuel du cours (HTML hors ligne + PDF) / build the course manual",
        description="Manuel du cours : site HTML hors ligne et PDF, à partir des carnets exécutés.",
    )
    sub = parser.add_subparsers(dest="manual_command", metavar="ACTION")
    build = sub.add_parser(
        "build",
        help="exécuter les carnets du cours et produire le site et le PDF / execute notebooks, write site and PDF",
    )
    build.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : manual-build/)")
    build.add_argument(
        "--pdf",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="imprimer aussi le PDF avec Chromium (défaut : oui) / also print the PDF",
    )
    build.add_argument("--workers", type=int, default=2, help="carnets exécutés en parallèle (défaut : 2)")
    build.set_defaults(func=_build)
    parser.set_defaults(func=lambda args: parser.print_help())


def _build(args) -> int:
    from mlearn.manual.build import build_manual

    print("Exécution des carnets du cours et construction du manuel…")
    result = build_manual(args.out, pdf=args.pdf, workers=max(1, args.workers))
    print(f"Manuel : {result.out / 'index.html'} ({len(result.pages)} pages)")
    if result.pdf:
        print(f"PDF : {result.pdf} ({result.pdf.stat().st_size // 1024} Kio)")
    print(
        f"Durée : {result.seconds:.0f} s (dont exécution des carnets : {result.execution_seconds:.0f} s cumulées)"
    )
    return 0
