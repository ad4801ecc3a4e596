#!/bin/sh
# fuzz.sh SECONDS — build the libFuzzer targets with clang and sanitizers, then run
# each for SECONDS over its corpus. New inputs go to a scratch directory, not the
# repository; copy an interesting one into fuzz/corpus/<target>/ by hand.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-300}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
if [ ! -f "$FUZZ_BUILD/build.ninja" ]; then
	CC=clang meson setup "$FUZZ_BUILD" -Dfuzzing=true -Db_sanitize=address,undefined \
		-Db_lundef=false --buildtype=debugoptimized
fi
ninja -C "$FUZZ_BUILD"
for target in "$FUZZ_BUILD"/fuzz/fuzz_*; do
	[ -f "$target" ] && [ -x "$target" ] || continue
	name=$(basename "$target")
	scratch=$(mktemp -d)
	echo "== $name for ${seconds}s (new inputs in $scratch)"
	"$target" -max_total_time="$seconds" -print_final_stats=1 "$scratch" "fuzz/corpus/${name#fuzz_}"
done
