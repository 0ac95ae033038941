package java

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJDKJar builds real archives with the JDK's jar tool (which
// rewrites each manifest in its own form, folding long lines at 72
// bytes) from claircore's MANIFEST.MF and pom.properties samples: an
// ear holding a war and a jar, the war holding two jars, one of them
// with no pom.properties. It checks that Catalog names each artifact as
// its sample pom.properties does, in the archive that holds it, with the
// SHA-1 of the file the jar tool wrote. It is skipped without jar.
func TestJDKJar(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	jarTool, err := exec.LookPath("jar")
	if err != nil {
		t.Skip("no jar tool")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(jarTool, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("jar %q: %v\n%s", args, err, out)
		}
	}
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	truth := map[string]*pom{}
	// Each library jar: its sample manifest, and its sample pom.properties
	// where withPom says.
	for jar, withPom := range map[string]bool{"guava-27.0-jre.jar": true, "jackson-databind-2.9.10.8.jar": false, "logback-classic-1.2.3.jar": true} {
		pp := readTestdata(t, "claircore/"+jar+".pom.properties")
		p, err := parsePom(pp)
		if err != nil {
			t.Fatal(err)
		}
		truth[jar] = p
		write(jar+".mf", readTestdata(t, "claircore/"+jar+".MANIFEST.MF"))
		content := jar + ".d"
		write(content+"/README", []byte(jar))
		if withPom {
			write(content+"/META-INF/maven/"+p.group+"/"+p.artifact+"/pom.properties", pp)
		}
		run("cfm", jar, jar+".mf", "-C", content, ".")
	}
	write("shop.mf", []byte("Implementation-Title: shop\nImplementation-Version: 1.0\nImplementation-Vendor-Id: com.acme\n"))
	write("war/WEB-INF/web.xml", []byte("<web-app/>\n"))
	for _, jar := range []string{"guava-27.0-jre.jar", "jackson-databind-2.9.10.8.jar"} {
		b, err := os.ReadFile(filepath.Join(dir, jar))
		if err != nil {
			t.Fatal(err)
		}
		write("war/WEB-INF/lib/"+jar, b)
	}
	run("cfm", "shop.war", "shop.mf", "-C", "war", ".")
	for _, f := range []string{"shop.war", "logback-classic-1.2.3.jar"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		write("ear/"+f, b)
	}
	run("cf", "app.ear", "-C", "ear", ".")

	files := map[string][]byte{}
	for _, f := range []string{"app.ear", "shop.war", "guava-27.0-jre.jar", "jackson-databind-2.9.10.8.jar", "logback-classic-1.2.3.jar"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	pkgs, err := catalogBytes(t, "/opt/app.ear", files["app.ear"], defaults())
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ GAV, Source, Holder, SHA1 string }
	var got []row
	for _, p := range pkgs {
		got = append(got, row{p.Namespace + ":" + p.Name + ":" + p.Version, p.Metadata["maven:source"], holder(p), p.Hashes["SHA-1"]})
	}
	const war = "/opt/app.ear!/shop.war"
	want := []row{
		{"ch.qos.logback:logback-classic:1.2.3", "", "/opt/app.ear!/logback-classic-1.2.3.jar", sum(files["logback-classic-1.2.3.jar"])},
		{"com.acme:shop:1.0", "manifest", war, sum(files["shop.war"])},
		{"com.fasterxml.jackson.core:jackson-databind:2.9.10.8", "manifest", war + "!/WEB-INF/lib/jackson-databind-2.9.10.8.jar", sum(files["jackson-databind-2.9.10.8.jar"])},
		{"com.google.guava:guava:27.0-jre", "", war + "!/WEB-INF/lib/guava-27.0-jre.jar", sum(files["guava-27.0-jre.jar"])},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The rows above spell out the samples' pom.properties: check it.
	for jar, i := range map[string]int{"logback-classic-1.2.3.jar": 0, "jackson-databind-2.9.10.8.jar": 2, "guava-27.0-jre.jar": 3} {
		if p := truth[jar]; want[i].GAV != p.group+":"+p.artifact+":"+p.version {
			t.Errorf("%s: row %q, pom.properties %+v", jar, want[i].GAV, p)
		}
	}
}
