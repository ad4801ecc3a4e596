#!/bin/bash
# bench/run.sh — issue 8's figures in one command (make bench), with nginx serving the
# same bytes as the physical baseline of the HTTP load in the same run.
#
#   bash bench/run.sh [--smoke] [--no-national] [--write-docs]
#
#   --smoke        a few seconds: a tiny dataset, 20 requests per page, 1 s of wrk at 1 and
#                  16 connections; fails unless every figure was measured (meson test
#                  bench_smoke, suite 'bench')
#   --no-national  skip the national dataset (3,000 plans, 10,000,000 measurements)
#   --write-docs   put the report in docs/performance.md, between its bench/run.sh markers
#
# JALON (default build/jalon: use a release build, `meson setup build --buildtype=release`)
# and BENCH_OUT (default bench/out/run; the smoke mode uses a temporary directory).
#
# For each size (small, region, national): `jalon generate` time and counts; `jalon ui`
# on a free loopback port: start-up to the first 200, server time of the pages from the
# Server-Timing header (first request apart, then median and p99 over REQUESTS on one
# keep-alive connection), peak RSS (VmHWM) after a wrk load on the dashboard. On the small
# plan: wrk at 1, 16 and 256 connections on the dashboard and an element sheet, and the
# same with nginx serving the exact response bytes as static files (access log off, one
# worker, like jalon's one handler thread); the jalon / nginx ratio of requests per second.
set -eu
cd "$(dirname "$0")/.."
smoke=0 national=1 write_docs=0
for arg; do
	case $arg in
	--smoke) smoke=1 ;;
	--no-national) national=0 ;;
	--write-docs) write_docs=1 ;;
	*) echo "usage: bash bench/run.sh [--smoke] [--no-national] [--write-docs]" >&2; exit 2 ;;
	esac
done
JALON=${JALON:-build/jalon}
[ -x "$JALON" ] || { echo "build first: make build (or set JALON)" >&2; exit 1; }
JALON=$(cd "$(dirname "$JALON")" && pwd)/$(basename "$JALON")
for tool in curl wrk nginx python3; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
		{ echo "$tool needed: sh scripts/install-deps.sh" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ "$smoke" = 1 ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	requests=20 duration=1s connections="1 16" sizes="tiny"
else
	out=${BENCH_OUT:-bench/out/run}
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	requests=200 duration=10s connections="1 16 256" sizes="small region"
	[ "$national" = 1 ] && sizes="$sizes national"
fi
report=$out/report.md
: >"$report"
say() { printf '%s\n' "$*" | tee -a "$report"; }
now_ns() { date +%s%N; }
curl_() { curl --noproxy '*' -s "$@"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
missing=0
figure() { # NAME VALUE: a figure that must have been measured
	if [ -z "$2" ]; then echo "bench: no figure for $1" >&2; missing=$((missing + 1)); fi
}

# ---- the machine ------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
debian=$(cat /etc/debian_version 2>/dev/null || echo '?')
sqlite_version=$(sqlite3 --version 2>/dev/null | cut -d' ' -f1)
binary_kib=$(( $(stat -c %s "$JALON") / 1024 ))
say "### Figures of bench/run.sh — $(date +%d/%m/%Y)"
say ""
say "Machine: $(nproc) cores ($cpu), $ram, Linux $(uname -r), Debian $debian, SQLite ${sqlite_version:-?},"
say "$(gcc --version | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
say "Command: \`bash bench/run.sh$([ "$smoke" = 1 ] && echo ' --smoke')$([ "$national" = 0 ] && echo ' --no-national')\`, binary \`$JALON\` ($binary_kib KiB)."
say ""
figure binary "$binary_kib"

server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		# Not our child (bench/startup.py started it): wait for it to be gone.
		for _ in $(seq 1 1000); do
			[ -d "/proc/$server_pid" ] || break
			sleep 0.01
		done
		server_pid=
	fi
}
trap 'stop_server; [ "$smoke" = 1 ] && rm -rf "$out"' EXIT

# start_server DB: `jalon ui` on a free port; sets url and startup_ms (exec to the end of
# the first answer, timed by bench/startup.py without polling delays).
start_server() {
	: >"$out/ui.log"
	local line
	line=$(python3 bench/startup.py "$JALON" "$1" "$out/ui.log") ||
		{ echo "bench: jalon ui did not answer" >&2; cat "$out/ui.log" >&2; exit 1; }
	url=${line%% *}
	line=${line#* }
	startup_ms=${line%% *}
	server_pid=${line#* }
}

# wrk_run URL CONNECTIONS: sets rps and p99 (ms).
wrk_run() {
	local threads=2
	[ "$2" -lt 2 ] && threads=1
	wrk -t$threads -c"$2" -d"$duration" --latency "$1" >"$out/wrk.txt" 2>&1 || true
	cp "$out/wrk.txt" "$out/wrk-${3:-run}-c$2.txt" # kept, for a run cut short
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out/wrk.txt")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
		printf "%.2f", v }' "$out/wrk.txt")
}

generate_args() {
	case $1 in
	tiny) echo "--organisations 1 --plans-per-organisation 2 --elements-per-plan 60 --indicators-per-plan 3 --measurements-per-indicator 10 --accounts-per-organisation 3" ;;
	*) echo "--size $1" ;;
	esac
}

gen_table="| size | generation | plans | elements | milestones | measurements | rows/s (all tables) | database |
|---|---:|---:|---:|---:|---:|---:|---:|"
page_table="| size | page | first request | median | p99 | max | bytes |
|---|---|---:|---:|---:|---:|---:|"
server_table="| size | start-up to first 200 | peak RSS after load (VmHWM) |
|---|---:|---:|"
wrk_table=""

for size in $sizes; do
	db=$out/$size.db
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	echo "… generating $size" >&2
	t0=$(now_ns)
	# shellcheck disable=SC2046
	"$JALON" --db "$db" generate $(generate_args "$size") >"$out/$size.generate.txt"
	t1=$(now_ns)
	gen_s=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }')
	count() { awk -v k="$1" '$0 ~ "^  "k" " { print $NF }' "$out/$size.generate.txt"; }
	rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM organisation) + (SELECT count(*) FROM plan)
		+ (SELECT count(*) FROM element) + (SELECT count(*) FROM milestone)
		+ (SELECT count(*) FROM budget_line) + (SELECT count(*) FROM measurement)
		+ (SELECT count(*) FROM change_log) + (SELECT count(*) FROM meeting)
		+ (SELECT count(*) FROM agenda_item) + (SELECT count(*) FROM meeting_attendee)
		+ (SELECT count(*) FROM element_status) + (SELECT count(*) FROM weather_report)
		+ (SELECT count(*) FROM account) + (SELECT count(*) FROM risk)
		+ (SELECT count(*) FROM indicator) + (SELECT count(*) FROM decision)
		+ (SELECT count(*) FROM action_item)")
	db_mb=$(awk -v b="$(stat -c %s "$db")" 'BEGIN { printf "%.0f MB", b / 1e6 }')
	rate=$(awk -v r="$rows" -v s="$gen_s" 'BEGIN { printf "%.0f", r / s }')
	gen_table="$gen_table
| $size | $gen_s s | $(count plans) | $(count éléments) | $(count jalons) | $(count mesures) | $rate | $db_mb |"
	figure "generation $size" "$gen_s"

	start_server "$db"
	figure "start-up $size" "$startup_ms"
	plans_json=$(curl_ "$url/api/v1/plans")
	slug=$(printf '%s' "$plans_json" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
	many=$(printf '%s' "$plans_json" | python3 -c 'import json, sys
p = json.load(sys.stdin)
print("|".join("/plans/%s/dashboard" % x["id"] for x in p[:50]))')
	element=$(curl_ "$url/api/v1/plans/$slug/elements" | python3 -c 'import json, sys
e = json.load(sys.stdin)
parents = {x["parent"] for x in e}
leaves = [x for x in e if x["code"] not in parents]
print(leaves[len(leaves) // 2]["id"])')
	echo "… pages of $size ($slug, element $element)" >&2
	python3 bench/server_timing.py "$url" "$requests" \
		"home=/" "consolidated view=/consolidated" "plan overview=/plans/$slug" "element sheet=/plans/$slug/elements/$element" \
		"dashboard=/plans/$slug/dashboard" "dashboards of up to 50 plans in turn=$many" \
		"roadmap SVG=/plans/$slug/roadmap.svg" "indicator board=/plans/$slug/indicators" \
		"API element list=/api/v1/plans/$slug/elements" >"$out/$size.pages.tsv"
	while IFS=$'\t' read -r label first median p99_ max bytes; do
		page_table="$page_table
| $size | $label | $first ms | $median ms | $p99_ ms | $max ms | $bytes |"
		figure "$size $label" "$median"
	done <"$out/$size.pages.tsv"

	if [ "$size" = small ] || [ "$size" = tiny ]; then
		# HTTP load, jalon then nginx on the same bytes.
		mkdir -p "$out/nginx/root" "$out/nginx/tmp"
		chmod 755 "$out" "$out/nginx" "$out/nginx/root"
		curl_ -o "$out/nginx/root/dashboard.html" "$url/plans/$slug/dashboard"
		curl_ -o "$out/nginx/root/element.html" "$url/plans/$slug/elements/$element"
		chmod 644 "$out/nginx/root/"*.html
		wrk_table="| page | connections | jalon req/s | jalon p99 | nginx req/s | nginx p99 | jalon / nginx |
|---|---:|---:|---:|---:|---:|---:|"
		declare -A jalon_rps jalon_p99
		for page in dashboard element; do
			path=/plans/$slug/dashboard
			[ $page = element ] && path=/plans/$slug/elements/$element
			for c in $connections; do
				echo "… wrk jalon $page c=$c" >&2
				wrk_run "$url$path" "$c" "jalon-$page"
				jalon_rps[$page$c]=$rps jalon_p99[$page$c]=$p99
			done
		done
	else
		echo "… wrk jalon dashboard c=16 (for the peak RSS)" >&2
		wrk_run "$url/plans/$slug/dashboard" 16 "jalon-$size-dashboard"
		page_table="$page_table
| $size | dashboard under wrk, 16 connections, $duration | | | ${p99} ms (wrk) | | ${rps} req/s |"
	fi
	rss=$(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$server_pid/status")
	figure "rss $size" "$rss"
	server_table="$server_table
| $size | $startup_ms ms | $rss |"
	stop_server

	if [ "$size" = small ] || [ "$size" = tiny ]; then
		port=$(free_port)
		cat >"$out/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	client_body_temp_path $out/nginx/tmp;
	server { listen 127.0.0.1:$port; root $out/nginx/root; }
}
EOF
		"$NGINX" -c "$out/nginx/nginx.conf" -p "$out/nginx" 2>>"$out/nginx/error.log" &
		nginx_pid=$!
		for _ in $(seq 1 500); do
			[ "$(curl_ -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/dashboard.html")" = 200 ] && break
			sleep 0.01
		done
		cmp -s "$out/nginx/root/dashboard.html" <(curl_ "http://127.0.0.1:$port/dashboard.html") ||
			{ echo "bench: nginx does not serve the dashboard's bytes" >&2; cat "$out/nginx/error.log" >&2; exit 1; }
		for page in dashboard element; do
			for c in $connections; do
				echo "… wrk nginx $page c=$c" >&2
				wrk_run "http://127.0.0.1:$port/$page.html" "$c" "nginx-$page"
				ratio=$(awk -v a="${jalon_rps[$page$c]}" -v b="$rps" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
				label="dashboard ($(stat -c %s "$out/nginx/root/dashboard.html") bytes)"
				[ $page = element ] && label="element sheet ($(stat -c %s "$out/nginx/root/element.html") bytes)"
				wrk_table="$wrk_table
| $label | $c | ${jalon_rps[$page$c]} | ${jalon_p99[$page$c]} ms | $rps | $p99 ms | $ratio |"
				figure "wrk $page $c" "${jalon_rps[$page$c]}"
				figure "nginx $page $c" "$rps"
				figure "ratio $page $c" "$ratio"
			done
		done
		kill "$nginx_pid" 2>/dev/null || true
		wait "$nginx_pid" 2>/dev/null || true
	fi
done

say "#### Generation (\`jalon generate\`, whole process, wall clock)"
say ""
say "$gen_table"
say ""
say "#### Server time per page (Server-Timing, ms; median and p99 over $requests requests after the first)"
say ""
say "$page_table"
say ""
say "#### HTTP load on the $( [ "$smoke" = 1 ] && echo tiny || echo small ) plan: wrk ($duration, --latency), jalon ui and nginx on the same bytes"
say ""
say "$wrk_table"
say ""
say "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
say ""
say "#### Server start-up and memory"
say ""
say "$server_table"

if [ "$missing" -gt 0 ]; then
	echo "bench: $missing figures missing" >&2
	exit 1
fi
if [ "$write_docs" = 1 ] && [ "$smoke" = 0 ]; then
	python3 - "$report" docs/performance.md <<'EOF'
import sys
report, doc = open(sys.argv[1]).read(), open(sys.argv[2]).read()
begin, end = "<!-- bench/run.sh: begin -->", "<!-- bench/run.sh: end -->"
if begin in doc and end in doc:
    head, rest = doc.split(begin, 1)
    doc = head + begin + "\n" + report + end + rest.split(end, 1)[1]
else:
    doc += "\n" + begin + "\n" + report + end + "\n"
open(sys.argv[2], "w").write(doc)
EOF
	echo "docs/performance.md updated" >&2
fi
