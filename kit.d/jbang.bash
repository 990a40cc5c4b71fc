# Sourced by ./kit: JBang for a machine that has none, installed from Maven Central (no download script,
# no binary from elsewhere), and the launcher that runs it (kit.d/jbang-launcher). Uses kit's say/step/die/
# quietly/mvn_, ROOT, JDK and TOOLS.

JBANG_VERSION=0.132.1          # what setup installs from Maven Central when jbang is missing or older
JBANG_MIN_VERSION=0.132.0      # an older jbang on PATH is not trusted with //JAVA 25+ compact sources
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
    install_jbang_launcher "$TOOLS/jbang"
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
  install_jbang_launcher "$work"
  printf '%s\n' "$stamp" > "$work/.kit-stamp"
  rm -f "$work/pom.xml"
  rm -rf "$TOOLS/jbang"
  mv "$work" "$TOOLS/jbang"
  v=$("$JBANG" version 2>/dev/null | tail -n1 || true)
  [[ $v == "$JBANG_VERSION" ]] || die "the installed JBang answers '$v' instead of $JBANG_VERSION"
  step "JBang" "$v installed in .tools/jbang ($(ls "$TOOLS/jbang/lib" | wc -l) jars)"
}

# The launcher (kit.d/jbang-launcher: JBang's launcher convention, plus a cache of the commands JBang prints
# and class-data archives) and the JDK it runs on; both are refreshed whenever they differ, jars untouched.
install_jbang_launcher() {
  local dir=$1
  mkdir -p "$dir/bin"
  if ! cmp -s "$ROOT/kit.d/jbang-launcher" "$dir/bin/jbang"; then
    cp "$ROOT/kit.d/jbang-launcher" "$dir/bin/jbang.new" && chmod +x "$dir/bin/jbang.new" && mv -f "$dir/bin/jbang.new" "$dir/bin/jbang"
  fi
  if [[ ! -f $dir/kit-jdk || $(<"$dir/kit-jdk") != "$JDK" ]]; then
    printf '%s\n' "$JDK" > "$dir/kit-jdk"
  fi
}
