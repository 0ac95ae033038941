package secdb

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

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
		for _, feed := range []*Feed{{}, WolfiFeed(), AlpineFeed("v3.20", "main")} {
			for a, err := range feed.Parse(context.Background(), bytes.NewReader(b)) {
				if (a == nil) == (err == nil) {
					t.Fatalf("got %v, %v", a, err)
				}
				if a == nil {
					continue
				}
				if a.ID == "" || len(a.Affected) == 0 {
					t.Fatalf("advisory %+v", a)
				}
				for _, af := range a.Affected {
					if af.Package == "" || af.Release.IsZero() {
						t.Fatalf("affected %+v", af)
					}
				}
			}
		}
	})
}

func FuzzSplitIDs(f *testing.F) {
	for _, s := range []string{"CVE-2017-8904 XSA-214", "CVE-2018-14462 (ICMP)", "CVE-????-????? TS-2024-005", "CVE_2019-2426", "CVE-46838", "(a (b) c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, _, err := splitIDs(s)
		if len(ids) == 0 && err == nil {
			t.Fatalf("%q: no ID and no error", s)
		}
		for _, id := range ids {
			if id == "" || bytes.ContainsAny([]byte(id), " ()") {
				t.Fatalf("%q: ID %q", s, id)
			}
		}
	})
}
