package java_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/java"
)

// zipOf returns a zip archive holding the files, in order (name, content,
// name, content, ...).
func zipOf(files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, _ := zw.Create(files[i])
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

func ExampleArchive() {
	lib := zipOf("META-INF/maven/org.yaml/snakeyaml/pom.properties",
		"groupId=org.yaml\nartifactId=snakeyaml\nversion=2.2\n")
	war := zipOf(
		"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: shop\nImplementation-Version: 1.4.0\nImplementation-Vendor-Id: com.example\n",
		"WEB-INF/lib/snakeyaml-2.2.jar", string(lib),
	)
	in := &catalog.Input{Path: "/srv/shop.war", FS: fstest.MapFS{"srv/shop.war": {Data: war}}}
	pkgs, err := (&java.Archive{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(sbom.PackageURL(p, nil), "from", cmp.Or(p.Metadata["maven:source"], "pom.properties"))
		fmt.Println("  ", p.Evidence[len(p.Evidence)-1])
	}
	// Output:
	// pkg:maven/com.example/shop@1.4.0 from manifest
	//    /srv/shop.war!/META-INF/MANIFEST.MF
	// pkg:maven/org.yaml/snakeyaml@2.2 from pom.properties
	//    /srv/shop.war!/WEB-INF/lib/snakeyaml-2.2.jar!/META-INF/maven/org.yaml/snakeyaml/pom.properties
}
