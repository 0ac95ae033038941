package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/gate/report"
	"github.com/loadline/loadline/match"
	"github.com/loadline/loadline/match/vex"
	"github.com/loadline/loadline/sbom/sbomfile"
)

// readmeJob is the README's main job: its command is
// "go run ./examples/loadline" and these arguments.
var readmeJob = []string{"scan", "--advisories", "testdata/advisories", "--policy", "testdata/policy.yaml", "testdata/alpine-3.19.tar"}

// TestREADME checks that the README runs the main job of the
// scan-readme transcript.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmd := "\ngo run ./examples/loadline " + strings.Join(readmeJob, " ") + "\n"
	if !strings.Contains(string(readme), cmd) {
		t.Errorf("README.md does not run the main job of testdata/scan-readme.golden:%s", cmd)
	}
}

// TestScanGolden runs scan and gate command lines from the repository's
// root, as the README does, offline (the shipped feed files in
// testdata/advisories), and compares what they print with
// testdata/scan-*.golden and gate-*.golden. A case of several commands
// runs them in order and records each.
func TestScanGolden(t *testing.T) {
	goldenDir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Chdir("../..")
	const (
		image  = "testdata/alpine-3.19.tar"
		feeds  = "testdata/advisories"
		policy = "testdata/policy.yaml"
		here   = "examples/loadline/testdata/"
	)
	sarif := filepath.Join(tmp, "results.sarif")
	cdx := filepath.Join(tmp, "alpine.cdx.json")
	tests := []struct {
		name  string
		steps [][]string
		code  int
		check func(t *testing.T)
	}{
		{name: "scan-readme", steps: [][]string{readmeJob}, code: exitFail},
		{name: "scan-no-policy", steps: [][]string{{"scan", "--advisories", feeds, image}}, code: exitOK},
		{name: "scan-debian-gap", steps: [][]string{{"scan", "--advisories", "alpine=" + feeds + "/alpine", "--policy", policy, "testdata/debian-12.tar"}}, code: exitFail},
		{name: "scan-sarif-and-table", steps: [][]string{{"scan", "--advisories", feeds, "--policy", policy, "--stage", "build", "-o", "sarif=" + sarif, "-o", "table", image}}, code: exitFail,
			check: func(t *testing.T) { checkSARIF(t, sarif, 23) }},
		{name: "scan-vex", steps: [][]string{{"scan", "--advisories", feeds, "--policy", policy, "--vex", here + "alpine-3.19.openvex.json", image}}, code: exitFail},
		{name: "scan-sbom", steps: [][]string{
			{"sbom", "-o", "cyclonedx-json=" + cdx, image},
			{"scan", "--advisories", feeds, "--policy", policy, "sbom:" + cdx},
		}, code: exitFail},
		{name: "gate-registry", steps: [][]string{{"gate", "--policy", policy, "--stage", "registry", here + "alpine-3.19.result.json"}}, code: exitFail},
		{name: "gate-runtime-markdown", steps: [][]string{{"gate", "--policy", policy, "--stage", "runtime", "-o", "markdown", here + "alpine-3.19.result.json"}}, code: exitOK},
		{name: "gate-vex", steps: [][]string{{"gate", "--policy", policy, "--vex", here + "alpine-3.19.openvex.json", "-o", "junit", here + "alpine-3.19.result.json"}}, code: exitFail},
		{name: "scan-broken-sbom", steps: [][]string{{"scan", "--advisories", feeds, "sbom:" + here + "broken.cdx.json"}}, code: exitScanError},
		{name: "scan-usage-no-target", steps: [][]string{{"scan", "--advisories", feeds}}, code: exitUsage},
		{name: "scan-usage-no-database", steps: [][]string{{"scan", "--db", filepath.Join(tmp, "none.db"), image}}, code: exitUsage},
		{name: "scan-usage-not-a-database", steps: [][]string{{"scan", "--db", policy, image}}, code: exitUsage},
		{name: "scan-usage-db-and-advisories", steps: [][]string{{"scan", "--db", filepath.Join(tmp, "none.db"), "--advisories", feeds, image}}, code: exitUsage},
		{name: "scan-usage-unknown-feed", steps: [][]string{{"scan", "--advisories", "frob=" + policy, image}}, code: exitUsage},
		{name: "scan-usage-feed-not-parsed", steps: [][]string{{"scan", "--advisories", "kev=" + policy, image}}, code: exitUsage},
		{name: "scan-usage-bad-format", steps: [][]string{{"scan", "--advisories", feeds, "-o", "yaml", image}}, code: exitUsage},
		{name: "scan-usage-bad-policy", steps: [][]string{{"scan", "--advisories", feeds, "--policy", here + "bad-policy.yaml", image}}, code: exitUsage},
		{name: "scan-usage-unknown-stage", steps: [][]string{{"scan", "--advisories", feeds, "--policy", policy, "--stage", "deploy", image}}, code: exitUsage},
		{name: "scan-openvex", steps: [][]string{{"scan", "--advisories", feeds, "-o", "openvex", image}}, code: exitOK},
		{name: "scan-vex-without-policy", steps: [][]string{{"scan", "--advisories", feeds, "--vex", here + "alpine-3.19.openvex.json", image}}, code: exitOK},
		{name: "scan-usage-stage-without-policy", steps: [][]string{{"scan", "--advisories", feeds, "--stage", "registry", image}}, code: exitUsage},
		{name: "scan-usage-not-vex", steps: [][]string{{"scan", "--advisories", feeds, "--vex", policy, image}}, code: exitUsage},
		{name: "gate-usage-no-policy", steps: [][]string{{"gate", here + "alpine-3.19.result.json"}}, code: exitUsage},
		{name: "scan-fail-on-critical", steps: [][]string{{"scan", "--advisories", feeds, "--fail-on", "critical", image}}, code: exitFail},
		{name: "scan-fail-on-high-only-fixed-npm", steps: [][]string{{"scan", "--advisories", feeds, "--fail-on", "high", "--only-fixed", "-o", "markdown", image}}, code: exitFail},
		{name: "gate-fail-on-with-policy", steps: [][]string{{"gate", "--policy", policy, "--stage", "runtime", "--fail-on", "medium", here + "alpine-3.19.result.json"}}, code: exitFail},
		{name: "scan-usage-only-fixed-alone", steps: [][]string{{"scan", "--advisories", feeds, "--only-fixed", image}}, code: exitUsage},
		{name: "scan-usage-fail-on-word", steps: [][]string{{"scan", "--advisories", feeds, "--fail-on", "severe", image}}, code: exitUsage},
		{name: "gate-usage-not-a-result", steps: [][]string{{"gate", "--policy", policy, here + "alpine-3.19.openvex.json"}}, code: exitUsage},
		{name: "scan-cyclonedx-json", steps: [][]string{{"scan", "--advisories", feeds, "-o", "cyclonedx-json", image}}, code: exitOK},
		{name: "gate-usage-cyclonedx-json", steps: [][]string{{"gate", "--policy", policy, "-o", "cyclonedx-json", here + "alpine-3.19.result.json"}}, code: exitUsage},
		{name: "gate-cyclonedx-vex-json", steps: [][]string{{"gate", "--policy", policy, "--stage", "runtime", "-o", "cyclonedx-vex-json", here + "alpine-3.19.result.json"}}, code: exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got strings.Builder
			code := 0
			for _, args := range tt.steps {
				out, c := transcript(args...)
				got.WriteString(out)
				code = c
			}
			out := strings.ReplaceAll(got.String(), tmp, "TMP")
			if code != tt.code {
				t.Errorf("exit code %d, want %d\n%s", code, tt.code, out)
			}
			checkGolden(t, filepath.Join(goldenDir, tt.name+".golden"), out)
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

// checkSARIF checks that a file is a SARIF 2.1.0 log with n results.
func checkSARIF(t *testing.T, name string, n int) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct{ Results []json.RawMessage }
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != n {
		t.Errorf("SARIF version %q, %d runs, want 2.1.0 and one run of %d results", log.Version, len(log.Runs), n)
	}
}

// TestStoredResult keeps testdata/alpine-3.19.result.json, the input of
// the gate transcripts, equal to what scan -o json writes now (go test
// -update rewrites it).
func TestStoredResult(t *testing.T) {
	stored, err := filepath.Abs("testdata/alpine-3.19.result.json")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "result.json")
	t.Chdir("../..")
	if s, code := transcript("scan", "--advisories", "testdata/advisories", "-o", "json="+out, "testdata/alpine-3.19.tar"); code != exitOK {
		t.Fatalf("scan: exit %d\n%s", code, s)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, stored, string(got))
}

// TestScanFormats writes every report format of one scan to files, and
// checks each reads back: the JSON report as the match result, the XML
// as well-formed, the rest as JSON or text.
func TestScanFormats(t *testing.T) {
	dir := t.TempDir()
	t.Chdir("../..")
	args := []string{"scan", "--advisories", "testdata/advisories", "--policy", "testdata/policy.yaml", "testdata/alpine-3.19.tar", "-o", "table"}
	for _, f := range reportFormats[1:] {
		args = append(args, "-o", f+"="+filepath.Join(dir, f))
	}
	if out, code := transcript(args...); code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, out)
	}
	for _, f := range reportFormats[1:] {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		switch f {
		case "json":
			res, err := report.ReadResult(bytes.NewReader(data))
			if err != nil || len(res.Findings) != 23 {
				t.Errorf("json: %v, want 23 findings", err)
			}
		case "junit":
			d := xml.NewDecoder(bytes.NewReader(data))
			for err == nil {
				_, err = d.Token()
			}
			if err != io.EOF {
				t.Errorf("junit: %v", err)
			}
		case "sarif", "gitlab":
			if !json.Valid(data) {
				t.Errorf("%s: not JSON", f)
			}
		case "markdown":
			if !bytes.Contains(data, []byte("FAIL")) {
				t.Errorf("markdown: no verdict:\n%s", data)
			}
		case "openvex", "cyclonedx-vex-json", "cyclonedx-vex-xml":
			doc, err := vex.Decode(bytes.NewReader(data))
			if want := strings.Replace(f, "-vex", "", 1); err != nil || string(doc.Format) != want || len(doc.Statements) != 23 {
				t.Errorf("%s: %v, want a %s document of 23 statements", f, err, want)
			}
		case "cyclonedx-json", "cyclonedx-xml":
			inv, got, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
			if err != nil || got.Kind.String() != f || len(inv.Packages) != 18 {
				t.Errorf("%s: %v, want a %[1]s SBOM of 18 packages", f, err)
			}
		}
	}
}

// TestScanCycloneDX checks scan's CycloneDX document of the shipped
// image against what sbom and scan -o json write of it: it reads back
// (sbomfile.Decode) to the inventory sbom scans, and each finding of the
// result is exactly one affects entry, of the finding's vulnerability,
// naming the component of the finding's package.
func TestScanCycloneDX(t *testing.T) {
	dir := t.TempDir()
	t.Chdir("../..")
	const image = "testdata/alpine-3.19.tar"
	cdxFile, resFile := filepath.Join(dir, "scan.cdx.json"), filepath.Join(dir, "result.json")
	if out, code := transcript("scan", "--advisories", "testdata/advisories", "-o", "cyclonedx-json="+cdxFile, "-o", "json="+resFile, image); code != exitOK {
		t.Fatal(out)
	}
	data, err := os.ReadFile(cdxFile)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := sbomfile.Decode(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := inventoryOf(t, image)
	want.Source.Kind = "sbom"
	for i := range want.Packages {
		want.Packages[i].Files = nil // not written by default
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("inventory (-sbom +scan's CycloneDX):\n%s", diff)
	}

	res := resultFile(t, resFile)
	var doc struct {
		Components []struct {
			Ref           string `json:"bom-ref"`
			Name, Version string
		}
		Vulnerabilities []struct {
			ID      string
			Affects []struct{ Ref string }
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	comps := map[string]string{}
	for _, c := range doc.Components {
		comps[c.Ref] = c.Name + "@" + c.Version
	}
	entries := map[string]int{}
	for _, v := range doc.Vulnerabilities {
		for _, a := range v.Affects {
			entries[v.ID+" "+comps[a.Ref]]++
		}
	}
	for _, fd := range res.Findings {
		k := fd.Vulnerability + " " + fd.Package.Name + "@" + fd.Package.Version
		if entries[k] != 1 {
			t.Errorf("finding %s: %d affects entries, want 1", k, entries[k])
		}
		delete(entries, k)
	}
	if len(res.Findings) != 23 || len(doc.Vulnerabilities) != 11 || len(entries) != 0 {
		t.Errorf("%d findings, %d vulnerabilities, affects entries of no finding %v; want 23, 11, none", len(res.Findings), len(doc.Vulnerabilities), entries)
	}
}

// resultFile reads the match result scan -o json wrote to name.
func resultFile(t *testing.T, name string) *match.Result {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := report.ReadResult(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestScanSBOMAgrees checks that scanning the SBOM loadline writes of the
// shipped image finds what scanning the image does.
func TestScanSBOMAgrees(t *testing.T) {
	dir := t.TempDir()
	t.Chdir("../..")
	cdx := filepath.Join(dir, "alpine.cdx.json")
	if out, code := transcript("sbom", "-o", "cyclonedx-json="+cdx, "testdata/alpine-3.19.tar"); code != exitOK {
		t.Fatal(out)
	}
	result := func(target string) *match.Result {
		out := filepath.Join(dir, "result.json")
		if s, code := transcript("scan", "--advisories", "testdata/advisories", "-o", "json="+out, target); code != exitOK {
			t.Fatal(s)
		}
		return resultFile(t, out)
	}
	img, doc := result("testdata/alpine-3.19.tar"), result("sbom:"+cdx)
	if len(img.Findings) != 23 {
		t.Errorf("image: %d findings, want 23", len(img.Findings))
	}
	if diff := cmp.Diff(img.Findings, doc.Findings); diff != "" {
		t.Errorf("findings (-image +sbom):\n%s", diff)
	}
	if diff := cmp.Diff(img.Gaps, doc.Gaps); diff != "" {
		t.Errorf("gaps (-image +sbom):\n%s", diff)
	}
}

func TestParseAdvisories(t *testing.T) {
	const dir = "../../testdata/advisories"
	tests := []struct {
		specs []string
		want  []string // name=path, then the feed's Name
		err   string
	}{
		{specs: []string{dir}, want: []string{
			"alpine=" + dir + "/alpine alpine", "kev=" + dir + "/kev.json kev", "osv=" + dir + "/osv osv"}},
		{specs: []string{"wolfi=" + dir + "/kev.json", "debian-dla=" + dir + "/kev.json", "osv-PyPI=" + dir + "/osv"}, want: []string{
			"wolfi=" + dir + "/kev.json wolfi", "debian-dla=" + dir + "/kev.json debian-dla", "osv-PyPI=" + dir + "/osv osv-pypi"}},
		{specs: []string{dir, "kev=" + dir + "/kev.json"}, err: "--advisories: feed kev given twice"},
		{specs: []string{"frob=" + dir}, err: `--advisories frob=` + dir + `: unknown feed "frob"`},
		{specs: []string{"kev=./no-such.json"}, err: "--advisories: stat ./no-such.json: no such file or directory"},
		{specs: []string{"./no-such-dir"}, err: "--advisories ./no-such-dir: want FEED=PATH or a directory of feeds"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.specs, " "), func(t *testing.T) {
			got, err := parseAdvisories(tt.specs, transcriptNow)
			if tt.err != "" {
				var ue usageError
				if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error %v, want a usage error starting %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, im := range got {
				names = append(names, im.name+"="+im.path+" "+im.feed.Name())
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("imports (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScanStaleDatabase checks that a scan against a database whose feeds
// are older than --max-db-age warns (and still scans), and that a fresh
// one, or --max-db-age 0, does not.
func TestScanStaleDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "advisories.db")
	built := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	// A local import's fetch time is its file's: made the build's.
	secdb := filepath.Join(dir, "v3.19-main.json")
	data, err := os.ReadFile("../../testdata/advisories/alpine/v3.19-main.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(secdb, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(secdb, built, built); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if code := runAt(ctx, []string{"db", "import", "--db", db, "--feed", "alpine", secdb}, &out, &errs, func() time.Time { return built }); code != exitOK {
		t.Fatalf("db import: exit %d: %s", code, errs.String())
	}
	for _, tt := range []struct {
		name  string
		now   time.Time
		flags []string
		warn  bool
	}{
		{"22 days later", built.AddDate(0, 0, 22), nil, true},
		{"a day later", built.AddDate(0, 0, 1), nil, false},
		{"22 days later, no maximum", built.AddDate(0, 0, 22), []string{"--max-db-age", "0"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			errs.Reset()
			args := append([]string{"scan", "--db", db}, tt.flags...)
			args = append(args, "../../testdata/alpine-3.19.tar")
			if code := runAt(ctx, args, &out, &errs, func() time.Time { return tt.now }); code != exitOK {
				t.Fatalf("scan: exit %d: %s", code, errs.String())
			}
			warned := strings.Contains(errs.String(), "warning: 1 of 1 feeds of the advisory database are older than 5d (alpine)")
			if warned != tt.warn {
				t.Errorf("warned %v, want %v; stderr:\n%s", warned, tt.warn, errs.String())
			}
			if !strings.Contains(out.String(), "CVE-2024-9143") {
				t.Errorf("the scan did not run: %s", out.String())
			}
		})
	}
}
