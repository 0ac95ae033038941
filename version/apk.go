package version

// apkScheme is a placeholder until this ecosystem lands.
type apkScheme struct{}

func (apkScheme) Compare(a, b string) (int, error) {
	return 0, &InvalidVersionError{Ecosystem: APK, Version: a, Reason: "not implemented"}
}

func (apkScheme) Satisfies(v, constraint string) (bool, error) {
	return false, &InvalidConstraintError{Ecosystem: APK, Constraint: constraint, Reason: "not implemented"}
}
