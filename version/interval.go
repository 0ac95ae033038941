package version

import (
	"fmt"
	"slices"
)

// RangeType is the type of an OSV affected range.
type RangeType string

// The OSV range types. GIT ranges name commits, not versions, and are
// never evaluated here.
const (
	RangeEcosystem RangeType = "ECOSYSTEM" // bounds in the ecosystem's own ordering
	RangeSemver    RangeType = "SEMVER"    // bounds in SemVer 2.0.0 ordering, whatever the ecosystem
	RangeGit       RangeType = "GIT"       // commit hashes; skipped
)

// Event is one OSV range event. Exactly one field is set. An Introduced of
// "0" means "since the first version"; a Limit of "*" means "no limit".
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// kind returns the event's kind and bound, or "" for an event with no
// field set.
func (e Event) kind() (kind, bound string) {
	switch {
	case e.Introduced != "":
		return "introduced", e.Introduced
	case e.Fixed != "":
		return "fixed", e.Fixed
	case e.LastAffected != "":
		return "last_affected", e.LastAffected
	case e.Limit != "":
		return "limit", e.Limit
	}
	return "", ""
}

// Range is one OSV affected range: a type and its events, in any order.
type Range struct {
	Type   RangeType `json:"type"`
	Events []Event   `json:"events"`
}

// Affected is what an OSV record says of one package: ranges, and an
// explicit list of affected versions. A version is affected when either
// says so.
type Affected struct {
	Ranges   []Range  `json:"ranges,omitempty"`
	Versions []string `json:"versions,omitempty"`
}

// Decision tells whether a version is affected and what decided it.
type Decision struct {
	// Affected reports whether the version falls in a range or is listed.
	Affected bool
	// Range is the index in Affected.Ranges of the range that decided an
	// affected version, or -1 when it was listed in Affected.Versions, or
	// when the version is not affected.
	Range int
	// Introduced, Fixed and LastAffected are the bounds of the interval
	// that holds an affected version ("" where open). Fixed is the first
	// fixed version above it, when the range has one.
	Introduced, Fixed, LastAffected string
}

// Affects reports whether version v of a package in ecosystem is affected
// according to a, evaluating ECOSYSTEM ranges with the ecosystem's scheme
// and SEMVER ranges with SemVer 2.0.0. See Evaluate.
func Affects(ecosystem, v string, a Affected) (bool, error) {
	s, err := Lookup(ecosystem)
	if err != nil {
		return false, err
	}
	d, err := Evaluate(s, v, a)
	return d.Affected, err
}

// Evaluate decides whether v is affected according to a, as the OSV
// schema's evaluation rules say: v is affected when it equals one of
// a.Versions, or when, among a range's events sorted by version, the last
// event at or below v is an introduced event (fixed and limit bounds are
// exclusive, last_affected inclusive). A version at or above a range's
// limit is outside that range. GIT ranges, and ranges of an unknown type,
// are skipped.
//
// An invalid v, or an event bound the scheme rejects, is an error: a range
// that cannot be evaluated must not read as "not affected". Evaluate does
// not modify a.
func Evaluate(s Scheme, v string, a Affected) (Decision, error) {
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
		d, err := evaluateRange(cmp, v, r)
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

// boundEvent is an event with its kind, sortable by version.
type boundEvent struct {
	kind, bound string
}

func evaluateRange(cmp func(a, b string) (int, error), v string, r Range) (Decision, error) {
	evs := make([]boundEvent, 0, len(r.Events))
	for _, e := range r.Events {
		k, b := e.kind()
		if k == "" {
			return Decision{}, fmt.Errorf("event with no introduced, fixed, last_affected or limit")
		}
		if k == "limit" && b == "*" {
			continue
		}
		if !(k == "introduced" && b == "0") {
			if _, err := cmp(b, b); err != nil {
				return Decision{}, fmt.Errorf("%s %q: %w", k, b, err)
			}
		}
		evs = append(evs, boundEvent{k, b})
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
		return eventRank(x.kind) - eventRank(y.kind)
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
				d.Fixed, d.LastAffected = upperBound(evs[i+1:])
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

// eventRank orders events at the same version: an interval opens before
// it closes, so introduced X, fixed X is empty and introduced X,
// last_affected X holds X.
func eventRank(kind string) int {
	switch kind {
	case "introduced":
		return 0
	case "last_affected":
		return 1
	case "fixed":
		return 2
	}
	return 3 // limit
}

// upperBound returns the first fixed or last_affected bound in evs, which
// are sorted and follow an introduced event.
func upperBound(evs []boundEvent) (fixed, lastAffected string) {
	for _, e := range evs {
		switch e.kind {
		case "fixed":
			return e.bound, ""
		case "last_affected":
			return "", e.bound
		case "introduced":
			return "", ""
		}
	}
	return "", ""
}
