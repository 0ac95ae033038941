package version

// composerScheme is a placeholder until this ecosystem lands.
type composerScheme struct{}

func (composerScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Composer, Version: a, Reason: "not implemented"}
}

func (composerScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Composer, Constraint: constraint, Reason: "not implemented"}
}
