package rust

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

func zlibbed(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// elfWith returns a minimal ELF64 little-endian executable whose only
// sections are one named name holding data, and the section name table.
func elfWith(name string, data []byte) []byte {
	const ehsize, shentsize = 64, 64
	shstrtab := append([]byte("\x00"+name+"\x00.shstrtab\x00"), 0)
	dataOff := uint64(ehsize)
	strOff := dataOff + uint64(len(data))
	shOff := strOff + uint64(len(shstrtab))
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	_ = binary.Write(&b, le, struct {
		Type, Machine              uint16
		Version                    uint32
		Entry, Phoff, Shoff        uint64
		Flags                      uint32
		Ehsize, Phentsize, Phnum   uint16
		Shentsize, Shnum, Shstrndx uint16
	}{Type: 2, Machine: 62, Version: 1, Shoff: shOff, Ehsize: ehsize, Shentsize: shentsize, Shnum: 3, Shstrndx: 2})
	b.Write(data)
	b.Write(shstrtab)
	type shdr struct {
		Name, Type             uint32
		Flags, Addr, Off, Size uint64
		Link, Info             uint32
		Addralign, Entsize     uint64
	}
	_ = binary.Write(&b, le, shdr{})
	_ = binary.Write(&b, le, shdr{Name: 1, Type: 1, Off: dataOff, Size: uint64(len(data)), Addralign: 1})
	_ = binary.Write(&b, le, shdr{Name: uint32(len(name)) + 2, Type: 3, Off: strOff, Size: uint64(len(shstrtab)), Addralign: 1})
	return b.Bytes()
}

func catalogBinary(t testing.TB, data []byte) ([]sbom.Package, error) {
	return (&Binary{}).Catalog(context.Background(), &catalog.Input{Path: "/usr/bin/app", FS: fstest.MapFS{"usr/bin/app": {Data: data, Mode: 0o755}}})
}

// appWant is what the audit data of testdata/app.dep-v0.json says: the
// crates of cargo_v3.lock, with the same dependency edges.
func appWant(t *testing.T) []sbom.Package {
	t.Helper()
	pkgs, err := catalogLock(t, readTestdata(t, "cargo_v3.lock"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range pkgs {
		p := &pkgs[i]
		p.Evidence, p.Hashes = []string{"/usr/bin/app"}, nil
		p.Metadata = map[string]string{MetaSource: "crates.io"}
		if p.Name == "app" {
			p.Metadata = map[string]string{MetaSource: "local", MetaRoot: "true"}
		}
	}
	return pkgs
}

// peWith returns a minimal PE (x86-64) file with one section named
// name holding data.
func peWith(name string, data []byte) []byte {
	const lfanew, hdrs = 64, 64 + 4 + 20 + 40
	var b bytes.Buffer
	le := binary.LittleEndian
	dos := make([]byte, lfanew)
	copy(dos, "MZ")
	le.PutUint32(dos[0x3c:], lfanew)
	b.Write(dos)
	b.WriteString("PE\x00\x00")
	_ = binary.Write(&b, le, struct {
		Machine, NumberOfSections                 uint16
		TimeDateStamp, SymbolTable, NumberSymbols uint32
		SizeOfOptionalHeader, Characteristics     uint16
	}{Machine: 0x8664, NumberOfSections: 1, Characteristics: 0x22})
	var sname [8]byte
	copy(sname[:], name)
	_ = binary.Write(&b, le, struct {
		Name                                   [8]byte
		VirtualSize, VirtualAddress, SizeOfRaw uint32
		PointerToRaw, Relocs, Lines            uint32
		NRelocs, NLines                        uint16
		Characteristics                        uint32
	}{Name: sname, VirtualSize: uint32(len(data)), VirtualAddress: 0x1000, SizeOfRaw: uint32(len(data)), PointerToRaw: hdrs, Characteristics: 0x40000040})
	b.Write(data)
	return b.Bytes()
}

// machoWith returns a minimal 64-bit Mach-O executable with one section
// named name in segment __DATA holding data.
func machoWith(name string, data []byte) []byte {
	const hdr, seg, sect = 32, 72, 80
	var b bytes.Buffer
	le := binary.LittleEndian
	_ = binary.Write(&b, le, []uint32{0xfeedfacf, 0x01000007, 3, 2, 1, seg + sect, 0, 0})
	str16 := func(s string) (a [16]byte) { copy(a[:], s); return a }
	off := uint64(hdr + seg + sect)
	_ = binary.Write(&b, le, struct {
		Cmd, Cmdsize                    uint32
		Segname                         [16]byte
		Vmaddr, Vmsize, Fileoff, Filesz uint64
		Maxprot, Initprot, Nsect, Flags uint32
	}{Cmd: 0x19, Cmdsize: seg + sect, Segname: str16("__DATA"), Vmaddr: 0x1000, Vmsize: uint64(len(data)), Fileoff: off, Filesz: uint64(len(data)), Maxprot: 3, Initprot: 3, Nsect: 1})
	_ = binary.Write(&b, le, struct {
		Sectname, Segname                    [16]byte
		Addr, Size                           uint64
		Offset, Align, Reloff, Nreloc, Flags uint32
		Reserved1, Reserved2, Reserved3      uint32
	}{Sectname: str16(name), Segname: str16("__DATA"), Addr: 0x1000, Size: uint64(len(data)), Offset: uint32(off)})
	b.Write(data)
	return b.Bytes()
}

// TestBinaryFormats reads hand-built ELF, PE and Mach-O files whose
// audit section holds testdata/app.dep-v0.json compressed: the audit
// data of the project of cargo_v3.lock, in cargo-auditable's format.
// Their crates and edges must be the lockfile's.
func TestBinaryFormats(t *testing.T) {
	z := zlibbed(t, readTestdata(t, "app.dep-v0.json"))
	for name, data := range map[string][]byte{
		"elf":   elfWith(".dep-v0", z),
		"pe":    peWith(".dep-v0", z),
		"macho": machoWith(".dep-v0", z),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := catalogBinary(t, data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(appWant(t), got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBinaryRustc builds a real executable with rustc whose .dep-v0
// section holds the audit data, placed as cargo-auditable places it (a
// linked-in section of that name). cargo-auditable itself is not
// installed here and cannot be fetched.
func TestBinaryRustc(t *testing.T) {
	if _, err := exec.LookPath("rustc"); err != nil {
		t.Skip("rustc is not installed")
	}
	if testing.Short() {
		t.Skip("runs rustc")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "audit.z"), zlibbed(t, readTestdata(t, "app.dep-v0.json")), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `#[used]
#[link_section = ".dep-v0"]
static AUDIT: [u8; include_bytes!("audit.z").len()] = *include_bytes!("audit.z");
fn main() { println!("{}", AUDIT.len()); }
`
	if err := os.WriteFile(filepath.Join(dir, "main.rs"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("rustc", "-O", "-C", "strip=debuginfo", "main.rs", "-o", "app")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("rustc: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "app"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := catalogBinary(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(appWant(t), got); diff != "" {
		t.Errorf("packages (-want +got):\n%s", diff)
	}
}

func TestBinaryCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		data    []byte
		want    []string // name@version meta deps
		wantErr string
	}{
		{name: "not an executable", data: []byte("#!/bin/sh\necho no binary at all\n")},
		{name: "elf without audit data", data: elfWith(".data", []byte("hello"))},
		{name: "pe without audit data", data: peWith(".data", []byte("hello"))},
		{name: "macho without audit data", data: machoWith(".data", []byte("hello"))},
		{name: "truncated elf", data: elfWith(".dep-v0", []byte("x"))[:70]},
		{name: "not zlib", data: elfWith(".dep-v0", []byte("not zlib")), wantErr: "rust: /usr/bin/app: .dep-v0 section: zlib: invalid header"},
		{name: "not json", data: elfWith(".dep-v0", zlibbed(t, []byte("{"))), wantErr: "rust: /usr/bin/app: .dep-v0 section: unexpected end of JSON input"},
		{
			name: "build dependency, bad records",
			data: elfWith(".dep-v0", zlibbed(t, []byte(`{"packages":[
				{"name":"app","version":"1.0.0","source":"local","dependencies":[1,2,7],"root":true},
				{"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},
				{"name":"nover","source":"crates.io"},
				{"name":"git-dep","version":"0.1.0","source":"git","kind":"runtime"}]}`))),
			want: []string{
				"app@1.0.0 cargo:root=true cargo:source=local pkg:cargo/cc@1.0.83",
				"cc@1.0.83 cargo:kind=build cargo:source=crates.io",
				"git-dep@0.1.0 cargo:source=git",
			},
			wantErr: "dependency 7 names no package",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkgs, err := catalogBinary(t, tc.data)
			var got []string
			for _, p := range pkgs {
				s := p.Name + "@" + p.Version
				for _, k := range []string{MetaKind, MetaRoot, MetaSource} {
					if v, ok := p.Metadata[k]; ok {
						s += " " + k + "=" + v
					}
				}
				got = append(got, strings.TrimSpace(s+" "+strings.Join(p.DependsOn, ",")))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestWantsFile(t *testing.T) {
	for _, tc := range []struct {
		path string
		mode fs.FileMode
		size int64
		want bool
	}{
		{"/usr/bin/app", 0o755, 1 << 20, true},
		{"/usr/bin/app", 0o644, 1 << 20, false},
		{"/app/tool.exe", 0o644, 1 << 20, true},
		{"/usr/bin/app", 0o755, MaxBinarySize + 1, false},
		{"/usr/bin/app", fs.ModeSymlink | 0o777, 1 << 20, false},
	} {
		if got := (&Binary{}).WantsFile(tc.path, tc.mode, tc.size); got != tc.want {
			t.Errorf("WantsFile(%q, %v, %d) = %v, want %v", tc.path, tc.mode, tc.size, got, tc.want)
		}
	}
}

// FuzzBinary: executables with any audit section, or any bytes at all,
// never panic, and every error names the file.
func FuzzBinary(f *testing.F) {
	json := readTestdata(f, "app.dep-v0.json")
	f.Add(elfWith(".dep-v0", zlibbed(f, json)))
	f.Add(elfWith(".dep-v0", json))
	f.Add(elfWith(".dep-v0", zlibbed(f, json))[:80])
	f.Add(peWith(".dep-v0", zlibbed(f, json)))
	f.Add(machoWith(".dep-v0", zlibbed(f, json)))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, err := catalogBinary(t, data)
		if err != nil && !strings.HasPrefix(err.Error(), "rust: /usr/bin/app: ") {
			t.Errorf("error %q does not name the file", err)
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" {
				t.Errorf("package %+v", p)
			}
		}
	})
}
