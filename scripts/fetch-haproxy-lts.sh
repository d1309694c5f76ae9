#!/usr/bin/env bash
# Fetches Debian's build of HAProxy's 3.2 LTS branch (the branch of the gateway's production image) with the
# runtime libraries it needs, into a directory of its own, so the gateway's tests and `npm run bench` can run
# the generated configuration on the production branch as well as on the host's HAProxy (Debian 12: 2.6).
#
# Debian 12 has no 3.2 package and its glibc is too old for testing's, so the binary runs under testing's own
# dynamic loader and libraries (nothing is installed system-wide). Every file is checked: the suite's InRelease
# against Debian's archive keyring (gpgv), Packages.xz against InRelease, each .deb against Packages.
#
# Usage: scripts/fetch-haproxy-lts.sh [directory]     (default: .cache/haproxy-lts)
# Then:  SPILLWAY_HAPROXY_LTS=<directory>/bin/haproxy  (the tests and the bench also find the default directory)
set -euo pipefail
cd "$(dirname "$0")/.."

mirror="${SPILLWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${SPILLWAY_HAPROXY_LTS_SUITE:-forky}"
branch="3.2"
target="${1:-.cache/haproxy-lts}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# haproxy and every library `ld.so --list` resolves for it (libc6 brings the dynamic loader).
packages=(haproxy libc6 libcrypt1 libssl3t64 liblua5.4-0 libopentracing-c-wrapper0t64 libopentracing1
  libpcre2-8-0 libjemalloc2 libstdc++6 libgcc-s1 zlib1g libzstd1)

fail() { echo "fetch-haproxy-lts: $*" >&2; exit 1; }
for tool in curl gpgv xz dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "needs '$tool' on PATH"
done
[ -r "$keyring" ] || fail "needs Debian's archive keyring at $keyring (package debian-archive-keyring)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() { curl -fsS --retry 3 -o "$2" "$mirror/$1" || fail "could not download $mirror/$1"; }

fetch "dists/$suite/InRelease" "$work/InRelease"
gpgv --keyring "$keyring" --output "$work/Release" "$work/InRelease" 2>/dev/null \
  || fail "the signature of $suite's InRelease does not verify against $keyring"
index_sum="$(awk '/^SHA256:/{s=1; next} /^[^ ]/{s=0} s && $3 == "main/binary-amd64/Packages.xz" {print $1}' "$work/Release")"
[ -n "$index_sum" ] || fail "$suite's Release lists no main/binary-amd64/Packages.xz"
fetch "dists/$suite/main/binary-amd64/Packages.xz" "$work/Packages.xz"
echo "$index_sum  $work/Packages.xz" | sha256sum -c --quiet - || fail "Packages.xz does not match $suite's Release"
xz -dc "$work/Packages.xz" >"$work/Packages"

field() { # package, field: the field of the package's first stanza
  awk -v p="$1" -v f="$2:" '$1 == "Package:" {hit = ($2 == p)} hit && $1 == f {print $2; exit}' "$work/Packages"
}
version="$(field haproxy Version)"
case "$version" in
  "$branch".*) ;;
  *) fail "Debian $suite has haproxy $version, not the $branch branch; set SPILLWAY_HAPROXY_LTS_SUITE to a suite that has it" ;;
esac

rm -rf "$target.partial"
mkdir -p "$target.partial/root" "$target.partial/bin"
for package in "${packages[@]}"; do
  file="$(field "$package" Filename)"
  sum="$(field "$package" SHA256)"
  if [ -z "$file" ] || [ -z "$sum" ]; then fail "Debian $suite has no package $package"; fi
  fetch "$file" "$work/package.deb"
  echo "$sum  $work/package.deb" | sha256sum -c --quiet - || fail "$file does not match $suite's Packages"
  dpkg-deb -x "$work/package.deb" "$target.partial/root"
done

root="$(cd "$target.partial/root" && pwd)"
lib="$root/usr/lib/x86_64-linux-gnu"
if [ ! -x "$lib/ld-linux-x86-64.so.2" ] || [ ! -x "$root/usr/sbin/haproxy" ]; then fail "the unpacked packages hold no loader or haproxy"; fi
# Every library must come from the unpacked tree, never from the host.
if "$lib/ld-linux-x86-64.so.2" --library-path "$lib" --list "$root/usr/sbin/haproxy" | grep -v -e "$root" -e linux-vdso; then
  fail "haproxy needs libraries the list above resolves outside $root; add their packages to this script"
fi

final="$(cd "$target.partial/.." && pwd)/$(basename "$target")"
cat >"$target.partial/bin/haproxy" <<EOF
#!/bin/sh
# Debian $suite's haproxy $version, run by its own loader and libraries (scripts/fetch-haproxy-lts.sh).
exec "$final/root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$final/root/usr/lib/x86_64-linux-gnu" "$final/root/usr/sbin/haproxy" "\$@"
EOF
chmod +x "$target.partial/bin/haproxy"
rm -rf "$target"
mv "$target.partial" "$target"
"$target/bin/haproxy" -vv | grep -q 'Built with the Prometheus exporter' || fail "the fetched haproxy has no Prometheus exporter"
"$target/bin/haproxy" -v | sed -n 1p
echo "fetch-haproxy-lts: $target/bin/haproxy"
