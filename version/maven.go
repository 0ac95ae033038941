package version

// mavenScheme is a placeholder until this ecosystem lands.
type mavenScheme struct{}

func (mavenScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: Maven, Version: a, Reason: "not implemented"}
}

func (mavenScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: Maven, Constraint: constraint, Reason: "not implemented"}
}
