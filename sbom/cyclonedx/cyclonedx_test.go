package cyclonedx_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden are the options of the golden files: fixed serial number and
// timestamp.
var golden = cyclonedx.Options{
	SerialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
	Timestamp:    time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
	ToolVersion:  "0.0.0-test",
}

// loadInventory reads a loadline inventory document.
func loadInventory(t testing.TB, path string) *sbom.Inventory {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}

func encode(t testing.TB, inv *sbom.Inventory, opts cyclonedx.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := cyclonedx.Encode(&buf, inv, opts); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// rich is an inventory that uses every field the model has, with the
// cases the encoder must take care of: an rpm epoch, a PURL shared by two
// packages, a package without PURL, an arch the PURL does not carry,
// licenses of every kind, hashes the schema cannot carry, dependency
// edges inside and outside the inventory, text that needs escaping.
func rich() *sbom.Inventory {
	const (
		l0 = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
		l1 = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
	)
	return &sbom.Inventory{
		Source: &sbom.Source{
			Kind:         "registry",
			Name:         "registry.example/app:1.0",
			Digest:       "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			ConfigDigest: "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
			Platform:     "linux/arm64/v8",
		},
		Distro: &sbom.Distro{ID: "rhel", IDLike: []string{"fedora", "centos"}, VersionID: "9.2", Codename: "Plow", Name: "Red Hat Enterprise Linux 9.2 (Plow)"},
		Layers: []sbom.Layer{
			{Index: 0, DiffID: l0, Digest: "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", Size: 1234567, CreatedBy: "ADD rootfs.tar / # <base> & \"more\""},
			{Index: 1, DiffID: l1},
		},
		Packages: []sbom.Package{
			{
				Type: "rpm", Namespace: "redhat", Name: "bash", Version: "1:5.1.8-6.el9", Arch: "x86_64",
				Origin:   &sbom.Origin{Name: "bash", Version: "1:5.1.8-6.el9"},
				Licenses: []string{"GPLv3+"}, Vendor: "Red Hat, Inc.",
				Evidence: []string{"/var/lib/rpm/rpmdb.sqlite"},
				Files:    []string{"/etc/skel/.bashrc", "/usr/bin/bash"},
				Layer:    l0, LastLayer: l1,
				PURL: "pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2&epoch=1",
				CPEs: []string{"cpe:2.3:a:gnu:bash:5.1.8:*:*:*:*:*:*:*", "cpe:2.3:a:redhat:bash:5.1.8:*:*:*:*:*:*:*"},
				Hashes: map[string]string{
					"SHA-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
					"sha256":  "not checked",
					"BLAKE3":  "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
				},
				Metadata: map[string]string{"rpm:modularitylabel": "", "rpm:sourcerpm": "bash-5.1.8-6.el9.src.rpm"},
			},
			{
				Type: "rpm", Namespace: "redhat", Name: "openssl-libs", Version: "1:3.0.7-16.el9", Arch: "x86_64",
				Origin:   &sbom.Origin{Name: "openssl"},
				Licenses: []string{"Apache-2.0"},
				Evidence: []string{"/var/lib/rpm/rpmdb.sqlite"}, Layer: l0,
				PURL:      "pkg:rpm/redhat/openssl-libs@3.0.7-16.el9?arch=x86_64&distro=rhel-9.2&epoch=1&upstream=openssl",
				DependsOn: []string{"pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2&epoch=1"},
			},
			{
				Type: "npm", Namespace: "@babel", Name: "core", Version: "7.22.0",
				Licenses: []string{"MIT", "Apache-2.0 OR MIT"},
				Evidence: []string{"/app/node_modules/@babel/core/package.json"}, Layer: l1,
				PURL:      "pkg:npm/%40babel/core@7.22.0",
				Hashes:    map[string]string{"SHA-512": strings.Repeat("ab", 64)},
				DependsOn: []string{"pkg:npm/%40babel/parser@7.22.0", "pkg:npm/left-pad@1.3.0"},
			},
			{
				Type: "npm", Namespace: "@babel", Name: "parser", Version: "7.22.0",
				Licenses: []string{"(MIT OR Apache-2.0) AND LicenseRef-acme-1"},
				Evidence: []string{"/app/node_modules/@babel/parser/package.json"}, Layer: l1,
				PURL: "pkg:npm/%40babel/parser@7.22.0",
			},
			{
				Type: "pypi", Name: "requests", Version: "2.31.0", Layer: l0, OwnedBy: "pkg:rpm/redhat/python3-requests@2.25.1-8.el9?arch=noarch",
				Evidence: []string{"/usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA"},
				PURL:     "pkg:pypi/requests@2.31.0", Licenses: []string{"Apache-2.0 WITH LLVM-exception"},
			},
			{
				Type: "pypi", Name: "requests", Version: "2.31.0", Layer: l1,
				Evidence: []string{"/opt/venv/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA"},
				PURL:     "pkg:pypi/requests@2.31.0",
			},
			{
				Type: "binary", Name: "busybox", Version: "1.36.1",
				Evidence: []string{"/bin/busybox"}, Layer: l0,
				CPEs: []string{"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"},
			},
			{
				Type: "deb", Namespace: "debian", Name: "libc6", Version: "2.36-9+deb12u4", Arch: "amd64",
				PURL:   "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?distro=debian-12",
				Origin: &sbom.Origin{Name: "glibc", Version: "2.36-9+deb12u4"}, Vendor: "GNU <libc@gnu.org>",
			},
			{
				Type: "golang", Namespace: "github.com/foo", Name: "bar", Version: "v1.2.3",
				PURL:     "pkg:golang/github.com/foo/bar@v1.2.3",
				Metadata: map[string]string{"go:main": "true", "go:note": "line one\nline two <&> \"q\" \t tab"},
			},
		},
		Problems: []sbom.Problem{
			{Message: "image config: no history"},
			{Path: "/var/lib/rpm/rpmdb.sqlite", Layer: l1, Message: "rpm: truncated <database> & more"},
		},
	}
}

// want returns what Decode should give for inv: the same inventory read
// from an SBOM, in Sort order, with Files only when they were written.
func want(t testing.TB, inv *sbom.Inventory, files bool) *sbom.Inventory {
	t.Helper()
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	var w sbom.Inventory
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if w.Source == nil {
		w.Source = &sbom.Source{}
	}
	w.Source.Kind = "sbom"
	for i := range w.Packages {
		if !files {
			w.Packages[i].Files = nil
		}
	}
	w.Sort()
	return &w
}

func TestRoundTrip(t *testing.T) {
	debian := loadInventory(t, "testdata/debian-12.inventory.json")
	tests := []struct {
		name string
		inv  *sbom.Inventory
		opts cyclonedx.Options
	}{
		{"debian-12/json", debian, cyclonedx.Options{}},
		{"debian-12/xml", debian, cyclonedx.Options{Format: cyclonedx.XML}},
		{"rich/json", rich(), cyclonedx.Options{Files: true}},
		{"rich/xml", rich(), cyclonedx.Options{Format: cyclonedx.XML, Files: true}},
		{"rich/json/no-files", rich(), cyclonedx.Options{}},
		{"empty/json", &sbom.Inventory{}, cyclonedx.Options{}},
		{"empty/xml", &sbom.Inventory{}, cyclonedx.Options{Format: cyclonedx.XML}},
		{"layers-only", &sbom.Inventory{Layers: []sbom.Layer{{Index: 0}}}, cyclonedx.Options{}},
		{"dir", &sbom.Inventory{Source: &sbom.Source{Kind: "dir", Name: "/src"}}, cyclonedx.Options{Format: cyclonedx.XML}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := want(t, tt.inv, true)
			doc := encode(t, tt.inv, tt.opts)
			if diff := cmp.Diff(before, want(t, tt.inv, true)); diff != "" {
				t.Errorf("Encode modified its input (-before +after):\n%s", diff)
			}
			got, err := cyclonedx.Decode(bytes.NewReader(doc))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(want(t, tt.inv, tt.opts.Files), got); diff != "" {
				t.Errorf("Decode(Encode(inv)) (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	inv := loadInventory(t, "testdata/debian-12.inventory.json")
	for _, f := range []cyclonedx.Format{cyclonedx.JSON, cyclonedx.XML} {
		t.Run(f.String(), func(t *testing.T) {
			opts := golden
			opts.Format = f
			got := encode(t, inv, opts)
			path := "testdata/debian-12.cdx." + f.String()
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantDoc, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(wantDoc), string(got)); diff != "" {
				t.Errorf("Encode differs from %s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	inv := rich()
	shuffled := rich()
	p := shuffled.Packages
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
	for _, f := range []cyclonedx.Format{cyclonedx.JSON, cyclonedx.XML} {
		opts := cyclonedx.Options{Format: f, Files: true}
		a, b, c := encode(t, inv, opts), encode(t, inv, opts), encode(t, shuffled, opts)
		if !bytes.Equal(a, b) {
			t.Errorf("%v: two encodings of one inventory differ", f)
		}
		if !bytes.Equal(a, c) {
			t.Errorf("%v: the package order of the input changes the output", f)
		}
	}

	// The derived serial number: valid, the same in both formats, and
	// different for a different inventory.
	serial := func(inv *sbom.Inventory, f cyclonedx.Format) string {
		var doc struct {
			SerialNumber string `json:"serialNumber" xml:"serialNumber,attr"`
		}
		b := encode(t, inv, cyclonedx.Options{Format: f})
		var err error
		if f == cyclonedx.XML {
			err = xml.Unmarshal(b, &doc)
		} else {
			err = json.Unmarshal(b, &doc)
		}
		if err != nil {
			t.Fatal(err)
		}
		return doc.SerialNumber
	}
	sj, sx := serial(inv, cyclonedx.JSON), serial(inv, cyclonedx.XML)
	if sj != sx {
		t.Errorf("serial numbers: JSON %s, XML %s; want equal", sj, sx)
	}
	if !strings.HasPrefix(sj, "urn:uuid:") || sj[9+14] != '8' {
		t.Errorf("serial number %s is not a version 8 UUID URN", sj)
	}
	other := rich()
	other.Packages[0].Version = "1:5.1.8-7.el9"
	if s := serial(other, cyclonedx.JSON); s == sj {
		t.Errorf("a different inventory has the same serial number %s", s)
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		inv  *sbom.Inventory
		opts cyclonedx.Options
		want string
	}{
		{"bad serial", nil, cyclonedx.Options{SerialNumber: "3e671687-395b-41f5-a30f-a58921a69b79"}, "cyclonedx: serial number"},
		{"upper-case serial", nil, cyclonedx.Options{SerialNumber: "urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79"}, "cyclonedx: serial number"},
		{"bad format", nil, cyclonedx.Options{Format: 7}, "cyclonedx: unknown format Format(7)"},
		{"bad purl", &sbom.Inventory{Packages: []sbom.Package{{Type: "npm", Name: "x", PURL: "npm/x@1"}}}, cyclonedx.Options{}, `cyclonedx: package x : purl "npm/x@1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := cyclonedx.Encode(&bytes.Buffer{}, tt.inv, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Encode: %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

// schema compiles the official CycloneDX 1.6 JSON schema and the schemas
// it references, with format assertions on.
func schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, p := range []string{"testdata/schema/bom-1.6.schema.json", "testdata/schema/jsf-0.82.schema.json", "spdx.schema.json"} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if err := c.AddResource("http://cyclonedx.org/schema/"+filepath.Base(p), doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, doc []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// validateXML runs xmllint against the official XSD; it skips the test
// when xmllint is not installed.
func validateXML(t *testing.T, doc []byte) error {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	dir, err := filepath.Abs("testdata/schema")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xmllint, "--nonet", "--noout", "--schema", filepath.Join(dir, "bom-1.6.xsd"), "-")
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "xmlcatalog.xml"))
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &xmlError{err, string(out)}
	}
	return nil
}

type xmlError struct {
	err error
	out string
}

func (e *xmlError) Error() string { return e.err.Error() + ": " + e.out }

// TestSchema validates every kind of document Encode writes against the
// official schemas: of loadline's inventories and of those decoded from
// other tools' SBOMs. It also shows that the JSON validator is not vacuous:
// it rejects the specification's invalid 1.6 test cases.
func TestSchema(t *testing.T) {
	s := schema(t)
	docs := map[string]*sbom.Inventory{
		"debian-12": loadInventory(t, "testdata/debian-12.inventory.json"),
		"rich":      rich(),
		"empty":     {},
	}
	foreign, _ := filepath.Glob("testdata/foreign/*")
	for _, p := range foreign {
		docs[filepath.Base(p)] = decodeFile(t, p)
	}
	for name, inv := range docs {
		t.Run(name+"/json", func(t *testing.T) {
			opts := golden
			opts.Files = true
			if err := validateJSON(s, encode(t, inv, opts)); err != nil {
				t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
			}
			if err := validateJSON(s, encode(t, inv, cyclonedx.Options{})); err != nil {
				t.Errorf("invalid CycloneDX 1.6 JSON (zero Options): %v", err)
			}
		})
		t.Run(name+"/xml", func(t *testing.T) {
			opts := golden
			opts.Format, opts.Files = cyclonedx.XML, true
			if err := validateXML(t, encode(t, inv, opts)); err != nil {
				t.Errorf("invalid CycloneDX 1.6 XML: %v", err)
			}
		})
	}
	invalid, _ := filepath.Glob("testdata/spec/1.6/invalid-*.json")
	if len(invalid) < 20 {
		t.Fatalf("found %d invalid test cases", len(invalid))
	}
	for _, p := range invalid {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if validateJSON(s, b) == nil {
			t.Errorf("%s: the validator accepts an invalid document", p)
		}
	}
}

// TestBOMRefsAndVulnerabilities checks the seam match/vex writes a
// scan's document through: BOMRefs gives, in the inventory's order, the
// bom-ref of each package's component (the shared PURL and the package
// without one included); Options.Vulnerabilities are written as given,
// valid in either format, and change the content-derived serial; and
// Options.Properties follow the inventory's problems in metadata, which
// still read back.
func TestBOMRefsAndVulnerabilities(t *testing.T) {
	inv := rich()
	refs := cyclonedx.BOMRefs(inv)
	if len(refs) != len(inv.Packages) {
		t.Fatalf("%d refs for %d packages", len(refs), len(inv.Packages))
	}
	var doc struct {
		SerialNumber string
		Components   []struct {
			BOMRef              string `json:"bom-ref"`
			Name, Version, Purl string
		}
	}
	plain := encode(t, inv, cyclonedx.Options{})
	if err := json.Unmarshal(plain, &doc); err != nil {
		t.Fatal(err)
	}
	byRef := map[string]string{}
	for _, c := range doc.Components {
		byRef[c.BOMRef] = c.Name + "@" + c.Version + " " + c.Purl
	}
	seen := map[string]bool{}
	for i, p := range inv.Packages {
		if want := p.Name + "@" + p.Version + " " + p.PURL; byRef[refs[i]] != want {
			t.Errorf("package %d: ref %q names %q, want %q", i, refs[i], byRef[refs[i]], want)
		}
		if seen[refs[i]] {
			t.Errorf("ref %q given twice", refs[i])
		}
		seen[refs[i]] = true
	}
	if cyclonedx.BOMRefs(nil) != nil {
		t.Error("BOMRefs(nil) is not nil")
	}

	score := 9.8
	opts := cyclonedx.Options{Properties: []cdx.Property{{Name: "loadline:gap:0:ecosystem", Value: "npm"}}, Vulnerabilities: []cdx.Vulnerability{{
		ID:      "CVE-2024-0001",
		Source:  &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/CVE-2024-0001"},
		Ratings: &[]cdx.VulnerabilityRating{{Score: &score, Severity: cdx.SeverityCritical, Method: cdx.ScoringMethodCVSSv31, Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
		Affects: &[]cdx.Affects{{Ref: refs[0], Range: &[]cdx.AffectedVersions{{Version: inv.Packages[0].Version, Status: cdx.VulnerabilityStatusAffected}}}},
	}}}
	with := encode(t, inv, opts)
	var got struct {
		SerialNumber    string
		Metadata        struct{ Properties []cdx.Property }
		Vulnerabilities []cdx.Vulnerability
	}
	if err := json.Unmarshal(with, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(opts.Vulnerabilities, got.Vulnerabilities); diff != "" {
		t.Errorf("vulnerabilities (-want +got):\n%s", diff)
	}
	if ps := got.Metadata.Properties; len(ps) == 0 || ps[len(ps)-1] != opts.Properties[0] {
		t.Errorf("metadata properties %v do not end with %v", ps, opts.Properties)
	}
	back, err := cyclonedx.Decode(bytes.NewReader(with))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(inv.Problems, back.Problems); diff != "" {
		t.Errorf("problems read back (-want +got):\n%s", diff)
	}
	if got.SerialNumber == doc.SerialNumber {
		t.Error("the serial number does not count the vulnerabilities")
	}
	if err := validateJSON(schema(t), with); err != nil {
		t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
	}
	opts.Format = cyclonedx.XML
	if err := validateXML(t, encode(t, inv, opts)); err != nil {
		t.Errorf("invalid CycloneDX 1.6 XML: %v", err)
	}
}
