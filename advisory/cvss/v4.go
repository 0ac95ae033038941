package cvss

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// v4Metrics lists the CVSS 4.0 metrics in specification order with their
// allowed values; "X" (not defined) is allowed for every metric that is
// not a base metric.
var v4Metrics = []struct {
	name   string
	values string
	base   bool
}{
	{"AV", "NALP", true}, {"AC", "LH", true}, {"AT", "NP", true}, {"PR", "NLH", true},
	{"UI", "NPA", true}, {"VC", "HLN", true}, {"VI", "HLN", true}, {"VA", "HLN", true},
	{"SC", "HLN", true}, {"SI", "HLN", true}, {"SA", "HLN", true},
	{"E", "XAPU", false},
	{"CR", "XHML", false}, {"IR", "XHML", false}, {"AR", "XHML", false},
	{"MAV", "XNALP", false}, {"MAC", "XLH", false}, {"MAT", "XNP", false}, {"MPR", "XNLH", false},
	{"MUI", "XNPA", false}, {"MVC", "XHLN", false}, {"MVI", "XHLN", false}, {"MVA", "XHLN", false},
	{"MSC", "XHLN", false}, {"MSI", "XSHLN", false}, {"MSA", "XSHLN", false},
	{"S", "XNP", false}, {"AU", "XNY", false}, {"R", "XAUI", false}, {"V", "XDC", false},
	{"RE", "XLMH", false}, {"U", "", false},
}

// v4Urgency holds the values of the supplemental metric U, which are words.
var v4Urgency = map[string]bool{"X": true, "Clear": true, "Green": true, "Amber": true, "Red": true}

// parseV4 parses a CVSS 4.0 vector: "CVSS:4.0/" then metrics in
// specification order, every base metric present, none repeated.
func parseV4(s string) (map[string]string, error) {
	rest, ok := strings.CutPrefix(s, "CVSS:4.0/")
	if !ok {
		return nil, errors.New("not a CVSS 4.0 vector")
	}
	m := make(map[string]string, len(v4Metrics))
	next := 0
	for part := range strings.SplitSeq(rest, "/") {
		k, v, ok := strings.Cut(part, ":")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("malformed metric %q", part)
		}
		i := next
		for i < len(v4Metrics) && v4Metrics[i].name != k {
			i++
		}
		if i == len(v4Metrics) {
			if _, seen := m[k]; seen {
				return nil, fmt.Errorf("metric %s repeated", k)
			}
			return nil, fmt.Errorf("unknown or out-of-order metric %s", k)
		}
		def := v4Metrics[i]
		valid := v4Urgency[v]
		if def.name != "U" {
			valid = len(v) == 1 && strings.Contains(def.values, v)
		}
		if !valid {
			return nil, fmt.Errorf("metric %s has invalid value %q", k, v)
		}
		for j := next; j < i; j++ {
			if v4Metrics[j].base {
				return nil, fmt.Errorf("base metric %s missing", v4Metrics[j].name)
			}
		}
		m[k] = v
		next = i + 1
	}
	for j := next; j < len(v4Metrics); j++ {
		if v4Metrics[j].base {
			return nil, fmt.Errorf("base metric %s missing", v4Metrics[j].name)
		}
	}
	return m, nil
}

// effective returns the value of metric k that scoring uses: a modified
// metric's value when set, else the base value; E defaults to A (the
// worst case) and CR, IR and AR to H.
func effective(m map[string]string, k string) string {
	switch k {
	case "E":
		if v := m[k]; v != "" && v != "X" {
			return v
		}
		return "A"
	case "CR", "IR", "AR":
		if v := m[k]; v != "" && v != "X" {
			return v
		}
		return "H"
	}
	if v := m["M"+k]; v != "" && v != "X" {
		return v
	}
	return m[k]
}

// macroVector returns the six equivalence-class levels of the metrics.
func macroVector(m map[string]string) [6]int {
	e := func(k string) string { return effective(m, k) }
	var eq [6]int
	switch av, pr, ui := e("AV"), e("PR"), e("UI"); {
	case av == "N" && pr == "N" && ui == "N":
		eq[0] = 0
	case (av == "N" || pr == "N" || ui == "N") && av != "P":
		eq[0] = 1
	default:
		eq[0] = 2
	}
	if e("AC") != "L" || e("AT") != "N" {
		eq[1] = 1
	}
	switch vc, vi, va := e("VC"), e("VI"), e("VA"); {
	case vc == "H" && vi == "H":
		eq[2] = 0
	case vc == "H" || vi == "H" || va == "H":
		eq[2] = 1
	default:
		eq[2] = 2
	}
	switch {
	case e("SI") == "S" || e("SA") == "S":
		eq[3] = 0
	case e("SC") == "H" || e("SI") == "H" || e("SA") == "H":
		eq[3] = 1
	default:
		eq[3] = 2
	}
	switch e("E") {
	case "P":
		eq[4] = 1
	case "U":
		eq[4] = 2
	}
	if !(e("CR") == "H" && e("VC") == "H" || e("IR") == "H" && e("VI") == "H" || e("AR") == "H" && e("VA") == "H") {
		eq[5] = 1
	}
	return eq
}

func macroKey(eq [6]int) string {
	b := make([]byte, 6)
	for i, v := range eq {
		b[i] = byte('0' + v)
	}
	return string(b)
}

// lookup returns the score of a MacroVector, and false when the
// specification defines none (a level past the last).
func lookup(eq [6]int) (float64, bool) {
	v, ok := lookupV4[macroKey(eq)]
	return v, ok
}

// v4Levels gives each metric value's severity level: 0 for the most
// severe, in steps of 0.1.
var v4Levels = map[string]map[string]float64{
	"AV": {"N": 0, "A": 0.1, "L": 0.2, "P": 0.3},
	"PR": {"N": 0, "L": 0.1, "H": 0.2},
	"UI": {"N": 0, "P": 0.1, "A": 0.2},
	"AC": {"L": 0, "H": 0.1},
	"AT": {"N": 0, "P": 0.1},
	"VC": {"H": 0, "L": 0.1, "N": 0.2},
	"VI": {"H": 0, "L": 0.1, "N": 0.2},
	"VA": {"H": 0, "L": 0.1, "N": 0.2},
	"SC": {"H": 0.1, "L": 0.2, "N": 0.3},
	"SI": {"S": 0, "H": 0.1, "L": 0.2, "N": 0.3},
	"SA": {"S": 0, "H": 0.1, "L": 0.2, "N": 0.3},
	"CR": {"H": 0, "M": 0.1, "L": 0.2},
	"IR": {"H": 0, "M": 0.1, "L": 0.2},
	"AR": {"H": 0, "M": 0.1, "L": 0.2},
}

// scoreV4 computes the CVSS 4.0 score of the metrics m, over every metric
// given (CVSS-B, -BT, -BE or -BTE), as section 8 of the specification
// defines it: the MacroVector's score, lowered by the mean of the
// proportional distances, in each equivalence class, between the vector
// and the class's highest-severity vector, scaled to the score gap to
// the next lower MacroVector; rounded to one decimal, half up.
func scoreV4(m map[string]string) float64 {
	e := func(k string) string { return effective(m, k) }
	if e("VC") == "N" && e("VI") == "N" && e("VA") == "N" && e("SC") == "N" && e("SI") == "N" && e("SA") == "N" {
		return 0
	}
	eq := macroVector(m)
	value, _ := lookup(eq)

	// The score of the next lower MacroVector in each class; NaN where
	// there is none.
	lower := func(i int) float64 {
		next := eq
		next[i]++
		if v, ok := lookup(next); ok {
			return v
		}
		return math.NaN()
	}
	eq1Lower, eq2Lower, eq4Lower, eq5Lower := lower(0), lower(1), lower(3), lower(4)
	// EQ3 and EQ6 move together: from (0,0) either may step down; from
	// (1,0) only EQ6 can (EQ3 2 with EQ6 0 does not exist).
	var eq3eq6Lower float64
	switch {
	case eq[2] == 0 && eq[5] == 0:
		left, right := eq, eq
		left[5]++
		right[2]++
		l, lok := lookup(left)
		r, rok := lookup(right)
		switch {
		case lok && rok:
			eq3eq6Lower = math.Max(l, r)
		case lok:
			eq3eq6Lower = l
		case rok:
			eq3eq6Lower = r
		default:
			eq3eq6Lower = math.NaN()
		}
	case eq[2] == 1 && eq[5] == 0:
		eq3eq6Lower = lower(5)
	default:
		eq3eq6Lower = lower(2)
	}

	// The highest-severity vector of this MacroVector that the vector
	// does not exceed in any metric.
	var dist map[string]float64
	for _, a := range maxComposedV4.eq1[eq[0]] {
		for _, b := range maxComposedV4.eq2[eq[1]] {
			for _, c := range maxComposedV4.eq3eq6[eq[2]][eq[5]] {
				for _, d := range maxComposedV4.eq4[eq[3]] {
					for _, f := range maxComposedV4.eq5[eq[4]] {
						if dist == nil {
							dist = distances(e, a+b+c+d+f)
						}
					}
				}
			}
		}
	}
	if dist == nil {
		return round1(value)
	}
	const step = 0.1
	classes := []struct {
		current, maxDepth, lowerScore float64
	}{
		{dist["AV"] + dist["PR"] + dist["UI"], maxSeverityV4.eq1[eq[0]] * step, eq1Lower},
		{dist["AC"] + dist["AT"], maxSeverityV4.eq2[eq[1]] * step, eq2Lower},
		{dist["VC"] + dist["VI"] + dist["VA"] + dist["CR"] + dist["IR"] + dist["AR"], maxSeverityV4.eq3eq6[eq[2]][eq[5]] * step, eq3eq6Lower},
		{dist["SC"] + dist["SI"] + dist["SA"], maxSeverityV4.eq4[eq[3]] * step, eq4Lower},
		{0, maxSeverityV4.eq5[eq[4]] * step, eq5Lower},
	}
	var sum float64
	n := 0
	for _, c := range classes {
		available := value - c.lowerScore
		if math.IsNaN(available) {
			continue
		}
		n++
		if c.maxDepth > 0 {
			sum += available * (c.current / c.maxDepth)
		}
	}
	if n > 0 {
		value -= sum / float64(n)
	}
	return round1(math.Min(10, math.Max(0, value)))
}

// distances returns, for each metric a max vector names, how many levels
// the vector's effective value lies below the max vector's, or nil when
// the vector is more severe than the max vector in some metric (then the
// max vector is not the one to measure from).
func distances(e func(string) string, max string) map[string]float64 {
	d := make(map[string]float64, 14)
	for part := range strings.SplitSeq(strings.TrimSuffix(max, "/"), "/") {
		k, v, _ := strings.Cut(part, ":")
		levels, ok := v4Levels[k]
		if !ok {
			continue
		}
		x := levels[e(k)] - levels[v]
		if x < -1e-9 {
			return nil
		}
		d[k] = x
	}
	return d
}

// round1 rounds to one decimal, half up, lifting values a floating-point
// hair below a tie first, as the reference calculator does since its
// 2024-11-01 rounding fix.
func round1(v float64) float64 {
	return math.Floor((v+1e-6)*10+0.5) / 10
}
