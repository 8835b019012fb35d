#!/usr/bin/env bash
# Regenerates src/main/resources/META-INF/common-passwords.txt from the npm package
# @zxcvbn-ts/language-common (MIT; its list ranks Mark Burnett's 10M-password corpus
# by frequency). Only entries of 8+ characters are kept: shorter ones fail the length
# rule anyway. Run by hand when the package publishes a new list; commit the result.
set -euo pipefail
version=${1:-4.1.3}
work=$(mktemp -d target/common-passwords.XXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zxcvbn-ts/language-common@$version" >/dev/null && tar xzf ./*.tgz)
out=src/main/resources/META-INF/common-passwords.txt
{
  echo "# Most common passwords, by frequency: @zxcvbn-ts/language-common $version (MIT), entries of 8+ characters."
  python3 -c 'import json,sys; [print(p) for p in json.load(open(sys.argv[1])) if len(p) >= 8]' "$work/package/src/passwords.json"
} > "$out"
echo "wrote $(grep -vc '^#' "$out") passwords to $out"
