package golang_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/golang"
)

// TestScanDir runs both catalogers through the scanner over a directory
// holding a Go binary built here, a copy of it without an executable
// bit, a shell script and a go.mod: the binary is handed over as a
// Standalone file, the copy is not wanted, the script is turned away.
func TestScanDir(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	dir := t.TempDir()
	write := func(name string, data []byte, mode os.FileMode) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("src/go.mod", []byte("module example.com/hello\n\ngo 1.22\n"), 0o644)
	write("src/main.go", []byte("package main\n\nfunc main() { println(\"hello\") }\n"), 0o644)
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "usr/bin/hello"), ".")
	cmd.Dir = filepath.Join(dir, "src")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	bin, err := os.ReadFile(filepath.Join(dir, "usr/bin/hello"))
	if err != nil {
		t.Fatal(err)
	}
	write("opt/hello.copy", bin, 0o644)
	write("usr/bin/script", []byte("#!/bin/sh\necho hello\n"), 0o755)
	version, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}

	s := &scan.Scanner{Catalogers: []catalog.Cataloger{&golang.Binary{}, &golang.Lockfile{}}}
	inv, err := s.Dir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range inv.Packages {
		got = append(got, p.PURL+" "+p.Evidence[0])
	}
	want := []string{ // sbom.ComparePackages order: namespace "" first
		"pkg:golang/stdlib@" + strings.TrimPrefix(strings.TrimSpace(string(version)), "go") + " /usr/bin/hello",
		"pkg:golang/example.com/hello /src/go.mod",
		"pkg:golang/example.com/hello /usr/bin/hello",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	if len(inv.Problems) != 0 {
		t.Errorf("problems: %+v", inv.Problems)
	}
}
