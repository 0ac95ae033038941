package epss

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func parseFile(t *testing.T, name string) *Scores {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Parse(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestParse checks records field by field and each file's row count
// against python3's csv module (29 and 5 rows, all distinct CVEs).
func TestParse(t *testing.T) {
	tests := []struct {
		file    string
		model   string
		date    time.Time
		n       int
		cve     string
		want    Score
		present bool
	}{
		{"claircore-epss-sample.csv", "v2023.03.01", time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC), 29, "CVE-1999-0005", Score{0.91963, 0.99030}, true},
		{"claircore-epss-sample.csv", "v2023.03.01", time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC), 29, "CVE-2024-9987", Score{0.00043, 0.09778}, true},
		{"claircore-epss-sample.csv.gz", "v2023.03.01", time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC), 29, "CVE-2022-34668", Score{0.00311, 0.70519}, true},
		{"vunnel-epss-example-1.csv", "v2023.03.01", time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC), 5, "CVE-1999-0005", Score{0.91963, 0.99214}, true},
		{"vunnel-epss-example-1.csv", "v2023.03.01", time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC), 5, "CVE-2021-44228", Score{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.cve, func(t *testing.T) {
			s := parseFile(t, tt.file)
			got, ok := s.Lookup(tt.cve)
			if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.present {
				t.Errorf("Lookup ok=%v (-want +got):\n%s", ok, diff)
			}
			if s.ModelVersion != tt.model || !s.Date.Equal(tt.date) || s.Len() != tt.n {
				t.Errorf("model %q date %v len %d; want %q %v %d", s.ModelVersion, s.Date, s.Len(), tt.model, tt.date, tt.n)
			}
		})
	}
	if diff := cmp.Diff(parseFile(t, "claircore-epss-sample.csv"), parseFile(t, "claircore-epss-sample.csv.gz")); diff != "" {
		t.Errorf("plain vs gzip (-plain +gzip):\n%s", diff)
	}
	if _, ok := (*Scores)(nil).Lookup("CVE-1999-0005"); ok {
		t.Error("nil Scores has a score")
	}
}

func TestParseOther(t *testing.T) {
	s, err := Parse(context.Background(), strings.NewReader("percentile,cve,epss\n0.5,CVE-1,0.25\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Scores{ByCVE: map[string]Score{"CVE-1": {EPSS: 0.25, Percentile: 0.5}}}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("no comment, columns reordered (-want +got):\n%s", diff)
	}
	for _, in := range []string{"", "#model_version:v1\n", "cve,epss\nCVE-1,0.1\n", "cve,epss,percentile\nCVE-1,x,0.1\n",
		"cve,epss,percentile\nCVE-1,1.5,0.1\n", "cve,epss,percentile\n,0.1,0.1\n", "#score_date:yesterday\ncve,epss,percentile\n",
		"\x1f\x8bnot gzip", "cve,epss,percentile\nCVE-1,NaN,0.1\n"} {
		if s, err := Parse(context.Background(), strings.NewReader(in)); err == nil {
			t.Errorf("%q: got %v, no error", in, s)
		}
	}
	if _, err := Parse(context.Background(), strings.NewReader("cve,epss,percentile\nCVE-1,0.1,0.1\nCVE-1,0.1,0.1\n")); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, strings.NewReader("cve,epss,percentile\nCVE-1,0.1,0.1\n")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"claircore-epss-sample.csv", "claircore-epss-sample.csv.gz", "vunnel-epss-example-1.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(context.Background(), bytes.NewReader(b))
		if (s == nil) == (err == nil) {
			t.Fatalf("got %v, %v", s, err)
		}
		for cve, sc := range byCVE(s) {
			if cve == "" || sc.EPSS < 0 || sc.EPSS > 1 || sc.Percentile < 0 || sc.Percentile > 1 {
				t.Fatalf("%q: %+v", cve, sc)
			}
		}
	})
}

func byCVE(s *Scores) map[string]Score {
	if s == nil {
		return nil
	}
	return s.ByCVE
}
