package version

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRPMVectors(t *testing.T) {
	for _, f := range []string{
		"rpmvercmp.tsv",                // rpm's own rpmvercmp.at
		"rpm-evr-realworld-oracle.tsv", // real EVRs, rpm 4.18 labels
		"rpm-compare-oracle.tsv",       // hard cases, gen.sh
		"rpm-random-oracle.tsv",        // random strings, gen.sh
	} {
		t.Run(f, func(t *testing.T) {
			checkVectors(t, rpmScheme{}, filepath.Join("testdata", "rpm", f), plain)
		})
	}
}

// claircore's rpmvercmp list: "a op b" with op one of <, ==, >.
func TestRPMClaircoreVercmp(t *testing.T) {
	path := filepath.Join("testdata", "rpm", "rpmvercmp.claircore.list")
	checkVectorList(t, rpmScheme{}, path, readOpVectors(t, path))
}

func TestRPMSatisfiesVectors(t *testing.T) {
	checkSatisfies(t, rpmScheme{}, filepath.Join("testdata", "rpm", "rpm-satisfies-oracle.tsv"), plain)
}

func TestRPMInvalidVectors(t *testing.T) {
	path := filepath.Join("testdata", "rpm", "rpm-invalid-oracle.tsv")
	for _, r := range readTSV(t, path, 2, plain) {
		c := r.cols
		switch c[0] {
		case "version":
			if _, err := (rpmScheme{}).Compare(c[1], "1"); !isInvalidVersion(err, RPM, c[1]) {
				t.Errorf("%s:%d: Compare(%q, \"1\") error = %v, want *InvalidVersionError", path, r.line, c[1], err)
			}
		case "constraint":
			if _, err := (rpmScheme{}).Satisfies("1.0-1", c[1]); !isInvalidConstraint(err, RPM, c[1]) {
				t.Errorf("%s:%d: Satisfies(\"1.0-1\", %q) error = %v, want *InvalidConstraintError", path, r.line, c[1], err)
			}
		default:
			t.Fatalf("%s:%d: unknown kind %q", path, r.line, c[0])
		}
	}
}

func TestRPMCompare(t *testing.T) {
	checkCompareTable(t, rpmScheme{}, " vs ", []compareCase{
		{"1.0", "1.0-1", -1},      // a missing release sorts first
		{"1.0-~", "1.0", 1},       // even before a "~" release
		{"1.0-", "1.0-.", 0},      // empty releases
		{"1.0-", "1.0-~", 1},      // "~" < ""
		{":1.0", "0:1.0", 0},      // empty epoch is 0
		{"00:1", "1", 0},          // missing epoch is 0
		{"1:1", "2", 1},           // epoch first
		{"a:1.0", "1.0", -1},      // not an epoch: the version "a:1.0"
		{"1-2-3", "1-2-4", -1},    // release after the last '-'
		{"1.0~rc1", "1.0", -1},    // tilde
		{"1.0^git1", "1.0", 1},    // caret
		{"1.0^git1", "1.0.1", -1}, // caret before a further segment
		{"1.0^", "1.0~", 1},
		{"18446744073709551616", "18446744073709551615", 1},
		{"000018446744073709551616", "18446744073709551616", 0},
		{"1.1.α", "1.1.β", 0}, // non-ASCII is a separator
		{"1a", "1.a", 0},
		{"a", "1", -1}, // digits newer than letters
		{"Z", "a", -1}, // byte order
		{"1.0", "1_0", 0},
	})
}

func TestRPMSatisfies(t *testing.T) {
	checkSatisfiesTable(t, rpmScheme{}, []satisfiesCase{
		{"1.0-5", "= 1.0", true}, // release ignored when the bound has none
		{"1.0-5", ">= 1.0", true},
		{"1.0-5", "> 1.0", false},
		{"1.0-5", "< 1.0", false},
		{"1.0", "< 1.0-5", true}, // no release on the version: overlaps
		{"1.0", "> 1.0-5", true},
		{"1.0-5", "=< 1.0-5", true}, // rpm also spells <= as =<
		{"1.0-5", "=> 1.0-6", false},
		{"1.0-5", "== 1.0-5", true},
		{"1:1.0-5", "> 1.0", true}, // epoch
		{"1.0-5", ">=1.0-5", true}, // space optional
		{"1.0-5", ">= 1.0, < 2.0", true},
		{"2.0-1", ">= 1.0, < 2.0", false},
		{"2.0-1", "< 1.0 || >= 2.0", true},
		{"1.5-1", "< 1.0 || >= 2.0", false},
		{"1.0~rc1-1", "< 1.0", true},
		{"  1.0-5", ">= 1.0", true}, // rpm keeps the spaces: version "  1.0"
	})
}

func TestRPMErrors(t *testing.T) {
	checkErrors(t, rpmScheme{}, RPM, "1", []errorCase{
		{name: "empty version", v: "", constraint: ">= 1", badVersion: true, inReason: "empty"},
		{name: "NUL in version", v: "1\x00", constraint: ">= 1", badVersion: true, inReason: "NUL"},
		{name: "empty constraint", v: "1", constraint: " ", inReason: "empty"},
		{name: "no operator", v: "1", constraint: "1.0", inReason: "no operator"},
		{name: "not equal", v: "1", constraint: "!= 1.0", inReason: "!="},
		{name: "no version", v: "1", constraint: ">=", inReason: "no version"},
		{name: "two operators", v: "1", constraint: ">= <1", inReason: "two operators"},
		{name: "space in version", v: "1", constraint: ">= 1 2", inReason: "white space"},
		{name: "empty alternative", v: "1", constraint: ">= 1 ||", inReason: "empty alternative"},
		{name: "empty relation", v: "1", constraint: ">= 1,,< 2", inReason: "empty relation"},
		{name: "NUL in bound", v: "1", constraint: ">= 1\x00", inReason: "NUL"},
	})
}

func TestRPMLookup(t *testing.T) {
	s, err := Lookup("RPM")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Compare("1:1.0-1", "2.0-1"); err != nil || got != 1 {
		t.Errorf("Compare = %d, %v; want 1", got, err)
	}
}

// claircore's NEVRA lists also hold plain EVRs: the section "# EVR strings
// work." of the compare list and the parse rows with neither name nor
// arch. Only those are in this scheme's scope (see the report: rpm has no
// ordering of names or arches, so the NEVRA rows are claircore's choices).
func TestRPMClaircoreNEVRAEVRs(t *testing.T) {
	unq := func(s string) string {
		if s == "''" || s == `""` {
			return ""
		}
		return s
	}
	t.Run("compare", func(t *testing.T) {
		path := filepath.Join("testdata", "rpm", "rpm-nevra-compare.claircore.list")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		inEVR, n := false, 0
		for line := 1; sc.Scan(); line++ {
			l := sc.Text()
			if strings.HasPrefix(l, "#") {
				inEVR = l == "# EVR strings work."
				continue
			}
			fs := strings.Fields(l)
			if !inEVR || len(fs) != 3 {
				continue
			}
			want := map[string]int{"<": -1, "==": 0, ">": 1}[fs[1]]
			if got, err := (rpmScheme{}).Compare(fs[0], fs[2]); err != nil || got != want {
				t.Errorf("%s:%d: Compare(%q, %q) = %d, %v; want %d", path, line, fs[0], fs[2], got, err, want)
			}
			n++
		}
		if n == 0 {
			t.Fatalf("%s: no EVR rows", path)
		}
	})
	t.Run("parse", func(t *testing.T) {
		path := filepath.Join("testdata", "rpm", "rpm-nevra-parse.claircore.list")
		n := 0
		for _, r := range readTSV(t, path, 1, plain) {
			fs := strings.Fields(r.cols[0])
			if len(fs) != 6 || unq(fs[1]) != "" || unq(fs[5]) != "" {
				continue
			}
			got, err := rpmParseEVR(fs[0])
			want := rpmEVR{epoch: unq(fs[2]), version: unq(fs[3]), release: unq(fs[4]),
				hasEpoch: unq(fs[2]) != "", hasRelease: unq(fs[4]) != ""}
			if err != nil {
				t.Errorf("%s:%d: rpmParseEVR(%q): %v", path, r.line, fs[0], err)
			} else if diff := cmp.Diff(want, got, cmp.AllowUnexported(rpmEVR{})); diff != "" {
				t.Errorf("%s:%d: rpmParseEVR(%q) mismatch (-want +got):\n%s", path, r.line, fs[0], diff)
			}
			n++
		}
		if n == 0 {
			t.Fatalf("%s: no EVR rows", path)
		}
	})
}
