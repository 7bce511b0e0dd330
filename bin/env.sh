# Sourced by the project's scripts: JAVA_HOME and PATH point at a JDK >= 21.
_hymir_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_HOME=$("$_hymir_root/bin/java-home") || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guice/Guava call sun.misc.Unsafe; JDK 24+ warns about it on every build unless allowed.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
unset _hymir_root
