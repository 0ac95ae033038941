package spdx

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/sbom"
	"github.com/santhosh-tekuri/jsonschema/v6"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"
	"github.com/spdx/tools-golang/spdxlib"
	"github.com/spdx/tools-golang/tagvalue"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var fixed = Options{
	Created:   time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
	Namespace: "https://spdx.org/spdxdocs/loadline/debian-12-test",
}

func loadInventory(t testing.TB) *sbom.Inventory {
	t.Helper()
	b, err := os.ReadFile("testdata/debian-12.inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}

// schema compiles the official SPDX 2.3 JSON schema.
func schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/spdx-schema-2.3.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("spdx-schema-2.3.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("spdx-schema-2.3.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t testing.TB, s *jsonschema.Schema, b []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("written JSON does not parse: %v", err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("written document fails the SPDX 2.3 schema: %v", err)
	}
}

// conform checks what schemas do not: every element ID is unique and an
// idstring, and every relationship names an element of the document
// (tools-golang's spdxlib.ValidateDocument).
func conform(t testing.TB, b []byte, format Format) {
	t.Helper()
	var doc *v23.Document
	var err error
	if format == JSON {
		doc, err = spdxjson.Read(bytes.NewReader(b))
	} else {
		doc, err = tagvalue.Read(bytes.NewReader(b))
	}
	if err != nil {
		t.Fatalf("tools-golang cannot read the document back: %v", err)
	}
	if err := spdxlib.ValidateDocument(doc); err != nil {
		t.Errorf("ValidateDocument: %v", err)
	}
	seen := map[common.ElementID]bool{}
	for _, p := range doc.Packages {
		id := p.PackageSPDXIdentifier
		if seen[id] || !isIDString(string(id)) {
			t.Errorf("element ID SPDXRef-%s is repeated or not an idstring", id)
		}
		seen[id] = true
	}
}

// roundTrip encodes inv in both formats, checks each document (schema
// for JSON, conform for both) and that Decode gives back want.
func roundTrip(t *testing.T, sch *jsonschema.Schema, inv, want *sbom.Inventory) {
	t.Helper()
	for _, format := range []Format{JSON, TagValue} {
		opts := fixed
		opts.Format = format
		b := encode(t, inv, opts)
		if format == JSON {
			validate(t, sch, b)
		}
		conform(t, b, format)
		got, err := Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("format %d: Decode: %v", format, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("format %d: round trip (-want +got):\n%s", format, diff)
		}
	}
}

func encode(t testing.TB, inv *sbom.Inventory, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, inv, opts); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

func decode(t testing.TB, b []byte) *sbom.Inventory {
	t.Helper()
	inv, err := Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return inv
}

// asDecoded is inv as Decode gives it back: sorted, Source.Kind "sbom".
func asDecoded(inv *sbom.Inventory) *sbom.Inventory {
	b, _ := json.Marshal(inv)
	var out sbom.Inventory
	_ = json.Unmarshal(b, &out)
	if out.Source == nil {
		out.Source = &sbom.Source{}
	}
	out.Source.Kind = "sbom"
	out.Sort()
	return &out
}

func TestGolden(t *testing.T) {
	inv := loadInventory(t)
	s := schema(t)
	for _, tc := range []struct {
		name   string
		format Format
		file   string
	}{
		{"json", JSON, "testdata/debian-12.spdx.json"},
		{"tag-value", TagValue, "testdata/debian-12.spdx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := fixed
			opts.Format = tc.format
			got := encode(t, inv, opts)
			if again := encode(t, inv, opts); !bytes.Equal(got, again) {
				t.Fatal("two encodings of the same inventory differ")
			}
			if tc.format == JSON {
				validate(t, s, got)
			}
			conform(t, got, tc.format)
			if *update {
				if err := os.WriteFile(tc.file, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// full is an inventory that uses every field, with values chosen to
// need the annotation fallbacks.
func full() *sbom.Inventory {
	d := &sbom.Distro{ID: "rhel", IDLike: []string{"fedora"}, VersionID: "9.2", Name: "Red Hat Enterprise Linux 9.2 (Plow)"}
	bash := sbom.Package{Type: "rpm", Namespace: "redhat", Name: "bash", Version: "1:5.1.8-6.el9", Arch: "x86_64",
		Origin: &sbom.Origin{Name: "bash", Version: "1:5.1.8-6.el9"}, Licenses: []string{"GPLv3+", "MIT AND Apache-2.0", "BSD-3-Clause"},
		Vendor: "Red Hat, Inc.", Evidence: []string{"/var/lib/rpm/rpmdb.sqlite"}, Files: []string{"/usr/bin/bash", "/usr/bin/sh"},
		Layer: "sha256:aa", LastLayer: "sha256:bb", CPEs: []string{"cpe:2.3:a:gnu:bash:5.1.8:*:*:*:*:*:*:*", "cpe:/a:gnu:bash:5.1.8"},
		Hashes: map[string]string{"SHA-256": "abcd", "MD5": "0f", "XXH64": "1234", "SHA3-256": "ef", "BLAKE2b-512": "AB"}, Metadata: map[string]string{"rpm:modularitylabel": "m:1:2:3", "rpm:x": " spaced "}}
	bash.PURL = sbom.PackageURL(bash, d)
	zero := sbom.Package{Type: "rpm", Namespace: "redhat", Name: "zlib", Version: "0:1.2.11-40.el9", Arch: "x86_64", Origin: &sbom.Origin{Name: "zlib"}}
	zero.PURL = sbom.PackageURL(zero, d)
	app := sbom.Package{Type: "pypi", Name: "requests", Version: "2.31.0", Evidence: []string{"/usr/lib/python3.9/site-packages/requests-2.31.0.dist-info/METADATA"},
		OwnedBy: bash.PURL, DependsOn: []string{"pkg:pypi/idna@3.4", "pkg:pypi/urllib3@2.0.7"}, Licenses: []string{"Apache-2.0"}, Vendor: `Kenneth "K" Reitz`}
	app.PURL = sbom.PackageURL(app, d)
	idna := sbom.Package{Type: "pypi", Name: "idna", Version: "3.4", PURL: "pkg:pypi/idna@3.4", Licenses: []string{"(MIT)"}}
	// A PURL naming an upstream that Origin does not.
	noOrigin := sbom.Package{Type: "deb", Namespace: "debian", Name: "libc6", Version: "2.36-9", PURL: "pkg:deb/debian/libc6@2.36-9?upstream=glibc"}
	odd := sbom.Package{Type: "npm", Namespace: "@babel", Name: "core", Version: "7.0.0\n", PURL: "pkg:npm/%40babel/core@7.0.0 x"}
	inv := &sbom.Inventory{
		Source:   &sbom.Source{Kind: "registry", Name: "registry.example/app:1", Digest: "sha256:11", ConfigDigest: "sha256:22", Platform: "linux/amd64"},
		Distro:   d,
		Layers:   []sbom.Layer{{Index: 0, DiffID: "sha256:aa", Digest: "sha256:a0", Size: 10, CreatedBy: "ADD x /\nRUN y "}, {Index: 1, DiffID: "sha256:bb"}},
		Packages: []sbom.Package{bash, zero, app, idna, noOrigin, odd},
		Problems: []sbom.Problem{{Path: "/var/lib/apk/db/installed", Layer: "sha256:bb", Message: "truncated"}},
	}
	inv.Sort()
	return inv
}

func TestRoundTrip(t *testing.T) {
	s := schema(t)
	for _, in := range []struct {
		name string
		inv  *sbom.Inventory
	}{
		{"debian-12", loadInventory(t)},
		{"every-field", full()},
		{"empty", &sbom.Inventory{}},
	} {
		t.Run(in.name, func(t *testing.T) {
			roundTrip(t, s, in.inv, asDecoded(in.inv))
		})
	}
}

func TestEncodeDefaults(t *testing.T) {
	inv := full()
	before := asDecoded(inv)
	a := encode(t, inv, Options{})
	if diff := cmp.Diff(before, asDecoded(inv)); diff != "" {
		t.Errorf("Encode changed its input (-want +got):\n%s", diff)
	}
	var doc struct {
		Namespace    string `json:"documentNamespace"`
		CreationInfo struct {
			Created string `json:"created"`
		} `json:"creationInfo"`
	}
	if err := json.Unmarshal(a, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.Namespace, "https://spdx.org/spdxdocs/loadline/registry.example-app-1-") {
		t.Errorf("derived namespace %q", doc.Namespace)
	}
	created, err := time.Parse(time.RFC3339, doc.CreationInfo.Created)
	if err != nil || time.Since(created) > time.Hour || created.Nanosecond() != 0 {
		t.Errorf("created %q: %v", doc.CreationInfo.Created, err)
	}
	b := encode(t, inv, Options{Created: fixed.Created})
	c := encode(t, inv, Options{Created: fixed.Created})
	if !bytes.Equal(b, c) {
		t.Error("same inventory and options gave different documents")
	}
	var buf bytes.Buffer
	if err := Encode(&buf, inv, Options{Format: 7}); err == nil {
		t.Error("Encode accepted an unknown format")
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "neither SPDX JSON nor tag-value"},
		{"text", "hello", "neither SPDX JSON nor tag-value"},
		{"json array", "[1]", "neither SPDX JSON nor tag-value"},
		{"json packages", `{"spdxVersion":"SPDX-2.3","packages":5}`, "spdx: decode JSON"},
		{"no version", `{"SPDXID":"SPDXRef-DOCUMENT"}`, "spdxVersion"},
		{"bad version", `{"spdxVersion":"SPDX-9.9"}`, "SPDX-9.9"},
		{"bad id", `{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"x"}]}`, "ElementID"},
		{"bad tag-value", "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageChecksum: nonsense\n", "spdx: decode tag-value"},
		{"bad annotation", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[{"name":"a","SPDXID":"SPDXRef-a","annotations":[{"annotator":"Tool: x","annotationDate":"2020-01-01T00:00:00Z","annotationType":"OTHER","comment":"loadline:origin={"}]}]}`, `SPDXRef-a: annotation "loadline:origin={"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParsePURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want purl
		bad  bool
	}{
		{in: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
			want: purl{typ: "deb", namespace: "debian", name: "libssl3", version: "3.0.11-1~deb12u2", qualifiers: map[string]string{"arch": "amd64", "distro": "debian-12"}}},
		{in: "pkg:npm/%40babel/core@7.0.0#lib", want: purl{typ: "npm", namespace: "@babel", name: "core", version: "7.0.0"}},
		{in: "pkg:golang/github.com/foo/bar@v1.0.0", want: purl{typ: "golang", namespace: "github.com/foo", name: "bar", version: "v1.0.0"}},
		{in: "pkg:deb/debian/perl@1%3A5.36.0-7", want: purl{typ: "deb", namespace: "debian", name: "perl", version: "1:5.36.0-7"}},
		{in: "PKG:Generic/x", want: purl{typ: "generic", name: "x"}},
		{in: "deb/debian/x", bad: true},
		{in: "pkg:deb", bad: true},
		{in: "pkg:deb/", bad: true},
		{in: "pkg:deb/a/%zz", bad: true},
	} {
		got, err := parsePURL(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("parsePURL(%q) error %v, want error %v", tc.in, err, tc.bad)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(purl{})); !tc.bad && diff != "" {
			t.Errorf("parsePURL(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestLicenseExpressions(t *testing.T) {
	ids := licenseIDs()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"MIT", true}, {"mit", true}, {"GPL-2.0-or-later", true}, {"GPL-2.0+", true},
		{"MIT AND (Apache-2.0 OR BSD-3-Clause)", true}, {"GPL-2.0-only WITH Classpath-exception-2.0", true},
		{"LicenseRef-foo", true}, {"DocumentRef-a:LicenseRef-b", true},
		{"GPL-2+", false}, {"GPLv3+", false}, {"GPL or MIT", false}, {"MIT AND", false}, {"(MIT", false},
		{"MIT WITH Apache-2.0", false}, {"public-domain", false}, {"", false}, {"LicenseRef-", false},
	} {
		if got := isExpression(tc.in, ids); got != tc.want {
			t.Errorf("isExpression(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if diff := cmp.Diff([]string{"MIT", "Apache-2.0 OR MIT", "LicenseRef-x"}, splitAnd("MIT AND (Apache-2.0 OR MIT) AND LicenseRef-x")); diff != "" {
		t.Errorf("splitAnd (-want +got):\n%s", diff)
	}
}

func TestUpstream(t *testing.T) {
	for _, tc := range []struct {
		typ, purl string
		want      *sbom.Origin
	}{
		{"deb", "pkg:deb/debian/libssl3@3.0.11-1?upstream=openssl", &sbom.Origin{Name: "openssl"}},
		{"deb", "pkg:deb/debian/libc6@2.36-9?upstream=glibc%402.36-8", &sbom.Origin{Name: "glibc", Version: "2.36-8"}},
		{"rpm", "pkg:rpm/redhat/bash@4.4.20-5.el8?upstream=bash-4.4.20-5.el8.src.rpm", &sbom.Origin{Name: "bash", Version: "4.4.20-5.el8"}},
		{"rpm", "pkg:rpm/redhat/glibc-common@2.28-251?upstream=glibc", &sbom.Origin{Name: "glibc"}},
		{"npm", "pkg:npm/x@1?upstream=y", nil},
		{"deb", "pkg:deb/debian/x@1", nil},
	} {
		if diff := cmp.Diff(tc.want, upstream(tc.typ, tc.purl)); diff != "" {
			t.Errorf("upstream(%q) (-want +got):\n%s", tc.purl, diff)
		}
	}
}

// TestDecodeSyftShape reads a document shaped as Syft writes one: the
// image described with a pkg:oci purl, packages that CONTAIN files, the
// source package in the purl's upstream qualifier.
func TestDecodeSyftShape(t *testing.T) {
	doc := `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"alpine:3.19",
"documentNamespace":"https://anchore.com/syft/image/alpine-3.19","creationInfo":{"creators":["Tool: syft-1.0.0"],"created":"2024-01-01T00:00:00Z"},
"packages":[
{"name":"alpine","SPDXID":"SPDXRef-DocumentRoot-Image-alpine","versionInfo":"sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b","downloadLocation":"NOASSERTION","primaryPackagePurpose":"CONTAINER","filesAnalyzed":false,
 "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:oci/alpine@sha256%3Ac5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b?arch=amd64&tag=3.19"}]},
{"name":"libcrypto3","SPDXID":"SPDXRef-Package-apk-libcrypto3-1","versionInfo":"3.1.4-r5","supplier":"NOASSERTION","downloadLocation":"https://www.openssl.org/","filesAnalyzed":false,
 "licenseDeclared":"Apache-2.0","sourceInfo":"acquired package info from APK DB: /lib/apk/db/installed",
 "checksums":[{"algorithm":"SHA1","checksumValue":"a8dd0cbbfbd3ce9e4e2d8a4cb5cdf3b8c4f3e1f2"}],
 "externalRefs":[{"referenceCategory":"SECURITY","referenceType":"cpe23Type","referenceLocator":"cpe:2.3:a:libcrypto3:libcrypto3:3.1.4-r5:*:*:*:*:*:*:*"},
  {"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1"}]}],
"files":[{"fileName":"/lib/libcrypto.so.3","SPDXID":"SPDXRef-File-lib-libcrypto.so.3-1","checksums":[{"algorithm":"SHA1","checksumValue":"0000000000000000000000000000000000000000"}],"copyrightText":""}],
"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relatedSpdxElement":"SPDXRef-DocumentRoot-Image-alpine","relationshipType":"DESCRIBES"},
 {"spdxElementId":"SPDXRef-Package-apk-libcrypto3-1","relatedSpdxElement":"SPDXRef-File-lib-libcrypto.so.3-1","relationshipType":"CONTAINS"}]}`
	got := decode(t, []byte(doc))
	want := &sbom.Inventory{
		Source: &sbom.Source{Kind: "sbom", Name: "alpine", Digest: "sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b"},
		Packages: []sbom.Package{{
			Type: "apk", Namespace: "alpine", Name: "libcrypto3", Version: "3.1.4-r5", Arch: "x86_64",
			Origin: &sbom.Origin{Name: "openssl"}, Licenses: []string{"Apache-2.0"},
			PURL:   "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1",
			CPEs:   []string{"cpe:2.3:a:libcrypto3:libcrypto3:3.1.4-r5:*:*:*:*:*:*:*"},
			Hashes: map[string]string{"SHA-1": "a8dd0cbbfbd3ce9e4e2d8a4cb5cdf3b8c4f3e1f2"},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
}

// TestTrickyStrings round-trips values that the formats treat specially:
// empty, NOASSERTION, quotes, brackets, newlines, surrounding space,
// tag-value's <text>, colons and non-ASCII.
func TestTrickyStrings(t *testing.T) {
	sch := schema(t)
	for _, s := range []string{
		"", "NOASSERTION", "NONE", `"quoted"`, "[1]", "a\nb", " padded ", "<text>x</text>", "Tool: x", "a: b", "ünïcode",
		"LicenseRef-x", "MIT AND", "(MIT)", "a\tb", "x\r", "#hash", "SPDXRef-DOCUMENT", "\\",
	} {
		p := sbom.Package{Type: s, Namespace: s, Name: s, Version: s, Arch: s, Origin: &sbom.Origin{Name: s, Version: s},
			Licenses: []string{s, s}, Vendor: s, Evidence: []string{s}, Files: []string{s}, Layer: s, LastLayer: s,
			PURL: s, CPEs: []string{s}, Hashes: map[string]string{"SHA-256": s, s: s}, OwnedBy: s, DependsOn: []string{s},
			Metadata: map[string]string{s: s}}
		inv := &sbom.Inventory{
			Source:   &sbom.Source{Name: s, Digest: s, ConfigDigest: s, Platform: s},
			Distro:   &sbom.Distro{ID: s, IDLike: []string{s}, VersionID: s, Codename: s, Name: s},
			Layers:   []sbom.Layer{{DiffID: s, CreatedBy: s}},
			Packages: []sbom.Package{p, p},
			Problems: []sbom.Problem{{Path: s, Message: s}},
		}
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) {
			roundTrip(t, sch, inv, asDecoded(inv))
		})
	}
}
