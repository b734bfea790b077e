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
    ls = sub.add_parser("list", help="lister les jeux de données / list the datasets")
    ls.set_defaults(func=_list)
    d = sub.add_parser(
        "describe",
        help="source, licence, citation et mises en garde d'un jeu / a dataset's metadata",
    )
    d.add_argument("name", help="nom du jeu de données (voir « mlearn data list »)")
    d.set_defaults(func=_describe)
    parser.set_defaults(func=lambda args: parser.print_help() or 0)


def _build(args) -> int:
    from mlearn.data.build import build

    build(args.raw, args.out, with_geo=not args.no_geo)
    return 0


def _check(args) -> int:
    from mlearn.data import check

    print(check(args.data))
    return 0


def _list(args) -> int:
    from mlearn.data import describe, names
    from mlearn.fmt import fr_int

    for name in names("all"):
        info = describe(name)
        rows = f"{fr_int(info['rows']):>9} lignes" if info.get("rows") is not None else " " * 16
        print(f"{name:<28} {rows}  {info['title_fr']}")
    return 0


def _describe(args) -> int:
    from mlearn.data import describe, source_line

    info = describe(args.name)
    print(info["title_fr"])
    print(info["description_fr"])
    print(
        f"Producteur : {info['producer']} — {info['dataset']} ({info['edition']}), {info['reference_date_fr']}"
    )
    print(f"Licence : {info['licence']}")
    print(f"Citation : {info['citation_fr']}")
    print("Ligne de source : " + source_line(args.name).replace("<br>", " / "))
    if info["caveats_fr"]:
        print("Mises en garde :")
        for caveat in info["caveats_fr"]:
            print(f"  - {caveat}")
    if info["fields"]:
        print("Colonnes :")
        for field in info["fields"]:
            unit = f" [{field['unit']}]" if field.get("unit") else ""
            print(f"  {field['name']:<28} {field['type']:<8}{unit} {field['description_fr']}")
    return 0
