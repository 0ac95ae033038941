package version

// pep440Scheme is a placeholder until this ecosystem lands.
type pep440Scheme struct{}

func (pep440Scheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: PyPI, Version: a, Reason: "not implemented"}
}

func (pep440Scheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: PyPI, Constraint: constraint, Reason: "not implemented"}
}
