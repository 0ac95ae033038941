package version

// cargoScheme is a placeholder until this ecosystem lands.
type cargoScheme struct{}

func (cargoScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Cargo, Version: a, Reason: "not implemented"}
}

func (cargoScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Cargo, Constraint: constraint, Reason: "not implemented"}
}
