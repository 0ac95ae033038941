package java

import (
	"strings"
)

// pom is one artifact that pom.properties files in one archive name.
type pom struct {
	group, artifact, version string
	records                  []string // the entries naming it, in archive order
	canonical                bool     // one is META-INF/maven/<group>/<artifact>/pom.properties
}

// ident is an archive's identity as its manifest and file name give it.
type ident struct {
	group, name, version string
	// manifest is set when the manifest gave the name, version or group
	// (or confirmed the version in the file name); else all came from
	// the file name.
	manifest bool
	// names are the artifact names the archive may go by: the file name's,
	// and the manifest's Implementation-Title, Short-Name and
	// Bundle-SymbolicName.
	names []string
}

// manifestVersions are the manifest fields that give the archive's
// version, best first: Maven's archiver writes Implementation-Version,
// Jenkins' Plugin-Version, OSGi tools Bundle-Version (normalised to
// major.minor.micro.qualifier, so less like the Maven version), and
// Specification-Version names the API more often than the build.
var manifestVersions = []string{"implementation-version", "plugin-version", "bundle-version", "specification-version"}

// identify returns the identity of the archive with file name base and
// main manifest section mf (nil when it has none).
//
// The name and version come from the file name when it is
// "<name>-<version>.<ext>": split where the file name ends in
// "-" and a manifest version (so "log4j-1.2-api-2.17.1.jar" with
// Implementation-Version 2.17.1 is log4j-1.2-api), else at the first "-"
// followed by a digit. A file name without a version gives the version of
// the manifest and the name of its Short-Name (Jenkins plugins), its
// Implementation-Title when that is one word, or else the file name less
// its extension. The group is the manifest's Group-Id (Jenkins) or
// Implementation-Vendor-Id, or the one that Bundle-SymbolicName proves
// by the Apache Felix bundle plugin's default rule (see bsnGroup); else
// "".
func identify(base string, mf map[string]string) ident {
	stem := base
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	var id ident
	var versions []string
	for _, k := range manifestVersions {
		if v := mf[k]; validVersion(v) {
			versions = append(versions, v)
		}
	}
	for _, v := range versions {
		if n, ok := strings.CutSuffix(stem, "-"+v); ok && validName(n) {
			id.name, id.version, id.manifest = n, v, true
			break
		}
	}
	if id.name == "" {
		if n, v := splitName(stem); v != "" {
			id.name, id.version = n, v
		}
	}
	if id.name == "" {
		id.name = stem
		for _, n := range []string{mf["short-name"], mf["implementation-title"]} {
			if validName(n) {
				id.name, id.manifest = n, true
				break
			}
		}
		if len(versions) > 0 {
			id.version, id.manifest = versions[0], true
		}
	}
	bsn, _, _ := strings.Cut(mf["bundle-symbolicname"], ";")
	bsn = strings.TrimSpace(bsn)
	for _, g := range []string{mf["group-id"], mf["implementation-vendor-id"], bsnGroup(bsn, id.name)} {
		if validGroup(g) {
			id.group, id.manifest = g, true
			break
		}
	}
	id.names = []string{id.name}
	for _, n := range []string{mf["implementation-title"], mf["short-name"], bsn} {
		if validName(n) {
			id.names = append(id.names, n)
		}
	}
	return id
}

// splitName splits a file name stem at its first "-" followed by a
// digit: "guava-27.0-jre" is guava 27.0-jre. The version is "" when there
// is no such "-".
func splitName(stem string) (name, version string) {
	for i := 1; i+1 < len(stem); i++ {
		if stem[i] == '-' && stem[i+1] >= '0' && stem[i+1] <= '9' {
			if n, v := stem[:i], stem[i+1:]; validName(n) && validVersion(v) {
				return n, v
			}
			break
		}
	}
	return "", ""
}

// bsnGroup returns the Maven group that an OSGi Bundle-SymbolicName
// proves for artifact a, inverting the default rule of the Apache Felix
// maven-bundle-plugin (which most Maven-built bundles use):
//
//   - the group itself when its last part is the artifact (com.google.guava
//     for guava);
//   - "<group>.<artifact>" (com.fasterxml.jackson.core.jackson-databind);
//   - the group and the artifact less the group's last part
//     (ch.qos.logback.classic for logback-classic,
//     org.apache.commons.lang3 for commons-lang3).
//
// Any other name proves nothing and gives "". The first two overlap
// (groupId com.google with artifactId guava would give com.google.guava
// too); the first is taken, as Maven projects named after their group
// are common.
func bsnGroup(bsn, a string) string {
	if !validGroup(bsn) || a == "" {
		return ""
	}
	i := strings.LastIndexByte(bsn, '.')
	if i < 0 {
		return ""
	}
	g, s := bsn[:i], bsn[i+1:]
	if s == a {
		return bsn
	}
	if g, ok := strings.CutSuffix(bsn, "."+a); ok {
		return g
	}
	last := g[strings.LastIndexByte(g, '.')+1:]
	if a == last+"-"+s || a == last+"."+s || a == last+s {
		return g
	}
	return ""
}

// matches reports whether p is the artifact id names: its artifactId or
// "<groupId>.<artifactId>" (the file naming of Quarkus and others) is one
// of id's names.
func (id *ident) matches(p *pom) bool {
	for _, n := range id.names {
		if n == p.artifact || n == p.group+"."+p.artifact {
			return true
		}
	}
	return false
}

// validName reports whether s can be a Maven groupId or artifactId: the
// characters Maven's model validator allows ([A-Za-z0-9_.-]), at most
// 256 of them.
func validName(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// validGroup is validName, less names that start or end with '.'.
func validGroup(s string) bool {
	return validName(s) && s[0] != '.' && s[len(s)-1] != '.'
}

// validVersion reports whether s can be a version: at most 256
// printable characters without blanks, and no unexpanded "${property}".
func validVersion(s string) bool {
	if s == "" || len(s) > 256 || strings.Contains(s, "${") {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}
