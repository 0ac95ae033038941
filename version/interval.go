package version

import "fmt"

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
// An invalid v, an event bound the scheme rejects, or a v that is not
// SemVer meeting a SEMVER range (before any range decides), is an error: a
// range that cannot be evaluated must read neither as "not affected" nor as
// "affected". Evaluate does
// not modify a. To evaluate one version against many entries, Parse it
// once and call Parsed.Evaluate.
func Evaluate(s Scheme, v string, a Affected) (Decision, error) {
	p, err := Parse(s, v)
	if err != nil {
		return Decision{Range: -1}, err
	}
	return p.Evaluate(a)
}

// eventKind is the kind of an Event, in the order events at the same
// version sort: an interval opens before it closes, so introduced X,
// fixed X is empty and introduced X, last_affected X holds X.
type eventKind uint8

const (
	eventNone eventKind = iota
	eventIntroduced
	eventLastAffected
	eventFixed
	eventLimit
)

func (k eventKind) String() string {
	return [...]string{"", "introduced", "last_affected", "fixed", "limit"}[k]
}

// kind returns the event's kind and bound, or eventNone for an event with
// no field set.
func (e Event) kind() (eventKind, string) {
	switch {
	case e.Introduced != "":
		return eventIntroduced, e.Introduced
	case e.Fixed != "":
		return eventFixed, e.Fixed
	case e.LastAffected != "":
		return eventLastAffected, e.LastAffected
	case e.Limit != "":
		return eventLimit, e.Limit
	}
	return eventNone, ""
}

// boundEvent is an event with its bound parsed, sortable by version.
type boundEvent[T any] struct {
	kind  eventKind
	zero  bool // introduced "0": before every version
	bound string
	val   T // the parsed bound, unless zero
}

// less orders x before y: "introduced 0" first, then by version, then by
// kind.
func (x *boundEvent[T]) less(y *boundEvent[T], cmp func(a, b T) int) bool {
	switch {
	case x.zero || y.zero:
		return x.zero && !y.zero
	}
	if c := cmp(x.val, y.val); c != 0 {
		return c < 0
	}
	return x.kind < y.kind
}

// evaluateRange evaluates v, parsed by o, against one range; v is not nil
// (Parsed.Evaluate reports a version a SEMVER range cannot place).
func evaluateRange[T any](o *ordering[T], v *T, r Range) (Decision, error) {
	var buf [8]boundEvent[T] // nearly every range has at most 8 events
	evs := buf[:0]
	for _, e := range r.Events {
		k, b := e.kind()
		if k == eventNone {
			return Decision{}, fmt.Errorf("event with no introduced, fixed, last_affected or limit")
		}
		if k == eventLimit && b == "*" {
			continue
		}
		be := boundEvent[T]{kind: k, bound: b, zero: k == eventIntroduced && b == "0"}
		if !be.zero {
			val, err := o.parse(b)
			if err != nil {
				return Decision{}, fmt.Errorf("%s %q: %w", k, b, err)
			}
			be.val = val
		}
		// Insertion keeps the sort stable and allocates nothing; ranges
		// are short.
		i := len(evs)
		evs = append(evs, be)
		for i > 0 && evs[i].less(&evs[i-1], o.cmp) {
			evs[i], evs[i-1] = evs[i-1], evs[i]
			i--
		}
	}
	var d Decision
	for i := range evs {
		e := &evs[i]
		c := 1
		switch {
		case e.zero:
		case v == nil:
			c = 0
		default:
			c = o.cmp(*v, e.val)
		}
		switch e.kind {
		case eventIntroduced:
			if c >= 0 {
				d = Decision{Affected: true, Introduced: e.bound}
				d.Fixed, d.LastAffected = upperBound(evs[i+1:])
			}
		case eventFixed:
			if c >= 0 {
				d = Decision{}
			}
		case eventLastAffected:
			if c > 0 {
				d = Decision{}
			}
		case eventLimit:
			if c >= 0 {
				return Decision{}, nil
			}
		}
	}
	return d, nil
}

// upperBound returns the first fixed or last_affected bound in evs, which
// are sorted and follow an introduced event.
func upperBound[T any](evs []boundEvent[T]) (fixed, lastAffected string) {
	for i := range evs {
		switch e := &evs[i]; e.kind {
		case eventFixed:
			return e.bound, ""
		case eventLastAffected:
			return "", e.bound
		case eventIntroduced:
			return "", ""
		}
	}
	return "", ""
}
