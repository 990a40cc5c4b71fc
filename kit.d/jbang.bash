# Sourced by ./kit: JBang for a machine that has none, installed from Maven Central (no download script,
# no binary from elsewhere), and the launcher that runs it. Uses kit's say/step/die/quietly/mvn_, JDK,
# JAVA_MIN and TOOLS.

JBANG_VERSION=0.132.1          # what setup installs from Maven Central when jbang is missing or older
JBANG_MIN_VERSION=0.132.0      # an older jbang on PATH is not trusted with //JAVA 25+ compact sources
JBANG_LAUNCHER=2               # the launcher's own version: a new one is written over an older one
DEPENDENCY_PLUGIN=3.8.1        # Debian's Maven 3.8.7 would pick 2.8 for dependency:copy-dependencies


# Sets JBANG to a jbang >= JBANG_MIN_VERSION: the one on PATH, else the kit's copy in .tools/jbang,
# installed from Maven Central (dev.jbang:jbang-cli and its dependencies) when missing.
ensure_jbang() {
  local onpath v
  if onpath=$(command -v jbang) && [[ $onpath != "$TOOLS/jbang/bin/jbang" ]]; then
    v=$(jbang version 2>/dev/null | tail -n1 || true)
    if [[ -n $v ]] && version_ge "$v" "$JBANG_MIN_VERSION"; then
      JBANG=$onpath
      step "JBang" "$v on PATH ($onpath)"
      export JBANG
      return
    fi
    say "jbang ${v:-of unknown version} on PATH is older than $JBANG_MIN_VERSION; using the kit's own copy"
  fi
  JBANG=$TOOLS/jbang/bin/jbang
  export JBANG
  local stamp="jbang-cli $JBANG_VERSION"
  if [[ -x $JBANG && -f $TOOLS/jbang/.kit-stamp && $(<"$TOOLS/jbang/.kit-stamp") == "$stamp" ]]; then
    if [[ $(cat "$TOOLS/jbang/.launcher-stamp" 2>/dev/null) != "$JBANG_LAUNCHER" ]]; then
      write_jbang_launcher "$JBANG"
      printf '%s\n' "$JBANG_LAUNCHER" > "$TOOLS/jbang/.launcher-stamp"
      step "JBang" "$JBANG_VERSION in .tools/jbang (installed; launcher updated)"
      return
    fi
    step "JBang" "$JBANG_VERSION in .tools/jbang (installed)"
    return
  fi
  step "JBang" "installing $JBANG_VERSION from Maven Central into .tools/jbang ..."
  local work
  mkdir -p "$TOOLS"
  work=$(mktemp -d "$TOOLS/jbang-new.XXXXXX")
  mkdir -p "$work/lib" "$work/bin"
  # A throw-away pom whose only job is to let Maven resolve jbang-cli's runtime classpath.
  cat > "$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.kit</groupId><artifactId>jbang-install</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$JBANG_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  if ! quietly mvn_ -q -f "$work/pom.xml" \
      "org.apache.maven.plugins:maven-dependency-plugin:$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$work/lib"; then
    rm -rf "$work"
    die "could not fetch dev.jbang:jbang-cli:$JBANG_VERSION from Maven Central (offline? proxy in ~/.m2/settings.xml?)"
  fi
  write_jbang_launcher "$work/bin/jbang"
  printf '%s\n' "$JBANG_LAUNCHER" > "$work/.launcher-stamp"
  printf '%s\n' "$stamp" > "$work/.kit-stamp"
  rm -f "$work/pom.xml"
  rm -rf "$TOOLS/jbang"
  mv "$work" "$TOOLS/jbang"
  v=$("$JBANG" version 2>/dev/null | tail -n1 || true)
  [[ $v == "$JBANG_VERSION" ]] || die "the installed JBang answers '$v' instead of $JBANG_VERSION"
  step "JBang" "$v installed in .tools/jbang ($(ls "$TOOLS/jbang/lib" | wc -l) jars)"
}

# JBang's launcher convention: dev.jbang.Main prints a command and exits 255 when that command is to be
# run (the script's JVM), otherwise its output is the answer and its status the exit status.
write_jbang_launcher() {
  cat > "$1" <<EOF
#!/usr/bin/env bash
# JBang launcher written by ./kit setup (JBang $JBANG_VERSION from Maven Central, jars in ../lib).
# Runs on JAVA_HOME when that is a JDK $JAVA_MIN+, else on the JDK that setup found.
kit_jdk='$JDK'
here=\$(cd "\$(dirname "\$(readlink -f "\${BASH_SOURCE[0]}")")/.." && pwd)
jdk=\$kit_jdk
if [[ -n \${JAVA_HOME:-} && -f \$JAVA_HOME/release ]]; then
  v=\$(sed -n 's/^JAVA_VERSION="\\([0-9]*\\).*/\\1/p' "\$JAVA_HOME/release")
  if [[ -n \$v ]] && (( v >= $JAVA_MIN )); then jdk=\$JAVA_HOME; fi
fi
export JAVA_HOME=\$jdk
export PATH=\$jdk/bin:\$PATH
export JBANG_RUNTIME_SHELL=bash
export JBANG_LAUNCH_CMD=\$here/bin/jbang
if [[ -t 0 ]]; then export JBANG_STDIN_NOTTY=false; else export JBANG_STDIN_NOTTY=true; fi
# JBang's own JVM runs for about a second: C1 only, the serial collector and a class-data-sharing archive of
# its classes (made by the JDK on the first run, made again when the JDK or the jars change) halve its CPU
# time. On this command line, not in JBANG_JAVA_OPTIONS, which JBang also hands to the script's JVM.
kit_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC "-XX:SharedArchiveFile=\$here/jbang.jsa" -XX:+AutoCreateSharedArchive -Xlog:disable)
# shellcheck disable=SC2086
out=\$("\$jdk/bin/java" "\${kit_opts[@]}" \${JBANG_JAVA_OPTIONS:-} -classpath "\$here/lib/*" dev.jbang.Main "\$@")
status=\$?
if (( status == 255 )); then
  eval "exec \$out"
fi
if [[ -n \$out ]]; then printf '%s\n' "\$out"; fi
exit \$status
EOF
  chmod +x "$1"
}

