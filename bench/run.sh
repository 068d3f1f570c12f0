#!/usr/bin/env bash
# SMTP load benchmark on loopback: a private Postfix instance as the baseline, then Postern under
# the same loads. Plain SMTP is driven by Postfix's smtp-source, STARTTLS by SmtpLoad (this module).
# See bench/README.md. Needs root (Postfix's master runs as root) and scripts/setup-debian test.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(dirname "$here")"

messages=10000
size=5120
sessions=20
per_conn=1
warmup=500
settle=3
postfix_addr=127.0.0.71
postfix_port=2525
postern_host=127.0.0.1
postern_port=""
postern_pid=""
target_cmd=""
build=true
offline=""
run_postfix=true
java_plain=false
end_to_end=false
messages_set=false
warmup_set=false
sink_addr=127.0.0.72
sink_port=2525
drain_timeout=300
drain_stall=60

usage() {
    cat <<'EOF'
usage: bench/run.sh [options]
  --messages N         messages per load (default 10000)
  --size BYTES         message size (default 5120)
  --sessions C         parallel sessions (default 20)
  --per-connection M   messages per connection (default 1: a new connection, and with STARTTLS a
                       full handshake, for every message; smtp-source can only do 1 or all-in-one)
  --warmup W           messages sent before each measured load, not counted (default 500)
  --java-plain         also run SmtpLoad without STARTTLS (plain-mode latencies; smtp-source has none)
  --postfix-addr A     loopback address of the Postfix baseline (default 127.0.0.71)
  --postfix-port P     its port (default 2525)
  --no-postfix         skip the Postfix baseline
  --postern-port P     Postern's SMTP port (an already running server, e.g. `./postern run`)
  --postern-host H     Postern's address (default 127.0.0.1)
  --postern-pid PID    Postern's process, for peak memory
  --target-cmd CMD     command that starts Postern in the foreground; it is started before and
                       stopped after its loads (needs --postern-port; its PID is measured)
  --end-to-end         instead of the loads above: accept with STARTTLS and relay with STARTTLS
                       required to a Postfix sink (default 3000 messages, warm-up 300); Postfix
                       relays via its relayhost, Postern must be started relaying bench.test to
                       the sink, e.g. --target-cmd 'bench/postern-target.sh PORT --relay-to
                       127.0.0.72:2525 --tls-out required'
  --sink-addr A        the sink's loopback address (default 127.0.0.72)
  --sink-port P        its port (default 2525)
  --drain-timeout S    give up waiting for the sink after S s (default 300), or after 60 s
                       without a delivery; the row then says how many arrived
  --no-build           use the jar already built
  --offline            build with mvn -o
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages=$2; messages_set=true; shift 2 ;;
        --size) size=$2; shift 2 ;;
        --sessions) sessions=$2; shift 2 ;;
        --per-connection) per_conn=$2; shift 2 ;;
        --warmup) warmup=$2; warmup_set=true; shift 2 ;;
        --end-to-end) end_to_end=true; shift ;;
        --sink-addr) sink_addr=$2; shift 2 ;;
        --sink-port) sink_port=$2; shift 2 ;;
        --drain-timeout) drain_timeout=$2; shift 2 ;;
        --java-plain) java_plain=true; shift ;;
        --postfix-addr) postfix_addr=$2; shift 2 ;;
        --postfix-port) postfix_port=$2; shift 2 ;;
        --no-postfix) run_postfix=false; shift ;;
        --postern-port) postern_port=$2; shift 2 ;;
        --postern-host) postern_host=$2; shift 2 ;;
        --postern-pid) postern_pid=$2; shift 2 ;;
        --target-cmd) target_cmd=$2; shift 2 ;;
        --no-build) build=false; shift ;;
        --offline) offline=-o; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
if $end_to_end; then
    $messages_set || messages=3000
    $warmup_set || warmup=300
fi
if [ -n "$target_cmd" ] && [ -z "$postern_port" ]; then
    echo "run.sh: --target-cmd needs --postern-port" >&2; exit 2
fi

need=(openssl smtp-source)
{ $run_postfix || $end_to_end; } && need+=(postfix ip)
for tool in "${need[@]}"; do
    command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null || {
        echo "run.sh: $tool is missing; run scripts/setup-debian test (Debian packages postfix, openssl, iproute2)" >&2
        exit 1
    }
done
export PATH="$PATH:/usr/sbin:/sbin"
if { $run_postfix || $end_to_end; } && [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: the Postfix baseline and sink must be started as root (or use --no-postfix without --end-to-end)" >&2; exit 1
fi

. "$root/scripts/java-home.sh"
postern_select_jdk
jar="$here/target/bench-0.1.0-SNAPSHOT.jar"
if $build || [ ! -f "$jar" ]; then
    echo "Building the load client…" >&2
    (cd "$root" && mvn -B -q -ntp $offline -pl bench package) >&2
fi

results="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
rows="$results/results.tsv"
if $end_to_end; then
    printf 'target\tmode\te2e_msgs_per_s\taccept_msgs_per_s\tdrain_s\tdelivered/accepted\terrors\tpeak_rss_mb\tpeak_pss_mb\taccept_p99_ms\n' > "$rows"
else
    printf 'target\tmode\tmsgs_per_s\tp50_ms\tp99_ms\tmax_ms\terrors\tpeak_rss_mb\tpeak_pss_mb\n' > "$rows"
fi

# ---------------------------------------------------------------- helpers

# Prints ROOT and all its descendants.
tree_pids() {
    ps -e -o pid=,ppid= | awk -v r="$1" '
        { parent[$1] = $2; pid[NR] = $1 }
        END {
            keep[r] = 1; changed = 1
            while (changed) {
                changed = 0
                for (i in pid) { p = pid[i]; if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
            }
            for (p in keep) print p
        }'
}

# Samples the summed Rss and Pss (kB) of ROOT's process tree every 0.5 s; keeps the maxima in OUT.
# Summed Rss counts shared pages (libraries) once per process; Pss shares them out.
mem_sampler() {
    local top=$1 out=$2 max_rss=0 max_pss=0 rss pss
    while kill -0 "$top" 2>/dev/null; do
        read -r rss pss < <(tree_pids "$top" | sed 's|.*|/proc/&/smaps_rollup|' | xargs cat 2>/dev/null |
            awk '/^Rss:/ { r += $2 } /^Pss:/ { s += $2 } END { print r + 0, s + 0 }')
        [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        [ "$pss" -gt "$max_pss" ] && max_pss=$pss
        echo "$max_rss $max_pss" > "$out"
        sleep 0.5
    done
}

sampler_pid=""
start_sampler() { # ROOT_PID OUT
    rm -f "$2"
    [ -n "$1" ] || return 0
    mem_sampler "$1" "$2" &
    sampler_pid=$!
}
stop_sampler() {
    if [ -n "$sampler_pid" ]; then
        kill "$sampler_pid" 2>/dev/null || true
        wait "$sampler_pid" 2>/dev/null || true
        sampler_pid=""
    fi
}

mb() { awk -v k="$1" 'BEGIN { if (k == "" || k <= 0) print "-"; else printf "%.0f", k / 1024 }'; }

wait_port() { # HOST PORT SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# smtp-source sends From/To/Date/Message-Id headers (about 150 bytes) before its -l payload.
source_payload=$((size > 400 ? size - 150 : 250))

# plain load with smtp-source: TARGET_NAME HOST PORT MEM_ROOT
load_smtp_source() {
    local name=$1 host=$2 port=$3 mem_root=$4 out="$results/$1-plain.txt" flags=() rc=0 t0 t1
    [ "$per_conn" -gt 1 ] && flags+=(-d)
    if [ "$warmup" -gt 0 ]; then
        smtp-source -s "$sessions" -m "$warmup" -l "$source_payload" -f bench@bench.test -t sink@bench.test \
            -M bench.test "${flags[@]}" "$host:$port" >/dev/null 2>&1 || true
        settle "$name"
    fi
    start_sampler "$mem_root" "$results/$name-plain.mem"
    t0=$(date +%s.%N)
    smtp-source -s "$sessions" -m "$messages" -l "$source_payload" -f bench@bench.test -t sink@bench.test \
        -M bench.test "${flags[@]}" "$host:$port" >"$out" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    stop_sampler
    local rate errors mem
    rate=$(awk -v n="$messages" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
    errors=0
    [ "$rc" -eq 0 ] || errors="aborted(rc=$rc)"
    read -r rss pss < <(cat "$results/$name-plain.mem" 2>/dev/null || echo "0 0")
    printf 'smtp-source: %s messages in %.2f s, exit %s\n' "$messages" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$rc" >>"$out"
    printf '%s\tplain\t%s\t-\t-\t-\t%s\t%s\t%s\n' "$name" "$rate" "$errors" "$(mb "$rss")" "$(mb "$pss")" >>"$rows"
    echo "  $name plain (smtp-source): $rate msg/s, exit $rc" >&2
    settle "$name"
}

# SmtpLoad: TARGET_NAME HOST PORT MEM_ROOT PID_FOR_HWM MODE(starttls|plain-java)
load_smtpload() {
    local name=$1 host=$2 port=$3 mem_root=$4 hwm_pid=$5 mode=$6 out="$results/$1-$6.txt" args=()
    [ "$mode" = starttls ] && args+=(--starttls)
    [ -n "$hwm_pid" ] && args+=(--pid "$hwm_pid")
    start_sampler "$mem_root" "$results/$name-$mode.mem"
    # Serial GC: the client shares the cores with the server; no parallel GC threads competing.
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar "$jar" --host "$host" --port "$port" --messages "$messages" --size "$size" \
        --sessions "$sessions" --per-connection "$per_conn" --warmup "$warmup" --label "$name" \
        "${args[@]}" >"$out" 2>&1 || true
    stop_sampler
    local line
    line=$(grep '^RESULT ' "$out" || true)
    read -r rss pss < <(cat "$results/$name-$mode.mem" 2>/dev/null || echo "0 0")
    if [ -z "$line" ]; then
        printf '%s\t%s\tfailed\t-\t-\t-\t-\t-\t-\n' "$name" "$mode" >>"$rows"
        echo "  $name $mode: SmtpLoad failed, see $out" >&2
    else
        get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$mode" "$(get msgs_per_s)" "$(get p50_ms)" \
            "$(get p99_ms)" "$(get max_ms)" "$(get errors)" "$(mb "$rss")" "$(mb "$pss")" >>"$rows"
        echo "  $name $mode (SmtpLoad): $(get msgs_per_s) msg/s, p50 $(get p50_ms) ms, p99 $(get p99_ms) ms, errors $(get errors)" >&2
    fi
    settle "$name"
}

# After each load: Postfix drains its queue (delivery is discarded); others get a fixed pause.
settle() {
    if [ "$1" = postfix ]; then
        local i n
        for ((i = 0; i < 1200; i++)); do
            n=$(find "$pf_dir/queue/maildrop" "$pf_dir/queue/incoming" "$pf_dir/queue/active" \
                "$pf_dir/queue/deferred" "$pf_dir/queue/hold" -type f 2>/dev/null | wc -l)
            [ "$n" -eq 0 ] && return 0
            sleep 0.1
        done
        echo "  warning: Postfix queue still holds $n messages" >&2
    else
        sleep "$settle"
    fi
}

run_loads() { # TARGET_NAME HOST PORT MEM_ROOT HWM_PID
    load_smtp_source "$1" "$2" "$3" "$4"
    $java_plain && load_smtpload "$1" "$2" "$3" "$4" "$5" plain-java
    load_smtpload "$1" "$2" "$3" "$4" "$5" starttls
}

# ---------------------------------------------------------------- Postfix baseline

pf_dir=""
pf_master=""
pf_dirs=()
started_dir=""
started_master=""
target_pid=""
running() { [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Stops the Postfix instance in DIR and removes DIR.
stop_postfix_dir() {
    local dir=$1 master="" i
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    master=$(tr -d ' ' <"$dir/queue/pid/master.pid" 2>/dev/null || true)
    postfix -c "$dir/conf" stop >/dev/null 2>&1 || true
    for ((i = 0; i < 100; i++)); do
        [ -n "$master" ] && running "$master" || break
        sleep 0.1
    done
    rm -rf "$dir"
}
stop_postfix() {
    stop_postfix_dir "$pf_dir"
    pf_dir=""
}

cleanup() {
    stop_sampler
    stop_target
    local d
    for d in "${pf_dirs[@]}"; do stop_postfix_dir "$d"; done
}

# Stops the process tree started by --target-cmd: TERM to all of it, KILL what is left after 15 s.
stop_target() {
    [ -n "$target_pid" ] || return 0
    local pids p i
    pids=$(tree_pids "$target_pid")
    kill $pids 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        local alive=""
        for p in $pids; do running "$p" && alive="$alive $p"; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    [ -n "${alive:-}" ] && kill -9 $alive 2>/dev/null || true
    wait "$target_pid" 2>/dev/null || true
    target_pid=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a throw-away Postfix: start_postfix ROLE ADDR PORT; sets started_dir and started_master.
#   baseline: accepts into its queue (fsync'ed) and discards; STARTTLS offered
#   relay:    the same, but relays everything with STARTTLS required to [$sink_addr]:$sink_port
#   sink:     the end-to-end sink: STARTTLS offered, discards, logs each delivery to its maillog
start_postfix() {
    local role=$1 addr=$2 port=$3 dir name transport tls_log extra=""
    # Another run (or server) on the same address would be measured instead of ours.
    if (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null; then
        echo "run.sh: $addr:$port is already in use (another benchmark running?); choose another address/port" >&2
        exit 1
    fi
    dir=$(mktemp -d "/tmp/postern-bench-postfix-$role.XXXXXX")
    pf_dirs+=("$dir")
    chmod 755 "$dir"
    mkdir "$dir/conf" "$dir/data" "$dir/queue"
    chown postfix:postfix "$dir/data"
    case "$role" in
        sink) name=sink.bench.test ;;
        *) name=postfix.bench.test ;;
    esac
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/conf/key.pem" -out "$dir/conf/cert.pem" \
        -days 2 -subj "/CN=$name" -addext "subjectAltName=DNS:$name" 2>/dev/null
    chmod 600 "$dir/conf/key.pem"
    # Postfix wants inet_interfaces to be an address of an interface: add it to lo (as a /32) if missing.
    # grep reads all of ip's output (no -q): an early exit would SIGPIPE ip and, with pipefail, look like "missing"
    if [ "$addr" != 127.0.0.1 ] && ! ip -4 -o addr show dev lo | grep -F " $addr/" >/dev/null; then
        ip addr add "$addr/32" dev lo
    fi
    transport=discard
    # The sink logs every TLS session, so that the harness can check that relaying used TLS.
    tls_log=0
    [ "$role" = sink ] && tls_log=1
    if [ "$role" = relay ]; then
        transport=smtp
        # Outbound STARTTLS required, certificate not verified (as Postern's --tls-out required).
        extra="relayhost = [$sink_addr]:$sink_port
smtp_tls_security_level = encrypt
smtp_tls_loglevel = 0"
    fi
    cat >"$dir/conf/main.cf" <<EOF
# Postfix ($role) for the load benchmark.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
myhostname = $name
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = $addr
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_peername_lookup = no
default_transport = $transport
relay_transport = $transport
local_transport = discard
virtual_transport = discard
smtpd_tls_security_level = may
smtpd_tls_cert_file = $dir/conf/cert.pem
smtpd_tls_key_file = $dir/conf/key.pem
smtpd_tls_loglevel = $tls_log
$extra
EOF
    cat >"$dir/conf/master.cf" <<EOF
$addr:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    if ! postfix -c "$dir/conf" start >"$results/postfix-$role-start.txt" 2>&1; then
        echo "run.sh: postfix ($role) start failed; the reason (Postfix reports it on a terminal only):" >&2
        script -qec "postfix -c $dir/conf check" /dev/null >&2 || true
        exit 1
    fi
    wait_port "$addr" "$port" 15 || { echo "run.sh: Postfix ($role) does not listen on $addr:$port" >&2; exit 1; }
    started_dir=$dir
    started_master=$(tr -d ' ' <"$dir/queue/pid/master.pid")
}

# Starts Postern with --target-cmd (or checks the running one); sets mem_root to the process to measure.
start_postern() {
    mem_root=$postern_pid
    if [ -n "$target_cmd" ]; then
        bash -c "exec $target_cmd" >"$results/postern-output.txt" 2>&1 &
        target_pid=$!
        mem_root=$target_pid
        wait_port "$postern_host" "$postern_port" 120 || { echo "run.sh: Postern does not listen on $postern_host:$postern_port" >&2; exit 1; }
    else
        wait_port "$postern_host" "$postern_port" 5 || { echo "run.sh: nothing listens on $postern_host:$postern_port" >&2; exit 1; }
    fi
}

uname -a >"$results/machine.txt"
{ nproc; uptime; postconf -d mail_version; "$JAVA_HOME/bin/java" -version 2>&1 | head -1; } >>"$results/machine.txt" 2>&1
echo "Load: $messages x $size bytes, $sessions sessions, $per_conn per connection, warm-up $warmup; results in $results" >&2

# ---------------------------------------------------------------- end to end (--end-to-end)
# Each target accepts with STARTTLS (SmtpLoad) and relays with STARTTLS required to one sink
# Postfix, which discards and logs every delivery. The targets run one after the other; the sink's
# delivery count before each measured load is the baseline of that target.

# Deliveries the sink has made: its discard agent's "status=sent" lines for the load's recipient.
sink_count() {
    local n
    n=$(grep -c 'to=<sink@bench.test>, relay=none, .*status=sent' "$sink_dir/maillog" 2>/dev/null || true)
    echo "${n:-0}"
}

# Connections to the sink, and those of them with TLS: "N M".
sink_connections() {
    local c t
    c=$(grep -c 'postfix/smtpd\[[0-9]*\]: connect from ' "$sink_dir/maillog" 2>/dev/null || true)
    t=$(grep -c 'postfix/smtpd\[[0-9]*\]: .*TLS connection established from ' "$sink_dir/maillog" 2>/dev/null || true)
    echo "${c:-0} ${t:-0}"
}

# Waits until the sink has made WANT deliveries; gives up after $drain_timeout s, or after
# $drain_stall s without a new one. Sets sink_now (the count) and sink_done_ms (epoch ms, or "").
wait_sink() {
    local want=$1 deadline last_change last=-1 now_ms
    deadline=$(($(date +%s%3N) + drain_timeout * 1000))
    last_change=$(date +%s%3N)
    sink_done_ms=""
    while :; do
        sink_now=$(sink_count)
        now_ms=$(date +%s%3N)
        if [ "$sink_now" -ge "$want" ]; then sink_done_ms=$now_ms; return 0; fi
        if [ "$sink_now" -ne "$last" ]; then last=$sink_now; last_change=$now_ms; fi
        [ "$now_ms" -ge "$deadline" ] && return 1
        [ $((now_ms - last_change)) -ge $((drain_stall * 1000)) ] && return 1
        sleep 0.1
    done
}

# e2e_target NAME HOST PORT MEM_ROOT HWM_PID
e2e_target() {
    local name=$1 host=$2 port=$3 mem_root=$4 hwm_pid=$5 out="$results/$1-e2e-tls.txt" args=() line base
    local java=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar "$jar" --host "$host" --port "$port" --size "$size"
        --sessions "$sessions" --per-connection "$per_conn" --starttls --label "$name")
    get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    # Warm-up as a load of its own, so that it has reached the sink before the measured load starts.
    if [ "$warmup" -gt 0 ]; then
        base=$(sink_count)
        "${java[@]}" --messages "$warmup" >"$results/$name-e2e-warmup.txt" 2>&1 || true
        line=$(grep '^RESULT ' "$results/$name-e2e-warmup.txt" || true)
        local wsent=0
        [ -n "$line" ] && wsent=$(get sent)
        if ! wait_sink $((base + wsent)); then
            echo "  warning: $name: the sink got $((sink_now - base)) of the warm-up's $wsent messages" >&2
        fi
    fi
    base=$(sink_count)
    local c0 t0 c1 t1
    read -r c0 t0 < <(sink_connections)
    [ -n "$hwm_pid" ] && args+=(--pid "$hwm_pid")
    start_sampler "$mem_root" "$results/$name-e2e-tls.mem"
    "${java[@]}" --messages "$messages" "${args[@]}" >"$out" 2>&1 || true
    line=$(grep '^RESULT ' "$out" || true)
    if [ -z "$line" ]; then
        stop_sampler
        printf '%s\te2e-tls\tfailed\t-\t-\t-\t-\t-\t-\t-\n' "$name" >>"$rows"
        echo "  $name e2e-tls: SmtpLoad failed, see $out" >&2
        return 0
    fi
    local sent start_ms end_ms drained=true e2e drain delivered
    sent=$(get sent); start_ms=$(get start_ms); end_ms=$(get end_ms)
    wait_sink $((base + sent)) || drained=false
    stop_sampler
    read -r c1 t1 < <(sink_connections)
    delivered=$((sink_now - base))
    read -r rss pss < <(cat "$results/$name-e2e-tls.mem" 2>/dev/null || echo "0 0")
    if $drained; then
        e2e=$(awk -v n="$delivered" -v a="$start_ms" -v b="$sink_done_ms" 'BEGIN { printf "%.1f", n * 1000 / (b - a) }')
        drain=$(awk -v a="$end_ms" -v b="$sink_done_ms" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
    else
        e2e=-; drain=-
    fi
    printf '%s\te2e-tls\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\t%s\n' "$name" "$e2e" "$(get msgs_per_s)" "$drain" \
        "$delivered" "$sent" "$(get errors)" "$(mb "$rss")" "$(mb "$pss")" "$(get p99_ms)" >>"$rows"
    {
        echo "sink: $delivered of $sent accepted messages delivered; load start $start_ms, load end $end_ms," \
            "last delivery seen ${sink_done_ms:-never (gave up)} (epoch ms)"
        echo "sink: $((c1 - c0)) connections from the relay, $((t1 - t0)) of them with TLS"
    } >>"$out"
    echo "  $name: the sink saw $((c1 - c0)) connections, $((t1 - t0)) with TLS, for $delivered messages" >&2
    if $drained; then
        echo "  $name e2e-tls: $e2e msg/s end to end, accepted at $(get msgs_per_s) msg/s, drained $drain s after the load, errors $(get errors)" >&2
    else
        echo "  $name e2e-tls: NOT drained: the sink got $delivered of $sent accepted messages (accepted at $(get msgs_per_s) msg/s, errors $(get errors))" >&2
    fi
}

e2e_table() {
    awk -F'\t' '
        NR == 1 { next }
        { if ($1 == "postfix") { be = $3; ba = $4; bp = $9 } row[NR] = $0 }
        END {
            printf "%-8s %-8s %9s %9s %8s %11s %6s %7s %7s %8s %8s %8s\n", "target", "mode", "e2e m/s", "acc m/s",
                "drain s", "delivered", "errors", "RSS MB", "PSS MB", "x e2e", "x acc", "x PSS"
            for (i = 2; i <= NR; i++) {
                split(row[i], f, "\t")
                re = "-"; ra = "-"; rp = "-"
                if (f[1] != "postfix") {
                    if (be + 0 > 0 && f[3] + 0 > 0) re = sprintf("%.2f", f[3] / be)
                    if (ba + 0 > 0 && f[4] + 0 > 0) ra = sprintf("%.2f", f[4] / ba)
                    if (bp + 0 > 0 && f[9] + 0 > 0) rp = sprintf("%.2f", f[9] / bp)
                }
                printf "%-8s %-8s %9s %9s %8s %11s %6s %7s %7s %8s %8s %8s\n", f[1], f[2], f[3], f[4], f[5], f[6],
                    f[7], f[8], f[9], re, ra, rp
            }
        }' "$rows"
}

if $end_to_end; then
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    start_postfix sink "$sink_addr" "$sink_port"
    sink_dir=$started_dir
    echo "Sink: Postfix $(postconf -d -h mail_version) on $sink_addr:$sink_port (STARTTLS offered, discards)" >&2
    if $run_postfix; then
        start_postfix relay "$postfix_addr" "$postfix_port"
        pf_dir=$started_dir
        pf_master=$started_master
        echo "Postfix relay on $postfix_addr:$postfix_port -> [$sink_addr]:$sink_port, STARTTLS required (master pid $pf_master)" >&2
        e2e_target postfix "$postfix_addr" "$postfix_port" "$pf_master" ""
        cp "$pf_dir/maillog" "$results/postfix-relay-maillog.txt" 2>/dev/null || true
        stop_postfix
    fi
    if [ -n "$postern_port" ]; then
        start_postern
        echo "Postern on $postern_host:$postern_port${mem_root:+ (pid $mem_root)}; it must relay bench.test to $sink_addr:$sink_port" >&2
        e2e_target postern "$postern_host" "$postern_port" "$mem_root" "$mem_root"
        stop_target
    fi
    cp "$sink_dir/maillog" "$results/sink-maillog.txt" 2>/dev/null || true
    uptime >>"$results/machine.txt"
    {
        echo "Load: $messages messages x $size bytes, $sessions sessions, $per_conn per connection, warm-up $warmup (sent and drained first)"
        echo "e2e-tls = SmtpLoad with STARTTLS (full RSA handshake per connection) into the target, which relays"
        echo "  with STARTTLS required to a Postfix sink on $sink_addr:$sink_port that discards"
        echo "e2e m/s = messages delivered / (load start to the sink's last delivery); acc m/s = the load's own"
        echo "  accept rate; drain s = load end to the sink's last delivery; delivered = at the sink / accepted"
        echo "RSS, PSS = peak of the target's process tree (not the sink), sampled every 0.5 s until drained"
        echo "x e2e, x acc, x PSS = Postern / Postfix"
        echo "load average (1, 5, 15 min): $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
        echo
        e2e_table
    } | tee "$results/summary.txt"
    exit 0
fi

if $run_postfix; then
    start_postfix baseline "$postfix_addr" "$postfix_port"
    pf_dir=$started_dir
    pf_master=$started_master
    echo "Postfix $(postconf -d -h mail_version) on $postfix_addr:$postfix_port (master pid $pf_master)" >&2
    run_loads postfix "$postfix_addr" "$postfix_port" "$pf_master" ""
    cp "$pf_dir/maillog" "$results/postfix-maillog.txt" 2>/dev/null || true
    stop_postfix
fi

# ---------------------------------------------------------------- Postern

if [ -n "$postern_port" ]; then
    start_postern
    echo "Postern on $postern_host:$postern_port${mem_root:+ (pid $mem_root)}" >&2
    run_loads postern "$postern_host" "$postern_port" "$mem_root" "$mem_root"
    stop_target
fi

# ---------------------------------------------------------------- table

table() {
    awk -F'\t' '
        NR == 1 { next }
        { key = $2; if ($1 == "postfix") base[key] = $3; if ($1 == "postfix") rbase[key] = $9; row[NR] = $0 }
        END {
            printf "%-8s %-10s %9s %9s %9s %9s %7s %9s %9s %8s %8s\n", "target", "mode", "msgs/s", "p50 ms", "p99 ms",
                "max ms", "errors", "RSS MB", "PSS MB", "x msg/s", "x PSS"
            for (i = 2; i <= NR; i++) {
                split(row[i], f, "\t")
                ratio = "-"; rratio = "-"
                if (f[1] != "postfix" && (f[2] in base) && base[f[2]] + 0 > 0 && f[3] + 0 > 0)
                    ratio = sprintf("%.2f", f[3] / base[f[2]])
                if (f[1] != "postfix" && (f[2] in rbase) && rbase[f[2]] + 0 > 0 && f[9] + 0 > 0)
                    rratio = sprintf("%.2f", f[9] / rbase[f[2]])
                printf "%-8s %-10s %9s %9s %9s %9s %7s %9s %9s %8s %8s\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                    f[8], f[9], ratio, rratio
            }
        }' "$rows"
}
{
    echo "Load: $messages messages x $size bytes, $sessions sessions, $per_conn per connection, warm-up $warmup"
    echo "plain = smtp-source (no latencies); starttls = SmtpLoad, full RSA handshake per connection"
    echo "RSS, PSS = peak of the summed memory of the target's process tree, sampled every 0.5 s;"
    echo "  summed RSS counts shared libraries once per process (Postfix runs ~20), PSS shares them out"
    echo "x msg/s, x PSS = Postern / Postfix for the same mode"
    echo
    table
} | tee "$results/summary.txt"
