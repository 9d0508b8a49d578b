#!/usr/bin/env bash
# Locates a Java runtime new enough for OrbitDock (JDK 21+), so that neither
# users nor CI have to point JAVA_HOME at the right JDK by hand.
#
# Sourceable library; it deliberately does not `set -euo pipefail` at top
# level because that would change the options of whichever shell sources it.
# The functions are written to behave the same with or without those options.
#
#   . scripts/find-java.sh
#   orbitdock_find_java    # prints the java binary, e.g. <jdk home>/bin/java
#   orbitdock_java_home    # prints that JDK's home directory
#   orbitdock_locate_java  # prints nothing; sets ORBITDOCK_JAVA, ORBITDOCK_JAVA_HOME,
#                          # ORBITDOCK_JAVA_VERSION (one search for callers needing both)
#
# Executed directly it prints the java binary, or the home with --home.
#
# Search order: $JAVA_HOME, then `java` on PATH, then the newest JDK under the
# usual install roots. Each of the three functions returns 1 after printing an
# explanation to stderr when nothing suitable is found.

# Matches the enforcer rule in pom.xml.
ORBITDOCK_JAVA_MIN_VERSION=21

# Places where package managers and installers put JDKs. macOS bundles keep
# the real home under Contents/Home; that is handled in the scan.
orbitdock__java_roots() {
  printf '%s\n' /usr/lib/jvm /usr/java /opt/java /Library/Java/JavaVirtualMachines
  if [[ -n ${HOME:-} ]]; then
    printf '%s\n' "$HOME/.sdkman/candidates/java"
  fi
}

# Major version from any Java version string: "1.8.0_292" -> 8, "17.0.15" -> 17,
# "21-ea" -> 21, "25" -> 25, "\"25.0.3\"" -> 25. Prints nothing if unparseable.
orbitdock__major_of() {
  local v=${1-}
  v=${v#\"}
  v=${v%%\"*}
  # Java 8 and older report 1.x; the major version is the x.
  if [[ $v == 1.* ]]; then
    v=${v#1.}
  fi
  v=${v%%[!0-9]*}
  if [[ -n $v ]]; then
    printf '%s\n' "$((10#$v))"
  fi
}

# Follows symlinks by hand because `readlink -f` / `realpath` are missing on
# older macOS, and /usr/bin/java on Debian is a chain through /etc/alternatives.
orbitdock__resolve() {
  local p=$1 target n=0
  while [[ -L $p && $n -lt 40 ]]; do
    target=$(readlink "$p") || break
    if [[ $target == /* ]]; then
      p=$target
    else
      p=${p%/*}/$target
    fi
    n=$((n + 1))
  done
  printf '%s\n' "$p"
}

# Sets orbitdock__probe_major and orbitdock__probe_home for one java binary;
# returns 1 if it is not a working java.
#
# Fast path: the JDK's `release` file. Starting a JVM just to ask its version
# costs 40-80 ms, paid on every `./orbitdock` run against a 400 ms start-up
# budget, while reading `release` costs nothing. Every JDK since 8 (and every
# jlink image) ships that file, so the JVM is only asked when it is missing.
orbitdock__probe() {
  local java=$1 real home line out major=''
  orbitdock__probe_major=''
  orbitdock__probe_home=''
  [[ -f $java && -x $java ]] || return 1

  real=$(orbitdock__resolve "$java")
  home=${real%/*}
  home=${home%/bin}
  if [[ $home != "${real%/*}" && -f $home/release && -r $home/release ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line == JAVA_VERSION=* ]]; then
        major=$(orbitdock__major_of "${line#JAVA_VERSION=}")
        break
      fi
    done <"$home/release"
    if [[ -n $major ]]; then
      orbitdock__probe_major=$major
      orbitdock__probe_home=$home
      return 0
    fi
  fi

  # Slow path: ask the JVM. The properties dump gives both the specification
  # version and java.home (needed when bin/java is a shim, as on macOS'
  # /usr/bin/java); the banner that follows is the fallback for the version.
  # Output may also contain "Picked up JAVA_TOOL_OPTIONS" noise, so match
  # specific lines only.
  out=$("$java" -XshowSettings:properties -version 2>&1) ||
    out=$("$java" -version 2>&1) || return 1
  home=''
  while IFS= read -r line; do
    case $line in
      *'java.specification.version = '*)
        [[ -n $major ]] || major=$(orbitdock__major_of "${line##* = }")
        ;;
      *'java.home = '*)
        [[ -n $home ]] || home=${line##* = }
        ;;
      *' version "'*)
        [[ -n $major ]] || major=$(orbitdock__major_of "${line#* version \"}")
        ;;
    esac
  done <<<"$out"
  [[ -n $major ]] || return 1
  if [[ -z $home ]]; then
    home=${real%/*}
    home=${home%/bin}
  fi
  # Java 8 reports the nested jre/ directory as java.home.
  if [[ $home == */jre && -x ${home%/jre}/bin/java ]]; then
    home=${home%/jre}
  fi
  orbitdock__probe_major=$major
  orbitdock__probe_home=$home
  return 0
}

# ORBITDOCK_JAVA_VERSION is set for callers; nothing in this file reads it.
# shellcheck disable=SC2034
orbitdock_locate_java() {
  local min=$ORBITDOCK_JAVA_MIN_VERSION java root dir home
  local best_java='' best_home='' best_major=0 scanned_major=0
  local -a why=()
  ORBITDOCK_JAVA=''
  ORBITDOCK_JAVA_HOME=''
  ORBITDOCK_JAVA_VERSION=''

  if [[ -n ${JAVA_HOME:-} ]]; then
    java=${JAVA_HOME%/}/bin/java
    if orbitdock__probe "$java"; then
      if ((orbitdock__probe_major >= min)); then
        ORBITDOCK_JAVA=$java
        ORBITDOCK_JAVA_HOME=${JAVA_HOME%/}
        ORBITDOCK_JAVA_VERSION=$orbitdock__probe_major
        return 0
      fi
      why+=("JAVA_HOME=$JAVA_HOME is Java $orbitdock__probe_major")
    else
      why+=("JAVA_HOME=$JAVA_HOME has no working bin/java")
    fi
  fi

  if java=$(command -v java 2>/dev/null) && [[ -n $java ]]; then
    if orbitdock__probe "$java"; then
      if ((orbitdock__probe_major >= min)); then
        ORBITDOCK_JAVA=$java
        ORBITDOCK_JAVA_HOME=$orbitdock__probe_home
        ORBITDOCK_JAVA_VERSION=$orbitdock__probe_major
        return 0
      fi
      why+=("java on PATH is Java $orbitdock__probe_major")
    else
      why+=("java on PATH ($java) does not run")
    fi
  else
    why+=("no java on PATH")
  fi

  # Highest version wins so that a machine with several JDKs gets the newest;
  # ties keep the first in glob order, which makes the choice stable.
  while IFS= read -r root; do
    [[ -d $root ]] || continue
    for dir in "$root"/*/; do
      dir=${dir%/}
      for home in "$dir" "$dir/Contents/Home"; do
        java=$home/bin/java
        orbitdock__probe "$java" || continue
        if ((orbitdock__probe_major > scanned_major)); then
          scanned_major=$orbitdock__probe_major
        fi
        if ((orbitdock__probe_major >= min && orbitdock__probe_major > best_major)); then
          best_java=$java
          best_home=$home
          best_major=$orbitdock__probe_major
        fi
      done
    done
  done < <(orbitdock__java_roots)

  if [[ -n $best_java ]]; then
    ORBITDOCK_JAVA=$best_java
    ORBITDOCK_JAVA_HOME=$best_home
    ORBITDOCK_JAVA_VERSION=$best_major
    return 0
  fi

  if ((scanned_major > 0)); then
    why+=("newest JDK under the standard install directories is Java $scanned_major")
  fi
  local IFS=';'
  local details="${why[*]}"
  details=${details//;/; }
  printf 'orbitdock: no JDK %s or newer found (%s). Install one (e.g. Temurin %s+) and set JAVA_HOME.\n' \
    "$min" "$details" "$min" >&2
  return 1
}

orbitdock_find_java() {
  orbitdock_locate_java || return 1
  printf '%s\n' "$ORBITDOCK_JAVA"
}

orbitdock_java_home() {
  orbitdock_locate_java || return 1
  printf '%s\n' "$ORBITDOCK_JAVA_HOME"
}

# Run as a command rather than sourced: handy for `export JAVA_HOME=$(scripts/find-java.sh --home)`.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1-} in
    --home) orbitdock_java_home ;;
    '') orbitdock_find_java ;;
    *)
      printf 'usage: %s [--home]\n' "$0" >&2
      exit 2
      ;;
  esac
fi
