package distro

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
)

func TestParseOSRelease(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr string
	}{
		{name: "empty", in: "", want: map[string]string{}},
		{
			name: "comments and blank lines",
			in:   "# c\n\n  # indented\nID=x\n\n",
			want: map[string]string{"ID": "x"},
		},
		{
			name: "quoting",
			in: `A=plain
B="double quoted"
C='single "quoted"'
` + "D=\"esc \\\" \\\\ \\$ \\` \\n\"\n" + `E=un\ quoted\"
F='no \escape'
G="con"'cat'enated
H=
I=""
J = spaced
K="trailing"   
L=a=b
`,
			want: map[string]string{
				"A": "plain", "B": "double quoted", "C": `single "quoted"`,
				"D": "esc \" \\ $ ` \\n", "E": `un quoted"`, "F": `no \escape`,
				"G": "concatenated", "H": "", "I": "", "J": "spaced", "K": "trailing", "L": "a=b",
			},
		},
		{name: "later key wins", in: "ID=a\nID=b\n", want: map[string]string{"ID": "b"}},
		{name: "CRLF", in: "ID=a\r\nNAME=\"A\"\r\n", want: map[string]string{"ID": "a", "NAME": "A"}},
		{
			name:    "bad lines skipped and named",
			in:      "ID=a\nno equals\n1X=y\nB=\"open\nC='open\nD=ok\n",
			want:    map[string]string{"ID": "a", "D": "ok"},
			wantErr: "distro: line 2: no \"=\"\ndistro: line 3: bad key \"1X\"\ndistro: line 4: B: unterminated double quote\ndistro: line 5: C: unterminated single quote",
		},
		{
			name:    "too large",
			in:      strings.Repeat("#", maxFileSize+1),
			wantErr: "distro: larger than 65536 bytes",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseOSRelease(strings.NewReader(tc.in))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseOSRelease (-want +got):\n%s", diff)
			}
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tc.wantErr {
				t.Errorf("ParseOSRelease error = %q, want %q", gotErr, tc.wantErr)
			}
		})
	}
}

// TestParseOSReleaseRealFiles checks every real os-release in testdata
// parses without a malformed line.
func TestParseOSReleaseRealFiles(t *testing.T) {
	paths, err := filepath.Glob("testdata/*/*/os-release")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/usr/lib/os-release")
	for _, p := range append(paths, more...) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ParseOSRelease(f)
		f.Close()
		if err != nil || m["ID"] == "" {
			t.Errorf("%s: ID %q, error %v", p, m["ID"], err)
		}
	}
}

// TestDetectDirFSStaysInside puts an absolute link to /usr/lib/os-release
// in an on-disk root: os.DirFS's Open would follow it to the host's own
// file; Detect must read the root's.
func TestDetectDirFSStaysInside(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"etc", "usr/lib"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "usr/lib/os-release"), []byte("ID=inside\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/usr/lib/os-release", filepath.Join(root, "etc/os-release")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink("/etc", filepath.Join(root, "etc2")); err != nil {
		t.Fatal(err)
	}
	got, err := Detect(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&sbom.Distro{ID: "inside"}, got); diff != "" {
		t.Errorf("Detect (-want +got):\n%s", diff)
	}
	// A linked directory with an absolute target resolves inside too:
	// etc2 -> /etc is the root's etc, whose os-release leads to ours.
	lfs, ok := os.DirFS(root).(fs.ReadLinkFS)
	if !ok {
		t.Fatal("os.DirFS is no fs.ReadLinkFS")
	}
	if got, err := resolve(lfs, "etc2/os-release"); err != nil || got != "usr/lib/os-release" {
		t.Errorf("resolve(etc2/os-release) = %q, %v; want usr/lib/os-release", got, err)
	}
}
