package debian

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/version"
)

// parsed is what one Parse yielded.
type parsed struct {
	advs   []*advisory.Advisory
	byRec  map[string]*advisory.Advisory // by Source.Record
	errors []error
}

func run(t testing.TB, seq iter.Seq2[*advisory.Advisory, error]) parsed {
	t.Helper()
	p := parsed{byRec: map[string]*advisory.Advisory{}}
	for a, err := range seq {
		if err != nil {
			p.errors = append(p.errors, err)
			continue
		}
		if _, dup := p.byRec[a.Source.Record]; dup {
			t.Fatalf("record %s twice", a.Source.Record)
		}
		p.advs = append(p.advs, a)
		p.byRec[a.Source.Record] = a
	}
	return p
}

func parseFile(t testing.TB, f advisory.Feed, path string) parsed {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return run(t, f.Parse(context.Background(), r))
}

func deb(v string) advisory.Release { return advisory.Release{Distro: "debian", Version: v} }

var sid = deb("sid")

func fixed(rel advisory.Release, pkg, v, sev string) advisory.Affected {
	return advisory.Affected{Ecosystem: "deb", Release: rel, Package: pkg, Status: advisory.StatusAffected,
		Ranges: fixedIn(v), Severity: sev}
}

func status(rel advisory.Release, pkg string, st advisory.Status, sev, reason string) advisory.Affected {
	return advisory.Affected{Ecosystem: "deb", Release: rel, Package: pkg, Status: st, Severity: sev, Reason: reason}
}

func refs(id string, bug int) []advisory.Reference {
	r := []advisory.Reference{{Type: "ADVISORY", URL: "https://security-tracker.debian.org/tracker/" + id}}
	if bug > 0 {
		r = append(r, advisory.Reference{Type: "REPORT", URL: "https://bugs.debian.org/" + strconv.Itoa(bug)})
	}
	return r
}

func TestTrackerRecords(t *testing.T) {
	const (
		mock   = "testdata/tracker-json-mock.osvdev.json"
		vunnel = "testdata/tracker-json-subset.vunnel.json"
		constr = "testdata/tracker-constructed.json"
	)
	na := advisory.StatusNotAffected
	tests := []struct {
		file string
		want *advisory.Advisory
	}{
		{mock, &advisory.Advisory{ // open in the stable releases, fixed in trixie and sid
			ID:         "CVE-2016-1585",
			Details:    "In all versions of AppArmor mount rules are accidentally widened when compiled.",
			References: refs("CVE-2016-1585", 929990),
			Affected: []advisory.Affected{
				status(deb("10"), "apparmor", advisory.StatusAffected, "unimportant", ""),
				status(deb("11"), "apparmor", advisory.StatusAffected, "unimportant", ""),
				status(deb("12"), "apparmor", advisory.StatusAffected, "unimportant", ""),
				fixed(deb("13"), "apparmor", "3.0.12-1", "unimportant"),
				fixed(sid, "apparmor", "3.0.12-1", "unimportant"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-2016-1585"},
		}},
		{mock, &advisory.Advisory{ // fixed_version 0 everywhere
			ID:         "CVE-2014-1424",
			Details:    `apparmor_parser in the apparmor package before 2.8.95~2430-0ubuntu5.1 in Ubuntu 14.04 allows attackers to bypass AppArmor policies via unspecified vectors, related to a "miscompilation flaw."`,
			References: refs("CVE-2014-1424", 0),
			Affected: []advisory.Affected{
				status(deb("10"), "apparmor", na, "unimportant", reasonNeverAffected),
				status(deb("11"), "apparmor", na, "unimportant", reasonNeverAffected),
				status(deb("12"), "apparmor", na, "unimportant", reasonNeverAffected),
				status(deb("13"), "apparmor", na, "unimportant", reasonNeverAffected),
				status(sid, "apparmor", na, "unimportant", reasonNeverAffected),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-2014-1424"},
		}},
		{vunnel, &advisory.Advisory{ // end-of-life in stretch and buster; no description
			ID:         "CVE-2022-0456",
			References: refs("CVE-2022-0456", 0),
			Affected: []advisory.Affected{
				status(deb("9"), "chromium", advisory.StatusWillNotFix, "end-of-life", "end-of-life"),
				status(deb("10"), "chromium", advisory.StatusWillNotFix, "end-of-life", "end-of-life"),
				fixed(deb("11"), "chromium", "98.0.4758.80-1~deb11u1", "not yet assigned"),
				fixed(deb("12"), "chromium", "98.0.4758.80-1", "not yet assigned"),
				fixed(sid, "chromium", "98.0.4758.80-1", "not yet assigned"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-2022-0456"},
		}},
		{vunnel, &advisory.Advisory{ // an urgency taken from NVD: "high**"
			ID:         "CVE-2008-7220",
			Details:    `Unspecified vulnerability in Prototype JavaScript framework (prototypejs) before 1.6.0.2 allows attackers to make "cross-site ajax requests" via unknown vectors.`,
			References: refs("CVE-2008-7220", 555217),
			Affected: []advisory.Affected{
				fixed(deb("8"), "prototypejs", "1.6.0.2-1", "high"),
				fixed(deb("9"), "prototypejs", "1.6.0.2-1", "high"),
				fixed(deb("10"), "prototypejs", "1.6.0.2-1", "high"),
				fixed(sid, "prototypejs", "1.6.0.2-1", "high"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-2008-7220"},
		}},
		{vunnel, &advisory.Advisory{ // a security update in bookworm
			ID:         "CVE-2025-53603",
			Details:    "In Alinto SOPE SOGo 2.0.2 through 5.12.2, sope-core/NGExtensions/NGHashMap.m allows a NULL pointer dereference and SOGo crash via a request in which a parameter in the query string is a duplicate of a parameter in the POST body.",
			References: refs("CVE-2025-53603", 1108798),
			Affected: []advisory.Affected{
				fixed(deb("11"), "sope", "5.0.1-2+deb11u1", "not yet assigned"),
				fixed(deb("12"), "sope", "5.8.0-1+deb12u1", "not yet assigned"),
				fixed(deb("13"), "sope", "5.12.1-2", "not yet assigned"),
				fixed(sid, "sope", "5.12.1-2", "not yet assigned"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-2025-53603"},
		}},
		{constr, &advisory.Advisory{ // plain no-dsa stays affected
			ID:         "CVE-0000-0001",
			Details:    "constructed: no-dsa in bullseye (the release values are from a real excerpt of the export)",
			References: refs("CVE-0000-0001", 0),
			Affected: []advisory.Affected{
				status(deb("11"), "openssl", advisory.StatusAffected, "not yet assigned", "no-dsa: Minor issue"),
				fixed(deb("12"), "openssl", "3.0.13-1~deb12u1", "not yet assigned"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-0000-0001"},
		}},
		{constr, &advisory.Advisory{ // ignored, postponed, undetermined; the unknown codename is skipped; a second package (its description is not the first's)
			ID:         "CVE-0000-0002",
			Details:    "constructed: ignored, postponed, undetermined, sid and an unknown codename",
			References: append(refs("CVE-0000-0002", 1000001), advisory.Reference{Type: "REPORT", URL: "https://bugs.debian.org/1000002"}),
			Affected: []advisory.Affected{
				status(deb("12"), "cups", advisory.StatusWillNotFix, "low", "ignored: Minor issue"),
				status(deb("13"), "cups", advisory.StatusAffected, "low", "postponed: Minor issue, revisit when fixed upstream"),
				status(deb("14"), "cups", advisory.StatusUnderInvestigation, "not yet assigned", ""),
				fixed(sid, "cups", "2.4.10-3", "low"),
				fixed(deb("12"), "cups-filters", "1.28.17-3+deb12u1", "medium"),
			},
			Source: advisory.Provenance{Feed: "debian", Record: "CVE-0000-0002"},
		}},
		{constr, &advisory.Advisory{ // a TEMP issue; a stale no-dsa note gives way to "never affected"
			ID:         "TEMP-0000000-0A1B2C",
			Details:    "constructed: a TEMP issue, never affected despite a stale no-dsa note",
			References: refs("TEMP-0000000-0A1B2C", 0),
			Affected:   []advisory.Affected{status(deb("12"), "cups", na, "unimportant", reasonNeverAffected)},
			Source:     advisory.Provenance{Feed: "debian", Record: "TEMP-0000000-0A1B2C"},
		}},
		{constr, &advisory.Advisory{ // the releases in error are left out, the others stand
			ID:         "CVE-0000-0003",
			Details:    "constructed: a release with an unknown status and one resolved without a version",
			References: refs("CVE-0000-0003", 0),
			Affected:   []advisory.Affected{status(sid, "broken", advisory.StatusAffected, "high", "")},
			Source:     advisory.Provenance{Feed: "debian", Record: "CVE-0000-0003"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.want.Source.Record, func(t *testing.T) {
			got := parseFile(t, &Tracker{}, tt.file).byRec[tt.want.Source.Record]
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTrackerErrors(t *testing.T) {
	// In ID order, then package, then release.
	var logs bytes.Buffer
	tr := &Tracker{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{ReplaceAttr: noTime}))}
	p := parseFile(t, tr, "testdata/tracker-constructed.json")
	var got []string
	for _, err := range p.errors {
		var re *RecordError
		if !errors.As(err, &re) {
			t.Fatalf("%v is not a *RecordError", err)
		}
		got = append(got, re.Record)
	}
	want := []string{"broken/CVE-0000-0003/bookworm", "broken/CVE-0000-0003/trixie", "broken/CVE-0000-0004"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records in error (-want +got):\n%s", diff)
	}
	wantLog := `level=WARN msg="debian: skipped entries of an unknown release" feed=debian release=hurd-experimental entries=1` + "\n"
	if logs.String() != wantLog {
		t.Errorf("log = %q, want %q", logs.String(), wantLog)
	}
}

func noTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.Attr{}
	}
	return a
}

// readTSV reads a counts file: a name, then numbers, per line.
func readTSV(t *testing.T, path string) map[string][]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		for _, s := range fields[1:] {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatal(err)
			}
			out[fields[0]] = append(out[fields[0]], n)
		}
	}
	return out
}

// trackerCounts returns, as trackercounts.py does: advisories, affected
// entries, fixed, not affected, affected without fix, will not fix,
// under investigation, errors.
func trackerCounts(p parsed) []int {
	n := make([]int, 8)
	n[0], n[7] = len(p.advs), len(p.errors)
	for _, a := range p.advs {
		for _, af := range a.Affected {
			n[1]++
			switch {
			case af.Status == advisory.StatusAffected && len(af.Ranges) > 0:
				n[2]++
			case af.Status == advisory.StatusNotAffected:
				n[3]++
			case af.Status == advisory.StatusAffected:
				n[4]++
			case af.Status == advisory.StatusWillNotFix:
				n[5]++
			case af.Status == advisory.StatusUnderInvestigation:
				n[6]++
			}
		}
	}
	return n
}

// TestTrackerCounts compares whole files with trackercounts.py's
// figures (trackercounts.tsv).
func TestTrackerCounts(t *testing.T) {
	for name, want := range readTSV(t, "testdata/trackercounts.tsv") {
		t.Run(name, func(t *testing.T) {
			got := trackerCounts(parseFile(t, &Tracker{}, filepath.Join("testdata", name)))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// fullTrackers are where a copy of the whole export may be; the shared
// data has none yet.
var fullTrackers = []string{
	"/work/shared/data/feeds-full/debian-security-tracker/json",
	"/work/shared/data/feeds-full/debian-security-tracker/data.json",
	"/work/shared/data/feeds-full/debian-security-tracker/tracker.json",
}

// TestTrackerFull reads the whole export, when a copy is there: no
// error, and every advisory well formed.
func TestTrackerFull(t *testing.T) {
	path := ""
	for _, p := range fullTrackers {
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("whole tracker export absent from", fullTrackers)
	}
	p := parseFile(t, &Tracker{}, path)
	for _, err := range p.errors {
		t.Error(err)
	}
	for _, a := range p.advs {
		if a.ID == "" || len(a.Affected) == 0 {
			t.Fatalf("advisory %+v", a)
		}
	}
	t.Logf("advisories, affected, fixed, not affected, open, will not fix, undetermined, errors: %v", trackerCounts(p))
}

func TestListRecords(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	dsa := &List{}
	tests := []struct {
		feed *List
		file string
		want *advisory.Advisory
	}{
		{dsa, "testdata/DSA-list-subset.txt", &advisory.Advisory{
			ID: "DSA-4480-1", Aliases: []string{"CVE-2019-10192", "CVE-2019-10193"},
			Summary: "redis - security update", Published: day("2019-07-11"), References: refs("DSA-4480-1", 0),
			Affected: []advisory.Affected{fixed(deb("9"), "redis", "3:3.2.6-3+deb9u3", ""), fixed(deb("10"), "redis", "5:5.0.3-4+deb10u1", "")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-4480-1"},
		}},
		{&List{Kind: DLA}, "testdata/DLA-list-subset.txt", &advisory.Advisory{
			ID: "DLA-2711-1", Aliases: []string{"CVE-2021-29969", "CVE-2021-29970", "CVE-2021-29976", "CVE-2021-30547"},
			Summary: "thunderbird - security update", Published: day("2021-07-19"), References: refs("DLA-2711-1", 0),
			Affected: []advisory.Affected{fixed(deb("9"), "thunderbird", "1:78.12.0-1~deb9u1", "")},
			Source:   advisory.Provenance{Feed: "debian-dla", Record: "DLA-2711-1"},
		}},
		{dsa, "testdata/DSA-list-subset.vunnel.txt", &advisory.Advisory{ // an old ID without revision; two packages; woody is 3.0
			ID: "DSA-140", Aliases: []string{"CVE-2002-0660", "CVE-2002-0728"},
			Summary: "libpng - buffer overflow", Published: day("2002-08-05"), References: refs("DSA-140", 0),
			Affected: []advisory.Affected{fixed(deb("3"), "libpng", "1.0.12-3.woody.2", ""), fixed(deb("3"), "libpng3", "1.2.1-1.1.woody.2", "")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-140"},
		}},
		{dsa, "testdata/DSA-list-subset.vunnel.txt", &advisory.Advisory{ // a regression update: no IDs
			ID: "DSA-2808-2", Summary: "openjpeg - regression update", Published: day("2014-04-22"), References: refs("DSA-2808-2", 0),
			Affected: []advisory.Affected{fixed(deb("6"), "openjpeg", "1.3+dfsg-4+squeeze3", ""), fixed(deb("7"), "openjpeg", "1.3+dfsg-4.8", "")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-2808-2"},
		}},
		{dsa, "testdata/DSA-list-excerpt.txt", &advisory.Advisory{
			ID: "DSA-3699-1", Summary: "virtualbox - end of life", Published: day("2016-10-25"), References: refs("DSA-3699-1", 0),
			Affected: []advisory.Affected{status(deb("8"), "virtualbox", advisory.StatusWillNotFix, "", "end-of-life")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-3699-1"},
		}},
		{dsa, "testdata/DSA-list-excerpt.txt", &advisory.Advisory{
			ID: "DSA-2275-1", Aliases: []string{"CVE-2011-2685"}, Summary: "openoffice.org - buffer overflow",
			Published: day("2011-07-07"), References: refs("DSA-2275-1", 0),
			Affected: []advisory.Affected{
				fixed(deb("6"), "openoffice.org", "1:3.2.1-11+squeeze3", ""),
				status(deb("5"), "openoffice.org", advisory.StatusNotAffected, "", "Vulnerable code not present"),
			},
			Source: advisory.Provenance{Feed: "debian-dsa", Record: "DSA-2275-1"},
		}},
		{dsa, "testdata/DSA-list-excerpt.txt", &advisory.Advisory{ // two spaces in the header
			ID: "DSA-2107-1", Aliases: []string{"CVE-2010-2953"}, Summary: "couchdb - arbitrary code execution",
			Published: day("2010-09-09"), References: refs("DSA-2107-1", 0),
			Affected: []advisory.Affected{fixed(deb("5"), "couchdb", "0.8.0-2+lenny1", "")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-2107-1"},
		}},
		{dsa, "testdata/DSA-list-excerpt.txt", &advisory.Advisory{ // urgencies in notes; <unfixed>
			ID: "DSA-746-1", Aliases: []string{"CVE-2005-1921"}, Summary: "phpgroupware - remote command execution",
			Published: day("2005-07-14"), References: refs("DSA-746-1", 0),
			Affected: []advisory.Affected{
				status(deb("3"), "phpgroupware", advisory.StatusAffected, "high", ""),
				fixed(deb("3"), "phpgroupware", "0.9.16.005-3.sarge0", "high"),
			},
			Source: advisory.Provenance{Feed: "debian-dsa", Record: "DSA-746-1"},
		}},
		{dsa, "testdata/DSA-list-excerpt.txt", &advisory.Advisory{
			ID: "DSA-837-1", Aliases: []string{"CVE-2005-2871"}, Summary: "mozilla-firefox - buffer overflow",
			Published: day("2005-10-02"), References: refs("DSA-837-1", 0),
			Affected: []advisory.Affected{fixed(deb("3"), "mozilla-firefox", "1.0.4-2sarge4", "medium")},
			Source:   advisory.Provenance{Feed: "debian-dsa", Record: "DSA-837-1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.want.ID, func(t *testing.T) {
			got := parseFile(t, tt.feed, tt.file).byRec[tt.want.ID]
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestListErrors(t *testing.T) {
	p := parseFile(t, &List{Kind: DLA}, "testdata/DLA-list-subset.txt")
	var re *RecordError
	if len(p.errors) != 1 || !errors.As(p.errors[0], &re) || re.Record != "line 4" {
		t.Errorf("errors = %v, want one *RecordError for line 4 (the malformed header)", p.errors)
	}
	if len(p.advs) != 1 {
		t.Errorf("%d advisories, want 1", len(p.advs))
	}
	data := "NOTE: stray\n[01 Jan 2020] DSA-1-1 x - y\n\t[bookworm] - x\n\t[bookworm] - x <fixed-ish>\n\tgarbage\n\t{CVE-1\n\t[bookworm] - x 1.0\n"
	p = run(t, (&List{}).Parse(context.Background(), strings.NewReader(data)))
	var got []string
	for _, err := range p.errors {
		got = append(got, err.Error())
	}
	want := []string{
		`debian: record line 1: "NOTE: stray" before any entry`,
		`debian: record line 3: DSA-1-1: "[bookworm] - x": no version`,
		`debian: record line 4: DSA-1-1: "[bookworm] - x <fixed-ish>": unknown tag <fixed-ish>`,
		`debian: record line 5: DSA-1-1: unknown line "garbage"`,
		`debian: record line 6: DSA-1-1: unclosed ID list "{CVE-1"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(p.advs) != 1 || len(p.advs[0].Affected) != 1 {
		t.Errorf("advisories %v, want DSA-1-1 with one package", p.advs)
	}
}

// listCounts returns, as listcounts.py does (less its first figure, the
// entries): advisories, package lines, fixed, not affected, end of life,
// unfixed, aliases.
func listCounts(p parsed) []int {
	n := make([]int, 7)
	n[0] = len(p.advs)
	for _, a := range p.advs {
		n[6] += len(a.Aliases)
		for _, af := range a.Affected {
			n[1]++
			switch {
			case len(af.Ranges) > 0:
				n[2]++
			case af.Status == advisory.StatusNotAffected:
				n[3]++
			case af.Status == advisory.StatusWillNotFix:
				n[4]++
			default:
				n[5]++
			}
		}
	}
	return n
}

// TestListCounts compares whole lists with listcounts.py's figures: the
// subsets (listcounts.tsv) and, when the shared copies are there, the
// whole DSA and DLA lists (listcounts-full.tsv).
func TestListCounts(t *testing.T) {
	for _, c := range []struct{ tsv, dir string }{
		{"testdata/listcounts.tsv", "testdata"},
		{"testdata/listcounts-full.tsv", "/work/shared/data/feeds-full/debian-security-tracker"},
	} {
		for name, want := range readTSV(t, c.tsv) {
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(c.dir, name)
				if _, err := os.Stat(path); err != nil {
					t.Skip(err)
				}
				p := parseFile(t, &List{}, path)
				if diff := cmp.Diff(want[1:], listCounts(p)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				for _, err := range p.errors {
					if !strings.Contains(name, "DLA-list-subset") { // its malformed header: TestListErrors
						t.Error(err)
					}
				}
			})
		}
	}
}

func TestDistributions(t *testing.T) {
	f, err := os.Open("testdata/distributions.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := ParseDistributions(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []Distribution{{Codename: "buster", Version: "10", Support: "security"}, {Codename: "stretch", Version: "9", Support: "lts"}}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	ds = append(ds, Distribution{Codename: "sid"}, Distribution{Codename: "zzz"}, Distribution{Codename: "duke2", Version: "16"})
	wantCover := []advisory.Query{{Ecosystem: "deb", Release: deb("10")}, {Ecosystem: "deb", Release: deb("9")},
		{Ecosystem: "deb", Release: sid}, {Ecosystem: "deb", Release: deb("16")}}
	if diff := cmp.Diff(wantCover, (&Tracker{Distributions: ds}).Cover()); diff != "" {
		t.Errorf("Cover (-want +got):\n%s", diff)
	}
	if got := (&Tracker{}).Cover(); got != nil {
		t.Errorf("Cover with no Distributions = %v, want nil", got)
	}
	if _, err := ParseDistributions(strings.NewReader("[")); err == nil {
		t.Error("no error for malformed distributions.json")
	}
}

// TestReleaseAgrees checks that the feeds key releases as an image's
// os-release does through advisory.ReleaseOf (bookworm's VERSION_ID is
// 12, trixie's 13), so that the same Query finds them.
func TestReleaseAgrees(t *testing.T) {
	rs := &releases{}
	for codename, versionID := range map[string]string{"bookworm": "12", "trixie": "13", "bullseye": "11", "buster": "10", "stretch": "9", "jessie": "8", "wheezy": "7.11"} {
		got, ok := rs.of(codename)
		if want := advisory.ReleaseOf("debian", versionID); !ok || got != want {
			t.Errorf("%s: %v, %v; want %v", codename, got, ok, want)
		}
	}
}

func TestFeedNames(t *testing.T) {
	tests := []struct {
		feed           advisory.Feed
		name, location string
	}{
		{&Tracker{}, "debian", TrackerURL},
		{&List{}, "debian-dsa", DSAListURL},
		{&List{Kind: DSA}, "debian-dsa", DSAListURL},
		{&List{Kind: DLA}, "debian-dla", DLAListURL},
		{&List{Kind: DLA, URL: "http://127.0.0.1/list"}, "debian-dla", "http://127.0.0.1/list"},
		{&List{Kind: "DTSA"}, "debian-dtsa", ""},
	}
	for _, tt := range tests {
		loc := tt.feed.(interface{ Location() string }).Location()
		if tt.feed.Name() != tt.name || loc != tt.location {
			t.Errorf("%T: %s %s, want %s %s", tt.feed, tt.feed.Name(), loc, tt.name, tt.location)
		}
	}
	if (&List{}).Cover() != nil {
		t.Error("a list covers something")
	}
	if rc, _, err := (&List{Kind: "DTSA"}).Fetch(context.Background(), ""); rc != nil || err == nil {
		t.Errorf("Fetch with no address: %v, %v; want an error", rc, err)
	}
}

// The Ranges a fix gives are ECOSYSTEM ranges that version.Evaluate reads
// with dpkg ordering.
func TestFixedEvaluates(t *testing.T) {
	p := parseFile(t, &List{}, "testdata/DSA-list-subset.txt")
	af := p.byRec["DSA-4480-1"].Affected[1] // buster, fixed in 5:5.0.3-4+deb10u1
	for v, want := range map[string]bool{"5:5.0.3-4": true, "5:5.0.3-4+deb10u1": false, "5:5.0.3-4+deb10u2": false, "5.0.14-1": true} {
		got, err := version.Affects("deb", v, af.Selection())
		if err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", v, got, err, want)
		}
	}
}

// TestTrackerReaders checks that the export reads alike from a file (read
// at random in place, also from an offset past other data) and from a
// plain reader (through a temporary copy).
func TestTrackerReaders(t *testing.T) {
	const path = "testdata/tracker-constructed.json"
	want := parseFile(t, &Tracker{}, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	offset := filepath.Join(t.TempDir(), "offset")
	if err := os.WriteFile(offset, append([]byte("not the export\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(offset)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(len("not the export\n")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]io.Reader{
		"plain reader":                    struct{ io.Reader }{bytes.NewReader(data)},
		"file from offset":                f,
		"bytes.Reader (ReaderAt, Seeker)": bytes.NewReader(data),
	} {
		t.Run(name, func(t *testing.T) {
			got := run(t, (&Tracker{}).Parse(context.Background(), r))
			if diff := cmp.Diff(want.advs, got.advs); diff != "" {
				t.Errorf("advisories (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(fmt.Sprint(want.errors), fmt.Sprint(got.errors)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStops checks that a caller may stop at any point, after an
// advisory or an error, without Parse yielding again.
func TestStops(t *testing.T) {
	for _, tt := range []struct {
		feed advisory.Feed
		file string
	}{
		{&Tracker{}, "testdata/tracker-constructed.json"},
		{&List{}, "testdata/DLA-list-subset.txt"},
		{&List{}, "testdata/DSA-list-excerpt.txt"},
	} {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		all := run(t, tt.feed.Parse(context.Background(), bytes.NewReader(data)))
		total := len(all.advs) + len(all.errors)
		for stop := 1; stop <= total; stop++ {
			n := 0
			for range tt.feed.Parse(context.Background(), bytes.NewReader(data)) {
				if n++; n == stop {
					break
				}
			}
			if n != stop {
				t.Errorf("%s: stop after %d: %d results", tt.file, stop, n)
			}
		}
	}
	data, err := os.ReadFile("testdata/tracker-constructed.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := run(t, (&Tracker{}).Parse(ctx, bytes.NewReader(data)))
	if len(p.advs) != 0 || len(p.errors) != 1 || !errors.Is(p.errors[0], context.Canceled) {
		t.Errorf("cancelled: %d advisories, errors %v; want none and context.Canceled", len(p.advs), p.errors)
	}
}

// TestOSVAgrees checks that the tracker and the OSV feed key Debian's
// releases alike (OSV's "Debian:12", "Debian:sid"), so that one Query
// finds both.
func TestOSVAgrees(t *testing.T) {
	rs := &releases{}
	for eco, codename := range map[string]string{"Debian:12": "bookworm", "Debian:13": "trixie", "Debian:11": "bullseye", "Debian:sid": "sid"} {
		rec := `{"id": "X", "affected": [{"package": {"ecosystem": "` + eco + `", "name": "p"},
		  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1"}]}]}]}`
		for a, err := range osv.Parse(context.Background(), strings.NewReader(rec)) {
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := rs.of(codename); got != a.Affected[0].Release {
				t.Errorf("%s: debian %v, osv %v", codename, got, a.Affected[0].Release)
			}
		}
	}
}
