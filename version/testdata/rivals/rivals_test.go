// Package rivals measures the version libraries Trivy uses against
// loadline's oracle vectors (agreement with dpkg, rpm, apk-tools and
// node-semver) and times them on the same pairs as loadline's benchmarks.
// It is a separate module so that loadline itself never depends on them.
//
//	cd version/testdata/rivals && go test -v -run . -bench . -benchmem -cpu 1
package rivals

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	npm "github.com/aquasecurity/go-npm-version/pkg"
	apkver "github.com/knqyf263/go-apk-version"
	debver "github.com/knqyf263/go-deb-version"
	rpmver "github.com/knqyf263/go-rpm-version"
)

type pair struct {
	a, b string
	want int
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\\`, `\`).Replace(s)
}

// read returns the labelled pairs of the oracle files (a, b, -1|0|1).
func read(t testing.TB, files ...string) []pair {
	var ps []pair
	for _, f := range files {
		fh, err := os.Open("../" + f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if strings.HasPrefix(l, "#") || l == "" {
				continue
			}
			c := strings.Split(l, "\t")
			if len(c) < 3 {
				continue
			}
			w, err := strconv.Atoi(c[2])
			if err != nil {
				continue
			}
			ps = append(ps, pair{unescape(c[0]), unescape(c[1]), w})
		}
		fh.Close()
	}
	return ps
}

type rival struct {
	name  string
	files []string
	cmp   func(a, b string) (int, bool)
}

var rivals = []rival{
	{"deb knqyf263/go-deb-version", []string{"deb/dpkg.tsv", "deb/dpkg-realworld-oracle.tsv", "deb/compare.tsv"},
		func(a, b string) (int, bool) {
			va, err := debver.NewVersion(a)
			if err != nil {
				return 0, false
			}
			vb, err := debver.NewVersion(b)
			if err != nil {
				return 0, false
			}
			return va.Compare(vb), true
		}},
	{"rpm knqyf263/go-rpm-version", []string{"rpm/rpmvercmp.tsv", "rpm/rpm-evr-realworld-oracle.tsv", "rpm/rpm-compare-oracle.tsv", "rpm/rpm-random-oracle.tsv"},
		func(a, b string) (int, bool) {
			return rpmver.NewVersion(a).Compare(rpmver.NewVersion(b)), true
		}},
	{"apk knqyf263/go-apk-version", []string{"apk/apk-tools-version.tsv", "apk/compare.tsv"},
		func(a, b string) (int, bool) {
			va, err := apkver.NewVersion(a)
			if err != nil {
				return 0, false
			}
			vb, err := apkver.NewVersion(b)
			if err != nil {
				return 0, false
			}
			return va.Compare(vb), true
		}},
	{"npm aquasecurity/go-npm-version", []string{"npm/compare.tsv"},
		func(a, b string) (int, bool) {
			va, err := npm.NewVersion(a)
			if err != nil {
				return 0, false
			}
			vb, err := npm.NewVersion(b)
			if err != nil {
				return 0, false
			}
			return va.Compare(vb), true
		}},
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// TestAgreement reports how often each rival agrees with the ecosystem's
// own tool on loadline's vectors (pairs the rival rejects count apart).
func TestAgreement(t *testing.T) {
	for _, r := range rivals {
		ps := read(t, r.files...)
		agree, wrong, rejected := 0, 0, 0
		for _, p := range ps {
			got, ok := r.cmp(p.a, p.b)
			switch {
			case !ok:
				rejected++
			case sign(got) == p.want:
				agree++
			default:
				wrong++
			}
		}
		t.Logf("%s: %d pairs: %d agree, %d wrong, %d rejected", r.name, len(ps), agree, wrong, rejected)
	}
}

func BenchmarkRival(b *testing.B) {
	for _, r := range rivals {
		ps := read(b, r.files[:len(r.files)]...)
		var ok []pair
		for _, p := range ps {
			if _, good := r.cmp(p.a, p.b); good {
				ok = append(ok, p)
			}
		}
		b.Run(strings.Fields(r.name)[0], func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				p := ok[i%len(ok)]
				r.cmp(p.a, p.b)
			}
		})
	}
}
