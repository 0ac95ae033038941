package version

// rpmScheme is a placeholder until this ecosystem lands.
type rpmScheme struct{}

func (rpmScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: RPM, Version: a, Reason: "not implemented"}
}

func (rpmScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: RPM, Constraint: constraint, Reason: "not implemented"}
}
