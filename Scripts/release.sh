#!/usr/bin/env bash
# Builds the release archive: wso2db for a machine without a Swift toolchain.
#
#   Scripts/release.sh [OUTPUT_FOLDER]        (default: dist/)
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib), so the binaries need
# only the C libraries every Debian has a package for: libpq5, libsqlite3-0 and libxml2 (FoundationXML
# reads WSO2's XML configuration files). The archive unpacks to one folder laid out like a prefix, so
#   tar -C /usr/local --strip-components 1 -xzf wso2db-VERSION-linux-ARCH.tar.gz
# installs the binaries, the man pages and the shell completions where the system looks for them.
#
# What goes in, and why:
#   bin/wso2db            the tool
#   bin/wso2db-generate   fills API-M 2.6.0 databases with generated data, to try merge-legacy before the real one
#   bin/wso2db-bench      measures wso2db against psql, pg_dump and migra on the host it will run on
#   (wso2db-catalog is left out: it regenerates the catalog's Swift source, which only a checkout has)
#   share/man/man1/       man pages generated from the command definitions (swift-argument-parser's generate-manual)
#   share/bash-completion, share/zsh, share/fish    completions from --generate-completion-script
#   share/doc/wso2db/     README.md (and the licence, when the repository has one)
# Then Scripts/check-release.sh runs the archived wso2db with no toolchain on its library path.
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-dist}
products=(wso2db wso2db-generate wso2db-bench)

# A scratch folder of its own: the static build does not take turns with `swift build` and `swift test` in
# .build, and a plain `swift build -c release` there keeps its own flags.
scratch=${WSO2DB_RELEASE_SCRATCH:-.build-release}
build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch")
for product in "${products[@]}"; do
    echo "release: building $product"
    "${build[@]}" --product "$product"
done
# generate-manual is swift-argument-parser's own tool (the generate-manual plugin runs it the same way);
# building it directly avoids the plugin's second full build of every product.
echo "release: building generate-manual (swift-argument-parser)"
"${build[@]}" --product generate-manual
bin=$("${build[@]}" --show-bin-path)

version=$("$bin/wso2db" --version)
arch=$(uname -m)
name="wso2db-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/share/man/man1" "$root/share/doc/wso2db" \
    "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"

for product in "${products[@]}"; do
    install -m 0755 "$bin/$product" "$root/bin/$product"
    strip --strip-unneeded "$root/bin/$product"
done

# The manual's date is the last commit's, so that the same commit gives the same pages.
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
for tool in wso2db wso2db-generate; do
    "$bin/generate-manual" "$root/bin/$tool" --date "$date" --section 1 --output-directory "$root/share/man/man1"
    "$root/bin/$tool" --generate-completion-script bash >"$root/share/bash-completion/completions/$tool"
    "$root/bin/$tool" --generate-completion-script zsh >"$root/share/zsh/site-functions/_$tool"
    "$root/bin/$tool" --generate-completion-script fish >"$root/share/fish/vendor_completions.d/$tool.fish"
done

cp README.md "$root/share/doc/wso2db/README.md"
for licence in LICENSE LICENSE.txt LICENSE.md COPYING; do
    [ -f "$licence" ] && cp "$licence" "$root/share/doc/wso2db/"
done
if ! ls "$root/share/doc/wso2db" | grep -qiE '^(licen[cs]e|copying)'; then
    echo "release: warning: the repository has no LICENSE file, so the archive carries none" >&2
fi

mkdir -p "$output"
archive="$output/$name.tar.gz"
# Owner, group and times fixed, entries sorted: the same build gives the same archive.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$date 00:00Z" -C "$stage" -czf "$archive" "$name"
echo "release: $archive ($(du -h "$archive" | cut -f1))"

Scripts/check-release.sh "$archive"
