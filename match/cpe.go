package match

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

// cpeName is the part of a CPE 2.3 formatted string that matching reads.
type cpeName struct {
	part, vendor, product, version string
}

// parseCPE reads "cpe:2.3:part:vendor:product:version:...", honouring
// backslash escapes; ok is false for anything else.
func parseCPE(s string) (n cpeName, ok bool) {
	rest, found := strings.CutPrefix(s, "cpe:2.3:")
	if !found {
		return n, false
	}
	var fields []string
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '\\' && i+1 < len(rest):
			b.WriteByte(c)
			b.WriteByte(rest[i+1])
			i++
		case c == ':':
			fields = append(fields, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	fields = append(fields, b.String())
	if len(fields) < 4 {
		return n, false
	}
	return cpeName{strings.ToLower(fields[0]), strings.ToLower(fields[1]), strings.ToLower(fields[2]), fields[3]}, true
}

// any reports whether a CPE field is a wildcard ("*") or not applicable
// ("-"), or empty.
func anyValue(s string) bool { return s == "" || s == "*" || s == "-" }

// matchCPE matches the packages at idxs by their CPEs against the
// advisories known only by CPE (Ecosystem ""), which stores file under
// their CPE's "vendor:product" (advisory.EntryName): one query per
// vendor and product the packages' CPEs name.
func (m *Matcher) matchCPE(ctx context.Context, inv *sbom.Inventory, idxs []int, res *Result) ([][]*candidate, error) {
	var qs []advisory.Query
	seen := map[string]bool{}
	for _, i := range idxs {
		for _, s := range inv.Packages[i].CPEs {
			if n, ok := parseCPE(s); ok && !seen[n.vendor+":"+n.product] {
				seen[n.vendor+":"+n.product] = true
				qs = append(qs, advisory.Query{Package: n.vendor + ":" + n.product})
			}
		}
	}
	answers, err := m.ask(ctx, qs)
	if err != nil {
		return nil, err
	}
	generic, err := version.Lookup(version.Generic)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	var out [][]*candidate
	for _, i := range idxs {
		p := &inv.Packages[i]
		var cs []*candidate
		for _, s := range p.CPEs {
			pc, ok := parseCPE(s)
			if !ok {
				res.Problems = append(res.Problems, Problem{Package: label(p), Message: fmt.Sprintf("match: not a CPE 2.3 name: %q", s)})
				continue
			}
			v := pc.version
			if anyValue(v) {
				v = p.Version
			}
			for _, a := range answers[key(advisory.Query{Package: pc.vendor + ":" + pc.product})].Advisories {
				if !a.Withdrawn.IsZero() {
					continue
				}
				for k := range a.Affected {
					c, err := evaluateCPE(generic, pc, v, a, &a.Affected[k])
					if err != nil {
						res.Problems = append(res.Problems, Problem{Package: label(p), Advisory: a.ID, Message: err.Error()})
						continue
					}
					if c != nil {
						c.pkg = i
						cs = append(cs, c)
					}
				}
			}
		}
		out = append(out, cs)
	}
	return out, nil
}

// evaluateCPE decides what one CPE entry says of version v of the
// package named pc: nil when it does not name it or v is outside.
func evaluateCPE(s version.Scheme, pc cpeName, v string, a *advisory.Advisory, af *advisory.Affected) (*candidate, error) {
	if af.Ecosystem != "" || af.CPE == "" {
		return nil, nil
	}
	ac, ok := parseCPE(af.CPE)
	if !ok || ac.part != pc.part || ac.vendor != pc.vendor || ac.product != pc.product {
		return nil, nil
	}
	if !anyValue(ac.version) {
		c, err := s.Compare(v, ac.version)
		if err != nil || c != 0 {
			return nil, err
		}
		af = &advisory.Affected{CPE: af.CPE, Versions: []string{ac.version}, Status: af.Status}
	}
	c, err := evaluate(s, false, v, a, af)
	if c != nil && c.ev != nil {
		c.ev.Confidence = ConfidenceLow
	}
	return c, err
}
