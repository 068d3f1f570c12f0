#!/usr/bin/env bash
# Starts Postern configured for the benchmark, in the foreground until SIGTERM:
#   bench/postern-target.sh PORT [--relay-to HOST:PORT [--tls-out LEVEL]]
# A fresh data directory gets: an RSA-2048 self-signed certificate; one private listener on
# 127.0.0.1:PORT (relaying for 127.0.0.0/8, STARTTLS Preferred, 1000 connections, accept queue
# 128), no reverse-DNS lookups (none are needed for IP patterns). Accepted mail for bench.test is
# delivered to the --relay-to host (default: a plain smtp-sink started here on 127.0.0.1:PORT+1),
# with the outbound TLS setting --tls-out (default none).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port=${1:?usage: postern-target.sh PORT [--relay-to HOST:PORT] [--tls-out LEVEL]}
shift
relay=""
tls_out=none
while [ $# -gt 0 ]; do
    case "$1" in
        --relay-to) relay=$2; shift 2 ;;
        --tls-out) tls_out=$2; shift 2 ;;
        *) echo "postern-target.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
data=$(mktemp -d /tmp/postern-bench-data.XXXXXX)
pg() { "$here/postern" --data-dir "$data" "$@" >/dev/null; }
sink_pid=""
cleanup() {
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
    [ -n "${engine_pid:-}" ] && kill "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 0' TERM INT

if [ -z "$relay" ]; then
    sink_port=$((port + 1))
    smtp-sink -c -u postfix 127.0.0.1:"$sink_port" 1000 &
    sink_pid=$!
    relay=127.0.0.1:$sink_port
fi

pg certconfig create --name bench --cn bench.postern.test --key rsa2048
pg listenerconfig delete --name IncomingMail
pg listenerconfig delete --name OutgoingMail
pg listenerconfig new --name Bench --private --address 127.0.0.1 --port "$port" --certificate bench \
    --tls preferred --max-connections 1000 --accept-queue 128
pg destconfig new --domain bench.test --tls "$tls_out" --route "$relay" --max-connections 20

"$here/postern" --data-dir "$data" run &
engine_pid=$!
wait "$engine_pid"
