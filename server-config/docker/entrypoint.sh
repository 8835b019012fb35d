#!/bin/sh
# The image's entrypoint (tools/run-like-the-image.sh runs it outside Docker): secrets from
# files, then Payara Micro with the image's CMD as its arguments.
#
# For each secret below, NAME_FILE (DB_PASSWORD_FILE=/run/secrets/db-password, say) may name a
# file whose content becomes NAME, so passwords can come from Docker or Kubernetes secrets
# instead of the container's environment listing. Setting both NAME and NAME_FILE is refused.
set -eu

for name in DB_USER DB_PASSWORD MAIL_USERNAME MAIL_PASSWORD; do
    eval "file=\${${name}_FILE:-}"
    [ -n "$file" ] || continue
    if eval "[ -n \"\${$name+set}\" ]"; then
        echo "Task Manager refuses to start: both $name and ${name}_FILE are set" >&2
        exit 64
    fi
    if [ ! -r "$file" ]; then
        echo "Task Manager refuses to start: ${name}_FILE names $file, which cannot be read" >&2
        exit 66
    fi
    # $(...) drops the trailing newline secret files usually end with
    value=$(cat "$file")
    export "$name=$value"
    unset "${name}_FILE"
done

# the base image's memory settings, kept; the JVM exits on OutOfMemoryError so the orchestrator restarts it
# shellcheck disable=SC2086 # JVM_ARGS holds several options
exec java -XX:MaxRAMPercentage="${MEM_MAX_RAM_PERCENTAGE:-70.0}" -Xss"${MEM_XSS:-512k}" -XX:+ExitOnOutOfMemoryError \
    ${JVM_ARGS:-} -jar "${PAYARA_MICRO_JAR:-/opt/payara/payara-micro.jar}" "$@"
