package sbomfile_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/cyclonedx"
	"github.com/loadline/loadline/sbom/sbomfile"
	"github.com/loadline/loadline/sbom/spdx"
)

// Where the real SBOMs are: one per format copied here, the rest read
// from the decoders' own copies of the same files (byte-identical to
// /work/shared/data/sbom; see testdata/PROVENANCE.md).
const (
	foreign = "../cyclonedx/testdata/foreign/"
	real    = "../spdx/testdata/real/"
)

// direct decodes with the format's own decoder, for comparison.
func direct(k sbomfile.Kind) func(io.Reader) (*sbom.Inventory, error) {
	if k == sbomfile.CycloneDXJSON || k == sbomfile.CycloneDXXML {
		return cyclonedx.Decode
	}
	return spdx.Decode
}

// TestDecodeReal decodes every real SBOM under /work/shared/data/sbom.
// The formats, versions and package counts were computed apart from
// this code, by testdata/count.py (Python's json and xml.etree, the
// decoders' documented rules):
//
//	python3 testdata/count.py /work/shared/data/sbom/*/*
//
// Each inventory must also be exactly what the format's own decoder
// gives for the same bytes: sniffing and handing on lose nothing.
func TestDecodeReal(t *testing.T) {
	tests := []struct {
		path  string
		kind  sbomfile.Kind
		ver   string
		count int
	}{
		{foreign + "CBOM_Example-With-Dependencies_bom.json", sbomfile.CycloneDXJSON, "1.6", 2},
		{foreign + "SBOM_cern-lhc-vdm-editor-e564943_bom.json", sbomfile.CycloneDXJSON, "1.2", 43},
		{foreign + "SBOM_dropwizard-1.3.15_bom.json", sbomfile.CycloneDXJSON, "1.2", 167},
		{foreign + "SBOM_laravel-7.12.0_bom.1.3.json", sbomfile.CycloneDXJSON, "1.3", 62},
		{foreign + "SBOM_laravel-7.12.0_bom.1.4.json", sbomfile.CycloneDXJSON, "1.4", 62},
		{foreign + "SBOM_proton-bridge_proton-bridge-v1.8.0.bom.json", sbomfile.CycloneDXJSON, "1.2", 201},
		{foreign + "SaaSBOM_apigateway-microservices-datastores_bom.json", sbomfile.CycloneDXJSON, "1.4", 0},
		{foreign + "VEX_bom.json", sbomfile.CycloneDXJSON, "1.3", 3},
		{foreign + "VEX_vex.json", sbomfile.CycloneDXJSON, "1.4", 0},
		{foreign + "osv-scanner-alpine-zlib-16.cdx.json", sbomfile.CycloneDXJSON, "1.6", 1},
		{"testdata/osv-scanner-alpine.cdx.xml", sbomfile.CycloneDXXML, "1.4", 15},
		{foreign + "osv-scanner-postgres-stretch.cdx.xml", sbomfile.CycloneDXXML, "1.4", 136},
		{"testdata/trivy-centos-7.cdx.json", sbomfile.CycloneDXJSON, "1.5", 2},
		{foreign + "trivy-fluentd-multiple-lockfiles.cdx.json", sbomfile.CycloneDXJSON, "1.7", 160},
		{real + "distroless-static-debian12.spdx.json", sbomfile.SPDXJSON, "2.3", 3},
		{real + "konflux-manifest.spdx.json", sbomfile.SPDXJSON, "2.3", 4},
		{real + "scalibr-purl_and_cpe.spdx.json", sbomfile.SPDXJSON, "2.3", 2},
		{real + "scalibr-sbom.spdx", sbomfile.SPDXTagValue, "2.3", 2},
		{"testdata/trivy-centos-7.spdx.json", sbomfile.SPDXJSON, "2.2", 2},
		{"testdata/trivy-centos-7.spdx.tv", sbomfile.SPDXTagValue, "2.2", 2},
		{real + "ubi8-micro.spdx.json", sbomfile.SPDXJSON, "2.3", 20},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			inv, f, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sbomfile.Format{Kind: tt.kind, Version: tt.ver}, f); diff != "" {
				t.Errorf("format (-want +got):\n%s", diff)
			}
			if len(inv.Packages) != tt.count {
				t.Errorf("%d packages, want %d", len(inv.Packages), tt.count)
			}
			want, err := direct(tt.kind)(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, inv); diff != "" {
				t.Errorf("inventory (-%v decoder +sbomfile):\n%s", tt.kind, diff)
			}
		})
	}
}

// TestByteOrderMark: a document that starts with a UTF-8 byte order
// mark, as Windows tools write them, reads as the same document without.
func TestByteOrderMark(t *testing.T) {
	for _, name := range []string{"testdata/trivy-centos-7.cdx.json", "testdata/osv-scanner-alpine.cdx.xml", "testdata/trivy-centos-7.spdx.json", "testdata/trivy-centos-7.spdx.tv"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			doc := readFile(t, name)
			want, wantFormat, err := sbomfile.Decode(context.Background(), strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			got, format, err := sbomfile.Decode(context.Background(), strings.NewReader("\ufeff"+doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" || format != wantFormat {
				t.Errorf("with a byte order mark: %v, inventory (-without +with):\n%s", format, diff)
			}
		})
	}
}

// TestRoundTrip: each real document, decoded, encoded in each kind and
// decoded again, gives the same inventory and the kind it was written in.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	wantVersion := map[sbomfile.Kind]string{
		sbomfile.CycloneDXJSON: "1.6", sbomfile.CycloneDXXML: "1.6",
		sbomfile.SPDXJSON: "2.3", sbomfile.SPDXTagValue: "2.3",
	}
	for _, name := range files {
		if strings.HasSuffix(name, ".py") || strings.HasSuffix(name, ".md") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		first, _, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for k, ver := range wantVersion {
			t.Run(filepath.Base(name)+"/"+k.String(), func(t *testing.T) {
				var buf bytes.Buffer
				if err := sbomfile.Encode(&buf, first, k, sbomfile.Options{Created: created}); err != nil {
					t.Fatal(err)
				}
				second, f, err := sbomfile.Decode(context.Background(), &buf)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(sbomfile.Format{Kind: k, Version: ver}, f); diff != "" {
					t.Errorf("format (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(first, second); diff != "" {
					t.Errorf("inventory (-decoded +re-decoded):\n%s", diff)
				}
			})
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDecodeWrong: what is not an SBOM, or not one Decode reads, gives
// an error naming what it is, and the sentinel; a broken SBOM gives its
// decoder's error. (Tag-value has no end marker: a tag-value file cut at
// a line end is read as the shorter document it then is.)
func TestDecodeWrong(t *testing.T) {
	cdx := readFile(t, "testdata/trivy-centos-7.cdx.json")
	xml := readFile(t, "testdata/osv-scanner-alpine.cdx.xml")
	spdxJSON := readFile(t, "testdata/trivy-centos-7.spdx.json") // keys sorted: spdxVersion last
	tests := []struct {
		name, in string
		is       error  // the sentinel errors.Is finds; nil for a decoder's error
		want     string // the whole message
		kind     sbomfile.Kind
	}{
		{"empty", "", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: empty input", 0},
		{"white space", " \r\n\t\ufeff", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: empty input", 0},
		{"json array", `[{"bomFormat": "CycloneDX"}]`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: a JSON array", 0},
		{"json object", `{"name": "x", "components": []}`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: JSON without bomFormat or spdxVersion", 0},
		{"nested bomFormat", `{"wrapped": {"bomFormat": "CycloneDX", "specVersion": "1.6"}}`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: JSON without bomFormat or spdxVersion", 0},
		{"json scalar", `"bomFormat"`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: text without an SPDXVersion: line", 0},
		{"html", "<!DOCTYPE html>\n<html lang=en><head><title>SBOM</title></head></html>", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: HTML", 0},
		{"html after a comment", "<!-- saved page --><HTML><body>bom</body></HTML>", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: HTML", 0},
		{"other xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: XML with root element <feed> in namespace http://www.w3.org/2005/Atom", 0},
		{"bom in another namespace", `<bom xmlns="http://example.com/bom/1.6" version="1"/>`, nil, `sbomfile: cyclonedx-xml: cyclonedx: xmlns: "http://example.com/bom/1.6" is not a CycloneDX namespace`, sbomfile.CycloneDXXML},
		{"csaf", readFile(t, "testdata/not/oasis-2022-evd-uc-05-001.json"), sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: a CSAF document (csaf_version 2.0)", 0},
		{"openvex", readFile(t, "testdata/not/chainguard-joblib.openvex.json"), sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: an OpenVEX document", 0},
		{"text", "Name: zlib\nVersion: 1.3\n", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: text without an SPDXVersion: line", 0},
		{"utf-16", "\xff\xfe{\x00\"\x00", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: UTF-16 text (SBOM formats are UTF-8; PowerShell's > writes UTF-16)", 0},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: binary data (starting 1f 8b 08 00)", 0},
		{"truncated before the format", cdx[:1], sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: truncated JSON without bomFormat or spdxVersion", 0},
		{"malformed json", `{"name" "x"}`, sbomfile.ErrNotSBOM, "sbomfile: not an SBOM: malformed JSON without bomFormat or spdxVersion (at byte 8: want : after a member name)", 0},
		{"truncated cyclonedx", cdx[:len(cdx)/2], nil, "sbomfile: cyclonedx-json 1.5: cyclonedx: unexpected end of JSON input", sbomfile.CycloneDXJSON},
		{"truncated cyclonedx xml", xml[:len(xml)/2], nil, "sbomfile: cyclonedx-xml 1.4: cyclonedx: xml: XML syntax error on line 266: unexpected EOF", sbomfile.CycloneDXXML},
		{"truncated spdx json", spdxJSON[:len(spdxJSON)/2], nil, "sbomfile: spdx-json: spdx: decode JSON: unexpected end of JSON input", sbomfile.SPDXJSON},
		{"cyclonedx without bomFormat", `{"$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json", "specVersion": "1.5"}`, nil, "sbomfile: cyclonedx-json 1.5: cyclonedx: bomFormat: missing", sbomfile.CycloneDXJSON},
		{"cyclonedx 1.1", `<bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1"/>`, nil, "sbomfile: cyclonedx-xml 1.1: cyclonedx: specVersion: unsupported 1.1 (want 1.2 to 1.7)", sbomfile.CycloneDXXML},
		{"spdx 3", `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`, sbomfile.ErrUnsupported, `sbomfile: unsupported SBOM format: SPDX 3 JSON-LD (@context "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"); loadline reads SPDX 2.2 and 2.3`, 0},
		{"spdx rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#"/>`, sbomfile.ErrUnsupported, "sbomfile: unsupported SBOM format: SPDX RDF/XML; loadline reads SPDX JSON and tag-value", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, f, err := sbomfile.Decode(context.Background(), strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; format %v, %d packages", f, len(inv.Packages))
			}
			if inv != nil {
				t.Errorf("an inventory with the error %v", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if tt.is == nil && (errors.Is(err, sbomfile.ErrNotSBOM) || errors.Is(err, sbomfile.ErrUnsupported)) {
				t.Errorf("a decoder's error %v is a sentinel", err)
			}
			if f.Kind != tt.kind {
				t.Errorf("format %v with the error, want kind %v", f, tt.kind)
			}
		})
	}
}
