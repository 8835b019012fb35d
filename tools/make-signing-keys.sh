#!/usr/bin/env bash
# Makes the RSA key pair that signs and verifies Task Manager's tokens, with openssl:
#   signing-key.pem       the private key (PKCS#8 PEM): TASKMANAGER_JWT_SIGNING_KEY_LOCATION
#   verification-key.pem  its public key (X.509 PEM): MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:...
# Usage: tools/make-signing-keys.sh [DIRECTORY]   (default target/keys, which docker-compose.yaml reads)
# Keep the private key secret (a Docker or Kubernetes secret, a file only the service can read):
# whoever has it can sign a token for any account.
set -euo pipefail
directory="${1:-$(cd "$(dirname "$0")/.." && pwd)/target/keys}"
mkdir -p "$directory"
umask 077
if [ -e "$directory/signing-key.pem" ]; then
    echo "$directory/signing-key.pem exists: not replaced (delete it first to rotate; see the README)" >&2
    exit 1
fi
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$directory/signing-key.pem" 2>/dev/null
openssl pkey -in "$directory/signing-key.pem" -pubout -out "$directory/verification-key.pem"
chmod 644 "$directory/verification-key.pem"
echo "TASKMANAGER_JWT_SIGNING_KEY_LOCATION=$directory/signing-key.pem"
echo "MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:$directory/verification-key.pem"
