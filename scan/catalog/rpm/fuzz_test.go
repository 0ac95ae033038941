package rpm

import (
	"context"
	"encoding/binary"
	"hash/adler32"
	"slices"
	"testing"
	"time"
)

// realBlobs returns the header blobs of the testdata databases, smallest
// first.
func realBlobs(t testing.TB) [][]byte {
	var out [][]byte
	add := func(blobs []blob, err error) {
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blobs {
			out = append(out, b.data)
		}
	}
	add(readBDB(readTestdata(t, "libuuid-bdb/Packages")))
	add(readBDB(readTestdata(t, "scalibr-epoch-bdb/Packages")))
	add(readNDB(readTestdata(t, "sle15-bci/Packages.db")))
	slices.SortStableFunc(out, func(a, b []byte) int { return len(a) - len(b) })
	return out
}

// Fuzz seeds are kept small (the real blobs run to 340 KB): the fuzzer
// mutates and minimizes small inputs far faster, and the small real
// headers have every structure the big ones have. Run each target with
// -fuzztime=20s -fuzzminimizetime=20x: on a busy machine a time-bounded
// minimization of each new input eats the whole run.
const maxSeed = 8 << 10

// buildNDB writes an NDB database of one slot page holding blobs, as rpm
// lays it out.
func buildNDB(blobs ...[]byte) []byte {
	le := binary.LittleEndian
	b := make([]byte, ndbPageSize)
	le.PutUint32(b, ndbMagic)
	le.PutUint32(b[12:], 1)
	le.PutUint32(b[16:], uint32(len(blobs)+1))
	for off := ndbHeaderSize; off < ndbPageSize; off += ndbSlotSize {
		le.PutUint32(b[off:], ndbSlotMagic)
	}
	for i, data := range blobs {
		start := len(b)
		size := (ndbHeadSize + len(data) + ndbTailSize + ndbBlockSize - 1) / ndbBlockSize * ndbBlockSize
		area := make([]byte, size)
		le.PutUint32(area, ndbHeadMagic)
		le.PutUint32(area[4:], uint32(i+1))
		le.PutUint32(area[12:], uint32(len(data)))
		copy(area[ndbHeadSize:], data)
		tail := area[size-ndbTailSize:]
		le.PutUint32(tail, adler32.Checksum(area[:size-ndbTailSize]))
		le.PutUint32(tail[4:], uint32(len(data)))
		le.PutUint32(tail[8:], ndbTailMagic)
		b = append(b, area...)
		slot := b[ndbHeaderSize+i*ndbSlotSize:]
		le.PutUint32(slot[4:], uint32(i+1))
		le.PutUint32(slot[8:], uint32(start/ndbBlockSize))
		le.PutUint32(slot[12:], uint32(size/ndbBlockSize))
	}
	return b
}

// checkBlobs decodes what a reader returned: no panic, and every good
// blob within the largest header and decoding to a named package or an
// error.
func checkBlobs(t *testing.T, blobs []blob) {
	for _, bl := range blobs {
		if bl.err != nil {
			continue
		}
		if len(bl.data) > maxBlob {
			t.Errorf("record %d: %d bytes, over maxBlob", bl.key, len(bl.data))
		}
		if h, err := decodeHeader(bl.data); err == nil && (h.Name == "" || h.Version == "") {
			t.Errorf("record %d: decoded without name or version: %+v", bl.key, h)
		}
	}
}

func FuzzDecodeHeader(f *testing.F) {
	for _, b := range realBlobs(f) {
		if len(b) <= maxSeed {
			f.Add(b)
		}
	}
	f.Add(buildHeader(true, goodEntries...))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := decodeHeader(b)
		if err == nil && (h.Name == "" || h.Version == "") {
			t.Errorf("decoded without name or version: %+v", h)
		}
	})
}

func FuzzReadBDB(f *testing.F) {
	for _, name := range []string{"libuuid-bdb/Packages", "scalibr-epoch-bdb/Packages", "hang-bdb", "libuuid-bdb-512-be/Packages"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		blobs, _ := readBDB(b)
		checkBlobs(t, blobs)
	})
}

func FuzzReadNDB(f *testing.F) {
	blobs := realBlobs(f) // the real Packages.db is 1.3 MB: its two smallest blobs instead
	f.Add(buildNDB(blobs[0], blobs[1]))
	f.Fuzz(func(t *testing.T, b []byte) {
		blobs, _ := readNDB(b)
		checkBlobs(t, blobs)
	})
}

// FuzzCatalog runs the whole cataloger on small databases of every
// format but SQLite (whose reader is SQLite's own, well fuzzed): it must
// end promptly and return only sane packages.
func FuzzCatalog(f *testing.F) {
	for _, name := range []string{"scalibr-epoch-bdb/Packages", "hang-bdb"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(buildNDB(realBlobs(f)[0]))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		pkgs, err := catalogBytes(ctx, b, "/var/lib/rpm/Packages", nil)
		if ctx.Err() != nil {
			t.Fatalf("Catalog did not end in 10s: %v", err)
		}
		for _, p := range pkgs {
			if p.Type != "rpm" || p.Name == "" || p.Version == "" || len(p.Evidence) != 1 {
				t.Errorf("insane package %+v", p)
			}
		}
	})
}

// TestBuildNDB checks the test writer against the reader.
func TestBuildNDB(t *testing.T) {
	blobs := realBlobs(t)
	got, err := readNDB(buildNDB(blobs[:3]...))
	if err != nil || len(got) != 3 {
		t.Fatalf("%d blobs, %v", len(got), err)
	}
	for i, bl := range got {
		if bl.err != nil || string(bl.data) != string(blobs[i]) {
			t.Errorf("blob %d: %v", i, bl.err)
		}
	}
}
