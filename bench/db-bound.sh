# Sourced by bench/run.sh after bench/setup.sh: the database's own bound for each task
# endpoint (issue 18). bench/sql/<endpoint>.sql holds the statements one request of that
# endpoint sends, as a pgbench script (bench/sql/README.md); this file
#   - captures them again from the PostgreSQL log of one real request per endpoint and
#     compares them with the scripts' statements (capture_statements, check_statements), and
#   - runs a script with pgbench at the wrk run's clients, threads and duration (db_measure).
sql_dir="$root/bench/sql"
pg_log="$work/postgres/log/postgresql.json"
sql_state=checked

# the seeded ids: $users users with consecutive ids, each with $tasks_per_user consecutive task
# ids (bench/setup.sh seeds them so); the scripts pick a user and one of its tasks from these
first_user=$(sql -c "SELECT min(id) FROM users WHERE username ~ '^bench[0-9]+\$'")
first_task=$(sql -c "SELECT min(t.id) FROM tasks t JOIN users u ON u.id = t.user_id WHERE u.username ~ '^bench[0-9]+\$'")
laid_out=$(sql -c "SELECT count(*) FROM tasks t JOIN users u ON u.id = t.user_id
    WHERE u.username ~ '^bench[0-9]+\$' AND u.id - $first_user BETWEEN 0 AND $users - 1
      AND t.id - $first_task BETWEEN 0 AND $users * $tasks_per_user - 1
      AND (t.id - $first_task) / $tasks_per_user = u.id - $first_user")
[ "$laid_out" -eq $((users * tasks_per_user)) ] || {
    say "the seeded ids are not laid out as bench/sql expects ($laid_out of $((users * tasks_per_user)) tasks)"; exit 1; }
db_now=$(date -u '+%Y-%m-%d %H:%M:%S+00')
pgbench_args=(-n -M prepared -c "$connections" -j "$threads" -h "$DB_HOST" -p "${DB_PORT:-5432}" -U "$DB_USER"
    -D first_user="$first_user" -D users="$users" -D first_task="$first_task" -D per_user="$tasks_per_user"
    -D now="$db_now" -D title="Benchmark task" -D description="created under load" -D due="2030-01-01 00:00:00+00"
    -D high=HIGH -D low=LOW)

# the statements of a pgbench script, normalised: one a line, variables as ?, blanks collapsed
script_statements() {
    grep -v -E '^[[:space:]]*(\\|--|$)' "$1" |
        sed -E 's/[[:space:]]*(\\gset.*|;)[[:space:]]*$//; s/:[A-Za-z_][A-Za-z0-9_]*/?/g; s/[[:space:]]+/ /g; s/^ //; s/ $//'
}

# one request of each endpoint with log_statement=all; leaves $log/sql-captured-<endpoint>.txt
# (normalised like script_statements: $n as ?) and $log/sql-captured.log (as logged)
capture_statements() {
    local offset token task_id
    offset=$(stat -c %s "$pg_log")
    read -r token task_id < "$log/tasks.txt"
    local auth=(-H "Authorization: Bearer $token") body=(-H 'Content-Type: application/json')
    sql -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" > /dev/null
    # the pool's idle connections read the new setting at their next statement
    sleep 0.5
    local endpoint status
    for endpoint in get list post patch; do
        sql -c "SELECT 'bench capture: $endpoint'" > /dev/null
        case $endpoint in
            get) status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base/api/tasks/$task_id") ;;
            list) status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base/api/tasks?limit=10") ;;
            post) status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "${body[@]}" -X POST "$base/api/tasks" \
                -d '{"title":"Benchmark task","description":"created under load","priority":"high","due_date":"2030-01-01T00:00:00Z"}') ;;
            patch) status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "${body[@]}" -X PATCH "$base/api/tasks/$task_id" \
                -d "{\"completion\":true,\"priority\":\"low\",\"description\":\"captured $(date +%s%N)\"}") ;;
        esac
        [[ "$status" == 2* ]] || { say "capturing $endpoint: HTTP $status"; exit 1; }
    done
    sql -c "SELECT 'bench capture: end'" -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" > /dev/null
    captured_end() { tail -c +$((offset + 1)) "$pg_log" | grep -q "bench capture: end"; }
    await 10 captured_end || { say "the capture's end never reached $pg_log"; exit 1; }
    # the application's statements between the markers; left out as not per request: the pool's
    # validation (SELECT 1, at most every 2 s per connection) and PgJDBC's pg_catalog look-up of a
    # result's column metadata (once per connection and result shape)
    tail -c +$((offset + 1)) "$pg_log" |
        jq -r 'select(.application_name == "psql" or .application_name == "task-manager")
               | [.application_name, (.message | gsub("\\s+"; " "))] | @tsv' |
        awk -F '\t' -v dir="$log" '
            $1 == "psql" && match($2, /bench capture: [a-z]+/) { endpoint = substr($2, RSTART + 15, RLENGTH - 15); next }
            $1 == "task-manager" && endpoint != "" && endpoint != "end" { print endpoint "\t" $2 }' > "$log/sql-captured.log"
    for endpoint in get list post patch; do
        awk -F '\t' -v e="$endpoint" '$1 == e { print $2 }' "$log/sql-captured.log" |
            sed -E 's/^(statement|execute [^:]*): //' | grep -v -E '^SELECT 1$|pg_catalog\.' |
            sed -E 's/\$[0-9]+/?/g; s/[[:space:]]+/ /g; s/^ //; s/ $//' > "$log/sql-captured-$endpoint.txt" || true
    done
}

# compares the captured statements with bench/sql; one retry, in case a scheduled job's
# statement fell into the capture. Sets sql_state (checked, stale or unchecked)
check_statements() {
    if [ ! -f "$pg_log" ]; then
        echo "WARNING: no log of the database at $pg_log (DB_HOST given): bench/sql was not checked against the service's statements"
        sql_state=unchecked
        return 0
    fi
    local attempt endpoint differ
    for attempt in 1 2; do
        capture_statements
        differ=()
        for endpoint in get list post patch; do
            cmp -s <(script_statements "$sql_dir/$endpoint.sql") "$log/sql-captured-$endpoint.txt" || differ+=("$endpoint")
        done
        [ ${#differ[@]} -gt 0 ] || break
    done
    local summary=() prepared total
    for endpoint in get list post patch; do
        total=$(awk -F '\t' -v e="$endpoint" '$1 == e' "$log/sql-captured.log" | grep -v -c -E 'execute [^:]*: (SELECT 1$|.*pg_catalog\.)' || true)
        prepared=$(awk -F '\t' -v e="$endpoint" '$1 == e' "$log/sql-captured.log" | grep -c -E 'execute S_[0-9]+: ' || true)
        summary+=("$endpoint $(wc -l < "$log/sql-captured-$endpoint.txt") ($prepared of $total as named prepared statements)")
    done
    echo "statements per request, captured from the PostgreSQL log: $(IFS=,; echo "${summary[*]}" | sed 's/,/, /g')"
    if [ ${#differ[@]} -eq 0 ]; then
        echo "bench/sql matches them (get, list, post, patch)"
        return 0
    fi
    sql_state=stale
    for endpoint in "${differ[@]}"; do
        echo "WARNING: the statements of one $endpoint request differ from bench/sql/$endpoint.sql: update it (captured: $log/sql-captured-$endpoint.txt)"
        diff <(script_statements "$sql_dir/$endpoint.sql") "$log/sql-captured-$endpoint.txt" | sed 's/^/    /' || true
    done
}

# db_measure <endpoint> <seconds> [<script> [<round> <rounds>]]: pgbench with bench/sql/<endpoint>.sql;
# sets db_tps[<endpoint>] and, on failures, adds to errors[<endpoint>_db]
declare -A db_tps
db_measure() {
    # the script is the endpoint's own unless a third argument names another (list_large: list)
    local name=$1 seconds=$2 script=${3:-$1} round=${4:-1} count=${5:-1} status=0
    local label=${name}_db out="$log/$1.pgbench.txt"
    [ "$count" -eq 1 ] || label="${name}_db $round/$count" out="$log/$1.pgbench.$round.txt"
    # the writes must have written: every PATCH transaction bumps one seeded row's version, every
    # POST transaction adds one row (a script whose ids missed would measure less work)
    local written="SELECT 0"
    [ "$name" != patch ] || written="SELECT sum(version) FROM tasks WHERE id BETWEEN $first_task AND $first_task + $users * $tasks_per_user - 1"
    [ "$name" != post ] || written="SELECT count(*) FROM tasks"
    # (the service may still finish requests wrk left in flight: wait until the figure holds still)
    local written_before previous=-1 tries=0
    written_before=$(sql -c "$written")
    while [ "$written_before" != "$previous" ] && [ $tries -lt 20 ]; do
        previous=$written_before tries=$((tries + 1))
        sleep 0.5
        written_before=$(sql -c "$written")
    done
    pgbench "${pgbench_args[@]}" -T "$seconds" -f "$sql_dir/$script.sql" "$DB_NAME" > "$out" 2>&1 || status=$?
    local processed
    processed=$(awk '/^number of transactions actually processed:/ { split($NF, n, "/"); print n[1] }' "$out")
    db_tps[$name]=$(awk '/^tps = / { printf "%.0f", $3 }' "$out")
    [ -n "${db_tps[$name]}" ] || db_tps[$name]=0
    local failed
    failed=$(awk '/^number of failed transactions:/ && $5 > 0 { print "failed: " $5 } /aborted/ { print "aborted clients" }' "$out" | paste -sd' ')
    [ "$status" -eq 0 ] || failed="pgbench exit $status: $(grep -m1 -i -E 'error|abort' "$out") $failed"
    [ "${db_tps[$name]}" != 0 ] || failed="${failed:-no transaction completed}"
    if [ "$written" != "SELECT 0" ] && [ $(( $(sql -c "$written") - written_before )) -ne "${processed:-0}" ]; then
        failed="$failed ${processed:-0} transactions but $(( $(sql -c "$written") - written_before )) rows written"
    fi
    errors[${name}_db]="${errors[${name}_db]:-}${failed:+ $failed}"
    printf '%-14s %8s tps     (pgbench, bench/sql/%s.sql, %s clients)   app/db %s   %s\n' "$label" "${db_tps[$name]}" "$script" \
        "$connections" "$(awk -v a="${rps[$name]}" -v d="${db_tps[$name]}" 'BEGIN { printf "%.2f", (d > 0 ? a / d : 0) }')" \
        "${failed:+errors: $failed}"
}
