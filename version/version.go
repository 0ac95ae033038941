package version

import (
	"errors"
	"fmt"
	"strings"
)

// Ecosystem names, as Package URL types. Lookup folds ASCII case.
const (
	Deb      = "deb"      // Debian and Ubuntu: dpkg ordering, dpkg relations
	RPM      = "rpm"      // Red Hat, SUSE, Fedora...: rpmvercmp on [epoch:]version[-release]
	APK      = "apk"      // Alpine, Wolfi, Chainguard: apk-tools ordering
	NPM      = "npm"      // node-semver ordering and ranges
	PyPI     = "pypi"     // PEP 440 ordering and specifiers
	Golang   = "golang"   // Go module semantic versions, with or without the leading v
	Cargo    = "cargo"    // SemVer 2.0.0 with Cargo's requirement syntax
	Maven    = "maven"    // Maven ComparableVersion and version ranges
	Gem      = "gem"      // RubyGems Gem::Version and Gem::Requirement
	NuGet    = "nuget"    // NuGet.Versioning ordering and ranges
	Composer = "composer" // Composer's normalised versions and constraints
	Generic  = "generic"  // dotted numbers with pre-release tags (CPE and NVD data)
)

// Ecosystems lists every ecosystem Lookup knows, sorted.
func Ecosystems() []string {
	return []string{APK, Cargo, Composer, Deb, Gem, Generic, Golang, Maven, NPM, NuGet, PyPI, RPM}
}

// Scheme is one ecosystem's version ordering and constraint language.
// Implementations are stateless and safe for concurrent use.
type Scheme interface {
	// Compare returns -1, 0 or 1 as a sorts before, equal to or after b in
	// the ecosystem's own ordering. A version the ecosystem's own tool
	// rejects is an *InvalidVersionError; lenient ecosystems (dpkg, rpm,
	// Maven) accept what their tools accept.
	Compare(a, b string) (int, error)
	// Satisfies reports whether version v meets constraint, written in the
	// ecosystem's native constraint syntax (npm ranges, PEP 440 specifiers,
	// Maven ranges, dpkg relations...). A constraint that does not parse is
	// an *InvalidConstraintError; an invalid v is an *InvalidVersionError.
	Satisfies(v, constraint string) (bool, error)
}

// ErrUnknownEcosystem is returned, wrapped with the ecosystem's name, by
// Lookup, Compare, Satisfies and Affects for an ecosystem they do not know.
var ErrUnknownEcosystem = errors.New("version: unknown ecosystem")

// InvalidVersionError reports a version string its ecosystem rejects.
type InvalidVersionError struct {
	Ecosystem string // Package URL type, such as "npm"
	Version   string // the input, unchanged
	Reason    string // what is wrong with it
}

func (e *InvalidVersionError) Error() string {
	return fmt.Sprintf("version: %s: invalid version %q: %s", e.Ecosystem, e.Version, e.Reason)
}

// InvalidConstraintError reports a constraint its ecosystem cannot parse.
type InvalidConstraintError struct {
	Ecosystem  string // Package URL type, such as "pypi"
	Constraint string // the input, unchanged
	Reason     string // what is wrong with it
}

func (e *InvalidConstraintError) Error() string {
	return fmt.Sprintf("version: %s: invalid constraint %q: %s", e.Ecosystem, e.Constraint, e.Reason)
}

// Lookup returns the Scheme of an ecosystem named by its Package URL type
// (see Ecosystems), so that a caller comparing many versions resolves the
// name once. An unknown name is an error wrapping ErrUnknownEcosystem.
func Lookup(ecosystem string) (Scheme, error) {
	switch strings.ToLower(ecosystem) {
	case Deb:
		return debScheme{}, nil
	case RPM:
		return rpmScheme{}, nil
	case APK:
		return apkScheme{}, nil
	case NPM:
		return npmScheme{}, nil
	case PyPI:
		return pep440Scheme{}, nil
	case Golang:
		return golangScheme{}, nil
	case Cargo:
		return cargoScheme{}, nil
	case Maven:
		return mavenScheme{}, nil
	case Gem:
		return gemScheme{}, nil
	case NuGet:
		return nugetScheme{}, nil
	case Composer:
		return composerScheme{}, nil
	case Generic:
		return genericScheme{}, nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownEcosystem, ecosystem)
}

// Compare returns -1, 0 or 1 as a sorts before, equal to or after b in the
// ecosystem's own ordering. See Scheme.Compare.
func Compare(ecosystem, a, b string) (int, error) {
	s, err := Lookup(ecosystem)
	if err != nil {
		return 0, err
	}
	return s.Compare(a, b)
}

// Satisfies reports whether v meets a constraint in the ecosystem's native
// syntax. See Scheme.Satisfies.
func Satisfies(ecosystem, v, constraint string) (bool, error) {
	s, err := Lookup(ecosystem)
	if err != nil {
		return false, err
	}
	return s.Satisfies(v, constraint)
}

// Valid returns nil if v is a version the ecosystem accepts, and an
// *InvalidVersionError (or an ErrUnknownEcosystem error) otherwise.
func Valid(ecosystem, v string) error {
	_, err := Compare(ecosystem, v, v)
	return err
}
