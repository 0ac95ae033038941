#!/bin/sh
# refresh.sh regenerates advisory/eol/distroinfo_table.go from the
# distro-info-data package installed here (Debian's package; apt-get
# install distro-info-data): it copies the package's CSV files into
# testdata, records the package version, and rewrites the table through
# TestDistroInfoTable -update. Update testdata/PROVENANCE.md (version,
# bytes) and the dates quoted in eol_test.go after running it.
set -eu
cd "$(dirname "$0")"
cp /usr/share/distro-info/debian.csv /usr/share/distro-info/ubuntu.csv .
dpkg-query -W -f='${Version}\n' distro-info-data >distro-info-data.version
cd ..
go test . -run '^TestDistroInfoTable$' -update -count=1
go test . -count=1
