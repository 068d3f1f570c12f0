# Sourced by the project's scripts: selects a JDK 25 or newer.
# Honours JAVA_HOME when it points at JDK 25+, else picks one under /usr/lib/jvm.
postern_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
postern_select_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(postern_java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*; do
        [ -x "$candidate/bin/java" ] || continue
        major=$(postern_java_major "$candidate")
        if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "postern: a JDK 25 or newer is needed; set JAVA_HOME to one (none found under /usr/lib/jvm)" >&2
    return 1
}
