package rpm

import (
	"encoding/binary"
	"hash/adler32"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tent is one entry for buildHeader; off < 0 places its data in order.
type tent struct {
	tag, typ, count uint32
	data            []byte
	off             int32 // used when set (with raw)
	raw             bool
}

func str(tag uint32, s string) tent {
	return tent{tag: tag, typ: typeString, count: 1, data: []byte(s + "\x00")}
}
func strArr(tag uint32, ss ...string) tent {
	return tent{tag: tag, typ: typeStringArray, count: uint32(len(ss)), data: []byte(strings.Join(ss, "\x00") + "\x00")}
}
func i32(tag uint32, vs ...int32) tent {
	b := make([]byte, 4*len(vs))
	for i, v := range vs {
		binary.BigEndian.PutUint32(b[4*i:], uint32(v))
	}
	return tent{tag: tag, typ: typeInt32, count: uint32(len(vs)), data: b}
}

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// buildHeader writes a header blob as rpm does: with region true, an
// immutable region tag first and its trailer after the data.
func buildHeader(region bool, ents ...tent) []byte {
	var index, data []byte
	put := func(tag, typ uint32, off int32, count uint32) {
		index = append(index, be32(tag)...)
		index = append(index, be32(typ)...)
		index = append(index, be32(uint32(off))...)
		index = append(index, be32(count)...)
	}
	for _, e := range ents {
		if a := max(typeSize[min(int(e.typ), len(typeSize)-1)], 1); !e.raw {
			for len(data)%a != 0 {
				data = append(data, 0)
			}
		}
		off := int32(len(data))
		if e.raw {
			off = e.off
		}
		put(e.tag, e.typ, off, e.count)
		data = append(data, e.data...)
	}
	if region {
		il := len(ents) + 1
		trailer := slicesConcat(be32(tagHeaderImmutable), be32(typeBin), be32(uint32(-int32(il*16))), be32(16))
		regionIndex := index
		index = nil
		put(tagHeaderImmutable, typeBin, int32(len(data)), 16)
		index = append(index, regionIndex...)
		data = append(data, trailer...)
	}
	return slicesConcat(be32(uint32(len(index)/16)), be32(uint32(len(data))), index, data)
}

func slicesConcat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

var goodEntries = []tent{
	str(tagName, "bash"), str(tagVersion, "5.1.8"), str(tagRelease, "6.el9"), i32(tagEpoch, 0),
	str(tagArch, "x86_64"), str(tagLicense, "GPLv3+"), str(tagVendor, "Red Hat, Inc."),
	str(tagSourceRPM, "bash-5.1.8-6.el9.src.rpm"), str(tagModularityLabel, "bash:5:1:abc"),
	i32(tagDirIndexes, 0, 1, 1), strArr(tagBaseNames, "bash", "bash", "sh"), strArr(tagDirNames, "/etc/skel/", "/usr/bin/"),
}

func TestDecodeHeader(t *testing.T) {
	want := pkgHeader{
		Name: "bash", Version: "5.1.8", Release: "6.el9", HasEpoch: true, Arch: "x86_64",
		License: "GPLv3+", Vendor: "Red Hat, Inc.", SourceRPM: "bash-5.1.8-6.el9.src.rpm",
		ModularityLabel: "bash:5:1:abc", Files: []string{"/etc/skel/bash", "/usr/bin/bash", "/usr/bin/sh"},
	}
	legacy := want
	legacy.HasEpoch, legacy.ModularityLabel, legacy.License, legacy.Vendor, legacy.SourceRPM, legacy.Arch, legacy.Release = false, "", "", "", "", "", ""
	legacy.Files = []string{"/bin/sh"}
	dribble := want
	dribble.Name = "bash2"
	i18n := want
	i18n.Summary = "The GNU Bourne Again shell"
	for _, tc := range []struct {
		name string
		blob []byte
		want pkgHeader
	}{
		{"region", buildHeader(true, goodEntries...), want},
		{"legacy, FILENAMES", buildHeader(false, str(tagName, "bash"), str(tagVersion, "5.1.8"), strArr(tagFileNames, "/bin/sh")), legacy},
		{"dribble wins", buildHeader(true, append(goodEntries[:len(goodEntries):len(goodEntries)], str(tagName, "bash2"))...), dribble},
		{"i18n summary", buildHeader(true, append(goodEntries[:len(goodEntries):len(goodEntries)],
			tent{tag: tagSummary, typ: typeI18NString, count: 2, data: []byte("The GNU Bourne Again shell\x00Die GNU\x00")})...), i18n},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeHeader(tc.blob)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeHeaderErrors(t *testing.T) {
	good := buildHeader(true, goodEntries...)
	with := func(ents ...tent) []byte {
		return buildHeader(true, append(goodEntries[:len(goodEntries):len(goodEntries)], ents...)...)
	}
	set := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		binary.BigEndian.PutUint32(b[off:], v)
		return b
	}
	trailer := len(good) - 16 // the region trailer
	for _, tc := range []struct {
		name string
		blob []byte
		want string
	}{
		{"empty", nil, "shorter than the 8-byte intro"},
		{"no entries", set(0, 0), "0 index entries"},
		{"too many entries", set(0, 0x10000), "65536 index entries"},
		{"huge data", set(4, 16<<20), "over"},
		{"truncated", good[:len(good)-1], "want 8 + 16"},
		{"trailing byte", append(good[:len(good):len(good)], 0), "want 8 + 16"},
		{"offset outside", with(tent{tag: 5000, typ: typeBin, count: 1, off: 1 << 20, raw: true}), "outside the"},
		{"negative offset", with(tent{tag: 5000, typ: typeBin, count: 1, off: -4, raw: true}), "outside the"},
		{"misaligned", with(tent{tag: 5000, typ: typeInt32, count: 1, off: 1, raw: true, data: []byte{0, 0, 0, 0, 0}}), "not aligned"},
		{"count overrun", with(tent{tag: 5000, typ: typeStringArray, count: 0xffffffff, data: []byte("a\x00")}), "overrun"},
		{"int count overrun", with(tent{tag: 5000, typ: typeInt32, count: 0x40000001, data: []byte{0, 0, 0, 0}}), "overrun"},
		{"zero count", with(tent{tag: 5000, typ: typeInt32, count: 0, data: []byte{0, 0, 0, 0}}), "overrun"},
		{"bad type", with(tent{tag: 5000, typ: 10, count: 1, data: []byte{0}}), "type 10"},
		{"string count 2", with(tent{tag: 5000, typ: typeString, count: 2, data: []byte("a\x00b\x00")}), "string of count 2"},
		{"unterminated", buildHeader(false, str(tagName, "bash"), tent{tag: tagVersion, typ: typeString, count: 1, data: []byte("5.1")}), "not NUL-terminated"},
		{"array unterminated", buildHeader(false, str(tagName, "bash"), str(tagVersion, "1"), tent{tag: tagFileNames, typ: typeStringArray, count: 2, data: []byte("/a\x00/b")}), "not NUL-terminated"},
		{"region type", set(12, typeChar), "region tag 63"},
		{"trailer tag", set(trailer, tagHeaderImage), "trailer tag 61"},
		{"trailer size", set(trailer+8, 0xffffffff-17*16+1), "trailer claims"},
		{"trailer offset", set(trailer+8, 8), "trailer claims"},
		{"region past data", set(16, uint32(trailer)), "outside the"},
		{"name type", buildHeader(true, i32(tagName, 1), str(tagVersion, "1")), "want a string"},
		{"epoch type", with(str(tagEpoch, "1")), "want INT32"},
		{"basenames type", with(str(tagBaseNames, "x")), "want a string array"},
		{"no name", buildHeader(true, str(tagVersion, "1")), "no NAME"},
		{"no version", buildHeader(true, str(tagName, "x")), "no VERSION"},
		{"dirindex outside", with(i32(tagDirIndexes, 0, 1, 2)), "outside the 2 DIRNAMES"},
		{"dirindex negative", with(i32(tagDirIndexes, 0, -1, 1)), "outside the 2 DIRNAMES"},
		{"dirindexes short", with(i32(tagDirIndexes, 0, 1)), "3 BASENAMES but 2 DIRINDEXES"},
		{"paths too long", buildHeader(true, str(tagName, "x"), str(tagVersion, "1"), strArr(tagDirNames, strings.Repeat("d", 1<<20)),
			i32(tagDirIndexes, make([]int32, 100)...), strArr(tagBaseNames, strings.Split(strings.Repeat("a", 100), "")...)), "file paths of over"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeHeader(tc.blob)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// firstBlob returns the byte offset of the first used slot's blob in an
// NDB file.
func firstBlob(t testing.TB, b []byte) int {
	for off := ndbHeaderSize; off < ndbPageSize; off += ndbSlotSize {
		if blk := binary.LittleEndian.Uint32(b[off+8:]); blk != 0 {
			return int(blk) * ndbBlockSize
		}
	}
	t.Fatal("no used slot")
	return 0
}

// fixAdler rewrites the checksum of the NDB blob at off.
func fixAdler(b []byte, off int) {
	n := int(binary.LittleEndian.Uint32(b[off+12:]))
	size := (ndbHeadSize + n + ndbTailSize + ndbBlockSize - 1) / ndbBlockSize * ndbBlockSize
	binary.LittleEndian.PutUint32(b[off+size-ndbTailSize:], adler32.Checksum(b[off:off+size-ndbTailSize]))
}

// firstOverflow returns the number of the first overflow page of a
// little-endian BerkeleyDB file of 4096-byte pages.
func firstOverflow(t testing.TB, b []byte) int {
	for pg := 1; (pg+1)*4096 <= len(b); pg++ {
		if b[pg*4096+25] == pageOverflow {
			return pg
		}
	}
	t.Fatal("no overflow page")
	return 0
}

// mutate returns functions that change a copy of orig: by f, or by
// putting a little-endian v at off.
func mutate(orig []byte) (mod func(f func(b []byte)) []byte, put func(off int, v uint32) []byte) {
	mod = func(f func(b []byte)) []byte {
		b := append([]byte(nil), orig...)
		f(b)
		return b
	}
	put = func(off int, v uint32) []byte {
		return mod(func(b []byte) { binary.LittleEndian.PutUint32(b[off:], v) })
	}
	return mod, put
}

// checkRead checks what a reader gave: the error err when fatal is set,
// else exactly one bad record, whose error holds rec, among n records.
func checkRead(t *testing.T, blobs []blob, err error, fatal, rec string, n int) {
	t.Helper()
	if fatal != "" {
		if err == nil || !strings.Contains(err.Error(), fatal) {
			t.Errorf("err = %v, want %q", err, fatal)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, bl := range blobs {
		if bl.err != nil {
			errs = append(errs, bl.err.Error())
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], rec) || len(blobs) != n {
		t.Errorf("%d records, errors %q; want %d, one with %q", len(blobs), errs, n, rec)
	}
}

func TestReadNDBErrors(t *testing.T) {
	orig := readTestdata(t, "sle15-bci/Packages.db")
	blob := firstBlob(t, orig)
	mod, put := mutate(orig)
	for _, tc := range []struct {
		name       string
		b          []byte
		fatal, rec string // the error of readNDB, or of the first bad record
	}{
		{"short", orig[:31], "shorter than the database header", ""},
		{"magic", put(0, 0), "magic 0", ""},
		{"version", put(4, 1), "version 1", ""},
		{"odd size", orig[:len(orig)-1], "not whole 16-byte blocks", ""},
		{"no slot pages", put(12, 0), "0 slot pages", ""},
		{"too many slot pages", put(12, 1<<30), "slot pages in a", ""},
		{"slot magic", put(32, 0), "", "slot 0: magic 0"},
		{"slot outside", put(40, 1<<30), "", "outside the"},
		{"slot in slot pages", put(40, 1), "", "outside the"},
		{"slot count zero", put(44, 0), "", "outside the"},
		{"blob magic", put(blob, 0), "", "blob magic 0"},
		{"blob index", put(blob+4, 12345), "", "blob of package 12345"},
		{"blob length", put(blob+12, 1<<20), "", "bytes of blocks"},
		{"blob checksum", mod(func(b []byte) { b[blob+100] ^= 1 }), "", "checksum"},
		{"slots overlap", mod(func(b []byte) {
			// A second used slot naming the first one's blocks again.
			for off := ndbHeaderSize; ; off += ndbSlotSize {
				if binary.LittleEndian.Uint32(b[off+8:]) == 0 {
					copy(b[off+4:off+16], b[36:48])
					binary.LittleEndian.PutUint32(b[off+4:], 9999)
					return
				}
			}
		}), "", "overlaps the blob before it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blobs, err := readNDB(tc.b)
			checkRead(t, blobs, err, tc.fatal, tc.rec, 35+strings.Count(tc.name, "overlap"))
		})
	}
}

func TestReadBDBErrors(t *testing.T) {
	orig := readTestdata(t, "libuuid-bdb/Packages")
	ov := firstOverflow(t, orig)
	mod, put := mutate(orig)
	// The hash page holding the record, and its data item.
	hashPage := 0
	for pg := 1; pg < len(orig)/4096; pg++ {
		p := orig[pg*4096:]
		if p[25] == pageHash && binary.LittleEndian.Uint16(p[20:]) > 0 {
			hashPage = pg
		}
	}
	if hashPage == 0 {
		t.Fatal("no hash page")
	}
	hp := hashPage * 4096
	n := int(binary.LittleEndian.Uint16(orig[hp+20:]))
	dataItem := hp + int(binary.LittleEndian.Uint16(orig[hp+26+2*(n-1):])) // the last item: a header
	for _, tc := range []struct {
		name       string
		b          []byte
		fatal, rec string
	}{
		{"short", orig[:71], "shorter than the metadata page", ""},
		{"magic", put(12, 0x12345), "not a hash database", ""},
		{"page size", put(20, 1000), "page size 1000", ""},
		{"encrypted", mod(func(b []byte) { b[24] = 1 }), "encrypted", ""},
		{"meta type", mod(func(b []byte) { b[25] = 9 }), "metadata page of type 9", ""},
		{"last page", put(32, 1000), "last page 1000", ""},
		{"overflow loop", put(ov*4096+16, uint32(ov)), "", "overflow chain reaches page"},
		{"overflow outside", put(ov*4096+16, 1<<20), "", "overflow chain reaches page"},
		{"overflow page length", mod(func(b []byte) { binary.LittleEndian.PutUint16(b[ov*4096+22:], 5000) }), "", "overflow page"},
		{"overflow total", put(dataItem+8, maxBlob+1), "", "over the largest header"},
		{"overflow short", put(dataItem+8, 10), "", "past the item's 10"},
		{"overflow target", put(dataItem+4, uint32(hashPage)), "", "of type 13"},
		{"item type", mod(func(b []byte) { b[dataItem] = 5 }), "", "data item 1 of type 5"},
		{"item offset", mod(func(b []byte) { binary.LittleEndian.PutUint16(b[hp+26:], 10) }), "", "outside the page's data"},
		{"item count", mod(func(b []byte) { binary.LittleEndian.PutUint16(b[hp+20:], 3000) }), "", "do not fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blobs, err := readBDB(tc.b)
			checkRead(t, blobs, err, tc.fatal, tc.rec, 1)
		})
	}
}

// bigEndianBDB rewrites a little-endian BerkeleyDB hash file as a
// big-endian machine writes it: every number of the metadata and page
// headers, the item offsets, the keys and the off-page references.
func bigEndianBDB(t *testing.T, b []byte) []byte {
	le, be := binary.LittleEndian, binary.BigEndian
	out := append([]byte(nil), b...)
	sw32 := func(off int) { be.PutUint32(out[off:], le.Uint32(b[off:])) }
	sw16 := func(off int) { be.PutUint16(out[off:], le.Uint16(b[off:])) }
	for _, off := range []int{8, 12, 16, 20, 28, 32, 36, 40, 44, 48} {
		sw32(off)
	}
	for off := 72; off < 96+4*32; off += 4 { // max_bucket .. spares
		sw32(off)
	}
	ps := int(le.Uint32(b[20:]))
	for p := ps; p+ps <= len(b); p += ps {
		sw32(p + 8)
		sw32(p + 12)
		sw32(p + 16)
		sw16(p + 20)
		sw16(p + 22)
		if b[p+25] != pageHash {
			continue
		}
		n := int(le.Uint16(b[p+20:]))
		for i := range n {
			sw16(p + 26 + 2*i)
			item := p + int(le.Uint16(b[p+26+2*i:]))
			switch {
			case i%2 == 0 && b[item] == itemKeyData:
				sw32(item + 1)
			case b[item] == itemOffPage:
				sw32(item + 4)
				sw32(item + 8)
			}
		}
	}
	if string(out) == string(b) {
		t.Fatal("nothing swapped")
	}
	return out
}

func TestReadBDBBigEndian(t *testing.T) {
	for _, name := range []string{"libuuid-bdb/Packages", "scalibr-epoch-bdb/Packages"} {
		le := readTestdata(t, name)
		want, err := readBDB(le)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readBDB(bigEndianBDB(t, le))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(blob{}), cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
			t.Errorf("%s: big-endian records (-want +got):\n%s", name, diff)
		}
		if len(got) != 1 || got[0].err != nil {
			t.Errorf("%s: %d records, want 1 good", name, len(got))
		}
	}
}
