package gate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// view is what the rules read of one finding: match.Finding reduced to
// the facts a policy tests (see adapt).
type view struct {
	ids       []string // the vulnerability ID, then its aliases
	purl      string
	ecosystem string // package URL type
	layer     int    // index of the layer that introduced the package; -1 unknown
	status    string // "affected" (or ""), "will_not_fix", "under_investigation", "not_affected", "fixed"
	statement string // who says not_affected or fixed (a VEX document, the distro); "" when no one
	fixed     []string
	fixDate   time.Time          // when the first fix was published; zero when unknown
	scores    map[string]float64 // CVSS base scores by version ("4.0", "3.1", "3.0", "2.0")
	distro    string             // the distro's (or source's) own rating word
	kev       bool               // listed in CISA KEV
	epss      *float64           // EPSS score; nil when none
}

// Severity levels, lowest first; unrated is below them all.
const (
	unrated = iota - 1
	negligible
	low
	medium
	high
	critical
)

var levelNames = [...]string{"negligible", "low", "medium", "high", "critical"}

func levelName(l int) string {
	if l < 0 || l >= len(levelNames) {
		return "unrated"
	}
	return levelNames[l]
}

// distroLevel reads a distro's or source's rating word: Debian urgencies,
// Ubuntu priorities, Red Hat impacts, GHSA and NVD ratings. An unknown
// word ("not yet assigned", "") is unrated.
func distroLevel(w string) int {
	switch strings.ToLower(strings.TrimSpace(w)) {
	case "unimportant", "negligible", "none", "informational":
		return negligible
	case "low":
		return low
	case "medium", "moderate":
		return medium
	case "high", "important":
		return high
	case "critical":
		return critical
	}
	return unrated
}

// bandTop is the score a distro rating counts as: the top of its CVSS
// band.
var bandTop = [...]float64{0, 3.9, 6.9, 8.9, 10}

// cvssLevel is the CVSS qualitative rating of a score.
func cvssLevel(s float64) int {
	switch {
	case s >= 9:
		return critical
	case s >= 7:
		return high
	case s >= 4:
		return medium
	case s > 0:
		return low
	}
	return negligible
}

// rating is a finding's score and severity from one source.
type rating struct {
	source string  // "CVSS 3.1", "distro"
	score  float64 // the CVSS score, or the top of the distro rating's band
	level  int
}

var defaultScoreFrom = []string{"4.0", "3.1", "3.0", "2.0", "distro"}

// rate returns f's rating from the first of from that has one; level is
// unrated when none does.
func rate(f *view, from []string) rating {
	if from == nil {
		from = defaultScoreFrom
	}
	for _, src := range from {
		if src == "distro" {
			if l := distroLevel(f.distro); l != unrated {
				return rating{source: "distro rating " + strings.ToLower(f.distro), score: bandTop[l], level: l}
			}
			continue
		}
		if s, ok := f.scores[src]; ok {
			return rating{source: "CVSS " + src, score: s, level: cvssLevel(s)}
		}
	}
	return rating{source: "no rating from " + strings.Join(from, ", "), level: unrated}
}

// inScope reports whether f is in r's scope, under a policy whose first
// baseLayers layers are the base image.
func inScope(r *Rule, f *view, baseLayers int) bool {
	if len(r.Packages) > 0 && !slices.ContainsFunc(r.Packages, func(p string) bool { return matchPURL(p, f.purl) }) {
		return false
	}
	if len(r.Ecosystems) > 0 && !slices.Contains(r.Ecosystems, f.ecosystem) {
		return false
	}
	if baseLayers > 0 && f.layer >= 0 {
		switch r.Layers {
		case LayersBase:
			return f.layer < baseLayers
		case LayersApplication:
			return f.layer >= baseLayers
		}
	}
	return true
}

// fails reports whether f fails r at now, and why: every condition of r
// that is set, in a fixed order, with the figures that decided it.
func fails(r *Rule, f *view, baseLayers int, now time.Time) (string, bool) {
	if !inScope(r, f, baseLayers) || slices.Contains(r.IgnoreStatuses, f.status) {
		return "", false
	}
	var why []string
	if r.KEV {
		if !f.kev {
			return "", false
		}
		why = append(why, "listed in CISA KEV")
	}
	if r.FixedOnly {
		if len(f.fixed) == 0 {
			return "", false
		}
		why = append(why, "fixed in "+f.fixed[0])
	}
	if r.MaxEPSS != nil {
		if f.epss == nil || *f.epss <= *r.MaxEPSS {
			return "", false
		}
		why = append(why, fmt.Sprintf("EPSS %s above %s", num(*f.epss), num(*r.MaxEPSS)))
	}
	if r.MaxFixAge != nil {
		if len(f.fixed) == 0 {
			return "", false
		}
		switch age := now.Sub(f.fixDate); {
		case f.fixDate.IsZero():
			why = append(why, fmt.Sprintf("fix %s published at an unknown date (maximum age %s)", f.fixed[0], days(*r.MaxFixAge)))
		case age <= *r.MaxFixAge:
			return "", false
		default:
			why = append(why, fmt.Sprintf("fix %s published %s, %s ago, over %s", f.fixed[0], f.fixDate.UTC().Format(time.DateOnly), days(age), days(*r.MaxFixAge)))
		}
	}
	if r.MaxCVSS != nil || r.MinSeverity != "" {
		rt := rate(f, r.ScoreFrom)
		if r.MaxCVSS != nil {
			switch {
			case rt.level == unrated:
				why = append(why, "unrated ("+rt.source+"), so above "+num(*r.MaxCVSS))
			case rt.score <= *r.MaxCVSS:
				return "", false
			default:
				why = append(why, fmt.Sprintf("%s score %s above %s", rt.source, num(rt.score), num(*r.MaxCVSS)))
			}
		}
		if r.MinSeverity != "" {
			min := slices.Index(levelNames[:], r.MinSeverity)
			switch {
			case rt.level == unrated:
				why = append(why, "unrated ("+rt.source+"), so at least "+r.MinSeverity)
			case rt.level < min:
				return "", false
			default:
				why = append(why, fmt.Sprintf("severity %s (%s) at least %s", levelName(rt.level), rt.source, r.MinSeverity))
			}
		}
	}
	if len(why) == 0 {
		why = append(why, "in the rule's scope")
	}
	return strings.Join(why, "; "), true
}

// num formats a score as briefly as it can be read back.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// days writes a duration in days when it is whole days, else as Go does.
func days(d time.Duration) string {
	const day = 24 * time.Hour
	if d%day == 0 {
		if d == day {
			return "1 day"
		}
		return fmt.Sprintf("%d days", d/day)
	}
	if d > day {
		return fmt.Sprintf("%d days %s", d/day, d%day)
	}
	return d.String()
}

// matchPURL reports whether the package URL purl matches pattern (see
// "Package patterns" in the package doc).
func matchPURL(pattern, purl string) bool {
	if i := strings.IndexAny(purl, "?#"); i >= 0 {
		purl = purl[:i]
	}
	pattern = unescapeAt(pattern)
	purl = unescapeAt(purl)
	if _, hasVersion := splitVersion(pattern); !hasVersion {
		purl, _ = splitVersion(purl)
	}
	return glob(pattern, purl)
}

// unescapeAt writes "%40" (an npm scope's "@", as package URLs encode it)
// as "@" before the last slash.
func unescapeAt(s string) string {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return s
	}
	return strings.ReplaceAll(s[:i], "%40", "@") + s[i:]
}

// splitVersion cuts "@version" off the last path segment of s.
func splitVersion(s string) (string, bool) {
	i := strings.LastIndexByte(s, '/')
	if j := strings.IndexByte(s[i+1:], '@'); j >= 0 {
		return s[:i+1+j], true
	}
	return s, false
}

// glob matches s against pattern, where "*" stands for any run of
// characters and everything else is literal.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}
