#!/bin/sh
# gen.sh regenerates the expected-*.tsv oracle listings from apk-tools
# itself (2.14.4, from the Alpine 3.19.4 minirootfs, run under chroot).
# For each installed database in this directory it makes a scratch copy
# of the rootfs, puts the database at /lib/apk/db/installed, and asks apk:
#   expected-NAME.tsv:        name, version, arch, origin, license
#                             (apk info for the names; apk list -I NAME
#                             for "NAME-VERSION ARCH {ORIGIN} (LICENSE)")
#   expected-files-NAME.tsv:  name, owned file (apk info -L NAME, rooted)
# Records without a V: line are dropped first (see below).
# Run as root (chroot) from this directory; the listings go to OUTDIR
# (default: this directory), and the apk tests run it too when they can:
#   sh gen.sh [path/to/alpine-3.19.4-rootfs-subset.tar.gz [OUTDIR]]
set -eu
tarball=${1:-/work/shared/data/rootfs/alpine-3.19.4-rootfs-subset.tar.gz}
out=${2:-.}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for db in alpine-3.19.4-installed scalibr-alpine-installed trivy-alpine-installed; do
	base=${db%-installed}
	root=$scratch/$base
	mkdir -p "$root"
	tar -xzf "$tarball" -C "$root"
	# apk rejects a whole database holding a record without V: ("database
	# file format error"); trivy's sample has one on purpose. Drop such
	# records so apk lists the rest; the tests expect them skipped with
	# an error.
	awk 'BEGIN { RS = ""; ORS = "\n\n" } /(^|\n)V:/' "$db" >"$root/lib/apk/db/installed"
	: >"$out/expected-$base.tsv"
	: >"$out/expected-files-$base.tsv"
	for name in $(chroot "$root" /sbin/apk info 2>/dev/null | LC_ALL=C sort -u); do
		chroot "$root" /sbin/apk list -I "$name" 2>/dev/null |
			awk -v n="$name" 'index($0, n "-") == 1 {
				nv = $1; arch = $2
				o = $0; sub(/^[^{]*\{/, "", o); sub(/\}.*$/, "", o)
				l = $0; sub(/^[^}]*\} \(/, "", l); sub(/\) \[[^]]*\]$/, "", l)
				printf "%s\t%s\t%s\t%s\t%s\n", n, substr(nv, length(n) + 2), arch, o, l
			}' >>"$out/expected-$base.tsv"
		chroot "$root" /sbin/apk info -L "$name" 2>/dev/null |
			awk -v n="$name" 'NR > 1 && $0 != "" { printf "%s\t/%s\n", n, $0 }' >>"$out/expected-files-$base.tsv"
	done
done
