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

// EntryName is the name a store files an Affected entry under, before
// NormalizeName: its Package, or for an entry known only by CPE that
// names no Package, the vendor:product of its CPE 2.3 name (as
// advisory/nvd writes Package), so that every CPE entry is found by the
// one query matching asks for a CPE.
func EntryName(af *Affected) string {
	if af.Package != "" || af.Ecosystem != "" {
		return af.Package
	}
	rest, ok := strings.CutPrefix(af.CPE, "cpe:2.3:")
	if !ok {
		return ""
	}
	var fields []string
	start := 0
	for i := 0; i < len(rest) && len(fields) < 3; i++ {
		switch rest[i] {
		case '\\':
			i++ // the escaped character is part of the field
		case ':':
			fields = append(fields, rest[start:i])
			start = i + 1
		}
	}
	if len(fields) < 3 || fields[1] == "" || fields[2] == "" {
		return ""
	}
	return fields[1] + ":" + fields[2]
}
