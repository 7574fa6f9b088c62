# lib/jvirtiod.sh - sourced INSIDE the guest: start, stop and watch jvirtiod daemons.
#
#   jv_start NAME IMG [ARGS...]   start `jvirtiod vduse-blk --name NAME --file IMG ARGS` in the background;
#                                 log appended to /tmp/jv-NAME.log, pid in /tmp/jv-NAME.pid
#   jv_pid NAME                   its pid
#   jv_wait_log NAME REGEX [SECS] wait until the log has a line matching REGEX (fail if the daemon died)
#   jv_kill NAME [SIGNAL]         signal it (default KILL) and reap it
#   jv_crash_reports              print the JVM crash reports (hs_err) any daemon left, if any
#
# The daemon runs from the host's build (the host root is the guest's root) through this checkout's launcher,
# which finds the JDK and passes jvm.flags, without building (JVIRTIOD_NO_BUILD=1), with $JVIRTIOD_JAVA_OPTS
# added (e.g. an AOT cache, which cuts the JVM's start under TCG by seconds).

JV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

jv_start() {
    local name=$1 img=$2; shift 2
    JVIRTIOD_NO_BUILD=1 JVIRTIOD_JAVA_OPTS="-XX:ErrorFile=/tmp/jv-hs_err_%p.log ${JVIRTIOD_JAVA_OPTS:-}" \
        "$JV_ROOT/jvirtiod" vduse-blk --name "$name" --file "$img" --log-dir /tmp/jv-state "$@" \
        >> "/tmp/jv-$name.log" 2>&1 &
    echo $! > "/tmp/jv-$name.pid"
}

jv_pid() {
    cat "/tmp/jv-$1.pid"
}

jv_wait_log() {
    local name=$1 re=$2 deadline=$((SECONDS + ${3:-120}))
    until grep -Eq "$re" "/tmp/jv-$name.log" 2>/dev/null; do
        if ! kill -0 "$(jv_pid "$name")" 2>/dev/null; then
            echo "jvirtiod $name died; its log:" >&2; cat "/tmp/jv-$name.log" >&2; return 1
        fi
        [ $SECONDS -lt "$deadline" ] || { echo "jvirtiod $name: no '$re' in its log" >&2; return 1; }
        sleep 0.05
    done
}

jv_kill() {
    local pid; pid=$(jv_pid "$1")
    kill "-${2:-KILL}" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

jv_crash_reports() {
    local f
    for f in /tmp/jv-hs_err_*.log; do
        [ -e "$f" ] || continue
        echo "--- JVM crash report $f"
        head -120 "$f"
    done
}
