# Shared by bench/run.sh and bench/soak.sh (sourced, not run): installs wrk, psql and pgbench
# when missing, builds, starts PostgreSQL (fsync on) and the service, seeds $users users with
# $tasks_per_user tasks each and logs them in. Leaves $base, $service (the service's PID),
# $start_s, start_service and stop_service (run.sh times more starts), $log, sql(),
# $log/tasks.txt ("<token> <task id>"), $log/logins.txt ("<username> <password>"), and the
# readers of wrk's output (to_ms, rate_of, percentile_of). The seeded users have consecutive
# ids and each one's tasks consecutive ids (bench/sql/README.md relies on it).
# The caller sets root, users, tasks_per_user and log_name, and may set heap.
# 256 MB: at 512 MB G1 committed 352 MB of heap under this load while using about 150, and
# throughput was the same with 256 (bench/RESULTS.md); docs/deployment.md recommends the same size
heap=${BENCH_HEAP:-256m}
work="$root/target/bench"
rm -rf "$work/$log_name" && mkdir -p "$work/$log_name"
log="$work/$log_name"

say() { printf '[bench] %s\n' "$*" >&2; }

# --- tools: wrk, psql, pgbench and jq from Debian's packages when missing (Debian's client may
# be older than the server, 15 on bookworm: pgbench and psql work against a newer server; jq
# reads the PostgreSQL log run.sh captures statements from)
missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v jq > /dev/null || missing+=(jq)
{ command -v psql > /dev/null && command -v pgbench > /dev/null; } || missing+=(postgresql-client)
command -v curl > /dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq > "$log/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >> "$log/apt.log" 2>&1
fi

# --- build (the jar and the helper's classes)
if [ "${BENCH_SKIP_BUILD:-}" != "1" ]; then
    say "building"
    mvn -B -q package -DskipTests > "$log/build.log" 2>&1 || { cat "$log/build.log"; exit 1; }
fi

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2> /dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 60); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2> /dev/null || true
    done
}
trap cleanup EXIT

# poll until a condition holds, or fail after a deadline (never a fixed wait standing in for it)
await() {
    local seconds=$1; shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}

# --- database
if [ -z "${DB_HOST:-}" ]; then
    say "starting embedded PostgreSQL 17 (and timing bcrypt)"
    rm -f "$work/postgres.port"
    mvn -B -q exec:java -Dexec.mainClass=io.taskmanager.bench.BenchDatabase -Dexec.classpathScope=test \
        -Dexec.cleanupDaemonThreads=false > "$log/postgres.log" 2>&1 &
    pids+=($!)
    await 180 test -s "$work/postgres.port" || { cat "$log/postgres.log"; exit 1; }
    export DB_HOST=127.0.0.1 DB_PORT=$(cat "$work/postgres.port") DB_NAME=taskmanager DB_USER=postgres DB_PASSWORD=postgres
else
    say "using PostgreSQL at $DB_HOST:${DB_PORT:-5432}"
    mvn -B -q exec:java -Dexec.mainClass=io.taskmanager.bench.BenchDatabase -Dexec.classpathScope=test \
        -Dbench.database=none > "$log/bcrypt.log" 2>&1
fi
export PGPASSWORD=$DB_PASSWORD
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "${DB_PORT:-5432}" -U "$DB_USER" -d "$DB_NAME" "$@"; }
bcrypt_ms=$(cat "$work/bcrypt.ms")

# --- the service
# a free port: one nothing answers on
port=$((20000 + RANDOM % 30000))
while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do port=$((20000 + RANDOM % 30000)); done
base="http://127.0.0.1:$port"
# start_service [name]: starts the microbundle, waits for /health/ready and sets $service and
# $start_s (seconds from java -jar to ready); its log is $log/<name>.log, its root $log/<name>-root
start_service() {
    local name=${1:-service}
    local start_ns
    start_ns=$(date +%s%N)
    # development mode, named: the benchmark sends no mail and needs no key of its own
    TASKMANAGER_MODE=dev TASKMANAGER_RATELIMIT_AUTH_PER_MINUTE=1000000000 TASKMANAGER_RATELIMIT_USER_PER_MINUTE=1000000000 \
    TASKMANAGER_TASKS_QUOTA=1000000000 \
        java "-Xmx$heap" "-Djava.io.tmpdir=$log" ${BENCH_JAVA_OPTS:-} -jar target/task-manager-microbundle.jar ${BENCH_MICRO_ARGS:-} --port "$port" \
            --rootdir "$log/$name-root" > "$log/$name.log" 2>&1 &
    service=$!
    pids=("$service" "${pids[@]}")
    await 180 ready || { tail -50 "$log/$name.log"; exit 1; }
    start_s=$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
}
# stop_service: stops the service and waits until it has exited
stop_service() {
    kill "$service" 2> /dev/null || true
    await 60 eval '! kill -0 "$service" 2> /dev/null' || kill -9 "$service" 2> /dev/null || true
    wait "$service" 2> /dev/null || true
}
ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ]; }
say "starting the service on $base (heap $heap)"
start_service
say "ready after ${start_s} s"

# --- seed: one real signup gives a bcrypt hash at the service's cost; the other users share it
password='bench-Password-1'
curl -sf -o /dev/null -X POST "$base/api/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"username\":\"benchseed\",\"email\":\"benchseed@bench.test\",\"password\":\"$password\"}"
sql <<SQL
INSERT INTO users (username, email, password_hash)
SELECT 'bench' || g, 'bench' || g || '@bench.test', (SELECT password_hash FROM users WHERE username = 'benchseed')
FROM generate_series(1, $users) g;
INSERT INTO tasks (user_id, title, description, priority, due_date, created_at, updated_at)
SELECT u.id, 'Seeded task ' || g, 'seeded through SQL', 'MEDIUM', '2030-01-01T00:00:00Z', now(), now()
FROM users u, generate_series(1, $tasks_per_user) g WHERE u.username LIKE 'bench_%' AND u.username <> 'benchseed'
ORDER BY u.id, g;
ANALYZE users; ANALYZE tasks;
SQL
rows_seeded=$(sql -c "SELECT count(*) FROM tasks")
declare -A token
: > "$log/logins.txt"
for i in $(seq 1 $users); do
    echo "bench$i $password" >> "$log/logins.txt"
done
# the logins run two at a time (bcrypt is the cost, and there are two cores)
xargs -P 2 -L 1 sh -c '{ curl -sf -X POST "$0/api/auth/login" -H "Content-Type: application/json" \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}"; echo; } | sed -n "s/.*\"token\":\"\([^\"]*\)\".*/$1 \1/p"' "$base" \
    < "$log/logins.txt" > "$log/tokens.txt"
while read -r username value; do token[$username]=$value; done < "$log/tokens.txt"
[ ${#token[@]} -eq $users ] || { say "only ${#token[@]} of $users logins worked"; exit 1; }
: > "$log/tasks.txt"
sql -F ' ' -c "SELECT u.username, t.id FROM tasks t JOIN users u ON u.id = t.user_id ORDER BY t.id" |
    while read -r username id; do echo "${token[$username]} $id"; done > "$log/tasks.txt"
say "seeded $users users, $rows_seeded tasks"

# wrk's latency line values come as 812.00us, 1.52ms or 1.01s
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
# from a wrk output file: requests a second, and a latency percentile (50%, 99%) in ms
rate_of() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
percentile_of() { awk -v p="$2" '$1 == p { print $2 }' "$1" | to_ms; }
