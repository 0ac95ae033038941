package python_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan"
	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/python"
)

// TestScannerDir runs Installed through the scanner over a real
// directory, so that the sibling folders are listed by the scanner's own
// filesystem view, which holds only wanted files.
func TestScannerDir(t *testing.T) {
	root := t.TempDir()
	const dp = "usr/lib/python3/dist-packages/"
	const venv = "app/.venv/lib/python3.11/site-packages/"
	files := map[string]string{
		dp + "six-1.16.0.dist-info/METADATA":            "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n",
		dp + "six-1.16.0.dist-info/WHEEL":               "Wheel-Version: 1.0\n",
		dp + "six-1.16.0.egg-info/PKG-INFO":             "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\n",
		dp + "six-1.16.0.egg-info/top_level.txt":        "six\n",
		dp + "six.py":                                   "",
		venv + "six-1.17.0.dist-info/METADATA":          "Metadata-Version: 2.1\nName: six\nVersion: 1.17.0\n",
		venv + "six-1.17.0.dist-info/RECORD":            "six.py,,\nsix-1.17.0.dist-info/METADATA,,\n",
		"app/requirements.txt":                          "six==1.17.0\n",
		dp + "pkg/tests/fixture-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: fixture\nVersion: 1.0\n",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &scan.Scanner{Catalogers: []catalog.Cataloger{&python.Installed{}}}
	inv, err := s.Dir(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	want := []sbom.Package{
		{
			Type: "pypi", Name: "six", Version: "1.16.0", PURL: "pkg:pypi/six@1.16.0",
			Evidence: []string{"/" + dp + "six-1.16.0.dist-info/METADATA", "/" + dp + "six-1.16.0.egg-info/PKG-INFO"},
		},
		{
			Type: "pypi", Name: "six", Version: "1.17.0", PURL: "pkg:pypi/six@1.17.0",
			Evidence: []string{"/" + venv + "six-1.17.0.dist-info/METADATA", "/" + venv + "six-1.17.0.dist-info/RECORD"},
			Files:    []string{"/" + venv + "six-1.17.0.dist-info/METADATA", "/" + venv + "six.py"},
		},
	}
	if diff := cmp.Diff(want, inv.Packages); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
	if len(inv.Problems) > 0 {
		t.Errorf("problems: %+v", inv.Problems)
	}
}
