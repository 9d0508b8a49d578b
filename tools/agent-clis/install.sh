#!/bin/sh
# Installs the pinned agent CLIs (package.json and package-lock.json beside this script) into the directory given
# as $1, for the tests that drive the real claude and codex. Skips the install when that directory already holds
# this exact lock, so a repeated build does not fetch some 800 MB again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest=$1
stamp="$dest/installed-package-lock.json"
if cmp -s "$here/package-lock.json" "$stamp"; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "agent CLIs: npm is needed to install the pinned claude and codex CLIs for the tests;" \
         "install Node.js with npm, or build with -DskipAgentClis (their tests are then skipped)" >&2
    exit 1
fi
mkdir -p "$dest"
rm -f "$stamp"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
cd "$dest"
npm ci --no-audit --no-fund --loglevel=error </dev/null
# Written last: it marks a finished install for the check above.
cp "$here/package-lock.json" "$stamp"
