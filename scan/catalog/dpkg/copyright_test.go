package dpkg

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/scan/catalog"
)

// rootfsFS is the Debian 12 minbase rootfs subset (os-release, the
// status file, usr/share/doc/*/copyright) with two real .list files.
func rootfsFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := minbaseFS(t)
	tr := tar.NewReader(bytes.NewReader(readTestdata(t, "debian-12-minbase/rootfs-dpkg-subset.tar.gz")))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		fsys[strings.TrimPrefix(h.Name, "./")] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestCatalogLicenses(t *testing.T) {
	fsys := rootfsFS(t)
	c := &Cataloger{}
	pkgs, err := c.Catalog(context.Background(), &catalog.Input{Path: "/var/lib/dpkg/status", FS: fsys})
	if err != nil {
		t.Fatalf("Catalog: %v", err)
	}
	want := map[string][]string{}
	for line := range strings.Lines(string(readTestdata(t, "debian-12-minbase/expected-licenses.tsv"))) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		pkg, lic, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		want[pkg] = append(want[pkg], lic)
	}
	got := map[string][]string{}
	withCopyright := 0
	for _, p := range pkgs {
		if p.Licenses != nil {
			got[p.Name] = p.Licenses
			copyright := "/usr/share/doc/" + p.Name + "/copyright"
			if p.Evidence[len(p.Evidence)-1] != copyright {
				t.Errorf("%s: Evidence %q lacks %s", p.Name, p.Evidence, copyright)
			}
			withCopyright++
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("licenses differ from expected-licenses.tsv (-want +got):\n%s", diff)
	}
	t.Logf("%d of %d packages have licenses from DEP-5 copyright files", withCopyright, len(pkgs))

	got2, err := c.Catalog(context.Background(), &catalog.Input{Path: "/usr/share/doc/bash/copyright", FS: fsys})
	if got2 != nil || err != nil {
		t.Errorf("Catalog(copyright) = %v, %v; want nil, nil", got2, err)
	}
}

func TestParseCopyright(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"dep5", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nSource: x\n\n" +
			"Files: *\nCopyright: me\nLicense: GPL-2+\n This is free.\n .\n More.\n\nFiles: a\nLicense: MIT or GPL-2+\n\n" +
			"License: GPL-2+\n text\n\nLicense: MIT\n text\n", []string{"GPL-2+", "MIT", "MIT or GPL-2+"}},
		{"CRLF and draft header", "Format-Specification: http://svn.debian.org/wsvn/dep/web/deps/dep5.mdwn?rev=135\r\n\r\nFiles: *\r\nLicense: BSD-3-clause  \r\n", []string{"BSD-3-clause"}},
		{"license text on following lines only", "Format: x\n\nFiles: *\nLicense:\n GPL\n", nil},
		{"free-form", "This is the Debian GNU/Linux prepackaged version of x.\n\nLicense: GPL\n", nil},
		{"Format after the first paragraph", "Upstream-Name: x\n\nFormat: y\nLicense: GPL\n", nil},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCopyright(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseCopyright(f *testing.F) {
	f.Add([]byte("Format: x\r\n\r\nFiles: *\r\nLicense: GPL-2+\r\n text\r\n"))
	f.Add([]byte("free text\n\nLicense: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lics, _ := parseCopyright(bytes.NewReader(data))
		for i, l := range lics {
			if l == "" || l != strings.TrimSpace(l) || strings.ContainsAny(l, "\r\n") || (i > 0 && lics[i-1] >= l) {
				t.Errorf("insane licenses %q", lics)
			}
		}
	})
}
