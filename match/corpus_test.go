package match_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/debian"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/secdb"
	"github.com/loadline/loadline/advisory/ubuntu"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
)

// corpus is testdata/corpus: real inventories, real advisory subsets and
// the findings testdata/corpus/gen.py expects of them, computed with the
// ecosystems' own version tools (see gen.py and PROVENANCE.md).
const corpus = "testdata/corpus"

// expectedFinding is one line of expected/<inventory>.json.
type expectedFinding struct {
	PURL          string   `json:"purl"`
	Location      string   `json:"location"`
	Package       string   `json:"package"`
	Ecosystem     string   `json:"ecosystem"`
	Vulnerability string   `json:"vulnerability"`
	Status        string   `json:"status"`
	Fixed         []string `json:"fixed"`
}

type expectedGap struct {
	Ecosystem string            `json:"ecosystem"`
	Release   *advisory.Release `json:"release"`
	Packages  int               `json:"packages"`
}

// corpusStore loads the corpus advisories through loadline's feeds: the
// Alpine secdb (advisory/secdb), Debian's DSA and DLA lists
// (advisory/debian), Ubuntu's OpenVEX (advisory/ubuntu) and the OSV
// records (advisory/osv). A record a feed rejects is logged, as a feed's
// caller would.
func corpusStore(t testing.TB) *memstore.Store {
	t.Helper()
	ctx := context.Background()
	var st memstore.Store
	load := func(f advisory.Feed, path string) {
		r, err := os.Open(filepath.Join(corpus, path))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n := 0
		for a, err := range f.Parse(ctx, r) {
			if err != nil {
				t.Logf("%s: %v", path, err)
				continue
			}
			st.Add(a)
			n++
		}
		if n == 0 {
			t.Fatalf("%s: no advisories", path)
		}
	}
	for _, repo := range []string{"main", "community"} {
		f := secdb.AlpineFeed("v3.19", repo)
		load(f, "feeds/alpine-secdb/v3.19/"+repo+".json")
		for _, q := range f.Cover() {
			st.Cover(q.Ecosystem, q.Release)
		}
	}
	load(&debian.List{Kind: debian.DSA}, "feeds/debian/DSA-list.txt")
	load(&debian.List{Kind: debian.DLA}, "feeds/debian/DLA-list.txt")
	for a, err := range ubuntu.ParseFS(ctx, os.DirFS(filepath.Join(corpus, "feeds", "ubuntu-vex"))) {
		if err != nil {
			t.Fatal(err)
		}
		st.Add(a)
	}
	for _, eco := range []string{"pypi", "golang", "cargo"} {
		st.Cover(eco, advisory.Release{}) // gen.py read these feeds whole
	}
	n := 0
	for a, err := range osv.ParseFS(ctx, os.DirFS(filepath.Join(corpus, "osv"))) {
		if err != nil {
			t.Fatal(err)
		}
		st.Add(a)
		n++
	}
	if n == 0 {
		t.Fatal("no OSV records in the corpus")
	}
	return &st
}

// key identifies a finding for the comparison.
func findingKey(purl, location, vuln, status string, fixed []string) string {
	return fmt.Sprintf("%s %s %s %s %v", purl, location, vuln, status, fixed)
}

func TestCorpus(t *testing.T) {
	st := corpusStore(t)
	invs, err := filepath.Glob(filepath.Join(corpus, "inventory", "*.inventory.json"))
	if err != nil || len(invs) == 0 {
		t.Fatalf("no inventories: %v", err)
	}
	type score struct{ pkgs, tp, fp, fn int }
	scores := map[string]*score{}
	for _, path := range invs {
		name := strings.TrimSuffix(filepath.Base(path), ".inventory.json")
		t.Run(name, func(t *testing.T) {
			inv := readInventory(t, path)
			for _, p := range inv.Packages {
				if scores[p.Type] == nil {
					scores[p.Type] = &score{}
				}
				scores[p.Type].pkgs++
			}
			var want struct {
				Findings []expectedFinding `json:"findings"`
				Gaps     []expectedGap     `json:"gaps"`
			}
			b, err := os.ReadFile(filepath.Join(corpus, "expected", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			res, err := (&match.Matcher{Store: st, Now: now}).Match(context.Background(), inv)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Errorf("problems: %+v", res.Problems)
			}
			wantKeys := map[string]string{} // key -> ecosystem
			var wk, gk []string
			for _, f := range want.Findings {
				k := findingKey(f.PURL, f.Location, f.Vulnerability, f.Status, f.Fixed)
				wantKeys[k] = f.Ecosystem
				wk = append(wk, k)
			}
			gotKeys := map[string]string{}
			for _, f := range res.Findings {
				loc := ""
				if len(f.Package.Locations) > 0 {
					loc = f.Package.Locations[0]
				}
				k := findingKey(f.Package.PURL, loc, f.Vulnerability, string(f.Status), f.Fixed)
				gotKeys[k] = f.Package.Type
				gk = append(gk, k)
			}
			if len(wantKeys) != len(wk) || len(gotKeys) != len(gk) {
				t.Errorf("duplicate findings: want %d keys of %d, got %d keys of %d", len(wantKeys), len(wk), len(gotKeys), len(gk))
			}
			for k, eco := range gotKeys {
				s := scores[eco]
				if s == nil {
					s = &score{}
					scores[eco] = s
				}
				if _, ok := wantKeys[k]; ok {
					s.tp++
				} else {
					s.fp++
					t.Errorf("unexpected finding: %s", k)
				}
			}
			for k, eco := range wantKeys {
				if _, ok := gotKeys[k]; !ok {
					if scores[eco] == nil {
						scores[eco] = &score{}
					}
					scores[eco].fn++
					t.Errorf("missed finding: %s", k)
				}
			}
			var gotGaps []expectedGap
			for _, g := range res.Gaps {
				eg := expectedGap{Ecosystem: g.Ecosystem, Packages: g.Packages}
				if !g.Release.IsZero() {
					eg.Release = &g.Release
				}
				gotGaps = append(gotGaps, eg)
			}
			if diff := cmp.Diff(want.Gaps, gotGaps, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("gaps (-want +got):\n%s", diff)
			}
			t.Logf("%s: %d packages, %d findings, %d gaps", name, len(inv.Packages), len(res.Findings), len(res.Gaps))
		})
	}
	ecos := make([]string, 0, len(scores))
	for eco := range scores {
		ecos = append(ecos, eco)
	}
	slices.Sort(ecos)
	for _, eco := range ecos {
		s := scores[eco]
		precision, recall := 1.0, 1.0 // vacuous: nothing found, nothing missed
		if s.tp+s.fp > 0 {
			precision = float64(s.tp) / float64(s.tp+s.fp)
		}
		if s.tp+s.fn > 0 {
			recall = float64(s.tp) / float64(s.tp+s.fn)
		}
		t.Logf("%-7s precision %.3f recall %.3f (%d packages, %d expected findings, %d true, %d false, %d missed)", eco, precision, recall, s.pkgs, s.tp+s.fn, s.tp, s.fp, s.fn)
		if s.fp > 0 || s.fn > 0 {
			t.Errorf("%s: precision %.3f, recall %.3f; want 1.000 both", eco, precision, recall)
		}
	}
}

func readInventory(t testing.TB, path string) *sbom.Inventory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}
