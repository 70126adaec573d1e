#!/usr/bin/env bash
# Install the PostgreSQL server binaries for the store tests (idempotent).
# The tests start their own throwaway cluster (initdb/pg_ctl into a temporary
# folder, on 127.0.0.1), so no system service is started or needed here.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
    echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | tail -1) already installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends postgresql
# Debian's package creates and starts a default cluster: the tests do not use it.
if command -v pg_lsclusters > /dev/null; then
    pg_lsclusters --no-header | while read -r version name _; do
        pg_ctlcluster "$version" "$name" stop || true
    done
fi
