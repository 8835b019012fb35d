#!/usr/bin/env bash
# The soak (issue 8, RELIABILITY.md): mixed task traffic (get, list, patch, post) held at 80% of
# what the service serves on this machine for 10 minutes, then a verdict.
#
#   bench/soak.sh            the real run (about 15 minutes)
#   bench/soak.sh --smoke    seconds instead of minutes, so CI keeps the script working
#
# It shares bench/setup.sh with the benchmark (build, PostgreSQL, service, seeded users), then:
#   1. warms the JIT (2 min), measures the mix's capacity unpaced, and paces wrk to SOAK_SHARE%
#      (80) of it;
#   2. takes a snapshot: heap after a full GC, threads, database connections, cache entries;
#   3. runs SOAK_MINUTES (10) one-minute wrk runs back to back, one line each;
#   4. takes the snapshot again and judges: no error at all, the last minute's p99 within
#      1.5 times the first's, heap within 10%, no thread growth, connections within the pool,
#      cache entries not growing. It ends with one line, SOAK ok=… and exits 1 when not ok.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

minutes=${SOAK_MINUTES:-10} share=${SOAK_SHARE:-80} minute=60 warmup=120 capacity_s=30 calibrate_s=20 mode=full
if [ "${1:-}" = "--smoke" ]; then
    # seconds on a cold JIT prove the script works, not the service: only errors fail it
    minutes=2 minute=10 warmup=5 capacity_s=5 calibrate_s=5 mode=smoke
fi
connections=16 threads=2 users=40 tasks_per_user=25
log_name=soak
source "$root/bench/setup.sh"

jcmd="$(dirname "$(readlink -f "$(command -v java)")")/jcmd"
soak() { wrk -t$threads -c$connections -d"$1"s --timeout 30s --latency -s "$root/bench/soak.lua" "$base" -- mix "$log/tasks.txt" "$2"; }
errors_of() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }

# heap used after a full GC (KiB), live threads, the pool's connections in PostgreSQL, and the
# live Infinispan entries (the rate-limit buckets and bans) counted in a class histogram
snapshot() {
    "$jcmd" "$service" GC.run > /dev/null
    local heap_kib threads connections entries
    heap_kib=$("$jcmd" "$service" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1)
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$service/status")
    connections=$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'task-manager'")
    entries=$("$jcmd" "$service" GC.class_histogram | awk '$4 ~ /^org\.infinispan\.container\.entries\..*CacheEntry$/ { n += $2 } END { print n + 0 }')
    echo "$heap_kib $threads $connections $entries"
}

say "warming up: ${warmup} s of the mix, unpaced"
soak "$warmup" 0 > "$log/warmup.txt" 2>&1
soak "$capacity_s" 0 > "$log/capacity.txt" 2>&1
capacity=$(rate_of "$log/capacity.txt")
target=$(( capacity * share / 100 ))
# each connection sends one request per (its latency + the pause): guess the pause from the
# target alone, then correct it twice for the latency seen at that pace (one 20 s round left
# the first run at 90% instead of 80%)
pause=$(( connections * 1000 / target ))
for round in 1 2; do
    soak "$calibrate_s" "$pause" > "$log/calibrate-$round.txt" 2>&1
    seen=$(rate_of "$log/calibrate-$round.txt")
    pause=$(awk -v c="$connections" -v t="$target" -v s="$seen" -v p="$pause" \
        'BEGIN { latency = c * 1000 / s - p; q = c * 1000 / t - latency; printf "%d", (q < 0 ? 0 : q) }')
done
say "capacity ${capacity} req/s unpaced; holding ${share}% = ${target} req/s with a ${pause} ms pause per connection"

read -r heap_before threads_before connections_before entries_before <<< "$(snapshot)"
echo "mode=$mode $minutes x ${minute} s at ${target} req/s (${share}% of ${capacity}), $connections connections"
echo "start: heap after full GC ${heap_before} KiB, ${threads_before} threads, ${connections_before} database connections, ${entries_before} cache entries"
declare -a p99s
errors_total=0 requests_total=0
for m in $(seq 1 "$minutes"); do
    soak "$minute" "$pause" > "$log/minute-$m.txt" 2>&1
    rate=$(rate_of "$log/minute-$m.txt") p99=$(percentile_of "$log/minute-$m.txt" 99%) errors=$(errors_of "$log/minute-$m.txt")
    p99s+=("$p99")
    errors_total=$((errors_total + errors)) requests_total=$((requests_total + $(awk '/requests in/ { print $1 }' "$log/minute-$m.txt")))
    printf 'minute %2d  %6s req/s (%3s%%)  p50 %7s ms  p99 %7s ms  errors %s  threads %s  rss %s MiB\n' "$m" "$rate" "$(( rate * 100 / capacity ))" \
        "$(percentile_of "$log/minute-$m.txt" 50%)" "$p99" "$errors" \
        "$(awk '/^Threads:/ { print $2 }' "/proc/$service/status")" "$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$service/status")"
done
read -r heap_after threads_after connections_after entries_after <<< "$(snapshot)"
echo "end:   heap after full GC ${heap_after} KiB, ${threads_after} threads, ${connections_after} database connections, ${entries_after} cache entries"

verdict=$(awk -v errors="$errors_total" -v first="${p99s[0]}" -v last="${p99s[-1]}" \
    -v hb="$heap_before" -v ha="$heap_after" -v tb="$threads_before" -v ta="$threads_after" \
    -v ca="$connections_after" -v eb="$entries_before" -v ea="$entries_after" 'BEGIN {
        why = ""
        if (errors > 0) why = why " errors=" errors
        if (last > 1.5 * first) why = why " p99_grew=" first "->" last
        if (ha > 1.1 * hb) why = why " heap_grew=" hb "->" ha
        if (ta > tb + 2) why = why " threads_grew=" tb "->" ta
        if (ca > 10) why = why " connections=" ca
        if (ea > eb + 10) why = why " cache_entries_grew=" eb "->" ea
        print (why == "" ? "ok=yes" : "ok=no" why)
    }')
echo "SOAK $verdict requests=$requests_total errors=$errors_total p99_first_ms=${p99s[0]} p99_last_ms=${p99s[-1]} heap_kib=$heap_before->$heap_after threads=$threads_before->$threads_after connections=$connections_before->$connections_after cache_entries=$entries_before->$entries_after"
if [ "$mode" = smoke ]; then
    [ "$errors_total" -eq 0 ]
else
    [[ "$verdict" == ok=yes* ]]
fi
