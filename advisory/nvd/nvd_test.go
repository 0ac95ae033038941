package nvd

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

// parseFile parses one testdata file and returns its advisories and errors.
func parseFile(t *testing.T, name string) ([]*advisory.Advisory, []error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return collect(new(Feed).Parse(context.Background(), f))
}

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

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05.999", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseRecords(t *testing.T) {
	tests := []struct {
		file string
		want *advisory.Advisory
		// check limits the comparison to some fields when set.
		check func(a *advisory.Advisory) any
		want2 any
	}{
		{
			file: "CVE-2021-28429.json",
			want: &advisory.Advisory{
				ID:        "CVE-2021-28429",
				Summary:   "Integer overflow vulnerability in av_timecode_make_string in libavutil/timecode.c in FFmpeg version 4.3.2, allows local attackers to cause a denial of service (DoS) via crafted .mov file.",
				Details:   "Integer overflow vulnerability in av_timecode_make_string in libavutil/timecode.c in FFmpeg version 4.3.2, allows local attackers to cause a denial of service (DoS) via crafted .mov file.",
				Published: utc("2023-08-11T14:15:12.667"),
				Modified:  utc("2023-08-18T14:55:33.060"),
				Severities: []advisory.Severity{{
					Type: "CVSS_V3", Vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H",
					Score: 5.5, Rating: "MEDIUM", Source: "nvd@nist.gov",
				}},
				Affected:   []advisory.Affected{{CPE: "cpe:2.3:a:ffmpeg:ffmpeg:4.3.2:*:*:*:*:*:*:*", Package: "ffmpeg:ffmpeg"}},
				References: []advisory.Reference{{URL: "https://git.ffmpeg.org/gitweb/ffmpeg.git/commitdiff/c94875471e3ba3dc396c6919ff3ec9b14539cd71"}},
				CWEs:       []string{"CWE-190"},
				Source:     advisory.Provenance{Feed: "nvd", Record: "CVE-2021-28429"},
			},
		},
		{
			file: "CVE-2024-3094.json",
			check: func(a *advisory.Advisory) any {
				return []any{a.ID, a.Published, a.Modified, a.Withdrawn.IsZero(), a.Severities, a.Affected, a.CWEs, len(a.References), strings.HasPrefix(a.Summary, "Malicious code was discovered in the upstream tarballs of xz")}
			},
			want2: []any{"CVE-2024-3094", utc("2024-03-29T17:15:21.150"), utc("2026-06-17T07:43:17.830"), true,
				[]advisory.Severity{
					{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10, Rating: "CRITICAL", Source: "secalert@redhat.com"},
					{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10, Rating: "CRITICAL", Source: "nvd@nist.gov"},
				},
				[]advisory.Affected{{CPE: "cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*", Package: "tukaani:xz"}, {CPE: "cpe:2.3:a:tukaani:xz:5.6.1:*:*:*:*:*:*:*", Package: "tukaani:xz"}},
				[]string{"CWE-506"}, countRefs(t, "CVE-2024-3094.json"), true},
		},
		{
			file: "CVE-2023-4863.json",
			check: func(a *advisory.Advisory) any {
				return []any{a.ID, a.Severities, a.CWEs, len(a.Affected), a.Affected[0], a.Affected[9], len(a.References)}
			},
			want2: []any{"CVE-2023-4863",
				[]advisory.Severity{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", Score: 8.8, Rating: "HIGH", Source: "nvd@nist.gov"}},
				[]string{"CWE-787"}, countAffected(t, "CVE-2023-4863.json"),
				advisory.Affected{CPE: "cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*", Package: "google:chrome", Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "0"}, {Fixed: "116.0.5845.187"}}}}},
				advisory.Affected{CPE: "cpe:2.3:a:mozilla:firefox_esr:*:*:*:*:*:*:*:*", Package: "mozilla:firefox_esr", Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "115.0"}, {Fixed: "115.2.1"}}}}},
				44},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			advs, errs := parseFile(t, tt.file)
			if len(errs) != 0 || len(advs) != 1 {
				t.Fatalf("got %d advisories, errors %v", len(advs), errs)
			}
			if tt.check != nil {
				if diff := cmp.Diff(tt.want2, tt.check(advs[0])); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			if diff := cmp.Diff(tt.want, advs[0]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// countRefs and countAffected read the stated counts from the file by a
// second, independent route (a plain string count).
func countRefs(t *testing.T, name string) int {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), `"url"`)
}

func countAffected(t *testing.T, name string) int {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.ReplaceAll(string(b), " ", ""), `"vulnerable":true`)
}

// TestCounts checks totals over every testdata response against counts
// computed independently with python3 (json module): 24 files, 61 CVEs
// (the 38-CVE page included), 86 CVSS metrics, 98 vulnerable CPE
// matches in non-negated nodes, 55 distinct CWEs per CVE summed, 249
// references, none rejected.
func TestCounts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	got := map[string]int{"files": len(files)}
	for _, f := range files {
		advs, errs := parseFile(t, filepath.Base(f))
		for _, err := range errs {
			t.Errorf("%s: %v", f, err)
		}
		for _, a := range advs {
			got["cves"]++
			got["sev"] += len(a.Severities)
			got["aff"] += len(a.Affected)
			got["cwe"] += len(a.CWEs)
			got["refs"] += len(a.References)
			if !a.Withdrawn.IsZero() {
				got["rej"]++
			}
		}
	}
	want := map[string]int{"files": 24, "cves": 61, "sev": 86, "aff": 98, "cwe": 55, "refs": 249}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestPublishedScores checks that every vector/score pair NVD publishes
// in the testdata (86 rows of vectors-with-published-scores.tsv, file
// "NVD API 2.0 ...") comes out as a Severity with that score and source.
func TestPublishedScores(t *testing.T) {
	type key struct{ cve, source, vector string }
	got := map[key]advisory.Severity{}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		advs, _ := parseFile(t, filepath.Base(f))
		for _, a := range advs {
			for _, s := range a.Severities {
				got[key{a.ID, s.Source, s.Vector}] = s
			}
		}
	}
	f, err := os.Open("testdata/vectors-with-published-scores.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 7 || !strings.HasPrefix(fields[6], "NVD API 2.0") {
			continue
		}
		rows++
		score, _ := strconv.ParseFloat(fields[2], 64)
		vec := fields[1]
		if fields[0] != "2.0" {
			vec = "CVSS:" + fields[0] + "/" + vec
		}
		s, ok := got[key{fields[4], fields[5], vec}]
		if !ok {
			// The list may write v3 vectors with their prefix already.
			s, ok = got[key{fields[4], fields[5], fields[1]}]
		}
		if !ok {
			t.Errorf("%s %s %s: no severity", fields[4], fields[5], fields[1])
			continue
		}
		if s.Score != score || (fields[3] != "" && s.Rating != fields[3]) {
			t.Errorf("%s %s %s: got %v %s, published %v %s", fields[4], fields[5], fields[1], s.Score, s.Rating, score, fields[3])
		}
	}
	if rows != 86 {
		t.Errorf("%d NVD rows in the list, want 86", rows)
	}
}

// TestParseSynthetic covers what the real files lack: a rejected CVE, an
// AND node with a negated platform, versionStartExcluding and
// versionEndIncluding, a stated score that disagrees, a bad vector, and
// malformed input.
func TestParseSynthetic(t *testing.T) {
	const doc = `{"resultsPerPage":2,"vulnerabilities":[
{"cve":{"id":"CVE-2099-0001","published":"2099-01-01T00:00:00.000","lastModified":"2099-02-01T00:00:00.000","vulnStatus":"Rejected",
 "descriptions":[{"lang":"es","value":"no"},{"lang":"en","value":"Rejected reason: duplicate.\nmore"}],
 "metrics":{"cvssMetricV2":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"2.0","vectorString":"AV:N/AC:L/Au:N/C:P/I:P/A:P","baseScore":9.9}}],
  "cvssMetricV40":[{"source":"cna@example.com","type":"Secondary","cvssData":{"version":"4.0","vectorString":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N","baseScore":9.3}},
   {"source":"bad@example.com","type":"Secondary","cvssData":{"version":"4.0","vectorString":"CVSS:4.0/AV:Q","baseScore":1}}]},
 "configurations":[{"operator":"AND","nodes":[
  {"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:x:y:*:*:*:*:*:*:*:*","versionStartExcluding":"1.0","versionEndIncluding":"1.5"},{"vulnerable":false,"criteria":"cpe:2.3:o:x:os:-:*:*:*:*:*:*:*"}]},
  {"operator":"OR","negate":true,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:x:z:*:*:*:*:*:*:*:*"}]}]}]}},
{"cve":{"descriptions":[]}}
]}`
	advs, errs := collect(new(Feed).Parse(context.Background(), strings.NewReader(doc)))
	want := []*advisory.Advisory{{
		ID:        "CVE-2099-0001",
		Summary:   "Rejected reason: duplicate.",
		Details:   "Rejected reason: duplicate.\nmore",
		Published: utc("2099-01-01T00:00:00.000"),
		Modified:  utc("2099-02-01T00:00:00.000"),
		Withdrawn: utc("2099-02-01T00:00:00.000"),
		Severities: []advisory.Severity{
			{Type: "CVSS_V2", Vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", Score: 7.5, Rating: "HIGH", Source: "nvd@nist.gov"},
			{Type: "CVSS_V4", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Score: 9.3, Rating: "CRITICAL", Source: "cna@example.com"},
		},
		Affected: []advisory.Affected{{CPE: "cpe:2.3:a:x:y:*:*:*:*:*:*:*:*", Package: "x:y", Ranges: []version.Range{{Type: version.RangeEcosystem, Events: []version.Event{{Introduced: "1.0"}, {LastAffected: "1.5"}}}}}},
		Source:   advisory.Provenance{Feed: "nvd", Record: "CVE-2099-0001"},
	}}
	if diff := cmp.Diff(want, advs); diff != "" {
		t.Errorf("advisories (-want +got):\n%s", diff)
	}
	if len(errs) != 3 {
		t.Fatalf("errors: %v", errs)
	}
	var se *ScoreError
	if !errors.As(errs[0], &se) || se.Stated != 9.9 || se.Score != 7.5 {
		t.Errorf("first error %v, want a ScoreError 9.9 vs 7.5", errs[0])
	}
	if !strings.Contains(errs[1].Error(), "bad@example.com") || !strings.Contains(errs[2].Error(), "vulnerability 1") {
		t.Errorf("errors: %v", errs)
	}
	for _, bad := range []string{"", "[]", `{"a":1}`, `{"vulnerabilities":{}}`, `{"vulnerabilities":[{"cve":1}]}`} {
		_, errs := collect(new(Feed).Parse(context.Background(), strings.NewReader(bad)))
		if len(errs) == 0 {
			t.Errorf("%q: no error", bad)
		}
	}
	advs, errs = collect(new(Feed).Parse(context.Background(), strings.NewReader(`{"vulnerabilities":[{"cve":1},{"cve":{"id":"CVE-1"}}]}`)))
	if len(advs) != 1 || len(errs) != 1 {
		t.Errorf("a wrong-shaped record stops parsing: %d advisories, errors %v", len(advs), errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, errs = collect(new(Feed).Parse(ctx, strings.NewReader(doc)))
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
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
