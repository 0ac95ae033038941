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
// vendor's statement without versions. A version below one a VEX
// statement calls fixed (advisory.StatusFixed) is affected only when no
// source that knows more (the first fix, or not affected) says
// otherwise.
type rank int

const (
	rankUnderInvestigation rank = iota + 1
	rankAffectedOpen            // affected, every version, no fix yet
	rankWillNotFix
	rankFixedLater // below a version a source says is fixed, which need not be the first fix
	rankNotAffected
	rankResolved // at or above the distro's fix: no finding
	rankAffected // inside an affected range that a fix ends
)

// candidate is one advisory entry's decision about one package.
type candidate struct {
	pkg int // index in the inventory
	adv *advisory.Advisory
	ev  *Evidence // nil for rankResolved, which never shows

	rank   rank
	scheme version.Scheme
	distro bool // the entry is a distro's (has a Release)
}

// decide evaluates every advisory entry the answers hold for package p.
// What cannot be decided is appended to problems.
func decide(j *job, idx int, p *sbom.Package, answers map[queryKey]advisory.Answer, problems *[]Problem) []*candidate {
	var out []*candidate
	var seen []*advisory.Advisory // an advisory found by both names is decided once
	module := moduleOf(p)
	// Each name's version is parsed once, for all its advisories; an
	// invalid one is a problem of each entry that needs it.
	vs := make([]installed, len(j.names))
	for i, n := range j.names {
		vs[i] = parseInstalled(j.scheme, n.version)
	}
	for qi, q := range j.queries {
		for _, a := range answers[key(q)].Advisories {
			if !a.Withdrawn.IsZero() || (qi > 0 && slices.Contains(seen, a)) {
				continue
			}
			if len(j.queries) > 1 {
				seen = append(seen, a)
			}
			for i := range a.Affected {
				af := &a.Affected[i]
				if !strings.EqualFold(af.Ecosystem, j.ecosystem) || af.Release != j.release {
					continue
				}
				if j.ecosystem == "rpm" && af.Module != module {
					continue
				}
				for ni, n := range j.names {
					if !sameName(j.ecosystem, af.Package, n.name) {
						continue
					}
					c, err := evaluateParsed(j.scheme, j.os, n.version, vs[ni], a, af)
					if err != nil {
						*problems = append(*problems, Problem{Package: label(p), Advisory: a.ID, Message: err.Error()})
						continue
					}
					if c != nil {
						c.pkg = idx
						out = append(out, c)
					}
				}
			}
		}
	}
	return out
}

// sameName reports whether an entry's package name is name, as the
// ecosystem compares names (advisory.NormalizeName).
func sameName(eco, a, b string) bool {
	return a == b || advisory.NormalizeName(eco, a) == advisory.NormalizeName(eco, b)
}

// installed is an installed version parsed by its scheme, or why it could
// not be.
type installed struct {
	v   version.Parsed
	err error
}

func parseInstalled(s version.Scheme, v string) installed {
	p, err := version.Parse(s, v)
	return installed{p, err}
}

// evaluate decides what one entry says of version v: nil when it says
// nothing (outside its ranges, for a language ecosystem).
func evaluate(s version.Scheme, osPkg bool, v string, a *advisory.Advisory, af *advisory.Affected) (*candidate, error) {
	return evaluateParsed(s, osPkg, v, parseInstalled(s, v), a, af)
}

// evaluateParsed is evaluate with v parsed (pv), once for all of a
// package's entries.
func evaluateParsed(s version.Scheme, osPkg bool, v string, pv installed, a *advisory.Advisory, af *advisory.Affected) (*candidate, error) {
	var (
		r      rank
		rng    string
		fixed  []string
		status = cmp.Or(af.Status, advisory.StatusAffected)
	)
	switch status {
	case advisory.StatusNotAffected:
		r = rankNotAffected
	case advisory.StatusWillNotFix:
		r = rankWillNotFix
	case advisory.StatusUnderInvestigation:
		r = rankUnderInvestigation
	case advisory.StatusAffected, advisory.StatusFixed:
		if len(af.Ranges) == 0 && len(af.Versions) == 0 {
			if status == advisory.StatusFixed {
				return nil, fmt.Errorf("match: a fixed entry with no fixed version")
			}
			r, rng = rankAffectedOpen, "all versions"
			break
		}
		if pv.err != nil {
			return nil, fmt.Errorf("match: %w", pv.err)
		}
		d, err := pv.v.Evaluate(af.Selection())
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		if !d.Affected {
			if !osPkg || !hasFix(af) {
				return nil, nil
			}
			r = rankResolved
			break
		}
		fixes := af.Fixed()
		if fixed, err = above(s, pv.v, fixes); err != nil {
			return nil, fmt.Errorf("match: fixed version: %w", err)
		}
		r, rng = rankAffected, rangeText(v, d)
		switch {
		case len(fixes) == 0:
			r = rankAffectedOpen // a range that never ends says no more than "affected, no fix"
		case status == advisory.StatusFixed:
			r, status = rankFixedLater, advisory.StatusAffected
		}
	default:
		return nil, fmt.Errorf("match: unknown status %q", af.Status)
	}
	if r == rankResolved {
		return &candidate{adv: a, scheme: s, distro: !af.Release.IsZero(), rank: r}, nil
	}
	ce := &struct { // one allocation for both
		c  candidate
		ev Evidence
	}{c: candidate{adv: a, scheme: s, distro: !af.Release.IsZero(), rank: r}}
	c := &ce.c
	c.ev = &ce.ev
	*c.ev = Evidence{
		Advisory: a.ID, Feed: a.Source.Feed, Record: a.Source.Record, Published: a.Published, Modified: a.Modified,
		Ecosystem: af.Ecosystem, Release: af.Release, Package: af.Package, Module: af.Module, CPE: af.CPE,
		Version: v, Status: status, Range: rng, Fixed: fixed,
		Severity: af.Severity, Reason: af.Reason, Confidence: ConfidenceHigh,
	}
	return c, nil
}

// hasFix reports whether an entry's ranges name a fixed version, as
// len(af.Fixed()) > 0 without building the list.
func hasFix(af *advisory.Affected) bool {
	for _, r := range af.Ranges {
		for _, e := range r.Events {
			if e.Fixed != "" {
				return true
			}
		}
	}
	return false
}

// above returns the versions of vs above v, ascending, without
// duplicates.
func above(s version.Scheme, v version.Parsed, vs []string) ([]string, error) {
	var out []string
	for _, f := range vs {
		c, err := v.Compare(f)
		if err != nil {
			return nil, err
		}
		if c < 0 && !slices.Contains(out, f) {
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
