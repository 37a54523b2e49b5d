#!/usr/bin/env bash
# Builds the Confluent Schema Registry server (io.confluent:kafka-schema-registry) from its tagged
# sources into ~/.m2, for the standby-registry test (tests/connector/test_standby_registry.py).
# Maven Central does not serve it. It needs what the connector kit's `confluent` stage installs
# (../shared/connector-kit/build.sh confluent: Confluent's common, the rest-utils parent and the
# registry's client modules, 7.9.2, Kafka 3.9.2 in place of Confluent's 7.9.2-ccs) and the kit's
# exported sources in $CONNECTOR_KIT_HOME/src. On top, this builds rest-utils' core and the
# registry's json-schema-provider, protobuf-types, protobuf-provider and core. Poms changed: the
# registry core's buildnumber plugin (needs a git work tree) and its protoc plugin (compiles only
# src/test/proto) are removed; tests are skipped. No Java source is changed.
set -euo pipefail
CONNECTOR_KIT_HOME="${CONNECTOR_KIT_HOME:-$HOME/.cache/connector-kit}"
KIT="${CONNECTOR_KIT:-$(cd "$(dirname "$0")/../../../shared/connector-kit" && pwd)}"
SRC="$CONNECTOR_KIT_HOME/src"
WORK="$CONNECTOR_KIT_HOME/registry-src"
for tree in rest-utils schema-registry; do
  [ -d "$SRC/$tree" ] || { echo "build.sh: no $SRC/$tree: run the connector kit's 'build.sh confluent' first" >&2; exit 2; }
done
MVN="mvn -B -ntp"
SKIPS="-DskipTests -Dmaven.test.skip=true -Dcheckstyle.skip=true -Denforcer.skip=true -Dspotbugs.skip=true \
 -Dcyclonedx.skip=true -Dgpg.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Djacoco.skip=true \
 -Dmaven.buildNumber.skip=true -Dskip.maven.resolver.plugin=true -Dcustom.install.phase=none -Dcustom.deploy.phase=none \
 -Ddependency-check.skip=true -Ddependency.check.skip=true -Dlicense.skip=true"
rm -rf "$WORK" && mkdir -p "$WORK" && cp -r "$SRC/rest-utils" "$SRC/schema-registry" "$WORK/"

cd "$WORK/rest-utils"
python3 "$KIT/patch_pom.py" core/pom.xml drop-test-deps
$MVN $SKIPS install -pl core

cd "$WORK/schema-registry"
for module in json-schema-provider protobuf-types protobuf-provider core; do
  python3 "$KIT/patch_pom.py" $module/pom.xml drop-test-deps
done
python3 "$KIT/patch_pom.py" core/pom.xml drop-plugin buildnumber-maven-plugin
python3 "$KIT/patch_pom.py" core/pom.xml drop-plugin protoc-jar-maven-plugin
$MVN $SKIPS install -pl json-schema-provider,protobuf-types,protobuf-provider,core
echo "installed: $(ls "$HOME"/.m2/repository/io/confluent/kafka-schema-registry/7.9.2/*.jar)"
