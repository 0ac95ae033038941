package vex_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/loadline/loadline/match/vex"
)

// testDocs returns every VEX test document by file name.
func testDocs(t testing.TB) map[string]*vex.Document {
	t.Helper()
	out := map[string]*vex.Document{}
	for _, p := range vexFiles() {
		out[filepath.Base(p)] = decodeFile(t, p)
	}
	if len(out) < 30 {
		t.Fatalf("%d test documents", len(out))
	}
	return out
}

// vexFiles lists the VEX test documents: testdata/*/* but the schemas,
// the provenance and the scans of testdata/bom.
func vexFiles() []string {
	files, _ := filepath.Glob("testdata/*/*")
	var out []string
	for _, p := range files {
		dir := filepath.Base(filepath.Dir(p))
		if dir != "schema" && dir != "bom" && filepath.Ext(p) != ".md" {
			out = append(out, p)
		}
	}
	return out
}

func encode(t testing.TB, stmts []vex.Statement, opts vex.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := vex.Encode(&buf, stmts, opts); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// TestRoundTrip decodes each document, encodes it in its own format,
// decodes that, and compares the statements. What a round trip may
// change: Source (a new document) and the time of a statement that had
// none (it inherits the new document's). CSAF, which Encode does not
// write, goes through OpenVEX and loses its own status words and the
// responses its remediation categories gave.
func TestRoundTrip(t *testing.T) {
	for name, d := range testDocs(t) {
		formats := []vex.Format{d.Format}
		switch d.Format {
		case vex.CycloneDXJSON, vex.CycloneDXXML:
			formats = []vex.Format{vex.CycloneDXJSON, vex.CycloneDXXML}
		case vex.CSAF: // not written: through OpenVEX, which keeps all but CSAF's status words
			formats = []vex.Format{vex.OpenVEX}
		}
		for _, f := range formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				out := encode(t, d.Statements, vex.Options{Format: f})
				got, err := vex.Decode(bytes.NewReader(out))
				if err != nil {
					t.Fatalf("Decode(Encode): %v\n%s", err, out)
				}
				if got.Format != f {
					t.Errorf("format %s, want %s", got.Format, f)
				}
				want := make([]vex.Statement, len(d.Statements))
				for i, s := range d.Statements {
					if s.Timestamp.IsZero() {
						s.Timestamp = got.Timestamp
					}
					if d.Format == vex.CSAF {
						s.RawStatus, s.Responses = "", nil
					}
					want[i] = s
				}
				if diff := cmp.Diff(want, got.Statements, cmpopts.IgnoreFields(vex.Statement{}, "Source"), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("round trip (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestEncodeDeterministic shows that the same statements give the same
// bytes, that the ID is derived from content unless given, and that
// Encode leaves its input alone.
func TestEncodeDeterministic(t *testing.T) {
	d := decodeFile(t, "testdata/openvex/trivy-oci.openvex.json")
	before := cloneDoc(d)
	for _, f := range []vex.Format{vex.OpenVEX, vex.CycloneDXJSON, vex.CycloneDXXML} {
		a := encode(t, d.Statements, vex.Options{Format: f})
		b := encode(t, d.Statements, vex.Options{Format: f})
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two encodings differ", f)
		}
		if !bytes.Contains(a, []byte("urn:uuid:")) {
			t.Errorf("%s: no content-derived urn:uuid ID", f)
		}
		c := encode(t, d.Statements[:1], vex.Options{Format: f})
		if bytes.Equal(a, c) {
			t.Errorf("%s: different statements, same bytes", f)
		}
	}
	opts := vex.Options{ID: "https://example.com/vex/1", Author: "Example", Timestamp: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), Version: 3, Tooling: "loadline test"}
	got, err := vex.Decode(bytes.NewReader(encode(t, d.Statements, opts)))
	if err != nil {
		t.Fatal(err)
	}
	meta := [4]any{got.ID, got.Author, got.Timestamp, got.Version}
	if diff := cmp.Diff([4]any{opts.ID, opts.Author, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), 3}, meta); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, d); diff != "" {
		t.Errorf("Encode changed its input (-before +after):\n%s", diff)
	}
	if err := vex.Encode(&bytes.Buffer{}, nil, vex.Options{Format: "spdx"}); err == nil {
		t.Error("Encode of an unknown format: no error")
	}
}

// cloneDoc deep-copies d through its JSON form.
func cloneDoc(d *vex.Document) *vex.Document {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	var out vex.Document
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}

// TestEncodeFormats checks what Encode writes where a format needs more
// than a statement says, and across formats.
func TestEncodeFormats(t *testing.T) {
	stmts := []vex.Statement{
		{Vulnerability: "CVE-2024-1", Status: vex.StatusAffected, Responses: []string{"update"},
			Products: []vex.Product{{Component: vex.Component{ID: "pkg:npm/a@1", PURL: "pkg:npm/a@1"}}}},
		{Vulnerability: "CVE-2024-2", Status: vex.StatusAffected,
			Products: []vex.Product{{Component: vex.Component{ID: "pkg:npm/a@1", PURL: "pkg:npm/a@1"}}}},
		{Vulnerability: "CVE-2024-3", Status: vex.StatusNotAffected, RawStatus: "false_positive",
			Products: []vex.Product{{Component: vex.Component{ID: "pkg:npm/a@1", PURL: "pkg:npm/a@1"}}}},
		{Vulnerability: "CVE-2024-4", Status: vex.StatusNotAffected, Justification: vex.ComponentNotPresent,
			Products: []vex.Product{{
				Component:     vex.Component{ID: trivyDigest, Hashes: []string{trivyDigest}},
				Subcomponents: []vex.Component{{ID: "pkg:npm/b@2", PURL: "pkg:npm/b@2"}},
			}}},
	}
	ov, err := vex.Decode(bytes.NewReader(encode(t, stmts, vex.Options{})))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{ov.Statements[0].Action, ov.Statements[1].Action, ov.Statements[2].Impact, string(ov.Statements[3].Justification)}
	want := []string{"Response: update.", "No remediation is available yet.", "Not affected (no justification given).", "component_not_present"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OpenVEX fill-ins (-want +got):\n%s", diff)
	}
	cd, err := vex.Decode(bytes.NewReader(encode(t, stmts, vex.Options{Format: vex.CycloneDXJSON})))
	if err != nil {
		t.Fatal(err)
	}
	got = []string{cd.Statements[2].RawStatus, cd.Statements[3].RawJustification, cd.Statements[3].Products[0].PURL}
	want = []string{"false_positive", "code_not_present", "pkg:npm/b@2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CycloneDX (-want +got):\n%s", diff)
	}
}

// openVEXSchema compiles the OpenVEX 0.2.0 JSON schema.
func openVEXSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	return compile(t, "https://github.com/openvex/spec/openvex_json_schema_0.2.0.json",
		"testdata/schema/openvex_json_schema_0.2.0.json")
}

// cycloneDXSchema compiles the CycloneDX 1.6 JSON schema, from the copy
// sbom/cyclonedx keeps with the schemas it references.
func cycloneDXSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	return compile(t, "http://cyclonedx.org/schema/bom-1.6.schema.json",
		"../../sbom/cyclonedx/testdata/schema/bom-1.6.schema.json",
		"../../sbom/cyclonedx/testdata/schema/jsf-0.82.schema.json",
		"../../sbom/cyclonedx/spdx.schema.json")
}

// compile compiles the schema url; the first file is its own, the others
// are added under cyclonedx.org as the CycloneDX schema references them.
func compile(t testing.TB, url string, files ...string) *jsonschema.Schema {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for i, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		u := url
		if i > 0 {
			u = "http://cyclonedx.org/schema/" + filepath.Base(p)
		}
		if err := c.AddResource(u, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(url)
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

// validateXML runs xmllint against the official CycloneDX 1.6 XSD; it
// skips the test when xmllint is not installed.
func validateXML(t *testing.T, doc []byte) error {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	dir, err := filepath.Abs("../../sbom/cyclonedx/testdata/schema")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xmllint, "--nonet", "--noout", "--schema", filepath.Join(dir, "bom-1.6.xsd"), "-")
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "xmlcatalog.xml"))
	cmd.Stdin = bytes.NewReader(doc)
	if out, err := cmd.CombinedOutput(); err != nil {
		return &xmlError{err, string(out)}
	}
	return nil
}

type xmlError struct {
	err error
	out string
}

func (e *xmlError) Error() string { return e.err.Error() + ": " + e.out }

// TestSchema validates what Encode writes, from every test document, in
// every format, against the official schemas; and shows the OpenVEX
// validator is not vacuous.
func TestSchema(t *testing.T) {
	ovs, cds := openVEXSchema(t), cycloneDXSchema(t)
	for name, d := range testDocs(t) {
		if len(d.Statements) == 0 {
			continue // OpenVEX requires a statement
		}
		t.Run(name+"/openvex", func(t *testing.T) {
			if err := validateJSON(ovs, encode(t, d.Statements, vex.Options{})); err != nil {
				t.Errorf("invalid OpenVEX 0.2.0: %v", err)
			}
		})
		t.Run(name+"/cyclonedx-json", func(t *testing.T) {
			if err := validateJSON(cds, encode(t, d.Statements, vex.Options{Format: vex.CycloneDXJSON})); err != nil {
				t.Errorf("invalid CycloneDX 1.6 JSON: %v", err)
			}
		})
		t.Run(name+"/cyclonedx-xml", func(t *testing.T) {
			if err := validateXML(t, encode(t, d.Statements, vex.Options{Format: vex.CycloneDXXML})); err != nil {
				t.Errorf("invalid CycloneDX 1.6 XML: %v", err)
			}
		})
	}
	bad := `{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x:y","author":"a","timestamp":"2024-01-01T00:00:00Z","version":1,
		"statements":[{"vulnerability":{"name":"CVE-1"},"status":"affected"}]}`
	if validateJSON(ovs, []byte(bad)) == nil {
		t.Error("the OpenVEX validator accepts an affected statement without action_statement")
	}
}
