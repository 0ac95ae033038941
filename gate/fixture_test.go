package gate

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/osv"
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
// 7.5.2). No Alpine data is loaded, so its apk packages are a Gap.
func realResult(t testing.TB) *match.Result {
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
	res, err := (&match.Matcher{Store: &db, Exploits: &db, Now: matchedAt}).Match(context.Background(), &inv)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestResultFixture keeps testdata/alpine-3.19.result.json, which the
// report tests read, equal to what the matcher makes of the real data.
func TestResultFixture(t *testing.T) {
	res := realResult(t)
	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, "testdata/alpine-3.19.result.json", got, *update)
	if len(res.Findings) != 1 || res.Findings[0].Vulnerability != "CVE-2022-25883" || len(res.Gaps) != 1 {
		t.Errorf("fixture has %d findings and %d gaps; want CVE-2022-25883 and the apk gap", len(res.Findings), len(res.Gaps))
	}
}
