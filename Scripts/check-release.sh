#!/usr/bin/env bash
# Checks a release archive the way a DBA's host would run it: with no Swift toolchain.
#
#   Scripts/check-release.sh wso2db-VERSION-linux-ARCH.tar.gz
#
# Unpacks it into a temporary folder, checks that it holds the binaries, man pages, completions and README,
# that no binary needs a library of the Swift toolchain (ldd names no libswift*, libFoundation* or
# libdispatch), then runs the archived wso2db with an empty environment (PATH without the toolchain,
# LD_LIBRARY_PATH empty): --version, create shared on a new SQLite file, and drift on it, which must find
# no drift. As root, where unshare can make a mount namespace, the toolchain's folder is also hidden
# under an empty tmpfs for that run, so nothing of it can be found by any path. Exit 1 on any failure.
set -euo pipefail
archive=${1:?usage: check-release.sh ARCHIVE}
archive=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-release: FAILED: $*" >&2; exit 1; }

tar -C "$work" -xzf "$archive"
root=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
[ -n "$root" ] || fail "$archive holds no folder"
for file in bin/wso2db bin/wso2db-generate bin/wso2db-bench share/man/man1/wso2db.1 share/man/man1/wso2db-generate.1 \
    share/bash-completion/completions/wso2db share/zsh/site-functions/_wso2db share/fish/vendor_completions.d/wso2db.fish \
    share/doc/wso2db/README.md; do
    [ -s "$root/$file" ] || fail "the archive has no $file"
done
grep -q '^\.Sh SYNOPSIS' "$root/share/man/man1/wso2db.1" || fail "wso2db.1 is not a man page"
grep -q 'merge-legacy' "$root/share/man/man1/wso2db.1" || fail "wso2db.1 does not document merge-legacy"
grep -q 'merge-legacy' "$root/share/bash-completion/completions/wso2db" || fail "the bash completion does not know merge-legacy"

for binary in "$root"/bin/*; do
    linked=$(ldd "$binary") || fail "ldd $binary failed"
    if grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift|not found' <<<"$linked"; then
        fail "$(basename "$binary") needs a library it should not:"$'\n'"$linked"
    fi
done
echo "check-release: no binary links a toolchain library; wso2db itself needs:" \
    "$(readelf -d "$root/bin/wso2db" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"

# The run itself, in a script so that it can be started inside a mount namespace.
cat >"$work/run.sh" <<'EOF'
set -eu
bin=$1/bin
version=$("$bin/wso2db" --version)
[ -n "$version" ] || { echo "wso2db --version printed nothing"; exit 1; }
"$bin/wso2db" create shared --url "sqlite:$2/shared.db"
"$bin/wso2db" drift shared --url "sqlite:$2/shared.db"
echo "wso2db $version ran without the toolchain"
EOF
mkdir "$work/db"
clean=(env -i PATH=/usr/bin:/bin LD_LIBRARY_PATH= HOME="$work" bash "$work/run.sh" "$root" "$work/db")
toolchain=$(dirname "$(dirname "$(dirname "$(command -v swift || echo /opt/swift/usr/bin/swift)")")")
if [ "$(id -u)" = 0 ] && [ -d "$toolchain" ] && unshare --mount --propagation private true 2>/dev/null; then
    echo "check-release: running with $toolchain hidden under an empty tmpfs"
    unshare --mount --propagation private bash -c "mount -t tmpfs none '$toolchain' && \"\$@\"" _ "${clean[@]}" \
        || fail "the archived wso2db did not run without the toolchain"
else
    "${clean[@]}" || fail "the archived wso2db did not run with an empty environment"
fi
echo "check-release: $archive is good"
