"""``mlearn dashboards``: serve the Voilà dashboards (``serve``) or write their static offline site (``export``)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_EXPORT_DIR = "dashboards-static"


def _serve(args) -> int:
    from mlearn.dashboards.server import serve

    return serve(
        port=args.port,
        host=args.ip,
        root=Path(args.root) if args.root else None,
        public_url=args.public_url,
        pool=args.pool,
    )


def _export(args) -> int:
    from mlearn.dashboards.static import export_site

    out = Path(args.out)
    report = export_site(out, only=args.only)
    for page in report["pages"]:
        for entry in (page, page.get("en")):
            if entry:
                print(f"  {entry['file']:<32} {entry['bytes'] / 1e6:5.2f} Mo  {entry['title']}")
        if page.get("en", {}).get("untranslated"):
            print(
                f"    (page anglaise : {page['en']['untranslated']} cellule(s) Markdown sans texte anglais)"
            )
    print(f"Site statique écrit dans {out.resolve()} ({len(report['pages'])} tableaux de bord).")
    print(
        f"Ouvrez {(out / 'index.html').resolve().as_uri()} ou publiez le dossier sur n'importe quel hébergeur."
    )
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "dashboards",
        help="tableaux de bord publics : serveur Voilà ou site statique / public dashboards (Voilà or static site)",
    )
    actions = p.add_subparsers(dest="dashboards_command", metavar="ACTION")

    s = actions.add_parser(
        "serve",
        help="servir course/dashboards/ avec Voilà (noyaux préchauffés) / serve the dashboards with Voilà",
    )
    s.add_argument(
        "--port", type=int, default=9600, help="port souhaité (le suivant libre sinon) / port (next free)"
    )
    s.add_argument("--ip", default="127.0.0.1", help="adresse d'écoute (défaut 127.0.0.1) / listen address")
    s.add_argument(
        "--public-url",
        default=None,
        help="adresse publique du serveur si --ip 0.0.0.0 (ex. http://serveur:9600/) / public URL of the server",
    )
    s.add_argument(
        "--pool",
        type=int,
        default=None,
        metavar="N",
        help="noyaux préchauffés par tableau de bord (défaut 2 ; ≈ 250 Mo chacun) / preheated kernels per dashboard",
    )
    s.add_argument("--root", default=None, help=argparse_suppress())
    s.set_defaults(func=_serve)

    e = actions.add_parser(
        "export", help="écrire le site statique hors ligne (sans noyau) / write the offline static site"
    )
    e.add_argument(
        "--out",
        default=DEFAULT_EXPORT_DIR,
        help=f"dossier de sortie (défaut {DEFAULT_EXPORT_DIR}/) / output folder",
    )
    e.add_argument(
        "--only", nargs="*", default=None, help="seulement ces tableaux de bord (noms de notebooks)"
    )
    e.set_defaults(func=_export)

    p.set_defaults(func=lambda args: p.print_help() or 0)


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
