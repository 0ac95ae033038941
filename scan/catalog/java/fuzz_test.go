package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/loadline/loadline/sbom"
)

// FuzzArchive feeds Catalog archives: two small real jars in testdata and
// a war with a manifest, nested jars and a zip-slip name, with small
// caps. It must not panic, and what it returns must be sane: valid
// coordinates, Evidence starting at the file, sorted packages, errors
// with the prefix.
func FuzzArchive(f *testing.F) {
	// The small jars only: the fuzzer minimizes every new input it finds,
	// and minimizing a larger one takes minutes.
	for _, name := range []string{"nested.jar", "test.jar"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(makeZip(f,
		entry{"META-INF/MANIFEST.MF", []byte("Implementation-Title: x\nImplementation-Version: 1\nBundle-SymbolicName: a.b.x;singleton:=true\nBundle-License: MIT, \"a,b\";link=x\n")},
		entry{"WEB-INF/lib/y-2.jar", makeZip(f, entry{"META-INF/maven/g/y/pom.properties", pomProps("g", "y", "2")})},
		entry{"../evil", nil}))
	lim := limits{depth: 3, inflated: 1 << 20, nested: 256 << 10, meta: 4 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		const p = "/f.war"
		pkgs, err := catalogBytes(t, p, data, lim)
		for _, e := range errList(err) {
			if !strings.HasPrefix(e, "java: "+p) {
				t.Errorf("error %q lacks the prefix", e)
			}
		}
		for i, pkg := range pkgs {
			if pkg.Type != "maven" || !validName(pkg.Name) || !validVersion(pkg.Version) ||
				pkg.Namespace != "" && !validGroup(pkg.Namespace) || len(pkg.Evidence) == 0 || pkg.Evidence[0] != p {
				t.Errorf("package %d insane: %+v", i, pkg)
			}
			if i > 0 && sbom.ComparePackages(pkgs[i-1], pkg) > 0 {
				t.Errorf("packages out of order at %d", i)
			}
		}
	})
}

// FuzzMeta feeds the text parsers (manifest, properties) and the
// identity rules the same bytes, seeded from the claircore samples.
func FuzzMeta(f *testing.F) {
	for _, jar := range []string{"guava-27.0-jre.jar", "jackson-databind-2.9.10.8.jar", "logback-classic-1.2.3.jar"} {
		f.Add(readTestdata(f, "claircore/"+jar+".MANIFEST.MF"), jar)
		f.Add(readTestdata(f, "claircore/"+jar+".pom.properties"), jar)
	}
	f.Add([]byte("a\\\n  b=c\\u0041\\\r\nkey\\:x : v\\"), "x-1.jar")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		mf := parseManifest(data)
		for k := range mf {
			if k != strings.ToLower(k) || k == "" {
				t.Errorf("manifest name %q", k)
			}
		}
		parseProperties(data)
		if p, err := parsePom(data); err == nil && (!validGroup(p.group) || !validName(p.artifact) || !validVersion(p.version)) {
			t.Errorf("pom %+v", p)
		}
		id := identify(name, mf)
		if id.version != "" && !validVersion(id.version) || id.group != "" && !validGroup(id.group) || !slices.Contains(id.names, id.name) {
			t.Errorf("identity %+v", id)
		}
		for _, l := range bundleLicenses(mf["bundle-license"]) {
			if l == "" || strings.TrimSpace(l) != l {
				t.Errorf("licence %q", l)
			}
		}
	})
}
