package match

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/version"
)

// rank orders what an advisory entry decided, most specific last: when
// sources disagree about one vulnerability of one package, the highest
// rank is the finding's status. A version compared inside an affected
// range beats everything (a missed vulnerability costs more than a false
// alarm); a version at or above a distro's fix (resolved) beats a
// vendor's statement without versions.
type rank int

const (
	rankUnderInvestigation rank = iota + 1
	rankAffectedOpen            // affected, every version, no fix yet
	rankWillNotFix
	rankNotAffected
	rankResolved // at or above the distro's fix: no finding
	rankAffected // inside an affected range or listed
)

// candidate is one advisory entry's decision about one package.
type candidate struct {
	pkg    int // index in the inventory
	adv    *advisory.Advisory
	ev     Evidence
	rank   rank
	scheme version.Scheme
	distro bool // the entry is a distro's (has a Release)
}

// decide evaluates every advisory entry the answers hold for package p.
func (m *Matcher) decide(j *job, idx int, p *sbom.Package, answers map[queryKey]advisory.Answer, res *Result) []candidate {
	var out []candidate
	seen := map[*advisory.Advisory]bool{}
	module := moduleOf(p)
	for _, q := range j.queries {
		for _, a := range answers[key(q)].Advisories {
			if seen[a] || !a.Withdrawn.IsZero() {
				continue
			}
			seen[a] = true
			for i := range a.Affected {
				af := &a.Affected[i]
				if !strings.EqualFold(af.Ecosystem, j.ecosystem) || af.Release != j.release {
					continue
				}
				if j.ecosystem == "rpm" && af.Module != module {
					continue
				}
				for _, n := range j.names {
					if advisory.NormalizeName(j.ecosystem, af.Package) != advisory.NormalizeName(j.ecosystem, n.name) {
						continue
					}
					c, err := evaluate(j.scheme, j.os, n.version, a, af)
					if err != nil {
						res.Problems = append(res.Problems, Problem{Package: label(p), Advisory: a.ID, Message: err.Error()})
						continue
					}
					if c != nil {
						c.pkg = idx
						out = append(out, *c)
					}
				}
			}
		}
	}
	return out
}

// evaluate decides what one entry says of version v: nil when it says
// nothing (outside its ranges, for a language ecosystem).
func evaluate(s version.Scheme, osPkg bool, v string, a *advisory.Advisory, af *advisory.Affected) (*candidate, error) {
	c := &candidate{
		adv:    a,
		scheme: s,
		distro: !af.Release.IsZero(),
		ev: Evidence{
			Advisory: a.ID, Feed: a.Source.Feed, Record: a.Source.Record,
			Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package, Module: af.Module, CPE: af.CPE,
			Version: v, Status: cmp.Or(af.Status, advisory.StatusAffected),
			Severity: af.Severity, Reason: af.Reason, Confidence: ConfidenceHigh,
		},
	}
	switch c.ev.Status {
	case advisory.StatusNotAffected:
		c.rank = rankNotAffected
		return c, nil
	case advisory.StatusWillNotFix:
		c.rank = rankWillNotFix
		return c, nil
	case advisory.StatusUnderInvestigation:
		c.rank = rankUnderInvestigation
		return c, nil
	case advisory.StatusAffected:
	default:
		return nil, fmt.Errorf("match: unknown status %q", af.Status)
	}
	if len(af.Ranges) == 0 && len(af.Versions) == 0 {
		c.rank, c.ev.Range = rankAffectedOpen, "all versions"
		return c, nil
	}
	d, err := version.Evaluate(s, v, af.Selection())
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	fixed, err := above(s, v, af.Fixed())
	if err != nil {
		return nil, fmt.Errorf("match: fixed version: %w", err)
	}
	if !d.Affected {
		if osPkg && len(af.Fixed()) > 0 {
			c.rank = rankResolved
			return c, nil
		}
		return nil, nil
	}
	c.rank, c.ev.Range, c.ev.Fixed = rankAffected, rangeText(v, d), fixed
	return c, nil
}

// above returns the versions of vs above v, ascending, without
// duplicates.
func above(s version.Scheme, v string, vs []string) ([]string, error) {
	var out []string
	for _, f := range vs {
		c, err := s.Compare(f, v)
		if err != nil {
			return nil, err
		}
		if c > 0 && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	sortVersions(s, out)
	return out, nil
}

// sortVersions sorts vs (valid in s) ascending, ties by bytes.
func sortVersions(s version.Scheme, vs []string) {
	slices.SortStableFunc(vs, func(a, b string) int {
		c, _ := s.Compare(a, b)
		return cmp.Or(c, strings.Compare(a, b))
	})
}

// rangeText writes the interval of an affected decision.
func rangeText(v string, d version.Decision) string {
	if d.Range < 0 {
		return "=" + v
	}
	var parts []string
	if d.Introduced != "" && d.Introduced != "0" {
		parts = append(parts, ">="+d.Introduced)
	}
	if d.Fixed != "" {
		parts = append(parts, "<"+d.Fixed)
	}
	if d.LastAffected != "" {
		parts = append(parts, "<="+d.LastAffected)
	}
	if parts == nil {
		return "all versions"
	}
	return strings.Join(parts, ", ")
}

// moduleOf returns the rpm module stream ("nodejs:18") of a package from
// its modularity label ("nodejs:18:8090020231019152822:a75119d5"), or "".
func moduleOf(p *sbom.Package) string {
	l := p.Metadata["rpm:modularitylabel"]
	if l == "" {
		return ""
	}
	parts := strings.SplitN(l, ":", 3)
	if len(parts) < 2 {
		return l
	}
	return parts[0] + ":" + parts[1]
}

// label names a package in a Problem.
func label(p *sbom.Package) string {
	if p.PURL != "" {
		return p.PURL
	}
	return p.Type + "/" + ecosystemName(p) + "@" + p.Version
}
