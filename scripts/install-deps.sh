#!/bin/sh
# install-deps.sh — install the Debian packages jalon needs to build, run and test.
#
# Idempotent and quick when everything is there: it asks dpkg first and runs
# apt-get (update, then install) only for what is missing. Needs root for that.
set -eu

packages="
build-essential meson ninja-build pkg-config gettext
libsqlite3-dev libjansson-dev libunistring-dev libmicrohttpd-dev
libcmocka-dev valgrind clang libclang-rt-14-dev
sqlite3 python3 python3-jsonschema jq curl openapi-specification
libcairo2-dev libpango1.0-dev fonts-dejavu-core libxlsxwriter-dev libcmark-dev
libical-dev poppler-utils python3-openpyxl
libsodium-dev wrk nginx-light
"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

# The browser tests drive Debian's Chromium (tests/web): checked by its path, as
# the tests look for it there.
if [ ! -x /usr/bin/chromium ]; then
	missing="$missing chromium"
fi
# Their npm packages come through npm: Debian's only when there is no npm command
# at all (a node from elsewhere brings its own, which Debian's would clash with).
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

# The HTTP API tests run on Node (tests/web/api.test.mjs). Checked by command, not by
# package: a node from elsewhere (NodeSource) is fine, and installing Debian's nodejs
# next to it would clash with the npm it bundles.
if ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs"
fi

if [ -n "$missing" ]; then
	echo "jalon: installing missing packages:$missing"
	if [ "$(id -u)" -ne 0 ]; then
		SUDO=sudo
	else
		SUDO=
	fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The browser tests' npm packages (playwright-core, axe-core), at the versions of
# tests/web/package-lock.json: installed when absent or older than the lock file.
web="$(cd "$(dirname "$0")/.." && pwd)/tests/web"
if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules" ]; then
	if command -v npm >/dev/null 2>&1; then
		echo "jalon: installing the browser tests' npm packages (tests/web)"
		(cd "$web" && npm ci --no-audit --no-fund && touch node_modules)
	else
		echo "jalon: npm not found: the browser tests cannot run (npm ci in tests/web)" >&2
	fi
fi
