package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/sbom/sbomfile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// transcriptNow is the clock of the transcripts: the time scans and
// verdicts are stamped with and policies are evaluated at.
var transcriptNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// transcript runs the command line and returns what a user sees.
func transcript(args ...string) (string, int) {
	var stdout, stderr bytes.Buffer
	code := runAt(context.Background(), args, &stdout, &stderr, func() time.Time { return transcriptNow })
	return fmt.Sprintf("$ loadline %s\n%s--- stderr\n%s--- exit %d\n", strings.Join(args, " "), stdout.String(), stderr.String(), code), code
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", filepath.Base(golden), diff)
	}
}

// TestGolden runs command lines against the shipped test image and
// compares what they print with testdata/*.golden (go test -update
// rewrites them).
func TestGolden(t *testing.T) {
	const image = "../../testdata/debian-12.tar"
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"sbom-table", []string{"sbom", image}, exitOK},
		{"sbom-json", []string{"sbom", "-o", "json", image}, exitOK},
		{"sbom-oci-layout-flags-after", []string{"sbom", "oci-layout:../../testdata/debian-12-oci", "--output=json"}, exitOK},
		{"usage-no-target", []string{"sbom"}, exitUsage},
		{"usage-project-image", []string{"sbom", "--project", image}, exitUsage},
		{"usage-bad-format", []string{"sbom", "-o", "yaml", image}, exitUsage},
		{"usage-two-to-stdout", []string{"sbom", "-o", "json", "-o", "table", image}, exitUsage},
		{"usage-unknown-flag", []string{"sbom", "--frobnicate", image}, exitUsage},
		{"usage-bad-platform", []string{"sbom", "--platform", "linux/", image}, exitUsage},
		{"missing-file", []string{"sbom", "./no-such-image.tar"}, exitUsage},
		{"sbom-from-cyclonedx-table", []string{"sbom", "sbom:testdata/trivy-centos-7.cdx.json"}, exitOK},
		{"sbom-cyclonedx-to-spdx-json", []string{"sbom", "-o", "spdx-json", "sbom:testdata/trivy-centos-7.cdx.json"}, exitOK},
		{"sbom-spdx-tag-value-to-cyclonedx-xml", []string{"sbom", "-o", "cyclonedx-xml", "sbom:testdata/trivy-centos-7.spdx.tv"}, exitOK},
		{"sbom-not-an-sbom", []string{"sbom", "sbom:testdata/Gemfile.lock"}, exitUsage},
		{"sbom-missing-file", []string{"sbom", "sbom:./no-such.cdx.json"}, exitUsage},
		{"sbom-broken", []string{"sbom", "sbom:testdata/broken.cdx.json"}, exitScanError},
		{"usage-sbom-project", []string{"sbom", "--project", "sbom:testdata/trivy-centos-7.cdx.json"}, exitUsage},
	}
	// SBOM documents carry a creation time: the transcripts are made with
	// the reproducible-builds one set (it is not shown in their command).
	t.Setenv("SOURCE_DATE_EPOCH", "1795392000") // 2026-11-23T00:00:00Z
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code := transcript(tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\n%s", code, tt.code, got)
			}
			checkGolden(t, filepath.Join("testdata", tt.name+".golden"), got)
		})
	}
}

// TestSourcesAgree checks that the docker archive and the OCI layout of
// the shipped image give the same packages.
func TestSourcesAgree(t *testing.T) {
	a, b := inventoryOf(t, "../../testdata/debian-12.tar"), inventoryOf(t, "../../testdata/debian-12-oci")
	if len(a.Packages) != 736 {
		t.Errorf("%d packages, want 736", len(a.Packages))
	}
	if diff := cmp.Diff(a.Packages, b.Packages); diff != "" {
		t.Errorf("packages (-docker-archive +oci-layout):\n%s", diff)
	}
	for i := range a.Layers {
		if a.Layers[i].DiffID != b.Layers[i].DiffID || a.Layers[i].CreatedBy != b.Layers[i].CreatedBy {
			t.Errorf("layer %d: %+v vs %+v", i, a.Layers[i], b.Layers[i])
		}
	}
}

func TestWriteFileOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "inv.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"sbom", "../../testdata/debian-12.tar", "-o", "json=" + out, "-o", "table"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) || !strings.Contains(stdout.String(), "Packages:") {
		t.Errorf("file %d bytes (valid JSON: %v); stdout:\n%s", len(data), json.Valid(data), stdout.String())
	}
}

// TestSBOMDocuments checks that each document format the sbom command
// writes decodes to the inventory's packages (the encoders' own golden
// files are in their packages).
func TestSBOMDocuments(t *testing.T) {
	const image = "../../testdata/debian-12.tar"
	out := func(format string) []byte {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"sbom", "-o", format, image}, &stdout, &stderr); code != 0 {
			t.Fatalf("-o %s: exit %d: %s", format, code, stderr.String())
		}
		return stdout.Bytes()
	}
	var want sbom.Inventory
	if err := json.Unmarshal(out("json"), &want); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"} {
		t.Run(format, func(t *testing.T) {
			got, f, err := sbomfile.Decode(context.Background(), bytes.NewReader(out(format)))
			if err != nil {
				t.Fatal(err)
			}
			if f.Kind.String() != format {
				t.Errorf("-o %s wrote %v", format, f)
			}
			for i := range want.Packages {
				want.Packages[i].Files = nil // not written by default
			}
			if diff := cmp.Diff(want.Packages, got.Packages, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("packages (-json +%s):\n%s", format, diff)
			}
		})
	}
}

// TestProject reads a source tree's lockfiles with --project, and the
// same tree's installed packages (none) without it.
func TestProject(t *testing.T) {
	dir := t.TempDir()
	lock, err := os.ReadFile("testdata/Gemfile.lock")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Gemfile.lock"), lock, 0o644); err != nil {
		t.Fatal(err)
	}
	count := func(args ...string) int {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append(args, "-o", "json", dir), &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		var inv sbom.Inventory
		if err := json.Unmarshal(stdout.Bytes(), &inv); err != nil {
			t.Fatal(err)
		}
		return len(inv.Packages)
	}
	if n := count("sbom", "--project"); n == 0 {
		t.Error("--project found no packages in Gemfile.lock")
	}
	if n := count("sbom"); n != 0 {
		t.Errorf("without --project: %d packages from a lockfile", n)
	}
}

// TestConvert: an SBOM converted by "sbom -o FORMAT=FILE sbom:IN" reads
// back (sbom:FILE) to the inventory IN gives, in every format.
func TestConvert(t *testing.T) {
	for _, in := range []string{"testdata/trivy-centos-7.cdx.json", "testdata/trivy-centos-7.spdx.tv"} {
		want := inventoryOf(t, "sbom:"+in)
		for _, format := range []string{"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"} {
			t.Run(filepath.Base(in)+"/"+format, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "sbom")
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), []string{"sbom", "-o", format + "=" + out, "sbom:" + in}, &stdout, &stderr); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
				if diff := cmp.Diff(want, inventoryOf(t, "sbom:"+out)); diff != "" {
					t.Errorf("inventory (-%s +converted):\n%s", in, diff)
				}
			})
		}
	}
}

// inventoryOf runs "sbom -o json TARGET" and returns the inventory.
func inventoryOf(t *testing.T, target string) *sbom.Inventory {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"sbom", "-o", "json", target}, &stdout, &stderr); code != 0 {
		t.Fatalf("%s: exit %d: %s", target, code, stderr.String())
	}
	var inv sbom.Inventory
	if err := json.Unmarshal(stdout.Bytes(), &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}
