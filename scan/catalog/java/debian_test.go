package java

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/loadline/loadline/sbom"
)

// debianRepo is where Debian's maven-repo-helper lays out the jars that
// Debian packages install, at their Maven coordinates:
// <group path>/<artifact>/<version>/<artifact>-<version>.jar, each a
// symbolic link to the jar in /usr/share/java.
const debianRepo = "/usr/share/maven-repo"

// TestDebianMavenRepo reads every jar Debian's Maven repository holds
// here (those of the maven package and its dependencies: 68 jars in
// Debian 12) under its real name (/usr/share/java/guava.jar: the
// versioned names are links) and compares the one package Catalog gives
// as the jar's own with the coordinates Debian files the jar under
// (any of them: Debian adds aliases such as plexus-utils 2.x and the
// version "debian"). An artifact from pom.properties must be one of
// them, and a group from the manifest must be theirs; a manifest or file
// name that proves no group (Guice's Bundle-SymbolicName
// com.google.inject.servlet for com.google.inject.extensions:
// guice-servlet) or gives another name (Debian's
// atinject-jsr330-api-1.0.jar for javax.inject:javax.inject:1) is
// logged. Here 54 of the 68 are exact, and 12 more agree in name and
// version without a group. It is skipped where the repository is
// absent.
func TestDebianMavenRepo(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	if _, err := os.Stat(debianRepo); err != nil {
		t.Skip("no " + debianRepo)
	}
	coords := map[string][]string{} // real jar -> the coordinates filing it
	err := filepath.WalkDir(debianRepo, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".jar") {
			return err
		}
		rel, _ := filepath.Rel(debianRepo, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		n := len(parts)
		if n < 4 || parts[n-1] != parts[n-3]+"-"+parts[n-2]+".jar" {
			return nil
		}
		if real, err := filepath.EvalSymlinks(p); err == nil { // else dangling: not installed here
			coords[real] = append(coords[real], strings.Join(parts[:n-3], ".")+":"+parts[n-3]+":"+parts[n-2])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var exact, nameVersion int
	for real, cs := range coords {
		data, err := os.ReadFile(real)
		if err != nil {
			t.Fatal(err)
		}
		pkgs, err := catalogBytes(t, real, data, defaults())
		if err != nil {
			t.Errorf("%s: %v", real, err)
		}
		var own []sbom.Package
		for _, p := range pkgs {
			if p.Hashes["SHA-1"] != "" && holder(p) == real {
				own = append(own, p)
			}
		}
		if len(own) != 1 {
			t.Errorf("%s: %d packages of its own, want 1: %+v", real, len(own), own)
			continue
		}
		p := own[0]
		gav, source := p.Namespace+":"+p.Name+":"+p.Version, p.Metadata["maven:source"]
		switch {
		case slices.Contains(cs, gav):
			exact++
		case source == "":
			t.Errorf("%s: pom.properties names %s, Debian files it as %q", real, gav, cs)
		case p.Namespace != "" && !slices.ContainsFunc(cs, func(c string) bool { return strings.HasPrefix(c, p.Namespace+":") }):
			t.Errorf("%s: the manifest gives group %q, Debian files it as %q", real, p.Namespace, cs)
		default:
			if slices.ContainsFunc(cs, func(c string) bool { return strings.HasSuffix(c, ":"+p.Name+":"+p.Version) }) {
				nameVersion++
			}
			t.Logf("%s: %s from the %s; Debian: %q", real, gav, source, cs)
		}
	}
	if len(coords) == 68 && exact < 54 { // Debian 12's maven 3.8.7-1, as when this was written
		t.Errorf("%d exact, want at least 54", exact)
	}
	t.Logf("%d jars: %d named exactly as Debian files them, %d more by name and version without a group", len(coords), exact, nameVersion)
}
