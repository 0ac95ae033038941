package kev

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func parseFile(t *testing.T, path string) *Catalog {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Parse(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

var log4shell = Entry{
	CVE:              "CVE-2021-44228",
	VendorProject:    "Apache",
	Product:          "Log4j2",
	Name:             "Apache Log4j2 Remote Code Execution Vulnerability",
	ShortDescription: "Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints, allowing for remote code execution.",
	RequiredAction:   "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks. Temporary mitigations using one of the measures provided at https://www.cisa.gov/uscert/ed-22-02-apache-log4j-recommended-mitigation-measures are only acceptable until updates are available.",
	Notes:            "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
	DateAdded:        day("2021-12-10"),
	DueDate:          day("2021-12-24"),
	Ransomware:       "Known",
	CWEs:             []string{"CWE-20", "CWE-400", "CWE-502"},
}

func TestLookup(t *testing.T) {
	tests := []struct {
		file, cve string
		want      Entry
		ok        bool
	}{
		{"testdata/kev-subset.json", "CVE-2021-44228", log4shell, true},
		{"testdata/kev-subset.csv", "CVE-2021-44228", log4shell, true},
		{"testdata/kev-subset.json", "CVE-2023-4863", Entry{
			CVE: "CVE-2023-4863", VendorProject: "Google", Product: "Chromium WebP",
			Name:             "Google Chromium WebP Heap-Based Buffer Overflow Vulnerability",
			ShortDescription: entryField(t, "CVE-2023-4863", "shortDescription"),
			RequiredAction:   "Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.",
			Notes:            entryField(t, "CVE-2023-4863", "notes"),
			DateAdded:        day("2023-09-13"), DueDate: day("2023-10-04"), Ransomware: "Unknown",
			CWEs: []string{"CWE-787"},
		}, true},
		{"testdata/kev-subset.json", "CVE-2024-3094", Entry{}, false},
		{"testdata/kev-subset.csv", "CVE-2024-3094", Entry{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.cve, func(t *testing.T) {
			got, ok := parseFile(t, tt.file).Lookup(tt.cve)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := (*Catalog)(nil).Lookup("CVE-2021-44228"); ok {
		t.Error("nil catalog has an entry")
	}
}

// entryField reads one field of an entry from the JSON testdata with a
// plain decode, for long texts not worth repeating.
func entryField(t *testing.T, cve, field string) string {
	b, err := os.ReadFile("testdata/kev-subset.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Vulnerabilities []map[string]any }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, v := range doc.Vulnerabilities {
		if v["cveID"] == cve {
			s, _ := v[field].(string)
			return s
		}
	}
	return ""
}

// TestCounts checks the subset's totals against python3 (json and csv
// modules): 64 entries, 7 with known ransomware use, in both forms, and
// both forms give the same entries.
func TestCounts(t *testing.T) {
	j := parseFile(t, "testdata/kev-subset.json")
	c := parseFile(t, "testdata/kev-subset.csv")
	for _, cat := range []*Catalog{j, c} {
		known := 0
		for _, e := range cat.Entries {
			if e.KnownRansomware() {
				known++
			}
		}
		if cat.Len() != 64 || known != 7 {
			t.Errorf("%d entries, %d known ransomware; want 64, 7", cat.Len(), known)
		}
	}
	if diff := cmp.Diff(j.Entries, c.Entries); diff != "" {
		t.Errorf("json vs csv (-json +csv):\n%s", diff)
	}
	if j.Version != "2025.08.25" || !j.Released.Equal(time.Date(2025, 8, 25, 17, 4, 19, 979600000, time.UTC)) {
		t.Errorf("version %q released %v", j.Version, j.Released)
	}
}

// TestWholeCatalog reads the whole recorded catalog when present: 1404
// entries (its "count" and python3's), 293 with known ransomware use, the
// CSV the same.
func TestWholeCatalog(t *testing.T) {
	const dir = "/work/shared/data/advisories/kev/"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("whole catalog absent:", err)
	}
	j := parseFile(t, dir+"known_exploited_vulnerabilities.json")
	c := parseFile(t, dir+"known_exploited_vulnerabilities.csv")
	known := 0
	for _, e := range j.Entries {
		if e.KnownRansomware() {
			known++
		}
	}
	if j.Len() != 1404 || known != 293 {
		t.Errorf("%d entries, %d known; want 1404, 293", j.Len(), known)
	}
	if diff := cmp.Diff(j.Entries, c.Entries); diff != "" {
		t.Errorf("json vs csv (-json +csv):\n%s", diff)
	}
}

// TestSchema validates the JSON testdata against CISA's own schema, with
// format assertions on (dates).
func TestSchema(t *testing.T) {
	load := func(path string) any {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	comp := jsonschema.NewCompiler()
	comp.AssertFormat()
	if err := comp.AddResource("kev.schema.json", load("testdata/known_exploited_vulnerabilities_schema.json")); err != nil {
		t.Fatal(err)
	}
	sch, err := comp.Compile("kev.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(load("testdata/kev-subset.json")); err != nil {
		t.Error(err)
	}
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"catalogVersion":"1","dateReleased":"2025-08-25T17:04:19Z","count":1,"vulnerabilities":[{"cveID":"CVE-1"}]}`))
	if sch.Validate(bad) == nil {
		t.Error("schema accepts an entry without required fields")
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "  ", "{", `{"vulnerabilities":[{"cveID":""}]}`,
		`{"vulnerabilities":[{"cveID":"CVE-1"},{"cveID":"CVE-1"}]}`, "a,b\n1,2\n", "cveID\n\"x\n"} {
		if c, err := Parse(context.Background(), strings.NewReader(in)); err == nil {
			t.Errorf("%q: got %v, no error", in, c)
		}
	}
	_, err := Parse(context.Background(), strings.NewReader("cveID\nCVE-1\nCVE-1\n"))
	if !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, strings.NewReader("\xef\xbb\xbfcveID\nCVE-1\n")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/kev-subset.json", "testdata/kev-subset.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(context.Background(), bytes.NewReader(b))
		if (c == nil) == (err == nil) {
			t.Fatalf("got %v, %v", c, err)
		}
		if c != nil {
			for id, e := range c.Entries {
				if id != e.CVE || id == "" {
					t.Fatalf("entry %q keyed %q", e.CVE, id)
				}
			}
		}
	})
}
