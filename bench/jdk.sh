# Sourced by the bench scripts: sets jdk to a JDK 25 or newer from JAVA_HOME or /usr/lib/jvm, or calls die.
jdk=""
for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$cand/release" 2>/dev/null || true)"
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then jdk="$cand"; break; fi
done
[ -n "$jdk" ] || die "needs a JDK 25 in JAVA_HOME or under /usr/lib/jvm"
