package eol

import (
	"time"

	"github.com/loadline/loadline/advisory"
)

// Support is when one release's security support ends.
type Support struct {
	// Release is the release as advisory.ReleaseOf keys it.
	Release advisory.Release `json:"release"`
	// Ends is the last day of the distro's standard security support
	// (00:00 UTC of that day): Debian's security team ("eol"), Ubuntu's
	// standard support (the later of "eol" and "eol-server"), Red Hat's
	// Maintenance Support, Alpine's main repository.
	Ends time.Time `json:"ends"`
	// Extended is the last day of the extended support whose fixes the
	// distro's own feeds still publish, zero when there is none or it is
	// not known: Debian LTS ("eol-lts", in Debian's security tracker as
	// DLAs; Freexian's commercial ELTS is outside Debian's archive and
	// tracker and is not counted), Ubuntu ESM ("eol-esm", in Ubuntu's OSV
	// and OpenVEX; the Legacy add-on is not counted), Red Hat ELS.
	Extended time.Time `json:"extended,omitzero"`
	// Source names where the dates were taken from.
	Source string `json:"source"`
}

// Ended reports whether standard security support has ended at now: true
// from the day after Ends (00:00 UTC) on. The zero Support, whose end is
// unknown, has not ended.
func (s Support) Ended(now time.Time) bool { return over(s.Ends, now) }

// Status says in words where s stands at now, naming the release as
// people do ("Alpine 3.19", "Ubuntu 20.04", "RHEL 9"):
//
//	Alpine 3.19: end of life since 2025-11-01
//	Ubuntu 20.04: end of standard support since 2025-05-29; extended support until 2030-04-23
//	Ubuntu 16.04: end of life since 2021-04-30; extended support ended 2026-04-23
//	Debian 13: supported until 2028-08-09
//
// The dates are the published ones (the last supported day). The zero
// Support gives "".
func (s Support) Status(now time.Time) string {
	if s.Ends.IsZero() {
		return ""
	}
	name := s.Release.Distro
	if n, ok := names[name]; ok {
		name = n
	}
	name += " " + s.Release.Version
	ends := s.Ends.Format(time.DateOnly)
	switch ext := s.Extended.Format(time.DateOnly); {
	case !s.Ended(now):
		return name + ": supported until " + ends
	case s.Extended.IsZero():
		return name + ": end of life since " + ends
	case over(s.Extended, now):
		return name + ": end of life since " + ends + "; extended support ended " + ext
	default:
		return name + ": end of standard support since " + ends + "; extended support until " + ext
	}
}

// names are the distros' names as people write them, by os-release ID.
var names = map[string]string{
	"debian": "Debian", "ubuntu": "Ubuntu", "alpine": "Alpine", "rhel": "RHEL", "centos": "CentOS",
	"rocky": "Rocky Linux", "almalinux": "AlmaLinux", "amzn": "Amazon Linux",
}

// over reports whether now is past the whole of day (a UTC midnight); a
// zero day is never over.
func over(day, now time.Time) bool {
	return !day.IsZero() && !now.Before(day.AddDate(0, 0, 1))
}

// Lookup returns the support dates of release r, and whether the table
// knows r. r is matched exactly: Distro is the os-release ID, Version as
// advisory.ReleaseOf returns it (Debian "12", Ubuntu "22.04", Alpine
// "3.20", RHEL "9", Amazon Linux "2023"). Lookup is pure and safe for
// concurrent use.
func Lookup(r advisory.Release) (Support, bool) {
	for _, table := range [][]Support{distroInfo, published} {
		for _, s := range table {
			if s.Release == r {
				return s, true
			}
		}
	}
	return Support{}, false
}

// date returns 00:00 UTC of a day.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
