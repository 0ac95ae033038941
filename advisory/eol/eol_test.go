package eol

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
)

// TestLookup checks releases field by field against testdata's CSV rows
// (quoted beside each) and the publishers' pages.
func TestLookup(t *testing.T) {
	const debian = "distro-info-data 0.58+deb12u6 debian.csv"
	const ubuntu = "distro-info-data 0.58+deb12u6 ubuntu.csv"
	tests := []struct {
		distro, versionID string
		want              Support
	}{
		// 12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2028-06-30,2033-06-30
		{"debian", "12.4", Support{rel("debian", "12"), date(2026, 7, 11), date(2028, 6, 30), debian}},
		// 11,Bullseye,bullseye,2019-07-06,2021-08-14,2024-08-14,2026-08-31,2031-06-30
		{"debian", "11", Support{rel("debian", "11"), date(2024, 8, 14), date(2026, 8, 31), debian}},
		// 10,Buster,buster,2017-06-17,2019-07-06,2022-09-10,2024-06-30,2029-06-30
		{"debian", "10", Support{rel("debian", "10"), date(2022, 9, 10), date(2024, 6, 30), debian}},
		// 6.0,Squeeze,squeeze,2009-02-14,2011-02-06,2014-05-31,2016-02-29
		{"debian", "6.0.10", Support{rel("debian", "6"), date(2014, 5, 31), date(2016, 2, 29), debian}},
		// 22.04 LTS,Jammy Jellyfish,jammy,2021-10-14,2022-04-21,2027-06-01,2027-06-01,2032-04-21,2034-04-25
		{"ubuntu", "22.04", Support{rel("ubuntu", "22.04"), date(2027, 6, 1), date(2032, 4, 21), ubuntu}},
		// 20.04 LTS,Focal Fossa,focal,2019-10-17,2020-04-23,2025-05-29,2025-05-29,2030-04-23,2032-04-27
		{"ubuntu", "20.04", Support{rel("ubuntu", "20.04"), date(2025, 5, 29), date(2030, 4, 23), ubuntu}},
		// 16.04 LTS,Xenial Xerus,xenial,2015-10-22,2016-04-21,2021-04-30,2021-04-30,2026-04-23,2028-04-25
		{"ubuntu", "16.04", Support{rel("ubuntu", "16.04"), date(2021, 4, 30), date(2026, 4, 23), ubuntu}},
		// 6.06 LTS,Dapper Drake,dapper,2005-10-12,2006-06-01,2009-07-14,2011-06-01: server support is the later
		{"ubuntu", "6.06", Support{rel("ubuntu", "6.06"), date(2011, 6, 1), time.Time{}, ubuntu}},
		// 25.04,Plucky Puffin,plucky,2024-10-10,2025-04-17,2026-01-15: no ESM
		{"ubuntu", "25.04", Support{rel("ubuntu", "25.04"), date(2026, 1, 15), time.Time{}, ubuntu}},
		{"alpine", "3.19.4", Support{rel("alpine", "3.19"), date(2025, 11, 1), time.Time{}, alpineReleases}},
		{"alpine", "3.20.3", Support{rel("alpine", "3.20"), date(2026, 4, 1), time.Time{}, alpineReleases}},
		{"rhel", "7.9", Support{rel("rhel", "7"), date(2024, 6, 30), date(2028, 6, 30), rhel7ELS}},
		{"rhel", "9.4", Support{rel("rhel", "9"), date(2032, 5, 31), time.Time{}, rhelLifeCycle}},
		{"rhel", "10.0", Support{rel("rhel", "10"), date(2035, 5, 31), time.Time{}, rhelLifeCycle}},
		{"rocky", "8.10", Support{rel("rocky", "8"), date(2029, 5, 31), time.Time{}, rockyVersions}},
		{"almalinux", "8.10", Support{rel("almalinux", "8"), date(2029, 3, 1), time.Time{}, almaLifecycle}},
		{"amzn", "2", Support{rel("amzn", "2"), date(2026, 6, 30), time.Time{}, amazonLinux2}},
		{"amzn", "2023", Support{rel("amzn", "2023"), date(2029, 6, 30), time.Time{}, al2023Cadence}},
	}
	for _, tt := range tests {
		t.Run(tt.distro+"/"+tt.versionID, func(t *testing.T) {
			got, ok := Lookup(advisory.ReleaseOf(tt.distro, tt.versionID))
			if !ok {
				t.Fatal("not found")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, r := range []advisory.Release{
		{},
		advisory.ReleaseOf("debian", "14"),   // forky: no eol yet
		{Distro: "debian", Version: "sid"},   // no version in the CSV
		advisory.ReleaseOf("alpine", "edge"), // rolling
		advisory.ReleaseOf("wolfi", "20230201"),
		advisory.ReleaseOf("ubuntu", "99.04"),
		{Distro: "Debian", Version: "12"}, // keys are exact
	} {
		if s, ok := Lookup(r); ok {
			t.Errorf("Lookup(%v) = %+v, true; want false", r, s)
		}
	}
}

// TestEnded checks the boundary: the eol date is the last supported day.
func TestEnded(t *testing.T) {
	bookworm, _ := Lookup(rel("debian", "12"))
	tests := []struct {
		name string
		s    Support
		now  time.Time
		want bool
	}{
		{"day before", bookworm, date(2026, 7, 10), false},
		{"eol day, start", bookworm, date(2026, 7, 11), false},
		{"eol day, last instant", bookworm, date(2026, 7, 12).Add(-time.Nanosecond), false},
		{"day after", bookworm, date(2026, 7, 12), true},
		{"day after, other zone", bookworm, time.Date(2026, 7, 12, 2, 0, 0, 0, time.FixedZone("CEST", 2*3600)), true},
		{"eol day in UTC, next day in zone", bookworm, time.Date(2026, 7, 12, 1, 0, 0, 0, time.FixedZone("CEST", 2*3600)), false},
		{"zero Support", Support{}, date(2099, 1, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Ended(tt.now); got != tt.want {
				t.Errorf("Ended(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	now := date(2026, 11, 23)
	tests := []struct {
		r    advisory.Release
		want string
	}{
		{rel("alpine", "3.19"), "Alpine 3.19: end of life since 2025-11-01"},
		{rel("ubuntu", "20.04"), "Ubuntu 20.04: end of standard support since 2025-05-29; extended support until 2030-04-23"},
		{rel("ubuntu", "16.04"), "Ubuntu 16.04: end of life since 2021-04-30; extended support ended 2026-04-23"},
		{rel("debian", "13"), "Debian 13: supported until 2028-08-09"},
		{rel("amzn", "2"), "Amazon Linux 2: end of life since 2026-06-30"},
	}
	for _, tt := range tests {
		s, _ := Lookup(tt.r)
		if got := s.Status(now); got != tt.want {
			t.Errorf("%v: Status = %q, want %q", tt.r, got, tt.want)
		}
	}
	if got := (Support{}).Status(now); got != "" {
		t.Errorf("zero Support: Status = %q, want \"\"", got)
	}
}

func TestParseDistroInfoErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "eol: t.csv: header: EOF"},
		{"no eol column", "version,codename\n1,a\n", `eol: t.csv: missing column "eol"`},
		{"bad date", "version,codename,series,created,release,eol\n12,B,b,2021-08-14,2023-06-10,2026-13-11\n", "eol: t.csv:2: eol: "},
		{"bad quote", "version,eol\n\"12,2026-01-01\n", "eol: t.csv: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseDistroInfo(strings.NewReader(tt.in), "debian", "t.csv")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func FuzzParseDistroInfo(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, distro := range []string{"debian", "ubuntu"} {
			got, err := parseDistroInfo(bytes.NewReader(b), distro, "fuzz")
			if err != nil {
				continue
			}
			seen := map[advisory.Release]bool{}
			for _, s := range got {
				if s.Release.Distro != distro || s.Release.Version == "" || s.Ends.IsZero() || s.Source != "fuzz" || seen[s.Release] {
					t.Fatalf("entry %+v", s)
				}
				seen[s.Release] = true
			}
		}
	})
}
