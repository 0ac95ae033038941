#!/bin/sh
# gen.sh writes expected-<name>.tsv beside each status file in this
# directory: the listing dpkg-query itself makes of that status file.
# Run it from this directory (go test runs the same command when
# dpkg-query is present and compares).
# debian-12-minbase/expected-packages.tsv is the oracle listing that came
# with the data (see PROVENANCE.md); this script leaves it alone.
set -eu
FMT='${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${db:Status-Abbrev}\n'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/info" "$tmp/updates"
for f in *.status *.status.gz; do
	case $f in
	*.gz) gzip -dc "$f" >"$tmp/status" ;;
	*) cp "$f" "$tmp/status" ;;
	esac
	name=$(echo "$f" | sed -e 's/\.gz$//' -e 's/\.status$//')
	{
		printf '# package\tversion\tarch\tsource\tsource_version\tstatus  (oracle: %s --admindir over %s)\n' \
			"$(dpkg-query --version | sed -n '1s/.* version \([^ ]*\).*/dpkg-query \1/p')" "$f"
		dpkg-query --admindir="$tmp" -W -f "$FMT" | LC_ALL=C sort
	} >"expected-$name.tsv"
done

# debian-12-minbase/expected-licenses.tsv: for each machine-readable
# (first line "Format: ...") usr/share/doc/<pkg>/copyright in the rootfs
# subset, the first lines of its License fields, sorted and unique.
root=$tmp/rootfs
mkdir "$root"
tar xzf debian-12-minbase/rootfs-dpkg-subset.tar.gz -C "$root"
{
	printf '# package\tlicense  (from usr/share/doc/*/copyright of debian-12-minbase/rootfs-dpkg-subset.tar.gz, DEP-5 files only)\n'
	for f in "$root"/usr/share/doc/*/copyright; do
		head -n 1 "$f" | grep -q '^Format:' || continue
		pkg=$(basename "$(dirname "$f")")
		tr -d '\r' <"$f" | sed -n 's/^License:[ \t]*\(.*[^ \t]\)[ \t]*$/\1/p' | LC_ALL=C sort -u | sed "s/^/$pkg\t/"
	done
} >debian-12-minbase/expected-licenses.tsv
