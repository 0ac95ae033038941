package version

// npmScheme is a placeholder until this ecosystem lands.
type npmScheme struct{}

func (npmScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: NPM, Version: a, Reason: "not implemented"}
}

func (npmScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: NPM, Constraint: constraint, Reason: "not implemented"}
}

// compareSemverRange orders the bounds of OSV SEMVER ranges: SemVer 2.0.0,
// tolerating a leading "v" and missing minor or patch numbers.
func compareSemverRange(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: "semver", Version: a, Reason: "not implemented"}
}
