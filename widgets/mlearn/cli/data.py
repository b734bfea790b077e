"""``mlearn data build|check``: rebuild ``data/`` from the raw sources, or verify it against its package."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "data",
        help="construire ou vérifier les jeux de données / build or check the datasets",
        description="Jeux de données du kit (data/) : construction depuis les sources brutes et vérification.",
    )
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION")
    b = sub.add_parser(
        "build",
        help="reconstruire data/ depuis les sources brutes / rebuild data/ from the raw sources",
        description="Lit les sources brutes, les nettoie et les valide, puis remplace data/ d'un coup "
        "(rien n'est modifié en cas d'erreur).",
    )
    b.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="dossier des sources brutes (défaut : $MLEARN_RAW ou ../shared/data-raw)",
    )
    b.add_argument(
        "--out", type=Path, default=None, help="dossier de sortie (défaut : data/ ou $MLEARN_DATA_DIR)"
    )
    b.add_argument("--no-geo", action="store_true", help="ne pas construire les fichiers géographiques")
    b.set_defaults(func=_build)
    c = sub.add_parser(
        "check",
        help="vérifier sommes de contrôle et schémas / verify checksums and schemas",
        description="Vérifie chaque fichier de data/ contre datapackage.json (sha256) et son schéma.",
    )
    c.add_argument("--data", type=Path, default=None, help="dossier des données (défaut : data/)")
    c.set_defaults(func=_check)
    parser.set_defaults(func=lambda args: parser.print_help() or 0)


def _build(args) -> int:
    from mlearn.data.build import build

    build(args.raw, args.out, with_geo=not args.no_geo)
    return 0


def _check(args) -> int:
    from mlearn.data import check

    print(check(args.data))
    return 0
