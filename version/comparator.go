package version

import "strings"

// op is a comparison operator of a constraint term.
type op uint8

const (
	opEQ op = iota // =, ==
	opNE           // !=
	opLT           // <
	opLE           // <=
	opGT           // >
	opGE           // >=
)

func (o op) String() string {
	return [...]string{"=", "!=", "<", "<=", ">", ">="}[o]
}

// holds reports whether a comparison result c (as from Compare(v, bound))
// meets the operator.
func (o op) holds(c int) bool {
	switch o {
	case opEQ:
		return c == 0
	case opNE:
		return c != 0
	case opLT:
		return c < 0
	case opLE:
		return c <= 0
	case opGT:
		return c > 0
	case opGE:
		return c >= 0
	}
	return false
}

// comparator is one "op version" term of a constraint.
type comparator struct {
	op      op
	version string
}

// parseOp splits a leading comparison operator off s. A term without one
// is an equality. It knows =, ==, !=, <, <=, >, >=.
func parseOp(s string) (op, string) {
	switch {
	case strings.HasPrefix(s, "=="):
		return opEQ, s[2:]
	case strings.HasPrefix(s, "!="):
		return opNE, s[2:]
	case strings.HasPrefix(s, "<="):
		return opLE, s[2:]
	case strings.HasPrefix(s, ">="):
		return opGE, s[2:]
	case strings.HasPrefix(s, "<"):
		return opLT, s[1:]
	case strings.HasPrefix(s, ">"):
		return opGT, s[1:]
	case strings.HasPrefix(s, "="):
		return opEQ, s[1:]
	}
	return opEQ, s
}

// parseComparators parses the plain constraint syntax shared by ecosystems
// that have no richer one of their own (Go modules, generic): alternatives
// separated by "||", each a list of terms that must all hold, separated by
// commas and/or white space; each term an operator (=, ==, !=, <, <=, >,
// >=, or none for =) and a version, with optional space between the two.
// It checks the shape only; the caller validates the versions.
func parseComparators(eco, constraint string) ([][]comparator, error) {
	bad := func(reason string) error {
		return &InvalidConstraintError{Ecosystem: eco, Constraint: constraint, Reason: reason}
	}
	if strings.TrimSpace(constraint) == "" {
		return nil, bad("empty")
	}
	var alts [][]comparator
	for alt := range strings.SplitSeq(constraint, "||") {
		fields := strings.FieldsFunc(alt, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		var and []comparator
		for i := 0; i < len(fields); i++ {
			o, rest := parseOp(fields[i])
			if rest == "" {
				if i+1 == len(fields) || fields[i] == "" {
					return nil, bad("operator " + fields[i] + " has no version")
				}
				i++
				rest = fields[i]
				if _, r2 := parseOp(rest); r2 != rest {
					return nil, bad("two operators in a row before " + rest)
				}
			}
			if strings.ContainsAny(rest, "<>=!") {
				return nil, bad("unexpected operator character in " + rest)
			}
			and = append(and, comparator{op: o, version: rest})
		}
		if len(and) == 0 {
			return nil, bad("empty alternative")
		}
		alts = append(alts, and)
	}
	return alts, nil
}

// satisfiesComparators evaluates the plain constraint syntax of
// parseComparators with compare as the ordering.
func satisfiesComparators(eco string, compare func(a, b string) (int, error), v, constraint string) (bool, error) {
	alts, err := parseComparators(eco, constraint)
	if err != nil {
		return false, err
	}
	if _, err := compare(v, v); err != nil {
		return false, err
	}
	for _, and := range alts {
		for _, c := range and {
			if _, err := compare(c.version, c.version); err != nil {
				return false, &InvalidConstraintError{Ecosystem: eco, Constraint: constraint, Reason: err.Error()}
			}
		}
	}
	for _, and := range alts {
		ok := true
		for _, c := range and {
			r, _ := compare(v, c.version)
			if !c.op.holds(r) {
				ok = false
				break
			}
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}
