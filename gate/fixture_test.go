package gate

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/osv"
	"github.com/loadline/loadline/advisory/secdb"
	"github.com/loadline/loadline/gate/internal/golden"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

// matchedAt is when the fixture result was matched; evaluations in the
// tests run at now (rule_test.go), a little later.
var matchedAt = time.Date(2026, 11, 23, 11, 0, 0, 0, time.UTC)

// realResult matches the real inventory of testdata/alpine-3.19.tar (an
// Alpine 3.19.4 base layer and an npm app layer with semver 7.5.1)
// against the real GHSA record of CVE-2022-25883 (semver ReDoS, fixed in
// 7.5.2) and, with alpine, the real Alpine secdb of v3.19 main (which
// finds CVE-2024-9143 in libcrypto3 and libssl3, fixed in 3.1.7-r1,
// unrated, and says the fixes of older CVEs are in); without it, the apk
// packages are a Gap.
func realResult(t testing.TB, alpine bool) *match.Result {
	t.Helper()
	b, err := os.ReadFile("testdata/alpine-3.19.inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/GHSA-c2qf-rxjj-qqgw.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var db memstore.Store
	for a, err := range osv.Parse(context.Background(), f) {
		if err != nil {
			t.Fatal(err)
		}
		db.Add(a)
	}
	if alpine {
		g, err := os.Open("testdata/alpine-secdb-v3.19-main.json")
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		feed := secdb.AlpineFeed("v3.19", "main")
		for a, err := range feed.Parse(context.Background(), g) {
			var re *secdb.RecordError
			if errors.As(err, &re) {
				continue // one malformed ID ("CVE-46838" of linux-lts): the feed goes on
			} else if err != nil {
				t.Fatal(err)
			}
			db.Add(a)
		}
		for _, q := range feed.Cover() {
			db.Cover(q.Ecosystem, q.Release)
		}
	}
	res, err := (&match.Matcher{Store: &db, Exploits: &db, Now: matchedAt}).Match(context.Background(), &inv)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestResultFixture keeps testdata/alpine-3.19.result.json, which the
// report tests read, equal to what the matcher makes of the real data
// (GHSA and Alpine secdb).
func TestResultFixture(t *testing.T) {
	res := realResult(t, true)
	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, "testdata/alpine-3.19.result.json", got, *update)
	var affected []string
	for _, f := range res.Findings {
		if f.Status == "affected" {
			affected = append(affected, f.Package.Name+" "+f.Vulnerability)
		}
	}
	want := []string{"libcrypto3 CVE-2024-9143", "libssl3 CVE-2024-9143", "semver CVE-2022-25883"}
	if diff := cmp.Diff(want, affected); diff != "" || len(res.Findings) != 23 || len(res.Gaps) != 0 {
		t.Errorf("fixture: %d findings, %d gaps; affected (-want +got):\n%s", len(res.Findings), len(res.Gaps), diff)
	}
}
