#!/usr/bin/env bash
# Build the design system: GOV.UK Frontend compiled with the Arial font stack.
#
# Writes ../static/govuk/ (committed, so deployments need no Node):
#   govuk-frontend.min.css      compiled from src/application.scss
#   govuk-frontend.min.js(.map) the package's ES module bundle
#   assets/                     images and manifest (not fonts: no GDS Transport)
#   VERSION                     the govuk-frontend version built from
#
# Usage: frontend/build.sh   (from any directory)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$root/static/govuk"
pkg="$here/node_modules/govuk-frontend"
dist="$pkg/dist/govuk"

cd "$here"
npm ci --no-audit --no-fund

version="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"

rm -rf "$out"
mkdir -p "$out/assets"

./node_modules/.bin/sass \
  --no-source-map \
  --style=compressed \
  --load-path=node_modules \
  src/application.scss "$out/govuk-frontend.min.css"

cp "$dist/govuk-frontend.min.js" "$out/govuk-frontend.min.js"
# The bundle ends with a sourceMappingURL comment; Django's manifest storage
# (collectstatic in production) needs the map file to exist.
cp "$dist/govuk-frontend.min.js.map" "$out/govuk-frontend.min.js.map"

for entry in "$dist/assets/"*; do
  name="$(basename "$entry")"
  if [ "$name" = "fonts" ]; then
    continue
  fi
  cp -R "$entry" "$out/assets/$name"
done

printf '%s\n' "$version" > "$out/VERSION"

# GDS Transport is licensed for GOV.UK only: the CSS must not use it.
if grep -qiE 'GDS Transport|/fonts/|\.woff2?' "$out/govuk-frontend.min.css"; then
  echo "build.sh: compiled CSS references GDS Transport or the fonts folder" >&2
  grep -oiE '.{0,60}(GDS Transport|/fonts/|\.woff2?).{0,60}' "$out/govuk-frontend.min.css" >&2 || true
  exit 1
fi
if [ -e "$out/assets/fonts" ]; then
  echo "build.sh: assets/fonts was copied" >&2
  exit 1
fi

echo "Built govuk-frontend $version into ${out#"$root"/}/"
