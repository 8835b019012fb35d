#!/usr/bin/env bash
# The benchmark: the API against its database's own bound, on loopback, in one session.
#
#   bench/run.sh            the real run (about 17 minutes; results in bench/RESULTS.md)
#   bench/run.sh --smoke    a few seconds per endpoint and one start, so CI keeps the runner working
#
# It builds the microbundle, starts an embedded PostgreSQL 17 with fsync and synchronous commits
# on (or uses DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD when DB_HOST is set), starts the
# service with rate limits and the task quota out of the way, seeds users and tasks through SQL
# and measures with wrk at 32 connections. For each task endpoint it then runs pgbench with the
# statements one request of that endpoint sends (bench/sql, checked against a fresh capture from
# the PostgreSQL log) at the same 32 clients against the same database: the endpoint's `_db`
# figure is app req/s ÷ db tps, the median of three rounds that alternate the two (BENCH_ROUNDS).
# It ends with one line:
#   SUMMARY get_db=… list_db=… post_db=… patch_db=… p99_ms=… scale_ratio=… login_ratio=… start_s=… rss_mib=… cpu_ms_get=… cpu_ms_post=…
# (followed by " sql=stale" when bench/sql no longer matches the service's statements, which
# also fails the run, or " sql=unchecked" when the database's log cannot be read).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=full
# the JIT keeps compiling for minutes: every task request runs $jit_warmup s before anything is
# measured, and each endpoint gets its own $warmup s just before its measurement
jit_warmup=${BENCH_JIT_WARMUP:-45} warmup=20 duration=30 scale_rows=1000000
# an endpoint with a database bound is measured in $rounds rounds of $duration/$rounds s each
rounds=${BENCH_ROUNDS:-3}
# start_s is the median of $starts starts (java -jar to ready), the first one included
starts=${BENCH_STARTS:-5}
if [ "${1:-}" = "--smoke" ]; then
    mode=smoke jit_warmup=0 warmup=2 duration=3 scale_rows=50000 starts=${BENCH_STARTS:-1} rounds=${BENCH_ROUNDS:-1}
fi
connections=32 threads=2 users=40 tasks_per_user=25
# BENCH_HEAP sets -Xmx; BENCH_JAVA_OPTS adds JVM options (a profiler agent, say);
# BENCH_MICRO_ARGS adds Payara Micro options (say --prebootcommandfile to try other pool sizes);
# BENCH_ONLY=get,patch measures only those endpoints (for profiling one at a time; no SUMMARY);
# BENCH_JIT_WARMUP sets the common warm-up in seconds (0 skips it); BENCH_STARTS the starts timed
log_name=run
source "$root/bench/setup.sh"

# --- measuring
declare -A rps p50 p99 errors cpu
source "$root/bench/db-bound.sh"
cores=$(nproc)
ticks_per_s=$(getconf CLK_TCK)
service_ticks() { awk '{ print $14 + $15 }' "/proc/$service/stat"; }
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }
# time the hypervisor gave this machine's CPUs to someone else: on a shared host, the reason two
# runs of the same build differ
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
# median of the numbers given (the mean of the middle two for an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# one wrk run of $seconds against the service: sets the round_* figures and prints one line
wrk_round() {
    local label=$1 seconds=$2 out=$3; shift 3
    local service_before idle_before steal_before
    service_before=$(service_ticks) idle_before=$(idle_ticks) steal_before=$(steal_ticks)
    # a long timeout, so a slow request counts in the latencies instead of vanishing as a socket error
    wrk -t$threads -c$connections -d${seconds}s --timeout 30s --latency "$@" > "$out" 2>&1
    local service_used=$(( $(service_ticks) - service_before )) idle=$(( $(idle_ticks) - idle_before ))
    local stolen=$(( $(steal_ticks) - steal_before ))
    round_rps=$(rate_of "$out")
    round_p50=$(percentile_of "$out" 50%)
    round_p99=$(percentile_of "$out" 99%)
    round_errors=$(awk '/Non-2xx or 3xx responses:/ { print "non-2xx: " $NF } /Socket errors:/ { print $0 }
        /^Requests\/sec:/ && $2 == 0 { print "no request completed" }' "$out" | paste -sd' ')
    # where the two cores went: the service's CPU per request, and what was left idle
    round_cpu=$(awk -v t="$service_used" -v hz="$ticks_per_s" -v r="$round_rps" -v s="$seconds" \
        'BEGIN { printf "%.2f", (r > 0 ? t * 1000 / hz / (r * s) : 0) }')
    local idle_share steal_share
    idle_share=$(awk -v t="$idle" -v hz="$ticks_per_s" -v s="$seconds" -v c="$cores" 'BEGIN { printf "%.0f", 100 * t / hz / (s * c) }')
    steal_share=$(awk -v t="$stolen" -v hz="$ticks_per_s" -v s="$seconds" -v c="$cores" 'BEGIN { printf "%.0f", 100 * t / hz / (s * c) }')
    printf '%-14s %8s req/s   p50 %8s ms   p99 %8s ms   service %6s cpu-ms/req   idle %3s%%   stolen %3s%%   %s\n' "$label" "$round_rps" \
        "$round_p50" "$round_p99" "$round_cpu" "$idle_share" "$steal_share" "${round_errors:+errors: $round_errors}"
}
# measure <name> <url> [<request> <file>]: a warm-up, then the endpoint measured. An endpoint
# with a database bound (bench/sql) is measured in $rounds rounds, each the service for
# $duration/$rounds s and then pgbench as long, so a shift of the shared host's speed meets both
# sides of a ratio; its figures are the medians of the rounds, its app/db the median of theirs
declare -A db_ratio
measure() {
    local name=$1 url=$2 request=${3:-} file=${4:-}
    if [ -n "${BENCH_ONLY:-}" ] && [[ ",$BENCH_ONLY," != *",$name,"* ]]; then return 0; fi
    local script=()
    [ -z "$request" ] || script=(-s "$root/bench/requests.lua" "$url" -- "$request" "$file")
    [ -n "$request" ] || script=("$url")
    # the database's bound: the endpoint's own statements, or (list_large) the list's over the big table
    local bound=""
    [ "$request" != "$name" ] || [ ! -f "$sql_dir/$name.sql" ] || bound=$name
    [ "$name" != list_large ] || bound=list
    local seconds=$duration count=1
    # a login costs a bcrypt hash: 32 queued connections need more than a smoke run's seconds
    [ "$request" != login ] || [ "$seconds" -ge 15 ] || seconds=15
    if [ -n "$bound" ] && [ "$rounds" -gt 1 ]; then count=$rounds seconds=$(( duration / rounds )); fi
    wrk -t$threads -c$connections -d${warmup}s --timeout 30s "${script[@]}" > "$log/$name.warmup.txt" 2>&1
    local r all_rps=() all_p50=() all_p99=() all_cpu=() all_db=() all_ratio=() all_errors=""
    for r in $(seq 1 $count); do
        local label=$name out="$log/$name.txt"
        [ "$count" -eq 1 ] || label="$name $r/$count" out="$log/$name.$r.txt"
        wrk_round "$label" "$seconds" "$out" "${script[@]}"
        all_rps+=("$round_rps") all_p50+=("$round_p50") all_p99+=("$round_p99") all_cpu+=("$round_cpu")
        all_errors="$all_errors${round_errors:+ $round_errors}"
        rps[$name]=$round_rps
        if [ -n "$bound" ]; then
            # the database alone, with the statements of one such request, as many clients, as long
            db_measure "$name" "$seconds" "$bound" "$r" "$count"
            all_db+=("${db_tps[$name]}")
            all_ratio+=("$(awk -v a="$round_rps" -v d="${db_tps[$name]}" 'BEGIN { printf "%.4f", (d > 0 ? a / d : 0) }')")
        fi
    done
    rps[$name]=$(median "${all_rps[@]}") p50[$name]=$(median "${all_p50[@]}") p99[$name]=$(median "${all_p99[@]}")
    cpu[$name]=$(median "${all_cpu[@]}") errors[$name]=${all_errors# }
    [ -z "$bound" ] || { db_tps[$name]=$(median "${all_db[@]}"); db_ratio[$name]=$(median "${all_ratio[@]}"); }
    if [ "$count" -gt 1 ]; then
        printf '%-14s %8s req/s   p50 %8s ms   p99 %8s ms   service %6s cpu-ms/req   db %6s tps   app/db %.2f   (medians of %s rounds)\n' \
            "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${cpu[$name]}" "${db_tps[$name]}" "${db_ratio[$name]}" "$count"
    fi
}
if [ "$jit_warmup" -gt 0 ]; then
    say "warming up: ${jit_warmup} s each of get, patch, list and post"
    for request in get patch list post; do
        wrk -t$threads -c$connections -d${jit_warmup}s --timeout 30s -s "$root/bench/requests.lua" "$base" -- $request "$log/tasks.txt" \
            > "$log/jit-warmup-$request.txt" 2>&1
    done
fi
echo "database: PostgreSQL $(sql -c 'SHOW server_version') with fsync=$(sql -c 'SHOW fsync') synchronous_commit=$(sql -c 'SHOW synchronous_commit'); $(pgbench --version) -M prepared, $connections clients, $threads threads"
check_statements
# the warm-up's and the capture's creates go again, so the list is measured over the seeded rows
sql -c "DELETE FROM tasks WHERE title = 'Benchmark task'" -c "VACUUM ANALYZE tasks" > /dev/null
echo "mode=$mode jit warm-up ${jit_warmup}s per task request, then warm-up ${warmup}s and measured ${duration}s per endpoint (in $rounds rounds, each followed by pgbench as long, where there is a database bound), $connections connections, $threads wrk threads"
measure ceiling "$base/health/live"
measure get "$base" get "$log/tasks.txt"
measure patch "$base" patch "$log/tasks.txt"
# the list with the seeded rows, then at once with the table grown to $scale_rows rows (other
# users' tasks), so the two runs meet the same JIT state and differ only in the table's size
measure list "$base" list "$log/tasks.txt"
rows_before=$(sql -c "SELECT count(*) FROM tasks")
[ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",list_large,"* ]] || scale_rows=0
filler_users=$(( (scale_rows - rows_before + 999) / 1000 ))
if [ $filler_users -gt 0 ]; then
    say "growing tasks from $rows_before to about $scale_rows rows"
    sql <<SQL
INSERT INTO users (username, email, password_hash)
SELECT 'filler' || g, 'filler' || g || '@bench.test', 'x' FROM generate_series(1, $filler_users) g;
INSERT INTO tasks (user_id, title, created_at, updated_at)
SELECT u.id, 'Filler task ' || g, now(), now()
FROM users u, generate_series(1, 1000) g WHERE u.username LIKE 'filler%';
SQL
    # a table in its steady state, as a million rows are after a day: vacuumed (visibility map and
    # hint bits set), analysed and checkpointed, so no autovacuum or checkpoint of the bulk load
    # runs during the measurement
    sql -c "VACUUM (ANALYZE) tasks"
    sql -c "CHECKPOINT" 2> /dev/null || say "no right to CHECKPOINT here (PostgreSQL 15+: pg_checkpoint); measuring anyway"
fi
rows_large=$(sql -c "SELECT count(*) FROM tasks")
measure list_large "$base" list "$log/tasks.txt"
measure post "$base" post "$log/tasks.txt"
measure login "$base" login "$log/logins.txt"

rss_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$service/status")
if [ -n "${BENCH_ONLY:-}" ]; then
    echo "start: ${start_s} s; peak RSS $((rss_kib / 1024)) MiB (BENCH_ONLY=$BENCH_ONLY: no SUMMARY)"
    exit 0
fi
# the start again, on the migrated database: start_s is the median of all starts
start_times=("$start_s")
for n in $(seq 2 "$starts"); do
    stop_service
    start_service "service-$n"
    say "start $n: ready after ${start_s} s"
    start_times+=("$start_s")
done
start_s=$(median "${start_times[@]}")

echo
echo "GET /api/tasks?limit=10: p50 ${p50[list]} ms with $rows_before rows in the table, ${p50[list_large]} ms with $rows_large rows"
echo "login bound: $cores cores / ${bcrypt_ms} ms per bcrypt hash = $(awk -v c="$cores" -v m="$bcrypt_ms" 'BEGIN { printf "%.1f", c * 1000 / m }') logins/s"
# the bound assumes the cores hash as fast together as one alone; this says how far they do
if [ -s "$work/bcrypt-all-cores.per-s" ]; then
    echo "bcrypt alone on all $cores cores at once: $(cat "$work/bcrypt-all-cores.per-s") hashes/s, $(awk -v p="$(cat "$work/bcrypt-all-cores.per-s")" -v c="$cores" -v m="$bcrypt_ms" 'BEGIN { printf "%.2f", p / (c * 1000 / m) }') of the bound"
fi
if [ -s "$work/bcrypt-as-the-service.per-s" ]; then
    echo "bcrypt alone on 8 threads at once (as many as the service works on): $(cat "$work/bcrypt-as-the-service.per-s") hashes/s, $(awk -v p="$(cat "$work/bcrypt-as-the-service.per-s")" -v c="$cores" -v m="$bcrypt_ms" 'BEGIN { printf "%.2f", p / (c * 1000 / m) }') of the bound"
fi
echo "start: median ${start_s} s of ${#start_times[@]} (${start_times[*]}) from java -jar to /health/ready 200; peak RSS $((rss_kib / 1024)) MiB (-Xmx$heap)"
fail=0
for name in "${!errors[@]}"; do
    if [ -n "${errors[$name]}" ]; then echo "ERRORS in $name: ${errors[$name]}"; fail=1; fi
done
marker=""
if [ "$sql_state" != checked ]; then
    marker=" sql=$sql_state"
    [ "$sql_state" != stale ] || { echo "WARNING: bench/sql is stale: the _db figures ran other statements than the service's"; fail=1; }
fi

awk -v get="${db_ratio[get]}" -v list="${db_ratio[list]}" -v post="${db_ratio[post]}" -v patch="${db_ratio[patch]}" \
    -v p1="${p99[post]}" -v p2="${p99[list]}" -v p3="${p99[get]}" -v p4="${p99[patch]}" \
    -v small="${p50[list]}" -v large="${p50[list_large]}" \
    -v login="${rps[login]}" -v cores="$cores" -v hash="$bcrypt_ms" \
    -v start="$start_s" -v rss="$rss_kib" -v cget="${cpu[get]}" -v cpost="${cpu[post]}" -v marker="$marker" '
    BEGIN {
        p99 = p1; if (p2 > p99) p99 = p2; if (p3 > p99) p99 = p3; if (p4 > p99) p99 = p4
        printf "SUMMARY get_db=%.2f list_db=%.2f post_db=%.2f patch_db=%.2f p99_ms=%.1f scale_ratio=%.2f login_ratio=%.2f start_s=%.1f rss_mib=%d cpu_ms_get=%.2f cpu_ms_post=%.2f%s\n",
            get, list, post, patch, p99, large / small,
            login / (cores * 1000 / hash), start, rss / 1024, cget, cpost, marker
    }'
exit $fail
