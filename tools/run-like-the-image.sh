#!/usr/bin/env bash
# Runs what the Docker image runs, where there is no Docker engine: the Dockerfile's ENTRYPOINT
# and CMD, read from the Dockerfile itself, against a copy of the image's files (every COPY,
# placed at its path under target/image-fs, so ROOT.war keeps its name and its context root
# "/"), with Payara Micro of the image's version (target/payara/payara-micro.jar). The environment is the caller's: give it what compose gives
# the app service. Extra arguments go after the CMD (tests add --port and --rootdir).
#
#   mvn package && tools/make-signing-keys.sh && DB_HOST=localhost DB_PORT=5432 DB_NAME=taskmanager \
#       DB_USER=tm DB_PASSWORD=secret MAIL_SERVER=localhost MAIL_PORT=1025 MAIL_SENDER=no-reply@example.com \
#       TASKMANAGER_JWT_SIGNING_KEY_LOCATION=$PWD/target/keys/signing-key.pem \
#       MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:$PWD/target/keys/verification-key.pem tools/run-like-the-image.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dockerfile="$root/Dockerfile"

# the Dockerfile with its continuation lines joined
joined=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile")

# JSON array of an instruction as one argument per line (the arrays here hold no commas or quotes inside values)
instruction() {
    sed -n "s/^$1 *\[\(.*\)\] *$/\1/p" <<< "$joined" | tr ',' '\n' | sed 's/^ *"//; s/" *$//'
}

image_version=$(sed -n 's|^FROM payara/micro:\([^-]*\)-jdk17$|\1|p' <<< "$joined")
if ! grep -q "<payara.micro.version>$image_version</payara.micro.version>" "$root/pom.xml"; then
    echo "the Dockerfile's payara/micro:$image_version is not the pom's payara.micro.version" >&2
    exit 1
fi
export PAYARA_MICRO_JAR="$root/target/payara/payara-micro.jar"

image_fs="$root/target/image-fs"
rm -rf "$image_fs"
declare -A local_file
while read -r source destination; do
    if [ ! -f "$root/$source" ]; then
        echo "$root/$source is missing: run mvn package first" >&2
        exit 1
    fi
    mkdir -p "$image_fs$(dirname "$destination")"
    cp -p "$root/$source" "$image_fs$destination"
    local_file[$destination]="$image_fs$destination"
done < <(sed -n 's/^COPY \(--[^ ]* \)*\([^ ]*\) \([^ ]*\)$/\2 \3/p' <<< "$joined")

command=()
while IFS= read -r argument; do
    command+=("${local_file[$argument]:-$argument}")
done < <(instruction ENTRYPOINT; instruction CMD)

[ -f "$PAYARA_MICRO_JAR" ] || { echo "$PAYARA_MICRO_JAR is missing: run mvn package first" >&2; exit 1; }
if [ -n "${JAVA_HOME:-}" ]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
exec "${command[@]}" "$@"
