#!/usr/bin/env bash
# Java for the Spark tests (pyspark 4 needs Java 17 or newer). Idempotent:
# installs Debian's headless JRE only when no suitable java is on PATH.
set -euo pipefail

java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

if command -v java >/dev/null 2>&1 && [ "$(java_major)" -ge 17 ] 2>/dev/null; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq openjdk-17-jre-headless >/dev/null
java -version 2>&1 | head -n 1
