package version

// nugetScheme is a placeholder until this ecosystem lands.
type nugetScheme struct{}

func (nugetScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: NuGet, Version: a, Reason: "not implemented"}
}

func (nugetScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: NuGet, Constraint: constraint, Reason: "not implemented"}
}
