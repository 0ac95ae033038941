// Package eol says when each distro release's security support ends, so
// that a match against a release whose feed no longer receives fixes can
// say so. It sits on the advisory side of the flow, beside the feeds: a
// release is keyed as advisory.ReleaseOf keys it ("debian/12",
// "ubuntu/22.04", "alpine/3.20", "rhel/9"), and match attaches the
// release's Support to its result.
//
// The table is data compiled into the package; Lookup does no I/O. Debian
// and Ubuntu come from distro-info-data, the CSV files Debian's and
// Ubuntu's own distro-info tools read (the package version is in each entry's Source),
// generated into distroinfo_table.go by testdata/refresh.sh. The other
// distros (Alpine, RHEL and its rebuilds CentOS, Rocky Linux and
// AlmaLinux, Amazon Linux) are transcribed by hand from their publishers'
// life-cycle pages into published.go, each entry naming its source.
//
// Dates are days, as the publishers state them: the last day of support,
// inclusive (distro-info counts a release supported through its eol
// date). A release missing from the table (a development release, a
// rolling distro, one published after the table was taken) is unknown,
// not unsupported.
package eol
