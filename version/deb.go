package version

// debScheme is a placeholder until this ecosystem lands.
type debScheme struct{}

func (debScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Deb, Version: a, Reason: "not implemented"}
}

func (debScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Deb, Constraint: constraint, Reason: "not implemented"}
}
