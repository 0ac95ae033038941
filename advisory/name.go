package advisory

import (
	"regexp"
	"strings"
)

var pep503 = regexp.MustCompile(`[-_.]+`)

// NormalizeName returns a package name in the form stores key it by, so
// that names the ecosystem treats as equal are equal: PEP 503 for PyPI
// ("Flask_SQLAlchemy" -> "flask-sqlalchemy"), lowercase for NuGet,
// Composer and the distro ecosystems whose names are case-insensitive
// (deb, apk, rpm are case-sensitive: unchanged), unchanged otherwise.
func NormalizeName(ecosystem, name string) string {
	switch ecosystem {
	case "pypi":
		return pep503.ReplaceAllString(strings.ToLower(name), "-")
	case "nuget", "composer":
		return strings.ToLower(name)
	}
	return name
}
