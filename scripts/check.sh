#!/bin/sh
# check.sh — the whole test suite, as `make check` runs it:
#   1. a build with AddressSanitizer and UndefinedBehaviorSanitizer (leaks included)
#      running unit tests, command-line tests and the fuzz corpora;
#   2. a plain build whose command-line paths run under valgrind;
#   3. a short libFuzzer run of every fuzz target (clang);
# then one closing line, `N passed, N failed`, counted over every test case.
set -u
cd "$(dirname "$0")/.."

CHECK_BUILD=${CHECK_BUILD:-build-check}
PLAIN_BUILD=${PLAIN_BUILD:-build}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
SMOKE_FUZZ_SECONDS=${SMOKE_FUZZ_SECONDS:-10}
status=0
extra_tap=$(mktemp)
trap 'rm -f "$extra_tap"' EXIT

setup() { # dir, meson options…
	dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null || return 1
	fi
	ninja -C "$dir" >/dev/null || ninja -C "$dir"
}

export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1

echo "== sanitizer build ($CHECK_BUILD): unit, command-line and fuzz-corpus tests"
if setup "$CHECK_BUILD" -Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args=-fno-sanitize-recover=all --buildtype=debug; then
	meson test -C "$CHECK_BUILD" --print-errorlogs --no-rebuild || status=1
else
	echo "not ok - sanitizer build failed" >>"$extra_tap"; status=1
fi

echo "== plain build ($PLAIN_BUILD): command-line paths under valgrind"
if setup "$PLAIN_BUILD" --buildtype=release; then
	meson test -C "$PLAIN_BUILD" --suite valgrind --print-errorlogs --no-rebuild || status=1
else
	echo "not ok - plain build failed" >>"$extra_tap"; status=1
fi

echo "== libFuzzer smoke run (${SMOKE_FUZZ_SECONDS}s per target)"
if CC=clang setup "$FUZZ_BUILD" -Dfuzzing=true -Db_sanitize=address,undefined \
	-Db_lundef=false --buildtype=debugoptimized; then
	for target in "$FUZZ_BUILD"/fuzz/fuzz_*; do
		[ -f "$target" ] && [ -x "$target" ] || continue
		name=$(basename "$target")
		corpus=fuzz/corpus/${name#fuzz_}
		scratch=$(mktemp -d)
		if "$target" -max_total_time="$SMOKE_FUZZ_SECONDS" -print_final_stats=1 \
			"$scratch" "$corpus" >"$scratch.log" 2>&1; then
			runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$scratch.log" | grep -o '[0-9]*$')
			echo "ok - $name: ${runs:-?} inputs, no crash" | tee -a "$extra_tap"
		else
			tail -40 "$scratch.log"
			echo "not ok - $name found a crash (see above)" | tee -a "$extra_tap"
			status=1
		fi
		rm -rf "$scratch" "$scratch.log"
	done
else
	echo "not ok - fuzz build failed" >>"$extra_tap"; status=1
fi

python3 scripts/test-summary.py "$CHECK_BUILD/meson-logs/testlog.json" \
	"$PLAIN_BUILD/meson-logs/testlog.json" --tap "$extra_tap" || status=1
exit $status
