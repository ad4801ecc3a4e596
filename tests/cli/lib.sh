# lib.sh — a tiny TAP library for the command-line tests.
#
# Each test script sources this file, calls the check functions, then `done_testing`.
# $JALON is the binary under test (set by meson); every script works in its own
# temporary directory, removed at the end.
set -u
: "${JALON:?set JALON to the jalon binary}"
: "${TESTS_DIR:?set TESTS_DIR to the tests directory}"
TEST_COUNT=0
TEST_FAILED=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

ok() { # condition-status, description
	TEST_COUNT=$((TEST_COUNT + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TEST_COUNT - $2"
	else
		echo "not ok $TEST_COUNT - $2"
		TEST_FAILED=$((TEST_FAILED + 1))
	fi
}

diag() { sed 's/^/# /'; }

# Run jalon, capturing stdout, stderr and status in OUT, ERR, STATUS.
run() {
	"$JALON" "$@" >"$WORK/.out" 2>"$WORK/.err"
	STATUS=$?
	OUT=$(cat "$WORK/.out")
	ERR=$(cat "$WORK/.err")
}

# check_equal ACTUAL EXPECTED DESCRIPTION
check_equal() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf 'expected: %s\n     got: %s\n' "$2" "$1" | diag
	fi
}

# check_contains HAYSTACK NEEDLE DESCRIPTION
check_contains() {
	case "$1" in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; printf 'missing: %s\n   in: %s\n' "$2" "$1" | diag ;;
	esac
}

# A fingerprint of the whole database content, to prove a command changed nothing.
db_fingerprint() {
	sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

done_testing() {
	echo "1..$TEST_COUNT"
	[ "$TEST_FAILED" -eq 0 ]
}
