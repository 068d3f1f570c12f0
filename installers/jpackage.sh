#!/usr/bin/env bash
# Builds the installable console: an app-image and a .deb (jpackage).
#   installers/jpackage.sh [app-image|deb]      (default: deb; output in installers/target/)
# Needs Debian packages binutils, fakeroot and dpkg-dev (installed if missing).
# The runtime is jlinked from the JDK's own modules plus the JavaFX modular jars; the JavaFX
# native libraries are unpacked into the runtime so nothing is extracted at first start.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
type=${1:-deb}
. "$here/scripts/java-home.sh"
postern_select_jdk
missing=()
for p in binutils fakeroot dpkg-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

(cd "$here" && mvn -B -q -ntp -DskipTests package)
out="$here/installers/target"
rm -rf "$out"
mkdir -p "$out/input"
cp "$here"/app/target/app-*.jar "$here"/app/target/lib/*.jar "$out/input/"

fxjars=$(ls "$here"/app/target/javafx/javafx-*-linux.jar | tr '\n' ':')
"$JAVA_HOME/bin/jlink" --module-path "$fxjars" \
    --add-modules java.base,java.desktop,java.logging,java.naming,java.net.http,java.sql,java.xml,java.management,jdk.crypto.ec,jdk.unsupported,jdk.localedata,javafx.controls,javafx.swing \
    --strip-debug --no-header-files --no-man-pages --output "$out/runtime"
for j in "$here"/app/target/javafx/javafx-graphics-*-linux.jar; do
    (cd "$out/runtime/lib" && "$JAVA_HOME/bin/jar" xf "$j" $("$JAVA_HOME/bin/jar" tf "$j" | grep "\.so$"))
done

version=$(sed -n 's:.*<version>\([0-9.]*\).*-SNAPSHOT</version>.*:\1:p' "$here/pom.xml" | head -n 1)
"$JAVA_HOME/bin/jpackage" --type "$type" --dest "$out" --name postern --app-version "${version:-0.1.0}" \
    --vendor "Postern" --description "TLS-first mail gateway with a desktop console" \
    --input "$out/input" --main-jar "$(basename "$here"/app/target/app-*.jar)" \
    --main-class org.postern.console.Launcher --runtime-image "$out/runtime" \
    --java-options "--enable-native-access=ALL-UNNAMED,javafx.graphics" \
    --java-options "--add-opens=javafx.controls/javafx.scene.control.skin=ALL-UNNAMED" \
    $( [ "$type" = deb ] && echo --linux-shortcut --linux-menu-group Network --linux-package-deps "libgtk-3-0, fonts-dejavu-core" )
ls -la "$out"
