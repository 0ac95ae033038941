package layerfs

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// ent is one tar entry of a test layer.
type ent struct {
	name, body, link string
	typ              byte
}

func file(name, body string) ent    { return ent{name: name, body: body, typ: tar.TypeReg} }
func dir(name string) ent           { return ent{name: name, typ: tar.TypeDir} }
func symlink(name, to string) ent   { return ent{name: name, link: to, typ: tar.TypeSymlink} }
func hardlink(name, to string) ent  { return ent{name: name, link: to, typ: tar.TypeLink} }
func whiteout(dir, name string) ent { return file(dir+".wh."+name, "") }

func tarball(t testing.TB, ents ...ent) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range ents {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: 0o644, Size: int64(len(e.body))}
		if e.typ == tar.TypeDir {
			hdr.Mode = 0o755
		}
		if e.typ != tar.TypeReg {
			hdr.Size = 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func all(string) bool { return true }

func stack(t testing.TB, layers ...[]ent) *Stack {
	t.Helper()
	var ls []*Layer
	for _, ents := range layers {
		l, err := Read(context.Background(), bytes.NewReader(tarball(t, ents...)), all, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	return NewStack(ls...)
}

// tree lists every visible path of a view with its content or link.
func tree(t testing.TB, v *View) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(v, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			to, err := v.ReadLink(p)
			if err != nil {
				return err
			}
			out = append(out, p+" -> "+to)
		case d.IsDir():
			out = append(out, p+"/")
		default:
			data, err := v.ReadFile(p)
			if err != nil {
				out = append(out, p+" !"+err.Error())
				return nil
			}
			out = append(out, p+" = "+string(data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWhiteoutsAndLinks(t *testing.T) {
	base := []ent{
		dir("etc/"), file("etc/os-release", "ID=debian"), file("etc/gone", "x"),
		dir("var/"), dir("var/lib/"), file("var/lib/a", "a"), file("var/lib/b", "b"),
		dir("opt/"), file("opt/keep", "k"), file("bin/tool", "elf"),
	}
	tests := []struct {
		name   string
		layers [][]ent
		want   []string
	}{{
		name:   "base",
		layers: [][]ent{base},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "opt/", "opt/keep = k", "var/", "var/lib/", "var/lib/a = a", "var/lib/b = b"},
	}, {
		name:   "whiteout file and directory",
		layers: [][]ent{base, {whiteout("etc/", "gone"), whiteout("", "opt")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/os-release = ID=debian", "var/", "var/lib/", "var/lib/a = a", "var/lib/b = b"},
	}, {
		name:   "opaque directory keeps its own layer's entries",
		layers: [][]ent{base, {dir("var/lib/"), file("var/lib/.wh..wh..opq", ""), file("var/lib/c", "c")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "opt/", "opt/keep = k", "var/", "var/lib/", "var/lib/c = c"},
	}, {
		name:   "opaque marker before its directory entry",
		layers: [][]ent{base, {file("var/lib/.wh..wh..opq", ""), dir("var/lib/")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "opt/", "opt/keep = k", "var/", "var/lib/"},
	}, {
		name:   "file replaces directory, then a directory again",
		layers: [][]ent{base, {file("var", "now a file")}, {dir("var/"), file("var/new", "n")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "opt/", "opt/keep = k", "var/", "var/new = n"},
	}, {
		name:   "whiteout then re-create in the same layer",
		layers: [][]ent{base, {whiteout("", "var"), dir("var/"), file("var/x", "x")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "opt/", "opt/keep = k", "var/", "var/x = x"},
	}, {
		name:   "hard links in the same and a lower layer",
		layers: [][]ent{base, {hardlink("etc/same", "etc/os-release"), file("usr/x", "X"), hardlink("usr/y", "usr/x")}},
		want:   []string{"./", "bin/", "bin/tool = elf", "etc/", "etc/gone = x", "etc/os-release = ID=debian", "etc/same = ID=debian", "opt/", "opt/keep = k", "usr/", "usr/x = X", "usr/y = X", "var/", "var/lib/", "var/lib/a = a", "var/lib/b = b"},
	}, {
		name:   "symlinks are listed, not followed, by WalkDir",
		layers: [][]ent{{file("usr/lib/os-release", "ID=alpine"), symlink("etc/os-release", "../usr/lib/os-release"), symlink("lib", "usr/lib")}},
		want:   []string{"./", "etc/", "etc/os-release -> ../usr/lib/os-release", "lib -> usr/lib", "usr/", "usr/lib/", "usr/lib/os-release = ID=alpine"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := stack(t, tt.layers...)
			got := tree(t, s.View(s.Len()-1))
			got[0] = "./"
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tree (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	s := stack(t, []ent{
		file("usr/lib/os-release", "ID=alpine"),
		symlink("etc/os-release", "../usr/lib/os-release"),
		symlink("abs", "/usr/lib/os-release"),
		symlink("lib", "usr/lib"),
		symlink("escape", "../../../../usr/lib/os-release"),
		symlink("loop1", "loop2"), symlink("loop2", "loop1"),
		symlink("dangling", "nowhere"),
		symlink("up", "lib/.."),
		hardlink("hard", "usr/lib/os-release"),
	})
	v := s.View(0)
	tests := []struct {
		name, want string
		err        error
	}{
		{"etc/os-release", "ID=alpine", nil},
		{"abs", "ID=alpine", nil},
		{"lib/os-release", "ID=alpine", nil},
		{"escape", "ID=alpine", nil},
		{"up/lib/os-release", "ID=alpine", nil},
		{"hard", "ID=alpine", nil},
		{"loop1", "", errLoop},
		{"dangling", "", fs.ErrNotExist},
		{"usr/lib/os-release/x", "", errNotDir},
		{"../etc", "", fs.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.ReadFile(tt.name)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ReadFile(%q) error = %v, want %v", tt.name, err, tt.err)
			}
			if string(got) != tt.want {
				t.Errorf("ReadFile(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestFSConformance(t *testing.T) {
	s := stack(t,
		[]ent{dir("etc/"), file("etc/a", "a"), file("etc/b", "b"), file("srv/x/y", "y"), symlink("etc/link", "a")},
		[]ent{whiteout("etc/", "b"), file("etc/c", "c"), hardlink("srv/h", "etc/a")},
	)
	if err := fstest.TestFS(s.View(1), "etc/a", "etc/c", "etc/link", "srv/x/y", "srv/h"); err != nil {
		t.Fatal(err)
	}
}

// TestReadDirCached checks that a View lists a directory once and gives
// each caller a slice of its own.
func TestReadDirCached(t *testing.T) {
	v := stack(t, []ent{file("etc/a", "a"), file("etc/b", "b")}).View(0)
	first, err := v.ReadDir("etc")
	if err != nil {
		t.Fatal(err)
	}
	first[0] = nil
	again, err := v.ReadDir("etc")
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 || again[0] == nil || again[0].Name() != "a" || again[1].Name() != "b" {
		t.Errorf("ReadDir after a caller changed its slice = %v", again)
	}
}

func TestProblemsAndLimits(t *testing.T) {
	data := tarball(t, file("/abs", "x"), file("../up", "x"), file("a/../../up", "x"), file("./ok", "ok"),
		file("big", strings.Repeat("x", 100)), file("small", "s"), file("dir/.wh.", ""), hardlink("l", "../x"))
	l, err := Read(context.Background(), bytes.NewReader(data), all, Options{MaxFileSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{"/abs", `unsafe path in the layer (absolute or climbing out with ".."): skipped`},
		{"../up", `unsafe path in the layer (absolute or climbing out with ".."): skipped`},
		{"a/../../up", `unsafe path in the layer (absolute or climbing out with ".."): skipped`},
		{"/big", "file is 100 bytes, over the 10-byte limit: not read"},
		{"/dir/.wh.", "whiteout names no entry: skipped"},
		{"/l", `hard link to unsafe path "../x": skipped`},
	}
	if diff := cmp.Diff(want, l.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	v := NewStack(l).View(0)
	if _, err := v.ReadFile("big"); !errors.Is(err, ErrNotLoaded) {
		t.Errorf("ReadFile(big) error = %v, want ErrNotLoaded", err)
	}
	if got, err := v.ReadFile("ok"); err != nil || string(got) != "ok" {
		t.Errorf("ReadFile(ok) = %q, %v", got, err)
	}

	_, err = Read(context.Background(), bytes.NewReader(data), all, Options{Budget: NewBudget(1024)})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read over budget: error = %v, want ErrTooLarge", err)
	}
	_, err = Read(context.Background(), bytes.NewReader(data[:700]), all, Options{})
	if err == nil {
		t.Error("Read of a truncated tar: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, bytes.NewReader(data), all, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context: error = %v", err)
	}
}

func TestOnlyWantedFilesLoaded(t *testing.T) {
	data := tarball(t, file("var/lib/dpkg/status", "Package: a"), file("usr/bin/big", "elf"))
	l, err := Read(context.Background(), bytes.NewReader(data), func(p string) bool { return p == "/var/lib/dpkg/status" }, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range l.Paths {
		got = append(got, p)
	}
	if diff := cmp.Diff([]string{"/var/lib/dpkg/status"}, got); diff != "" {
		t.Errorf("loaded paths (-want +got):\n%s", diff)
	}
	if l.Bytes != int64(len(data)) {
		t.Errorf("Bytes = %d, want %d (the whole stream)", l.Bytes, len(data))
	}
}

func TestHistory(t *testing.T) {
	const p = "/var/lib/dpkg/status"
	s := stack(t,
		[]ent{file("bin/sh", "")},
		[]ent{file("var/lib/dpkg/status", "1")},
		[]ent{file("etc/x", "")},
		[]ent{file("var/lib/dpkg/status", "2")},
		[]ent{whiteout("var/lib/", "dpkg")},
		[]ent{whiteout("var/lib/dpkg/", "status")},
		[]ent{file("var/lib/dpkg/status", "3")},
		[]ent{file("var/lib/dpkg/.wh..wh..opq", "")},
	)
	want := []State{{1, true}, {3, true}, {4, false}, {6, true}, {7, false}}
	if diff := cmp.Diff(want, s.History(p, s.Len()-1)); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[:2], s.History(p, 3)); diff != "" {
		t.Errorf("History to layer 3 (-want +got):\n%s", diff)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(tarball(f, file("etc/a", "a"), symlink("b", "etc/a"), hardlink("c", "etc/a"), whiteout("etc/", "x")))
	f.Add(tarball(f, file("a/.wh..wh..opq", ""), symlink("l", "/l"), file("../x", "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(context.Background(), bytes.NewReader(data), all, Options{MaxFileSize: 1 << 16})
		if err != nil {
			return
		}
		s := NewStack(l, l)
		v := s.View(1)
		_ = fs.WalkDir(v, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil {
				_, _ = v.ReadFile(p)
				_, _ = v.Stat(p)
				_ = s.History("/"+p, 1)
			}
			return nil
		})
	})
}
