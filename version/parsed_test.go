package version

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestEvaluateSameAsReference evaluates random ranges built from each
// ecosystem's vector versions (and some invalid ones), with both Evaluate
// and evaluateReference, the string-comparing implementation it replaced:
// every Decision and every error message must be the same.
func TestEvaluateSameAsReference(t *testing.T) {
	files := map[string][]string{
		Deb:      {"deb/dpkg.tsv", "deb/compare.tsv"},
		RPM:      {"rpm/rpm-compare-oracle.tsv"},
		APK:      {"apk/compare.tsv"},
		NPM:      {"npm/compare.tsv"},
		PyPI:     {"pypi/compare.tsv"},
		Golang:   {"golang/compare.tsv"},
		Cargo:    {"cargo/compare.tsv"},
		Maven:    {"maven/maven-realworld-oracle.tsv"},
		Gem:      {"gem/compare.tsv"},
		NuGet:    {"nuget/nuget-compare.tsv"},
		Composer: {"composer/compare.tsv"},
		Generic:  {"golang/compare.tsv", "pypi/compare.tsv"},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, eco := range Ecosystems() {
		t.Run(eco, func(t *testing.T) {
			s, err := Lookup(eco)
			if err != nil {
				t.Fatal(err)
			}
			vers := []string{"0", "1.0", "v1.2.3", "not a version", "", "1:2.3-4", "*"}
			for _, f := range files[eco] {
				path := filepath.Join("testdata", f)
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("vector file: %v", err)
				}
				for _, r := range readTSV(t, path, 2, plain) {
					vers = append(vers, r.cols[0], r.cols[1])
				}
			}
			slices.Sort(vers)
			vers = slices.Compact(vers)
			pick := func() string { return vers[rng.IntN(len(vers))] }
			checked := 0
			for range 3000 {
				a := Affected{}
				for range rng.IntN(3) {
					a.Versions = append(a.Versions, pick())
				}
				for range 1 + rng.IntN(3) {
					r := Range{Type: []RangeType{RangeEcosystem, RangeEcosystem, RangeSemver, RangeGit}[rng.IntN(4)]}
					for range rng.IntN(7) {
						var e Event
						switch b := pick(); rng.IntN(5) {
						case 0:
							e.Introduced = "0"
						case 1:
							e.Introduced = b
						case 2:
							e.Fixed = b
						case 3:
							e.LastAffected = b
						case 4:
							e.Limit = cmp.Or(b, "*")
						}
						r.Events = append(r.Events, e)
					}
					a.Ranges = append(a.Ranges, r)
				}
				v := pick()
				want, wantErr := evaluateReference(s, v, a)
				got, gotErr := Evaluate(s, v, a)
				if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					b, _ := json.Marshal(a)
					t.Fatalf("Evaluate(%q, %s) = %+v, %v; the reference says %+v, %v", v, b, got, gotErr, want, wantErr)
				}
				checked++
			}
			t.Logf("%d versions, %d evaluations", len(vers), checked)
		})
	}
}

// evaluateReference is Evaluate as it was before Parse: it compares
// strings, parsing both sides at each comparison.
func evaluateReference(s Scheme, v string, a Affected) (Decision, error) {
	none := Decision{Range: -1}
	if _, err := s.Compare(v, v); err != nil {
		return none, err
	}
	for _, lv := range a.Versions {
		c, err := s.Compare(v, lv)
		if err != nil {
			return none, fmt.Errorf("version: affected versions: %w", err)
		}
		if c == 0 {
			return Decision{Affected: true, Range: -1}, nil
		}
	}
	for i, r := range a.Ranges {
		var cmp func(a, b string) (int, error)
		switch r.Type {
		case RangeEcosystem:
			cmp = s.Compare
		case RangeSemver:
			cmp = compareSemverRange
		default:
			continue
		}
		if r.Type == RangeSemver {
			if _, err := semverRangeParse(v); err != nil {
				return none, fmt.Errorf("version: range %d: %w", i, fmt.Errorf("version %q is not SemVer, which a SEMVER range compares", v))
			}
		}
		d, err := evaluateRangeReference(cmp, v, r)
		if err != nil {
			return none, fmt.Errorf("version: range %d: %w", i, err)
		}
		if d.Affected {
			d.Range = i
			return d, nil
		}
	}
	return none, nil
}

func evaluateRangeReference(cmp func(a, b string) (int, error), v string, r Range) (Decision, error) {
	type boundEvent struct{ kind, bound string }
	rank := map[string]int{"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}
	evs := make([]boundEvent, 0, len(r.Events))
	for _, e := range r.Events {
		k, b := e.kind()
		if k == eventNone {
			return Decision{}, fmt.Errorf("event with no introduced, fixed, last_affected or limit")
		}
		if k == eventLimit && b == "*" {
			continue
		}
		if !(k == eventIntroduced && b == "0") {
			if _, err := cmp(b, b); err != nil {
				return Decision{}, fmt.Errorf("%s %q: %w", k, b, err)
			}
		}
		evs = append(evs, boundEvent{k.String(), b})
	}
	slices.SortStableFunc(evs, func(x, y boundEvent) int {
		switch {
		case x.kind == "introduced" && x.bound == "0":
			if y.kind == "introduced" && y.bound == "0" {
				return 0
			}
			return -1
		case y.kind == "introduced" && y.bound == "0":
			return 1
		}
		c, _ := cmp(x.bound, y.bound)
		if c != 0 {
			return c
		}
		return rank[x.kind] - rank[y.kind]
	})
	var d Decision
	for i, e := range evs {
		var c int
		if e.bound != "0" || e.kind != "introduced" {
			c, _ = cmp(v, e.bound)
		} else {
			c = 1
		}
		switch e.kind {
		case "introduced":
			if c >= 0 {
				d = Decision{Affected: true, Introduced: e.bound}
				for _, u := range evs[i+1:] {
					if u.kind == "fixed" {
						d.Fixed = u.bound
						break
					}
					if u.kind == "last_affected" {
						d.LastAffected = u.bound
						break
					}
					if u.kind == "introduced" {
						break
					}
				}
			}
		case "fixed":
			if c >= 0 {
				d = Decision{}
			}
		case "last_affected":
			if c > 0 {
				d = Decision{}
			}
		case "limit":
			if c >= 0 {
				return Decision{}, nil
			}
		}
	}
	return d, nil
}

// outsideScheme is a Scheme from outside the package: Parse validates
// with its Compare and compares with it.
type outsideScheme struct{ genericScheme }

func TestParsedOutsideSchemeAndZero(t *testing.T) {
	a := Affected{Versions: []string{"3.0"}, Ranges: []Range{{Type: RangeEcosystem, Events: []Event{{Introduced: "1.0"}, {Fixed: "2.0"}}}}}
	for _, v := range []string{"0.9", "1.0", "1.5", "2.0", "3.0", "x y"} {
		want, wantErr := evaluateReference(genericScheme{}, v, a)
		got, gotErr := Evaluate(outsideScheme{}, v, a)
		if diff := gocmp.Diff(want, got); diff != "" || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("Evaluate(outside, %q) = %v (-want +got):\n%s", v, gotErr, diff)
		}
	}
	var zero Parsed
	if _, err := zero.Compare("1.0"); err == nil {
		t.Error("zero Parsed: Compare gave no error")
	}
	if d, err := zero.Evaluate(a); err == nil || d.Affected {
		t.Errorf("zero Parsed: Evaluate = %+v, %v; want an error", d, err)
	}
}

// FuzzParsed checks, for every scheme, that Parse then Compare agrees
// with Compare, and that Evaluate agrees with evaluateReference.
func FuzzParsed(f *testing.F) {
	f.Add(uint8(0), "1.0", "0", "1.2", "")
	f.Add(uint8(3), "1:2.3-1", "2.0-1", "1:2.3-2", "1:2.3-1")
	f.Add(uint8(7), "2.14.1", "2.0.0", "2.15.0", "")
	f.Add(uint8(10), "1.0.0rc1", "1.0a1", "", "1.0")
	f.Fuzz(func(t *testing.T, eco uint8, v, intro, fixed, last string) {
		ecos := Ecosystems()
		s, err := Lookup(ecos[int(eco)%len(ecos)])
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range []string{intro, fixed, last} {
			want, wantErr := s.Compare(v, b)
			p, err := Parse(s, v)
			got := 0
			if err == nil {
				got, err = p.Compare(b)
			}
			if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("Parse(%q).Compare(%q) = %d, %v; Compare says %d, %v", v, b, got, err, want, wantErr)
			}
		}
		r := Range{Type: RangeEcosystem}
		for _, e := range []Event{{Introduced: intro}, {Fixed: fixed}, {LastAffected: last}} {
			if e != (Event{}) {
				r.Events = append(r.Events, e)
			}
		}
		for _, a := range []Affected{{Ranges: []Range{r}}, {Ranges: []Range{{Type: RangeSemver, Events: r.Events}}}, {Versions: []string{fixed}}} {
			want, wantErr := evaluateReference(s, v, a)
			got, gotErr := Evaluate(s, v, a)
			if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("Evaluate(%q, %+v) = %+v, %v; the reference says %+v, %v", v, a, got, gotErr, want, wantErr)
			}
		}
	})
}

// TestSemverRangeNotSemver checks that a version SemVer cannot place
// (Go's "(devel)", a distro-style version) meeting a SEMVER range is an
// error, not a finding: it once compared equal to every bound and so fell
// in any range.
func TestSemverRangeNotSemver(t *testing.T) {
	s, err := Lookup(Generic)
	if err != nil {
		t.Fatal(err)
	}
	a := Affected{Ranges: []Range{{Type: RangeSemver, Events: []Event{{Introduced: "0"}, {LastAffected: "1.0.0"}}}}}
	for _, v := range []string{"1.2.3.4", "2.0-beta.1+x.y!"} {
		if _, err := Parse(s, v); err != nil {
			continue // the scheme itself rejects it: Evaluate errs anyway
		}
		d, err := Evaluate(s, v, a)
		if err == nil || d.Affected {
			t.Errorf("Evaluate(%q) = %+v, %v; want an error naming SemVer", v, d, err)
		}
	}
	if d, err := Evaluate(s, "0.9.0", a); err != nil || !d.Affected {
		t.Errorf("Evaluate(0.9.0) = %+v, %v; want affected", d, err)
	}
}
