package cve5

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

func collect(seq func(func(*advisory.Advisory, error) bool)) ([]*advisory.Advisory, []error) {
	var advs []*advisory.Advisory
	var errs []error
	for a, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		advs = append(advs, a)
	}
	return advs, errs
}

func parseFile(t *testing.T, name string) *advisory.Advisory {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	advs, errs := collect(new(Feed).Parse(context.Background(), f))
	if len(errs) != 0 || len(advs) != 1 {
		t.Fatalf("%s: %d advisories, errors %v", name, len(advs), errs)
	}
	return advs[0]
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func rng(typ version.RangeType, evs ...version.Event) version.Range {
	return version.Range{Type: typ, Events: evs}
}

func TestParseRecords(t *testing.T) {
	const protobufDetails = "Any project that uses Protobuf Pure-Python backend\u00a0to parse untrusted Protocol Buffers data containing an arbitrary number of recursive groups, recursive messages or a series of SGROUP\u00a0tags can be corrupted by exceeding the Python recursion limit. This can result in a Denial of service by crashing the application with a RecursionError. We recommend upgrading to version =>6.31.1 or beyond commit\u00a017838beda2943d08b8a9d4df5b68f5f04f26d901"
	protobufRanges := []version.Range{
		rng(version.RangeSemver, version.Event{Introduced: "0"}, version.Event{Fixed: "4.25.8"}),
		rng(version.RangeSemver, version.Event{Introduced: "0"}, version.Event{Fixed: "5.29.5"}),
		rng(version.RangeSemver, version.Event{Introduced: "0"}, version.Event{Fixed: "6.31.1"}),
	}
	tests := []struct {
		file  string
		check func(a *advisory.Advisory) any
		want  any
	}{
		{
			file: "CVE-2025-4565.json",
			check: func(a *advisory.Advisory) any {
				a.References = nil
				return a
			},
			want: &advisory.Advisory{
				ID: "CVE-2025-4565", Summary: protobufDetails, Details: protobufDetails,
				Published: ts("2025-06-16T14:50:40.906Z"), Modified: ts("2025-06-16T15:39:18.263Z"),
				Severities: []advisory.Severity{{Type: "CVSS_V4", Vector: "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", Score: 8.2, Rating: "HIGH", Source: "Google"}},
				Affected: []advisory.Affected{
					{Package: "protobuf", Ranges: protobufRanges},
					{Ecosystem: "pypi", Package: "protobuf", Ranges: protobufRanges},
				},
				CWEs:   []string{"CWE-674"},
				Source: advisory.Provenance{Feed: "cve5", Record: "CVE-2025-4565"},
			},
		},
		{
			file: "CVE-2021-44228.json",
			check: func(a *advisory.Advisory) any {
				return []any{a.ID, a.Published, a.Withdrawn.IsZero(), a.Severities, a.Affected, a.CWEs, len(a.References), strings.HasPrefix(a.Summary, "Apache Log4j2 2.0-beta9 through 2.15.0")}
			},
			want: []any{"CVE-2021-44228", ts("2021-12-10T00:00:00Z"), true,
				[]advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10, Rating: "CRITICAL", Source: "CISA-ADP"}},
				// The "changes" list and the bound "log4j-core*" are lost: open above.
				[]advisory.Affected{{Package: "Apache Log4j2", Ranges: []version.Range{rng(version.RangeEcosystem, version.Event{Introduced: "2.0-beta9"})}}},
				[]string{"CWE-20", "CWE-400", "CWE-502"}, 51, true},
		},
		{
			file: "CVE-2024-3094.json",
			check: func(a *advisory.Advisory) any {
				var eco []string
				for _, x := range a.Affected {
					eco = append(eco, x.Ecosystem+"/"+x.Package+"/"+string(x.Status))
				}
				return []any{a.ID, a.Severities, a.CWEs, eco, a.Affected[0]}
			},
			want: []any{"CVE-2024-3094",
				[]advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10, Rating: "CRITICAL", Source: "redhat"}},
				[]string{"CWE-506"}, []string{"/xz/"}, advisory.Affected{Package: "xz", Versions: []string{"5.6.0", "5.6.1"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.check(parseFile(t, tt.file))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestCounts checks totals over the 22 records against python3 (json
// module, same rules): 17 CVSS metrics, 22 CWEs, 212 distinct
// references, 21 affected items kept, 119 ranges, 16 listed versions.
func TestCounts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	got := map[string]int{}
	for _, f := range files {
		a := parseFile(t, filepath.Base(f))
		got["records"]++
		got["sev"] += len(a.Severities)
		got["cwe"] += len(a.CWEs)
		got["refs"] += len(a.References)
		got["aff"] += len(a.Affected)
		for _, x := range a.Affected {
			got["ranges"] += len(x.Ranges)
			got["versions"] += len(x.Versions)
		}
	}
	want := map[string]int{"records": 22, "sev": 17, "cwe": 22, "refs": 212, "aff": 21, "ranges": 119, "versions": 16}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestPublishedScores checks the 17 vector/score pairs the list records
// for these files ("CVE JSON 5 ..." rows of
// vectors-with-published-scores.tsv).
func TestPublishedScores(t *testing.T) {
	f, err := os.Open("testdata/vectors-with-published-scores.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 7 || !strings.HasPrefix(fields[6], "CVE JSON 5 ") {
			continue
		}
		rows++
		a := parseFile(t, strings.TrimPrefix(fields[6], "CVE JSON 5 "))
		score, _ := strconv.ParseFloat(fields[2], 64)
		found := false
		for _, s := range a.Severities {
			if s.Vector == fields[1] && s.Source == fields[5] {
				found = true
				if s.Score != score || (fields[3] != "" && s.Rating != fields[3]) {
					t.Errorf("%s %s: got %v %s, published %v %s", fields[4], fields[1], s.Score, s.Rating, score, fields[3])
				}
			}
		}
		if !found {
			t.Errorf("%s %s %s: no severity", fields[4], fields[5], fields[1])
		}
	}
	if rows != 17 {
		t.Errorf("%d rows, want 17", rows)
	}
}

func TestParseSynthetic(t *testing.T) {
	const recs = `{"cveMetadata":{"cveId":"CVE-2099-0002","state":"REJECTED","datePublished":"2099-01-01T00:00:00Z","dateUpdated":"2099-03-01T00:00:00Z","dateRejected":"2099-02-01T00:00:00Z"},
"containers":{"cna":{"providerMetadata":{"shortName":"ex"},"descriptions":[{"lang":"en","value":"** REJECT ** Not a vulnerability."}],
 "metrics":[{"cvssV3_1":{"vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.0}},{"cvssV2_0":{"vectorString":"AV:Q","baseScore":1}}],
 "affected":[{"vendor":"ex","product":"lib","collectionURL":"https://registry.npmjs.org","packageName":"@ex/lib","cpes":["cpe:2.3:a:ex:lib:*:*:*:*:*:*:*:*"],
   "versions":[{"version":"1.0.0","status":"affected","lessThanOrEqual":"1.2.*","versionType":"semver"},{"version":"2.0.0","status":"affected"},{"version":"2.1.0","status":"unaffected"}]},
  {"vendor":"ex","product":"tool","defaultStatus":"unknown"},{"vendor":"ex","product":"gone","defaultStatus":"unaffected","versions":[{"version":"1","status":"unaffected"}]}]}}}
{"cveMetadata":{}}`
	advs, errs := collect(new(Feed).Parse(context.Background(), strings.NewReader(recs)))
	want := []*advisory.Advisory{{
		ID: "CVE-2099-0002", Summary: "** REJECT ** Not a vulnerability.", Details: "** REJECT ** Not a vulnerability.",
		Published: ts("2099-01-01T00:00:00Z"), Modified: ts("2099-03-01T00:00:00Z"), Withdrawn: ts("2099-02-01T00:00:00Z"),
		Severities: []advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8, Rating: "CRITICAL", Source: "ex"}},
		Affected: []advisory.Affected{
			{Ecosystem: "npm", Package: "@ex/lib", CPE: "cpe:2.3:a:ex:lib:*:*:*:*:*:*:*:*", Ranges: []version.Range{rng(version.RangeSemver, version.Event{Introduced: "1.0.0"})}, Versions: []string{"2.0.0"}},
			{Package: "tool", Status: advisory.StatusUnderInvestigation},
		},
		Source: advisory.Provenance{Feed: "cve5", Record: "CVE-2099-0002"},
	}}
	if diff := cmp.Diff(want, advs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var se *ScoreError
	if len(errs) != 3 || !errors.As(errs[0], &se) || se.Stated != 9.0 || !strings.Contains(errs[2].Error(), "record 1: no cveId") {
		t.Errorf("errors: %v", errs)
	}
	for _, bad := range []string{"", "[", `{"cveMetadata":1}`} {
		if _, errs := collect(new(Feed).Parse(context.Background(), strings.NewReader(bad))); len(errs) == 0 {
			t.Errorf("%q: no error", bad)
		}
	}
	advs, errs = collect(new(Feed).Parse(context.Background(), strings.NewReader(`{"cveMetadata":1} {"cveMetadata":{"cveId":"CVE-1"}}`)))
	if len(advs) != 1 || len(errs) != 1 {
		t.Errorf("a wrong-shaped record stops parsing: %d advisories, errors %v", len(advs), errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, errs := collect(new(Feed).Parse(ctx, strings.NewReader(recs))); len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("cancelled: %v", errs)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for a, err := range new(Feed).Parse(context.Background(), strings.NewReader(string(b))) {
			if (a == nil) == (err == nil) {
				t.Fatalf("yielded %v, %v", a, err)
			}
		}
	})
}
