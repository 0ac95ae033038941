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
// (deb, apk, rpm are case-sensitive: unchanged), for an entry known only
// by CPE (ecosystem "") its "vendor:product" unescaped and lowercase,
// unchanged otherwise.
func NormalizeName(ecosystem, name string) string {
	switch ecosystem {
	case "pypi":
		return pep503.ReplaceAllString(strings.ToLower(name), "-")
	case "nuget", "composer":
		return strings.ToLower(name)
	case "":
		return cpeName(name)
	}
	return name
}

// cpeName is the key of an entry known only by CPE, "vendor:product" as
// a CPE 2.3 formatted string writes them: without its backslash escapes
// ("c\+\+builder" is "c++builder"), lowercase (CPE matching ignores
// case), so that a store's key and a query agree however each spelled it.
func cpeName(name string) string {
	if !strings.ContainsRune(name, '\\') {
		return strings.ToLower(name)
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		if name[i] == '\\' && i+1 < len(name) {
			i++
		}
		b.WriteByte(name[i])
	}
	return strings.ToLower(b.String())
}
