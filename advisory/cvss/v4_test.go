package cvss

import (
	"bufio"
	"compress/gzip"
	"os"
	"strconv"
	"strings"
	"testing"
)

// oracle reads an oracle-*.tsv file: vector and columns.
func oracle(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		out = append(out, strings.Split(sc.Text(), "\t"))
	}
	return out
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestScoreV4Oracle(t *testing.T) {
	bad := 0
	for _, row := range oracle(t, "oracle-v40.tsv") {
		m, err := parseV4(row[0])
		if err != nil {
			t.Errorf("%s: %v", row[0], err)
			continue
		}
		if got, want := scoreV4(m), num(t, row[4]); got != want {
			bad++
			if bad < 10 {
				t.Errorf("%s: score %.1f, want %.1f", row[0], got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d wrong", bad)
	}
}

// TestScoreV4AllBaseVectors scores every CVSS 4.0 base vector and compares
// with the oracle's list, enumerated as gen.js enumerates it.
func TestScoreV4AllBaseVectors(t *testing.T) {
	f, err := os.Open("testdata/oracle-v40-base-all.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	var base []struct{ name, values string }
	for _, m := range v4Metrics {
		if m.base {
			base = append(base, struct{ name, values string }{m.name, m.values})
		}
	}
	// The order gen.js lists each metric's values in.
	order := map[string]string{"AV": "NALP", "AC": "LH", "AT": "NP", "PR": "NLH", "UI": "NPA"}
	idx := make([]int, len(base))
	n, bad := 0, 0
	for sc.Scan() {
		var sb strings.Builder
		sb.WriteString("CVSS:4.0")
		for i, m := range base {
			vals := m.values
			if o, ok := order[m.name]; ok {
				vals = o
			}
			sb.WriteString("/" + m.name + ":" + string(vals[idx[i]]))
		}
		v := sb.String()
		m, err := parseV4(v)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := scoreV4(m), num(t, sc.Text()); got != want {
			if bad++; bad < 10 {
				t.Errorf("%s: score %.1f, want %.1f", v, got, want)
			}
		}
		n++
		i := len(base) - 1
		for i >= 0 {
			idx[i]++
			if idx[i] < len(base[i].values) {
				break
			}
			idx[i] = 0
			i--
		}
	}
	if n != 104976 || bad > 0 {
		t.Errorf("%d vectors, %d wrong", n, bad)
	}
}
