#!/bin/bash
# potfiles.sh — every source file with user-visible text is listed in po/POTFILES.in,
# so that its messages reach the catalogue and get translated (a file missing there
# silently stays French in English pages).
. "$TESTS_DIR/cli/lib.sh"
cd "$SOURCE_ROOT" || exit 1
for f in $(grep -l -E '(^|[^a-z_])(_|N_)\("|i18n_count\("' src/*/*.c); do
	grep -qx "$f" po/POTFILES.in
	ok $? "$f is in po/POTFILES.in"
done
done_testing
