package rust_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/rust"
)

// TestScanDir runs both catalogers through the scanner over a directory
// holding an executable with audit data, the same file without an
// executable bit, and a Cargo.lock: the executable is handed over as a
// Standalone file, the copy is not wanted.
func TestScanDir(t *testing.T) {
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
	audit := []byte(`{"packages":[{"name":"app","version":"0.1.0","source":"local","dependencies":[1],"root":true},{"name":"memchr","version":"2.7.4","source":"crates.io"}]}`)
	exe := rust.ELFWith(".dep-v0", rust.Zlibbed(t, audit))
	write("usr/bin/app", exe, 0o755)
	write("opt/app.copy", exe, 0o644)
	write("src/Cargo.lock", []byte("version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"), 0o644)

	s := &scan.Scanner{Catalogers: []catalog.Cataloger{&rust.Binary{}, &rust.Lockfile{}}}
	inv, err := s.Dir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range inv.Packages {
		got = append(got, p.PURL+" "+p.Evidence[0])
	}
	want := []string{
		"pkg:cargo/app@0.1.0 /src/Cargo.lock",
		"pkg:cargo/app@0.1.0 /usr/bin/app",
		"pkg:cargo/memchr@2.7.4 /usr/bin/app",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	if len(inv.Problems) != 0 {
		t.Errorf("problems: %+v", inv.Problems)
	}
}
