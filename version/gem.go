package version

// gemScheme is a placeholder until this ecosystem lands.
type gemScheme struct{}

func (gemScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Gem, Version: a, Reason: "not implemented"}
}

func (gemScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Gem, Constraint: constraint, Reason: "not implemented"}
}
