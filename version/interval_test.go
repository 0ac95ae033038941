package version

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluate(t *testing.T) {
	intro := func(v string) Event { return Event{Introduced: v} }
	fixed := func(v string) Event { return Event{Fixed: v} }
	last := func(v string) Event { return Event{LastAffected: v} }
	limit := func(v string) Event { return Event{Limit: v} }
	eco := func(evs ...Event) Range { return Range{Type: RangeEcosystem, Events: evs} }
	tests := []struct {
		name string
		v    string
		a    Affected
		want Decision
	}{
		{"since zero, below fix", "1.0", Affected{Ranges: []Range{eco(intro("0"), fixed("1.2"))}},
			Decision{Affected: true, Range: 0, Introduced: "0", Fixed: "1.2"}},
		{"at the fix", "1.2", Affected{Ranges: []Range{eco(intro("0"), fixed("1.2"))}},
			Decision{Range: -1}},
		{"above the fix", "1.3", Affected{Ranges: []Range{eco(intro("0"), fixed("1.2"))}},
			Decision{Range: -1}},
		{"below introduced", "0.9", Affected{Ranges: []Range{eco(intro("1.0"), fixed("1.2"))}},
			Decision{Range: -1}},
		{"at introduced", "1.0", Affected{Ranges: []Range{eco(intro("1.0"), fixed("1.2"))}},
			Decision{Affected: true, Range: 0, Introduced: "1.0", Fixed: "1.2"}},
		{"pre-release of the fix is affected", "1.2-beta1", Affected{Ranges: []Range{eco(intro("0"), fixed("1.2"))}},
			Decision{Affected: true, Range: 0, Introduced: "0", Fixed: "1.2"}},
		{"last_affected is inclusive", "2.0", Affected{Ranges: []Range{eco(intro("1.0"), last("2.0"))}},
			Decision{Affected: true, Range: 0, Introduced: "1.0", LastAffected: "2.0"}},
		{"above last_affected", "2.0.1", Affected{Ranges: []Range{eco(intro("1.0"), last("2.0"))}},
			Decision{Range: -1}},
		{"no upper bound", "99", Affected{Ranges: []Range{eco(intro("1.0"))}},
			Decision{Affected: true, Range: 0, Introduced: "1.0"}},
		{"second interval, events out of order", "3.5",
			Affected{Ranges: []Range{eco(fixed("4.0"), intro("3.0"), fixed("2.0"), intro("1.0"))}},
			Decision{Affected: true, Range: 0, Introduced: "3.0", Fixed: "4.0"}},
		{"gap between intervals", "2.5",
			Affected{Ranges: []Range{eco(intro("1.0"), fixed("2.0"), intro("3.0"), fixed("4.0"))}},
			Decision{Range: -1}},
		{"empty interval introduced == fixed", "1.0", Affected{Ranges: []Range{eco(intro("1.0"), fixed("1.0"))}},
			Decision{Range: -1}},
		{"at limit", "2.0", Affected{Ranges: []Range{eco(intro("1.0"), limit("2.0"))}},
			Decision{Range: -1}},
		{"below limit", "1.5", Affected{Ranges: []Range{eco(intro("1.0"), limit("2.0"))}},
			Decision{Affected: true, Range: 0, Introduced: "1.0"}},
		{"limit *", "5.0", Affected{Ranges: []Range{eco(intro("1.0"), limit("*"))}},
			Decision{Affected: true, Range: 0, Introduced: "1.0"}},
		{"listed version", "1.7", Affected{Versions: []string{"1.5", "1.7.0"}},
			Decision{Affected: true, Range: -1}},
		{"unlisted version", "1.6", Affected{Versions: []string{"1.5", "1.7.0"}},
			Decision{Range: -1}},
		{"second range decides", "5", Affected{Ranges: []Range{eco(intro("0"), fixed("1")), eco(intro("4"))}},
			Decision{Affected: true, Range: 1, Introduced: "4"}},
		{"git range skipped", "1.0", Affected{Ranges: []Range{{Type: RangeGit, Events: []Event{intro("abc123")}}}},
			Decision{Range: -1}},
		{"semver range", "1.2.3", Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{intro("0"), fixed("1.2.4")}}}},
			Decision{Affected: true, Range: 0, Introduced: "0", Fixed: "1.2.4"}},
	}
	s, err := Lookup(Generic)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cloneAffected(tt.a)
			got, err := Evaluate(s, tt.v, tt.a)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate(%q) (-want +got):\n%s", tt.v, diff)
			}
			if diff := cmp.Diff(before, tt.a); diff != "" {
				t.Errorf("Evaluate modified its input (-before +after):\n%s", diff)
			}
		})
	}
}

func cloneAffected(a Affected) Affected {
	c := Affected{Versions: slices.Clone(a.Versions)}
	for _, r := range a.Ranges {
		c.Ranges = append(c.Ranges, Range{Type: r.Type, Events: slices.Clone(r.Events)})
	}
	return c
}

func TestEvaluateErrors(t *testing.T) {
	s, _ := Lookup(Generic)
	tests := []struct {
		name string
		v    string
		a    Affected
	}{
		{"invalid version", "not a version", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{{Introduced: "0"}}}}}},
		{"invalid bound", "1.0", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{{Introduced: "0"}, {Fixed: "n/a"}}}}}},
		{"empty event", "1.0", Affected{Ranges: []Range{{Type: RangeEcosystem, Events: []Event{{}}}}}},
		{"invalid listed version", "1.0", Affected{Versions: []string{"x y"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Evaluate(s, tt.v, tt.a)
			if err == nil {
				t.Fatalf("Evaluate(%q) = %+v, want an error", tt.v, d)
			}
			if d.Affected {
				t.Errorf("Evaluate(%q) reports affected along with error %v", tt.v, err)
			}
		})
	}
	var ive *InvalidVersionError
	_, err := Evaluate(s, "not a version", Affected{})
	if !errors.As(err, &ive) || ive.Version != "not a version" {
		t.Errorf("error %v does not carry the invalid version", err)
	}
	if _, err := Affects("no-such-ecosystem", "1", Affected{}); !errors.Is(err, ErrUnknownEcosystem) {
		t.Errorf("Affects with an unknown ecosystem: %v, want ErrUnknownEcosystem", err)
	}
}

// ghsaKnownDifferences are the places where osv.dev's enumerated versions
// disagree with Maven's own ordering (maven-artifact 3.8.7, checked with
// the jar): loadline follows Maven. Each must still disagree, so the list
// cannot go stale.
var ghsaKnownDifferences = map[string]string{
	// Range [9.0.0-M11, 9.0.44): Maven orders 9.0.0.M1..M10 below
	// 9.0.0-M11 (milestone 1 < milestone 11), osv.dev lists them.
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M1":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M3":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M4":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M6":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M8":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M9":  "milestone below introduced",
	"GHSA-f4qf-m5gf-8jm8 org.apache.tomcat:tomcat-coyote@9.0.0.M10": "milestone below introduced",
	// Range [0, 2.12.0.sp3): "sp" sorts after the release in Maven, so
	// 2.12.0 < 2.12.0.sp3 is affected; osv.dev leaves it out.
	"GHSA-w4jq-qh47-hvjq xerces:xercesImpl@2.12.0": "sp sorts after the release",
}

// ghsaAffected is one entry of testdata/osv/ghsa-affected.json.
type ghsaAffected struct {
	ID        string   `json:"id"`
	Ecosystem string   `json:"ecosystem"`
	Package   string   `json:"package"`
	Ranges    []Range  `json:"ranges"`
	Versions  []string `json:"versions"`
}

// TestEvaluateGHSA evaluates the ranges of real GHSA records against the
// versions list osv.dev enumerated from them: every listed version must be
// affected, and every other version of the same package that the file
// knows (listed by another record) must not be, except where osv.dev's
// own enumeration is known to differ (see ghsaKnownDifferences).
func TestEvaluateGHSA(t *testing.T) {
	b, err := os.ReadFile("testdata/osv/ghsa-affected.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []ghsaAffected
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	known := map[string][]string{} // ecosystem/package -> versions
	for _, e := range entries {
		k := e.Ecosystem + "/" + e.Package
		known[k] = append(known[k], e.Versions...)
	}
	checked, bad := 0, 0
	for _, e := range entries {
		s, err := Lookup(e.Ecosystem)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, v := range e.Versions {
			listed[v] = true
		}
		all := slices.Compact(slices.Sorted(slices.Values(known[e.Ecosystem+"/"+e.Package])))
		for _, v := range all {
			want := listed[v]
			d, err := Evaluate(s, v, Affected{Ranges: e.Ranges})
			checked++
			if _, ok := ghsaKnownDifferences[e.ID+" "+e.Package+"@"+v]; ok && err == nil {
				if d.Affected == want {
					t.Errorf("%s %s@%s: listed as a known difference but agrees with osv.dev", e.ID, e.Package, v)
				}
				continue
			}
			if err != nil || d.Affected != want {
				bad++
				if bad <= 20 {
					t.Errorf("%s %s %s@%s: affected = %v, %v; osv.dev says %v", e.ID, e.Ecosystem, e.Package, v, d.Affected, err, want)
				}
			}
		}
	}
	t.Logf("%d entries, %d version checks, %d disagreements", len(entries), checked, bad)
}
