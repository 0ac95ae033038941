package version

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

// composerOSVSkips are the lines of packagist.osvdev.txt where osv.dev's own
// normalisation and Composer (VersionParser::normalize, then
// version_compare) part ways, with the reason. The test checks that each
// really does differ, so the list cannot go stale.
var composerOSVSkips = map[string]string{
	"1.2.3.# = 1.2.3":      composerHashReason,
	"1.2.3.# = 1.2.3.#":    composerHashReason,
	"1.2.3.# = 1.2.3.1":    composerHashReason,
	"1.2.3.#.1 > 1.2.3":    composerHashReason,
	"1.2.3.#.p3 > 1.2.3":   composerHashReason,
	"1.2.3.#.beta < 1.2.3": composerHashReason,
}

const composerHashReason = `Composer rejects the version: VersionParser::normalize throws on "#" (osv.dev feeds the raw string to version_compare)`

func TestComposerOSVVectors(t *testing.T) {
	const path = "testdata/composer/packagist.osvdev.txt"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := composerScheme{}
	n := 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 3 {
			t.Fatalf("%s:%d: want \"a op b\", got %q", path, line, text)
		}
		want, ok := map[string]int{"<": -1, "=": 0, ">": 1}[fields[1]]
		if !ok {
			t.Fatalf("%s:%d: unknown operator in %q", path, line, text)
		}
		got, err := s.Compare(fields[0], fields[2])
		agrees := err == nil && got == want
		if reason, skip := composerOSVSkips[text]; skip {
			if agrees {
				t.Errorf("%s:%d: %q is listed as a difference (%s) but Compare agrees", path, line, text, reason)
			}
			continue
		}
		n++
		if !agrees {
			t.Errorf("%s:%d: %s: Compare = %d, %v; want %d", path, line, text, got, err, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d vectors checked, %d skipped", path, n, len(composerOSVSkips))
}

func TestComposerVectors(t *testing.T) {
	s := composerScheme{}
	for _, f := range []string{"compare.tsv", "random-compare.tsv"} {
		t.Run(f, func(t *testing.T) { checkVectors(t, s, "testdata/composer/"+f, escaped) })
	}
	for _, f := range []string{"satisfies.tsv", "random-satisfies.tsv"} {
		t.Run(f, func(t *testing.T) { checkSatisfies(t, s, "testdata/composer/"+f, escaped) })
	}
	for _, f := range []string{"normalize.tsv", "random-normalize.tsv"} {
		t.Run(f, func(t *testing.T) { composerCheckNormalize(t, "testdata/composer/"+f) })
	}
}

// composerCheckNormalize checks "version<TAB>normalised|invalid" rows.
func composerCheckNormalize(t *testing.T, path string) {
	t.Helper()
	rows := readTSV(t, path, 2, escaped)
	for _, r := range rows {
		in, want := r.cols[0], r.cols[1]
		got, err := composerNormalize(in)
		var ve *InvalidVersionError
		if errors.As(err, &ve) {
			got = "invalid"
			if ve.Version != in {
				t.Errorf("%s:%d: error carries %q, want %q", path, r.line, ve.Version, in)
			}
		}
		if got != want {
			t.Errorf("%s:%d: normalize(%q) = %q, want %q", path, r.line, in, got, want)
		}
	}
	t.Logf("%s: %d versions", path, len(rows))
}

func TestComposerErrors(t *testing.T) {
	checkErrors(t, composerScheme{}, Composer, "1.0", []errorCase{
		{name: "five parts", v: "1.2.3.4.5", constraint: "*", badVersion: true},
		{name: "hash", v: "1.2.3.#", constraint: "*", badVersion: true},
		{name: "unknown stability", v: "1.0.0-gamma", constraint: "*", badVersion: true},
		{name: "bare word", v: "foo", constraint: "*", badVersion: true},
		{name: "empty version", v: "", constraint: "*", badVersion: true},
		{name: "empty constraint", v: "1.0", constraint: ""},
		{name: "ruby pessimistic", v: "1.0", constraint: "~>1.2"},
		{name: "operator only", v: "1.0", constraint: ">="},
		{name: "trailing or", v: "1.0", constraint: ">=1.0 <2.0 ||"},
		{name: "hyphen without spaces", v: "1.0", constraint: "1.0 -2.0"},
		{name: "bad word", v: "1.0", constraint: ">= foo"},
	})
}

func TestComposerBranchOrder(t *testing.T) {
	// Composer leaves two dev- branches unordered; Compare orders them bytewise.
	for _, c := range []compareCase{{"dev-bar", "dev-foo", -1}, {"dev-foo", "dev-foo", 0}, {"dev-foo", "dev-Foo", 1}, {"master", "dev-master", 0}, {"dev-zzz", "0.0.1", -1}} {
		checkCompare(t, composerScheme{}, c)
	}
}
