#!/usr/bin/env bash
# Regenerate release/ (student versions) from source/ with nbgrader, for every assignment or the ones named.
#   scripts/release-assignments.sh                 # all assignments in source/
#   scripts/release-assignments.sh a01_pourquoi_les_donnees
# Uses nbgrader_config.py at the repository root; writes nothing to the gradebook (--no-db).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cd "${MLEARN_BIN:-.venv/bin}" && pwd)
export PATH="$bin:$PATH"  # nbgrader calls alembic from the venv
if [ "$#" -gt 0 ]; then names=("$@"); else
    names=(); for d in source/*/; do names+=("$(basename "$d")"); done
fi
for name in "${names[@]}"; do
    echo "== $name"
    "$bin/nbgrader" generate_assignment "$name" --force --no-db --log-level=WARN
done
