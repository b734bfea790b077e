#!/usr/bin/env bash
# Build the dashboards' browser files from js/ (npm registry: plotly.js and esbuild, versions locked by
# js/package-lock.json) into widgets/mlearn/dashboards/assets/build/:
#   figure-widget.js      the FigureWidget front end served by `mlearn dashboards serve` (≈1.4 Mo instead of 5 Mo)
#   plotly-mlearn.min.js  the same partial plotly.js for the static pages of `mlearn dashboards export`
# Without node/npm the dashboards still work with plotly's complete bundle (slower first view); with CI=true
# a failed build is an error.
set -uo pipefail
cd "$(dirname "$0")/.."

fail() {
    if [ "${CI:-}" = "true" ]; then
        echo "Erreur : $1 (CI=true : le module léger des tableaux de bord est requis)." >&2
        exit 1
    fi
    echo "Attention : $1 ; les tableaux de bord utiliseront le module complet de plotly (premier affichage plus lent)." >&2
    echo "Warning: $2; dashboards fall back to plotly's complete bundle." >&2
    exit 0
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || fail "node/npm introuvables (sudo apt-get install nodejs npm)" "node/npm not found"
node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' \
    || fail "node $(node --version) trop ancien (18 ou plus requis)" "node >= 18 required"

echo "Construction du module des graphiques (plotly.js partiel) dans widgets/mlearn/dashboards/assets/build/…"
(cd js && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) \
    || fail "npm ci a échoué dans js/" "npm ci failed in js/"
(cd js && node build.mjs) || fail "la construction (js/build.mjs) a échoué" "js/build.mjs failed"
exit 0
