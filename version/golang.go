package version

// golangScheme is a placeholder until this ecosystem lands.
type golangScheme struct{}

func (golangScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Golang, Version: a, Reason: "not implemented"}
}

func (golangScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Golang, Constraint: constraint, Reason: "not implemented"}
}
