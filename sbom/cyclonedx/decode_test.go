package cyclonedx_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
)

func decodeFile(t testing.TB, path string) *sbom.Inventory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := cyclonedx.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Decode %s: %v", path, err)
	}
	return inv
}

// TestDecodeForeign reads the SBOMs other tools wrote. The package counts
// were counted apart from this code: with jq for the JSON files
//
//	jq '(.metadata.component["bom-ref"] // "") as $s | [(.components // [])[] | recurse(.components // [] | .[])
//	  | select((.["bom-ref"] // "") != $s or $s == "") | select(.type != "operating-system")
//	  | select((.purl // "") != "" or (.cpe // "") != "" or .type == "library" or .type == "framework")] | length'
//
// and with the same rule in Python's xml.etree for the XML files; the
// expected packages were read off the files with jq and xmllint.
func TestDecodeForeign(t *testing.T) {
	const (
		centosLayer  = "sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a"
		fluentdDeb   = "sha256:831c5620387fb9efec59fc82a42b948546c6be601e3ab34a87108ecf852aa15f"
		fluentdGem   = "sha256:75e43d55939745950bc3f8fad56c5834617c4339f0f54755e69a0dd5372624e9"
		alpineLayer  = "sha256:7cd52847ad775a5ddc4b58326cf884beee34544296402c6292ed76474c686d39"
		stretchLayer = "sha256:28ad98e51293c2d01fd259354167ecd9f9ca0cd7aa8f025e068d7f372e5ccceb"
	)
	tests := []struct {
		file   string
		count  int
		source *sbom.Source
		distro *sbom.Distro
		pkgs   []sbom.Package // looked up by PURL, or by name when PURL is ""
	}{
		{
			file: "trivy-centos-7.cdx.json", count: 2,
			source: &sbom.Source{Kind: "sbom", Name: "integration/testdata/fixtures/images/centos-7.tar.gz", ConfigDigest: "sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427"},
			distro: &sbom.Distro{ID: "centos", VersionID: "7.6.1810"},
			pkgs: []sbom.Package{{
				Type: "rpm", Namespace: "centos", Name: "openssl-libs", Version: "1:1.0.2k-16.el7", Arch: "x86_64",
				Origin: &sbom.Origin{Name: "openssl", Version: "1:1.0.2k-16.el7"}, Licenses: []string{"OpenSSL+"},
				Layer: centosLayer, PURL: "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810",
			}},
		},
		{
			file: "trivy-fluentd-multiple-lockfiles.cdx.json", count: 160,
			source: &sbom.Source{Kind: "sbom", Name: "testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz", ConfigDigest: "sha256:5a992077baba51b97f27591a10d54d2f2723dc9c81a3fe419e261023f2554933"},
			distro: &sbom.Distro{ID: "debian", VersionID: "10.2"},
			pkgs: []sbom.Package{
				{
					Type: "deb", Namespace: "debian", Name: "adduser", Version: "3.118", Arch: "all",
					Origin: &sbom.Origin{Name: "adduser", Version: "3.118"}, Licenses: []string{"GPL-2.0-only"},
					Vendor: "Debian Adduser Developers <adduser@packages.debian.org>", Layer: fluentdDeb,
					PURL: "pkg:deb/debian/adduser@3.118?arch=all&distro=debian-10.2",
					DependsOn: []string{
						"pkg:deb/debian/debconf@1.5.71?arch=all&distro=debian-10.2",
						"pkg:deb/debian/passwd@4.5-1.1?arch=amd64&distro=debian-10.2&epoch=1",
					},
				},
				{
					Type: "gem", Name: "activesupport", Version: "6.0.2.1", Licenses: []string{"MIT"}, Layer: fluentdGem,
					PURL: "pkg:gem/activesupport@6.0.2.1", Hashes: map[string]string{"SHA-1": "a2cd09dcbaf8ca1951fb8e3f2ebdfe6728ab44f7"},
				},
			},
		},
		{
			file: "SBOM_dropwizard-1.3.15_bom.json", count: 167,
			source: &sbom.Source{Kind: "sbom", Name: "dropwizard-parent"},
			pkgs: []sbom.Package{{
				Type: "maven", Namespace: "com.fasterxml.jackson.core", Name: "jackson-databind", Version: "2.9.10",
				Licenses: []string{"Apache-2.0"}, Vendor: "FasterXML",
				PURL: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar",
				Hashes: map[string]string{
					"MD5":      "ff43d79c624b0f7d465542fee6648474",
					"SHA-1":    "e201bb70b7469ba18dd58ed8268aa44e702fa2f0",
					"SHA-256":  "49bb71a73fcdcdf59c40a1a01d7245f41d3a8ba96ea6182b720f0c6167241757",
					"SHA-384":  "566b13b88b9fe60d06a5ea57f38dc5b9a390414a8925d2d0f2ed2c200ad1168cc4228596f3bb3f1d0374f326ace610d5",
					"SHA-512":  "18db8ee61a24498803352c6fc40b83cc1f277033fd4cd743505e3bfa1660c84d8522a70b06401f834b405cbc6e686f6f5c4d54aff034751e9addbf1b4603b2c2",
					"SHA3-256": "470b46a826c8edeb12852d9cbab9f5ab0c3a0b0989a7f2b0a8756c9a88aae89f",
					"SHA3-384": "b5ff2d55727a9738de89c5275200a73cfa2a96814b9c2908854159106092a0e2cec6a14a5d536e1c5b95d72f4330431f",
					"SHA3-512": "35616596eff2bafc2e047ce7cbfc4c0b8ce83af277953a2af6b41e43885c74b0809d14dd339290991c2ecb82e82190832b616bca0e3225aa113bfb483fa1b2b8",
				},
			}},
		},
		{
			file: "SBOM_laravel-7.12.0_bom.1.4.json", count: 62,
			source: &sbom.Source{Kind: "sbom", Name: "cyclonedx-php-composer-demo"},
			pkgs: []sbom.Package{{
				Type: "composer", Namespace: "asm89", Name: "stack-cors", Version: "1.3.0", Licenses: []string{"MIT"},
				PURL:      "pkg:composer/asm89/stack-cors@1.3.0",
				DependsOn: []string{"pkg:composer/symfony/http-foundation@v5.4.16", "pkg:composer/symfony/http-kernel@v5.4.16"},
			}},
		},
		{file: "SBOM_laravel-7.12.0_bom.1.3.json", count: 62, source: &sbom.Source{Kind: "sbom", Name: "cyclonedx-php-composer-demo"}},
		{
			file: "SBOM_proton-bridge_proton-bridge-v1.8.0.bom.json", count: 201,
			source: &sbom.Source{Kind: "sbom", Name: "github.com/ProtonMail/proton-bridge"},
			pkgs: []sbom.Package{{
				Type: "golang", Namespace: "github.com/0xax", Name: "github.com/0xAX/notificator",
				Version: "v0.0.0-20191016112426-3962a5ea8da1", Licenses: []string{"BSD-3-Clause"},
				PURL:   "pkg:golang/github.com/0xAX/notificator@v0.0.0-20191016112426-3962a5ea8da1",
				Hashes: map[string]string{"SHA-256": "8fd1da69f6a90db3db1910e4bba7bf1d1b3a28131c287896726d7ff526f19e5e"},
			}},
		},
		{
			file: "SBOM_cern-lhc-vdm-editor-e564943_bom.json", count: 43,
			source: &sbom.Source{Kind: "sbom", Name: "lhc-vdm-editor"},
			pkgs: []sbom.Package{{
				Type: "npm", Name: "puppeteer", Version: "1.19.0", Licenses: []string{"Apache-2.0"}, PURL: "pkg:npm/puppeteer@1.19.0",
				Hashes: map[string]string{"SHA-512": "d92e84eb2829a2a70409a6a00db068a6848e3c3bf4a4066f4db9c181463eea1ab4fd70c50ce2c430d94717f48a265cdc699f5c9222a3283bae79623714dfd65f"},
			}},
		},
		{
			file: "CBOM_Example-With-Dependencies_bom.json", count: 2,
			source: &sbom.Source{Kind: "sbom", Name: "Acme Application"},
			pkgs:   []sbom.Package{{Name: "Crypto library", Version: "1.0.0"}},
		},
		{file: "VEX_bom.json", count: 3, source: &sbom.Source{Kind: "sbom", Name: "example-app"}},
		{file: "VEX_vex.json", count: 0, source: &sbom.Source{Kind: "sbom"}},
		{file: "SaaSBOM_apigateway-microservices-datastores_bom.json", count: 0, source: &sbom.Source{Kind: "sbom", Name: "Acme Cloud Example"}},
		{
			file: "osv-scanner-alpine-zlib-16.cdx.json", count: 1, source: &sbom.Source{Kind: "sbom"},
			pkgs: []sbom.Package{{
				Type: "apk", Namespace: "alpine", Name: "zlib", Version: "1.2.12-r1", Arch: "x86_64",
				Evidence: []string{"/lib/apk/db/installed"},
				PURL:     "pkg:apk/alpine/zlib@1.2.12-r1?arch=x86_64&distro=3.22.0&origin=zlib",
			}},
		},
		{
			file: "osv-scanner-alpine.cdx.xml", count: 15,
			source: &sbom.Source{Kind: "sbom", Name: "alpine:latest", Digest: "sha256:fd6275a37d2472b9d3be70c3261087b8d65e441c21342ae7313096312bcda2b3"},
			distro: &sbom.Distro{ID: "alpine", VersionID: "3.17.2", Name: "Alpine Linux v3.17"},
			pkgs: []sbom.Package{
				{
					Type: "apk", Namespace: "alpine", Name: "musl", Version: "1.2.3-r4", Arch: "x86_64",
					Origin: &sbom.Origin{Name: "musl"}, Licenses: []string{"MIT"}, Vendor: "Timo Teräs <timo.teras@iki.fi>",
					Evidence: []string{"/lib/apk/db/installed"}, Layer: alpineLayer,
					PURL: "pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64&upstream=musl&distro=alpine-3.17.2",
					CPEs: []string{"cpe:2.3:a:musl:musl:1.2.3-r4:*:*:*:*:*:*:*"},
				},
				{
					Name: "busybox", Version: "1.35.0", Evidence: []string{"/bin/busybox"}, Layer: alpineLayer,
					CPEs: []string{"cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"},
				},
			},
		},
		{
			file: "osv-scanner-postgres-stretch.cdx.xml", count: 136,
			source: &sbom.Source{Kind: "sbom", Name: "postgres:11.15-stretch", Digest: "sha256:84ac18036f93e18c3d8165e4fd9d9885924bb71beeab042dd50443d4f88fcdda"},
			distro: &sbom.Distro{ID: "debian", VersionID: "9", Codename: "stretch", Name: "Debian GNU/Linux 9 (stretch)"},
			pkgs: []sbom.Package{{
				Type: "deb", Namespace: "debian", Name: "libssl1.1", Version: "1.1.0l-1~deb9u5", Arch: "amd64",
				Origin: &sbom.Origin{Name: "openssl"}, Vendor: "Debian OpenSSL Team <pkg-openssl-devel@lists.alioth.debian.org>",
				Evidence: []string{"/usr/share/doc/libssl1.1/copyright", "/var/lib/dpkg/info/libssl1.1:amd64.md5sums", "/var/lib/dpkg/status"},
				Layer:    stretchLayer,
				PURL:     "pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5?arch=amd64&upstream=openssl&distro=debian-9",
				CPEs:     []string{`cpe:2.3:a:libssl1.1:libssl1.1:1.1.0l-1\~deb9u5:*:*:*:*:*:*:*`},
			}},
		},
	}
	files, _ := filepath.Glob("testdata/foreign/*")
	if len(files) != len(tests) {
		t.Errorf("%d files in testdata/foreign, %d tests", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inv := decodeFile(t, filepath.Join("testdata/foreign", tt.file))
			if len(inv.Packages) != tt.count {
				t.Errorf("%d packages, want %d", len(inv.Packages), tt.count)
			}
			if diff := cmp.Diff(tt.source, inv.Source); diff != "" {
				t.Errorf("Source (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.distro, inv.Distro); diff != "" {
				t.Errorf("Distro (-want +got):\n%s", diff)
			}
			for _, w := range tt.pkgs {
				var got *sbom.Package
				for i, p := range inv.Packages {
					if w.PURL != "" && p.PURL == w.PURL || w.PURL == "" && p.PURL == "" && p.Name == w.Name {
						got = &inv.Packages[i]
						break
					}
				}
				if got == nil {
					t.Errorf("no package %s %s", w.Name, w.PURL)
					continue
				}
				if diff := cmp.Diff(w, *got); diff != "" {
					t.Errorf("package %s (-want +got):\n%s", w.Name, diff)
				}
			}
		})
	}
}

// TestDecodeSpec reads a sample of the specification's own conformance
// documents: every valid one decodes; of the invalid ones, those whose
// fault Decode checks (the format name, the XML namespace) fail, and the
// rest, schema faults in fields loadline does not read or reads
// leniently, decode.
func TestDecodeSpec(t *testing.T) {
	files, _ := filepath.Glob("testdata/spec/*/*")
	if len(files) < 150 {
		t.Fatalf("found %d test cases", len(files))
	}
	mustFail := map[string]string{
		"invalid-bomformat-1.4.json": "cyclonedx: bomFormat:",
		"invalid-bomformat-1.5.json": "cyclonedx: bomFormat:",
		"invalid-bomformat-1.6.json": "cyclonedx: bomFormat:",
		"invalid-namespace-1.6.xml":  "cyclonedx: xmlns:",
	}
	for _, p := range files {
		base := filepath.Base(p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = cyclonedx.Decode(bytes.NewReader(b))
		if want, ok := mustFail[base]; ok {
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%s: Decode: %v; want an error starting %q", p, err, want)
			}
		} else if err != nil {
			t.Errorf("%s: Decode: %v", p, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	const head = `{"bomFormat":"CycloneDX","specVersion":"1.6",`
	tests := []struct {
		name, doc, want string
		field           string // of the *FieldError; "" when not one
	}{
		{"empty", ``, "cyclonedx: neither a JSON nor an XML document", ""},
		{"text", `hello`, "cyclonedx: neither a JSON nor an XML document", ""},
		{"json syntax", `{"bomFormat":`, "cyclonedx: unexpected end of JSON input", ""},
		{"no bomFormat", `{"specVersion":"1.6"}`, "cyclonedx: bomFormat: missing", "bomFormat"},
		{"other bomFormat", `{"bomFormat":"SPDX","specVersion":"1.6"}`, `cyclonedx: bomFormat: "SPDX" is not "CycloneDX"`, "bomFormat"},
		{"bomFormat type", `{"bomFormat":1}`, "cyclonedx: bomFormat: json: cannot unmarshal number", "bomFormat"},
		{"no specVersion", `{"bomFormat":"CycloneDX"}`, "cyclonedx: specVersion: missing", "specVersion"},
		{"specVersion 2.0", `{"bomFormat":"CycloneDX","specVersion":"2.0"}`, `cyclonedx: specVersion: unsupported "2.0"`, "specVersion"},
		{"specVersion 1.1", `{"bomFormat":"CycloneDX","specVersion":"1.1"}`, "cyclonedx: specVersion: unsupported 1.1", "specVersion"},
		{"components type", head + `"components":{}}`, "cyclonedx: components: json: cannot unmarshal object", "components"},
		{"purl type", head + `"components":[{"type":"library","name":"x","purl":7}]}`, "cyclonedx: components.purl: json: cannot unmarshal number", "components.purl"},
		{"bad purl", head + `"components":[{"type":"library","name":"a"},{"type":"library","name":"x","purl":"npm/x@1"}]}`, `cyclonedx: components[1].purl: "npm/x@1": sbom: package URL "npm/x@1": purl scheme is not "pkg"`, "components[1].purl"},
		{"nested bad purl", head + `"components":[{"type":"application","name":"a","components":[{"type":"library","name":"x","purl":"pkg:npm"}]}]}`, `cyclonedx: components[0].components[0].purl: "pkg:npm": sbom: package URL "pkg:npm": purl is missing type or name`, "components[0].components[0].purl"},
		{"bad escape", head + `"components":[{"type":"library","name":"x","purl":"pkg:npm/x%zz@1"}]}`, `cyclonedx: components[0].purl: "pkg:npm/x%zz@1": sbom: package URL "pkg:npm/x%zz@1": error unescaping name`, "components[0].purl"},
		{"layer index", head + `"metadata":{"component":{"type":"container","name":"i","properties":[{"name":"loadline:layer:x:diffID","value":"d"}]}}}`, `cyclonedx: metadata.component.properties[0]: loadline:layer:x:diffID: index "x" is not a number`, "metadata.component.properties[0]"},
		{"layer size", head + `"metadata":{"component":{"type":"container","name":"i","properties":[{"name":"loadline:layer:0:size","value":"big"}]}}}`, `cyclonedx: metadata.component.properties[0]: loadline:layer:0:size: strconv.ParseInt`, "metadata.component.properties[0]"},
		{"problem index", head + `"metadata":{"properties":[{"name":"loadline:problem:-1:message","value":"m"}]}}`, `cyclonedx: metadata.properties[0]: loadline:problem:-1:message: index "-1" is not a number`, "metadata.properties[0]"},
		{"xml syntax", `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>`, "cyclonedx: xml: XML syntax error", ""},
		{"xml root", `<sbom/>`, "cyclonedx: xml: expected element type <bom> but have <sbom>", ""},
		{"xml namespace", `<bom xmlns="http://example.com/bom"/>`, `cyclonedx: xmlns: "http://example.com/bom" is not a CycloneDX namespace`, "xmlns"},
		{"xml 1.1", `<bom xmlns="http://cyclonedx.org/schema/bom/1.1"/>`, "cyclonedx: specVersion: unsupported 1.1", "specVersion"},
		{"xml bad purl", `<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>x</name><purl>x</purl></component></components></bom>`, `cyclonedx: components[0].purl: "x": sbom: package URL "x": purl scheme is not "pkg"`, "components[0].purl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := cyclonedx.Decode(strings.NewReader(tt.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Decode: %v; want an error starting %q", err, tt.want)
			}
			var fe *cyclonedx.FieldError
			if errors.As(err, &fe) != (tt.field != "") || fe != nil && fe.Field != tt.field {
				t.Errorf("Decode: %#v; want a *FieldError for %q", err, tt.field)
			}
			if inv != nil {
				t.Errorf("Decode returned an inventory with its error")
			}
		})
	}
}

// FuzzDecode: no input panics; what decodes, encodes (in the format it
// came in) and decodes again to the same inventory. It is seeded with the
// test documents under 64 KiB (larger seeds stall Go's mutator; the large
// ones are read in full by the other tests) and a small document of
// loadline's own with every property.
func FuzzDecode(f *testing.F) {
	for _, g := range []string{"testdata/foreign/*", "testdata/spec/*/*"} {
		files, _ := filepath.Glob(g)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			if len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	for _, format := range []cyclonedx.Format{cyclonedx.JSON, cyclonedx.XML} {
		f.Add(encode(f, rich(), cyclonedx.Options{Format: format, Files: true}))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := cyclonedx.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		opts := cyclonedx.Options{Files: true}
		if t := bytes.TrimLeft(data, "\ufeff \t\r\n"); t[0] == '<' {
			opts.Format = cyclonedx.XML
		}
		var buf bytes.Buffer
		if err := cyclonedx.Encode(&buf, inv, opts); err != nil {
			t.Fatalf("Encode of a decoded document: %v", err)
		}
		again, err := cyclonedx.Decode(&buf)
		if err != nil {
			t.Fatalf("Decode of an encoded document: %v\n%s", err, buf.Bytes())
		}
		if diff := cmp.Diff(inv, again); diff != "" {
			t.Errorf("Decode(Encode(Decode(data))) (-first +second):\n%s", diff)
		}
	})
}

// TestDecodeGoModuleName checks a Go module that a component names by its
// whole path, as Syft and Trivy write it, decodes to the model's split:
// Namespace the path up to the last "/", Name the rest, as its PURL says.
func TestDecodeGoModuleName(t *testing.T) {
	doc := `{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
	  {"type": "library", "name": "github.com/opencontainers/runc", "version": "v1.1.0",
	   "purl": "pkg:golang/github.com/opencontainers/runc@v1.1.0"}]}`
	inv, err := cyclonedx.Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Packages) != 1 {
		t.Fatalf("%d packages, want 1", len(inv.Packages))
	}
	p := inv.Packages[0]
	if p.Namespace != "github.com/opencontainers" || p.Name != "runc" {
		t.Errorf("Namespace, Name = %q, %q; want github.com/opencontainers, runc", p.Namespace, p.Name)
	}
}
