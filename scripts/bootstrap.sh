#!/usr/bin/env bash
# Create .venv with Python >= 3.11 and install the kit (editable) with the pinned constraints.
# Usage: scripts/bootstrap.sh runtime|test
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-runtime}

find_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ]; then
    if ! py=$(find_python); then
        echo "Erreur : Python 3.11 ou plus récent est requis. Installez-le : sudo apt-get install python3 python3-venv (Debian 12+/Ubuntu 24.04+)." >&2
        echo "Error: Python >= 3.11 is required. Install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv)." >&2
        exit 1
    fi
    echo "Création de l'environnement .venv avec $py ($("$py" --version))"
    if ! "$py" -m venv .venv; then
        echo "Erreur : impossible de créer .venv. Installez le module venv : sudo apt-get install python3-venv" >&2
        exit 1
    fi
    .venv/bin/python -m pip install --quiet --upgrade pip
fi

extra=""
[ "$what" = "test" ] && extra="[test]"
echo "Installation de mlearn-kit$extra (versions épinglées : requirements/constraints.txt)…"
.venv/bin/python -m pip install --quiet -c requirements/constraints.txt -e ".$extra"
