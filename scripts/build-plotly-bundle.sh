#!/usr/bin/env bash
# Builds assets/plotly-map.min.js (+ .css): plotly.js core with only the choroplethmap trace,
# and assets/maplibre-gl.js: MapLibre GL JS 5, copied unmodified, which that trace draws with
# (see scripts/plotly-bundle/maplibre-shim.js for why not plotly.js's MapLibre 6),
# and assets/regenerator-runtime.js, unmodified: the one part of Babel's 99 KB polyfill (which
# dashboard/app.py drops from the page) that Dash's components need.
# Dash's dcc.Graph uses window.Plotly when it is already defined, so this replaces the 4.8 MB
# plotly.min.js that plotly.py ships; Dash loads assets in name order, MapLibre first. Versions
# are pinned in scripts/plotly-bundle/package.json and package-lock.json; the plotly.js version
# must equal plotly.py's (tests/test_plotly_bundle.py checks it). Needs node and npm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$root/scripts/plotly-bundle"
out="$root/assets/plotly-map.min"

cd "$pkg"
npm ci --no-audit --no-fund
version="$(node -p "require('plotly.js/package.json').version")"

python="$root/.venv/bin/python"
if [ -x "$python" ]; then
  wanted="$("$python" -c 'import plotly.offline as o; print(o.get_plotlyjs_version())')"
  if [ "$version" != "$wanted" ]; then
    echo "build-plotly-bundle: plotly.js $version pinned, but plotly.py ships $wanted;" \
      "set that version in $pkg/package.json, run 'npm install' there, then rebuild." >&2
    exit 1
  fi
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The MapLibre CSS that plotly.js imports comes out as a separate .css file, which Dash serves
# from assets/ like the .js.
node build.mjs "$tmp/bundle.js"

header="/*! plotly.js v$version partial bundle: core + choroplethmap (MapLibre GL).
 * plotly.js (c) Plotly, Inc., MIT licence; MapLibre GL JS CSS, BSD-3-Clause; other bundled
 * licences are listed at the end of plotly-map.min.js. Generated file, do not edit.
 * Rebuild: bash scripts/build-plotly-bundle.sh (pins: scripts/plotly-bundle/package.json). */"
{ printf '%s\n' "$header"; cat "$tmp/bundle.js"; } >"$out.js"
{ printf '%s\n' "$header"; cat "$tmp/bundle.css"; } >"$out.css"
cp node_modules/maplibre-gl-5/dist/maplibre-gl.js "$root/assets/maplibre-gl.js"
runtime="$(node -p "require('regenerator-runtime/package.json').version")"
{
  printf '/*! regenerator-runtime v%s, MIT licence (c) Facebook, Inc.; unmodified below.\n' "$runtime"
  printf ' * Rebuild: bash scripts/build-plotly-bundle.sh */\n'
  cat node_modules/regenerator-runtime/runtime.js
} >"$root/assets/regenerator-runtime.js"
wc -c "$out.js" "$out.css" "$root/assets/maplibre-gl.js" "$root/assets/regenerator-runtime.js"
