# Sourced by the project's scripts: JAVA_HOME and PATH point at a JDK >= 21, and hymir_mvnw runs Maven.
_hymir_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_HOME=$("$_hymir_root/bin/java-home") || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guice/Guava call sun.misc.Unsafe; JDK 24+ warns about it on every build unless allowed.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
unset _hymir_root

# Maven through the project's wrapper (./mvnw): the version .mvn/wrapper/maven-wrapper.properties pins,
# downloaded from Maven Central into ${MAVEN_USER_HOME:-~/.m2}/wrapper on first use, its SHA-256 checked.
# That check is of the zip: without unzip, mvnw would fetch the .tar.gz instead and call it compromised,
# so say what is missing first.
hymir_mvnw() {
  local root dist
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if ! command -v unzip >/dev/null 2>&1; then
    dist=$(sed -n 's#^distributionUrl=.*/\(apache-maven-[^/]*\)-bin\.zip.*#\1#p' "$root/.mvn/wrapper/maven-wrapper.properties")
    if ! compgen -G "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists/$dist/*/bin/mvn" >/dev/null; then
      echo "hymir: ./mvnw installs $dist on its first run and needs 'unzip' for that: install it (e.g. apt-get install unzip)" >&2
      return 1
    fi
  fi
  "$root/mvnw" "$@"
}
