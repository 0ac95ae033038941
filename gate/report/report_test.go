package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/gate"
	"github.com/loadline/loadline/gate/internal/golden"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/sbom"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files")

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

var tool = Tool{Name: "loadline", Version: "0.1.0", URI: "https://github.com/loadline/loadline"}

// realResult is the match of the real alpine-3.19 image inventory
// against the real GHSA record (see gate/testdata/PROVENANCE.md).
func realResult(t testing.TB) *match.Result {
	t.Helper()
	f, err := os.Open("../testdata/alpine-3.19.result.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ReadResult(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func policy(t testing.TB) *gate.Policy {
	t.Helper()
	b, err := os.ReadFile("testdata/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := gate.ParsePolicy(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// syntheticResult has one finding of each kind a verdict can make: a
// KEV-listed violation with an expired exception, a not_affected
// statement, a waiver by exception, an unrated finding that only warns,
// a will-not-fix finding that passes, and two gaps.
func syntheticResult() (*match.Result, *gate.Policy) {
	sev := func(vector string, score float64) advisory.Severity {
		typ := "CVSS_V3"
		if !strings.HasPrefix(vector, "CVSS:") {
			typ = "CVSS_V2"
		}
		return advisory.Severity{Type: typ, Vector: vector, Score: score, Source: "nvd@nist.gov"}
	}
	pkg := func(typ, ns, name, ver, layer, loc string) match.Package {
		p := sbom.Package{Type: typ, Namespace: ns, Name: name, Version: ver}
		return match.Package{PURL: sbom.PackageURL(p, &sbom.Distro{ID: "debian", VersionID: "12"}), Type: typ, Namespace: ns, Name: name, Version: ver, Layer: layer, Locations: []string{loc}}
	}
	const base, app = "sha256:1111111111111111111111111111111111111111111111111111111111111111", "sha256:2222222222222222222222222222222222222222222222222222222222222222"
	res := &match.Result{
		Source:  &sbom.Source{Kind: "registry", Name: "registry.example.com/shop/api:1.4", Digest: "sha256:3333333333333333333333333333333333333333333333333333333333333333"},
		Distro:  &sbom.Distro{ID: "debian", VersionID: "12", Name: "Debian GNU/Linux 12 (bookworm)"},
		Release: advisory.Release{Distro: "debian", Version: "12"},
		Layers:  []sbom.Layer{{Index: 0, DiffID: base}, {Index: 1, DiffID: app}},
		Matched: now.Add(-time.Hour), Packages: 40,
		Findings: []match.Finding{
			{Package: pkg("deb", "debian", "libc6", "2.36-9", base, "/var/lib/dpkg/status"), Vulnerability: "CVE-2023-4911", Aliases: []string{"DSA-5514-1"},
				Summary: "glibc: buffer overflow in ld.so (Looney Tunables)", Status: advisory.StatusAffected, Fixed: []string{"2.36-9+deb12u3"},
				Severities:   []advisory.Severity{sev("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8), {Rating: "high", Source: "debian"}},
				Exploitation: &advisory.Exploitation{KEV: &advisory.KEV{Added: time.Date(2023, 11, 21, 0, 0, 0, 0, time.UTC)}, EPSS: &advisory.EPSS{Score: 0.71}},
				Evidence:     []match.Evidence{{Advisory: "DSA-5514-1", Feed: "debian", Ecosystem: "deb", Package: "glibc", Status: advisory.StatusAffected, Range: "<2.36-9+deb12u3", Fixed: []string{"2.36-9+deb12u3"}}}},
			{Package: pkg("deb", "debian", "libexpat1", "2.5.0-1", base, "/var/lib/dpkg/status"), Vulnerability: "CVE-2023-52425",
				Summary: "expat: parsing large tokens can trigger a denial of service", Status: advisory.StatusNotAffected,
				Severities: []advisory.Severity{sev("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5)},
				Evidence:   []match.Evidence{{Advisory: "CVE-2023-52425", Feed: "debian", Status: advisory.StatusNotAffected, Reason: "vulnerable code not built"}}},
			{Package: pkg("npm", "", "lodash", "4.17.20", app, "/app/node_modules/lodash/package.json"), Vulnerability: "CVE-2021-23337", Aliases: []string{"GHSA-35jh-r3h4-6jhm"},
				Summary: "Command Injection in lodash", Status: advisory.StatusAffected, Fixed: []string{"4.17.21"},
				Severities: []advisory.Severity{sev("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2)}},
			{Package: pkg("npm", "", "left-pad", "1.3.0", app, "/app/node_modules/left-pad/package.json"), Vulnerability: "GHSA-0000-1111-2222",
				Summary: "A made-up unrated advisory | with a pipe", Status: advisory.StatusAffected},
			{Package: pkg("deb", "debian", "tar", "1.34+dfsg-1.2", base, "/var/lib/dpkg/status"), Vulnerability: "CVE-2005-2541",
				Status: advisory.StatusWillNotFix, Severities: []advisory.Severity{sev("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10), {Rating: "unimportant", Source: "debian"}}},
		},
		Gaps: []match.Gap{
			{Ecosystem: "pypi", Packages: 3, Why: "no advisory data for this ecosystem"},
			{Ecosystem: "golang", Packages: 1, Why: "no advisory data for this ecosystem"},
		},
	}
	p := &gate.Policy{BaseLayers: 1, Stages: map[string]gate.Stage{"build": {Rules: []gate.Rule{
		{Name: "known-exploited", KEV: true},
		{Name: "fixable-high", MaxCVSS: ptr(7.0), FixedOnly: true},
		{Name: "base-high", Layers: gate.LayersBase, MinSeverity: "high", IgnoreStatuses: []string{"will_not_fix"}},
		{Name: "unrated-app", Mode: gate.ModeWarn, Layers: gate.LayersApplication, MinSeverity: "critical", IgnoreStatuses: []string{"will_not_fix"}},
	}}}, Exceptions: []gate.Exception{
		{ID: "CVE-2023-4911", Reason: "ld.so is not setuid here", Owner: "ops", Expires: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Line: 20},
		{Packages: []string{"pkg:npm/lodash"}, Reason: "template() unused", Owner: "web", Expires: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Line: 26},
	}}
	return res, p
}

func ptr[T any](v T) *T { return &v }

type testCase struct {
	name string
	in   Input
}

func cases(t *testing.T) []testCase {
	res := realResult(t)
	p := policy(t)
	verdict := func(p *gate.Policy, stage string, res *match.Result) *gate.Verdict {
		v, err := gate.Evaluate(p, stage, res, now)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	syn, sp := syntheticResult()
	return []testCase{
		{"alpine-build", Input{Result: res, Verdict: verdict(p, "build", res), Tool: tool}},
		{"alpine-registry", Input{Result: res, Verdict: verdict(p, "registry", res), Tool: tool}},
		{"alpine-runtime", Input{Result: res, Verdict: verdict(p, "runtime", res), Tool: tool}},
		{"alpine-findings", Input{Result: res}},
		{"synthetic", Input{Result: syn, Verdict: verdict(sp, "build", syn), Tool: tool}},
		{"empty", Input{}},
	}
}

var formats = []struct {
	ext string
	w   Writer
}{
	{"txt", Table}, {"json", JSON}, {"sarif", SARIF}, {"junit.xml", JUnit}, {"gitlab.json", GitLab}, {"md", Markdown},
}

// TestGolden writes every case in every format, compares with the golden
// files (rewritten with -update), and checks that writing twice gives the
// same bytes.
func TestGolden(t *testing.T) {
	for _, c := range cases(t) {
		for _, f := range formats {
			t.Run(c.name+"."+f.ext, func(t *testing.T) {
				var a, b bytes.Buffer
				if err := f.w(&a, c.in); err != nil {
					t.Fatal(err)
				}
				if err := f.w(&b, c.in); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Fatal("two writes differ")
				}
				golden.Check(t, filepath.Join("testdata", "golden", c.name+"."+f.ext), a.Bytes(), *update)
			})
		}
	}
}

func compile(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSchemas validates every case's SARIF and GitLab reports against
// the official schemas, its JSON report against report.schema.json, and
// its JUnit report against the windyroad JUnit.xsd and the Jenkins xUnit
// plugin's junit-10.xsd with xmllint, where xmllint is installed.
func TestSchemas(t *testing.T) {
	sarifSchema := compile(t, "testdata/schemas/sarif-schema-2.1.0.json")
	gitlabSchema := compile(t, "testdata/schemas/container-scanning-report-format-15.2.1.json")
	reportSchema := compile(t, "report.schema.json")
	xmllint, _ := exec.LookPath("xmllint")
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, x := range []struct {
				w Writer
				s *jsonschema.Schema
			}{{SARIF, sarifSchema}, {GitLab, gitlabSchema}, {JSON, reportSchema}} {
				var buf bytes.Buffer
				if err := x.w(&buf, c.in); err != nil {
					t.Fatal(err)
				}
				doc, err := jsonschema.UnmarshalJSON(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if err := x.s.Validate(doc); err != nil {
					t.Error(err)
				}
			}
			if xmllint == "" {
				t.Log("xmllint not installed: JUnit XML not validated")
				return
			}
			var buf bytes.Buffer
			if err := JUnit(&buf, c.in); err != nil {
				t.Fatal(err)
			}
			for _, xsd := range []string{"testdata/schemas/windyroad-JUnit.xsd", "testdata/schemas/jenkins-xunit-junit-10.xsd"} {
				cmd := exec.Command(xmllint, "--noout", "--schema", xsd, "-")
				cmd.Stdin = bytes.NewReader(buf.Bytes())
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("xmllint %s: %v\n%s", xsd, err, out)
				}
			}
		})
	}
	// The schemas do reject: a SARIF result without a message, a GitLab
	// vulnerability without a location, a report entry naming both a
	// finding and a gap.
	for _, bad := range []struct {
		s   *jsonschema.Schema
		doc string
	}{
		{sarifSchema, `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a"}]}]}`},
		{reportSchema, `{"schema":"loadline/report/v1","tool":{"name":"x"},"summary":{"findings":0,"gaps":0,"severities":{"critical":0,"high":0,"medium":0,"low":0,"negligible":0,"unrated":0}},"result":{"findings":[]},"verdict":{"stage":"b","at":"2026-01-01T00:00:00Z","pass":false,"exitCode":1,"violations":[{"finding":0,"gap":0,"reason":"r"}],"waivers":[],"warnings":[]}}`},
		{gitlabSchema, `{"version":"15.2.1","scan":{"analyzer":{"id":"a","name":"a","version":"1","vendor":{"name":"a"}},"scanner":{"id":"a","name":"a","version":"1","vendor":{"name":"a"}},"type":"container_scanning","start_time":"2026-01-01T00:00:00","end_time":"2026-01-01T00:00:00","status":"success"},"vulnerabilities":[{"id":"1","identifiers":[{"type":"cve","name":"a","value":"a"}]}]}`},
	} {
		doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad.doc))
		if bad.s.Validate(doc) == nil {
			t.Errorf("schema accepts %s", bad.doc)
		}
	}
}

// TestJSONRoundTrip reads the result back from the JSON report, and
// checks that the verdict's indexes point at the right findings.
func TestJSONRoundTrip(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, c.in); err != nil {
				t.Fatal(err)
			}
			got, err := ReadResult(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			want := c.in.Result
			if want == nil {
				want = &match.Result{}
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []match.Finding) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			var doc struct {
				Verdict *struct {
					Violations []struct {
						Finding *int
						Gap     *int
						Release string
						Rule    string
					}
				}
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if c.in.Verdict == nil {
				if doc.Verdict != nil {
					t.Error("a verdict without one given")
				}
				return
			}
			for i, e := range doc.Verdict.Violations {
				ve := c.in.Verdict.Violations[i]
				switch {
				case e.Finding != nil:
					if &c.in.Result.Findings[*e.Finding] != ve.Finding {
						t.Errorf("violation %d: finding %d is not the verdict's", i, *e.Finding)
					}
				case e.Gap != nil:
					if &c.in.Result.Gaps[*e.Gap] != ve.Gap {
						t.Errorf("violation %d: gap %d is not the verdict's", i, *e.Gap)
					}
				case e.Release != "":
					if ve.Support == nil || ve.Support.Release.String() != e.Release || c.in.Result.Support == nil || c.in.Result.Support.Release.String() != e.Release {
						t.Errorf("violation %d: release %q is not the verdict's", i, e.Release)
					}
				default:
					t.Errorf("violation %d points at nothing", i)
				}
			}
		})
	}
}

func TestReadResultErrors(t *testing.T) {
	for _, in := range []string{"", "[]", "{}", `{"findings": {}}`, `{"schema": "other/v9", "result": {"findings": []}}`, `{"result": {"findings": []}}`, `{"findings": [1]}`, "{"} {
		if res, err := ReadResult(strings.NewReader(in)); err == nil {
			t.Errorf("%q: got %v, no error", in, res)
		}
	}
	if _, err := ReadResult(strings.NewReader("{}")); !errors.Is(err, ErrNotResult) {
		t.Errorf("{}: %v, want ErrNotResult", err)
	}
	res, err := ReadResult(strings.NewReader(`{"findings": [], "extra": 1}`))
	if err != nil || res == nil {
		t.Errorf("a result with an unknown field: %v, %v", res, err)
	}
}

func FuzzReadResult(f *testing.F) {
	for _, path := range []string{"../testdata/alpine-3.19.result.json", "testdata/golden/alpine-build.json", "testdata/golden/synthetic.json"} {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	p := policy(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := ReadResult(bytes.NewReader(b))
		if (res == nil) == (err == nil) {
			t.Fatalf("got %v, %v", res, err)
		}
		if res == nil {
			return
		}
		// Whatever reads must evaluate, and write in every format.
		v, err := gate.Evaluate(p, "build", res, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formats {
			for _, in := range []Input{{Result: res}, {Result: res, Verdict: v}} {
				if err := f.w(&bytes.Buffer{}, in); err != nil {
					t.Fatalf("%s: %v", f.ext, err)
				}
			}
		}
	})
}

func TestMarkdownCap(t *testing.T) {
	res := &match.Result{}
	for i := range MarkdownMaxFindings + 5 {
		res.Findings = append(res.Findings, match.Finding{Package: match.Package{Type: "npm", Name: "p", Version: "1"}, Vulnerability: "GHSA-" + strings.Repeat("x", i%7), Status: advisory.StatusAffected})
	}
	var buf bytes.Buffer
	if err := Markdown(&buf, Input{Result: res}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "| p | 1 |"); got != MarkdownMaxFindings {
		t.Errorf("%d findings listed, want %d", got, MarkdownMaxFindings)
	}
	if !strings.Contains(buf.String(), "\n5 more findings are not listed here") {
		t.Errorf("no line says 5 were left out:\n%s", buf.String()[buf.Len()-300:])
	}
}
