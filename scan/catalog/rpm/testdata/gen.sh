#!/bin/sh
# gen.sh writes the oracle listings of the databases in this directory,
# made by rpm itself (Debian's rpm package: apt-get install rpm):
#   */expected-packages.tsv  rpm -qa --dbpath over the database, one line
#                            per package (gpg-pubkey included; the tests
#                            leave it out), fields as in QF below
#   */expected-files.tsv     the files rpm -ql lists (the FILENAMES tag)
#                            for the packages named after each database
#                            below: package, tab, path; by rpm -qa, as
#                            rpm -ql NAME needs the Name index, which a
#                            bare BerkeleyDB Packages file lacks
# Debian's rpm has no NDB backend, so sle15-bci/Packages.db is first
# copied blob by blob into a SQLite database (ndb2sqlite.py, which reads
# NDB independently of the Go code), rpmdb --initdb builds its index
# tables, and rpm lists that.
# Two BerkeleyDB databases are derived first, by Berkeley DB itself
# (db5.3-util: db5.3_dump | db5.3_load), so that the reader meets files
# Berkeley DB wrote with other page sizes and the other byte order:
#   libuuid-bdb-512-be   libuuid-bdb, 512-byte pages, big-endian: long
#                        overflow chains
#   hello-bdb-64k-be     scalibr-epoch-bdb, 64 KiB pages, big-endian: the
#                        header stored inline on the hash page
# Run it from this directory; TestRPMTool runs rpm live when installed.
set -eu
QF='%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{MODULARITYLABEL}\t%{LICENSE}\t%{VENDOR}\n'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ver=$(rpm --version)

gen() { # dir file backend packages...
	dir=$1 file=$2 backend=$3
	shift 3
	rm -rf "$tmp/db" && mkdir "$tmp/db"
	if [ "$backend" = ndb ]; then
		python3 ndb2sqlite.py "$dir/$file" "$tmp/db/rpmdb.sqlite"
		backend=sqlite
		rpmdb --dbpath "$tmp/db" -D "_db_backend $backend" --initdb 2>/dev/null # builds the index tables rpm -q wants
	else
		cp "$dir/$file" "$tmp/db/"
	fi
	rpm() { command rpm --dbpath "$tmp/db" -D "_db_backend $backend" "$@" 2>/dev/null; }
	{
		printf '# name\tepoch\tversion\trelease\tarch\tsourcerpm\tmodularitylabel\tlicense\tvendor  (oracle: %s -qa --dbpath)\n' "$ver"
		rpm -qa --qf "$QF" | LC_ALL=C sort
	} >"$dir/expected-packages.tsv"
	{
		printf '# package\tpath  (oracle: %s -qa --dbpath, FILENAMES)\n' "$ver"
		rpm -qa --qf '[%{=NAME}\t%{FILENAMES}\n]' | awk -F '\t' -v want=" $* " 'index(want, " " $1 " ")'
	} >"$dir/expected-files.tsv"
}

derive() { # src dst pagesize
	mkdir -p "$2"
	rm -f "$2/Packages"
	db5.3_dump "$1/Packages" | db5.3_load -c db_pagesize="$3" -c db_lorder=4321 "$2/Packages"
}
derive libuuid-bdb libuuid-bdb-512-be 512
derive scalibr-epoch-bdb hello-bdb-64k-be 65536

gen cbl-mariner-2.0 rpmdb.sqlite sqlite bash zlib ca-certificates-base coreutils
gen sle15-bci Packages.db ndb filesystem libz1 bash
gen libuuid-bdb Packages bdb_ro libuuid
gen scalibr-epoch-bdb Packages bdb_ro hello
gen libuuid-bdb-512-be Packages bdb_ro libuuid
gen hello-bdb-64k-be Packages bdb_ro hello
