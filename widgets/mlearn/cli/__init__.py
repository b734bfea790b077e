"""The ``mlearn`` command: one thin argparse front door, one module per subcommand.

Each ``mlearn.cli.<name>`` module exposes ``register(subparsers)`` and imports its heavy libraries only
inside the handler, so ``mlearn --help`` stays fast. Errors are one clear line (French / English);
``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from mlearn import __version__
from mlearn.errors import MlearnError

# Order shown in ``mlearn --help``. A module listed here that is not present yet is skipped.
COMMAND_MODULES = ("lab", "doctor", "data", "grade", "dashboards", "manual", "classroom")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlearn",
        description=(
            "Kit de cours M-LEARN : données migratoires en Afrique du Nord. "
            "/ M-LEARN course kit: migration data for North Africa."
        ),
    )
    parser.add_argument("--version", action="version", version=f"mlearn-kit {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="afficher la trace complète des erreurs / show tracebacks"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMAND_MODULES:
        try:
            module = import_module(f"mlearn.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"mlearn.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        result = args.func(args)
    except MlearnError as exc:
        if args.debug:
            raise
        print(f"Erreur : {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu / interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if args.debug:
            raise
        print(
            f"Erreur inattendue : {type(exc).__name__}: {exc} / unexpected error "
            "(relancez avec --debug pour la trace / rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
