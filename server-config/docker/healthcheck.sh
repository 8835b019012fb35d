#!/bin/bash
# The image's HEALTHCHECK: healthy while GET /health/ready answers 200 (the database is
# reachable and the application deployed). Plain bash, so the image needs neither curl
# nor wget. Usage: healthcheck.sh [port]   (8080 in the image)
set -u
port="${1:-8080}"
exec 3<> "/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
    "HTTP/1.1 200 "*) exit 0 ;;
    *) echo "readiness: ${status%$'\r'}" >&2; exit 1 ;;
esac
