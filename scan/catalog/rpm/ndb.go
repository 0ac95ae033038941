package rpm

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"slices"
)

// NDB, rpm's own "new database" (lib/backend/ndb/rpmpkg.c), which SUSE
// uses for /usr/lib/sysimage/rpm/Packages.db. Everything is
// little-endian. The file starts with slot pages of 4096 bytes; the
// first 32 bytes of page 0 are the database header (magic "RpmP",
// version 0, generation, number of slot pages, next package index) and
// the rest are 16-byte slots ("Slot", package index, block offset, block
// count; offset 0 marks a free slot). Blocks are 16 bytes. A blob spans
// its slot's blocks: a 16-byte head ("BlbS", package index, timestamp,
// length), the header blob, zero padding, and a 12-byte tail (Adler-32
// of head, blob and padding; length again; "BlbE").
const (
	ndbMagic      = 'R' | 'p'<<8 | 'm'<<16 | 'P'<<24
	ndbSlotMagic  = 'S' | 'l'<<8 | 'o'<<16 | 't'<<24
	ndbHeadMagic  = 'B' | 'l'<<8 | 'b'<<16 | 'S'<<24
	ndbTailMagic  = 'B' | 'l'<<8 | 'b'<<16 | 'E'<<24
	ndbHeaderSize = 32
	ndbPageSize   = 4096
	ndbSlotSize   = 16
	ndbBlockSize  = 16
	ndbHeadSize   = 16
	ndbTailSize   = 12
)

// readNDB lists the records of an NDB database held whole in b. A
// malformed database header fails it; a bad slot or blob gives a blob
// with err set and the others are still read, in the order of their
// blobs in the file. Slots and blobs are checked as rpm checks them, the
// blob's checksum included; every offset is checked against the file,
// and blobs may not overlap.
func readNDB(b []byte) ([]blob, error) {
	le := binary.LittleEndian
	if len(b) < ndbHeaderSize {
		return nil, fmt.Errorf("ndb: %d bytes, shorter than the database header", len(b))
	}
	if m := le.Uint32(b); m != ndbMagic {
		return nil, fmt.Errorf("ndb: magic %#x, want %#x", m, ndbMagic)
	}
	if v := le.Uint32(b[4:]); v != 0 {
		return nil, fmt.Errorf("ndb: version %d, want 0", v)
	}
	if len(b)%ndbBlockSize != 0 {
		return nil, fmt.Errorf("ndb: %d bytes, not whole %d-byte blocks", len(b), ndbBlockSize)
	}
	slotPages := uint64(le.Uint32(b[12:]))
	if slotPages == 0 || slotPages*ndbPageSize > uint64(len(b)) {
		return nil, fmt.Errorf("ndb: %d slot pages in a %d-byte file", slotPages, len(b))
	}
	fileBlocks := uint64(len(b)) / ndbBlockSize
	minBlock := slotPages * ndbPageSize / ndbBlockSize
	var out []blob
	type slotRef struct{ slot, idx, blkoff, blkcnt uint64 }
	var slots []slotRef
	for off := uint64(ndbHeaderSize); off < slotPages*ndbPageSize; off += ndbSlotSize {
		s := b[off:]
		slot := (off - ndbHeaderSize) / ndbSlotSize
		if m := le.Uint32(s); m != ndbSlotMagic {
			out = append(out, blob{err: fmt.Errorf("ndb: slot %d: magic %#x, want %#x", slot, m, ndbSlotMagic)})
			continue
		}
		idx := le.Uint32(s[4:])
		blkoff := uint64(le.Uint32(s[8:]))
		blkcnt := uint64(le.Uint32(s[12:]))
		if blkoff == 0 {
			continue // free
		}
		if idx == 0 || blkcnt == 0 || blkoff < minBlock || blkoff+blkcnt > fileBlocks {
			out = append(out, blob{key: idx, err: fmt.Errorf("ndb: slot %d: package %d in blocks %d+%d, outside the %d blocks from %d", slot, idx, blkoff, blkcnt, fileBlocks, minBlock)})
			continue
		}
		slots = append(slots, slotRef{slot, uint64(idx), blkoff, blkcnt})
	}
	// Blobs may not overlap (rpm treats that as corruption): so no byte is
	// checked twice, however many slots name it.
	slices.SortStableFunc(slots, func(a, b slotRef) int { return cmp.Compare(a.blkoff, b.blkoff) })
	end := minBlock
	for _, s := range slots {
		idx := uint32(s.idx)
		if s.blkoff < end {
			out = append(out, blob{key: idx, err: fmt.Errorf("ndb: slot %d: package %d in blocks %d+%d overlaps the blob before it", s.slot, idx, s.blkoff, s.blkcnt)})
			continue
		}
		end = s.blkoff + s.blkcnt
		data, err := ndbBlob(b[s.blkoff*ndbBlockSize:end*ndbBlockSize], idx)
		out = append(out, blob{key: idx, data: data, err: err})
	}
	return out, nil
}

// ndbBlob checks the blob in area (its slot's blocks) and returns the
// header blob inside it.
func ndbBlob(area []byte, idx uint32) ([]byte, error) {
	le := binary.LittleEndian
	if len(area) < ndbHeadSize+ndbTailSize {
		return nil, fmt.Errorf("ndb: package %d: %d bytes, too few for a blob", idx, len(area))
	}
	if m := le.Uint32(area); m != ndbHeadMagic {
		return nil, fmt.Errorf("ndb: package %d: blob magic %#x, want %#x", idx, m, ndbHeadMagic)
	}
	if i := le.Uint32(area[4:]); i != idx {
		return nil, fmt.Errorf("ndb: package %d: blob of package %d", idx, i)
	}
	n := uint64(le.Uint32(area[12:]))
	if want := (ndbHeadSize + n + ndbTailSize + ndbBlockSize - 1) / ndbBlockSize * ndbBlockSize; want != uint64(len(area)) {
		return nil, fmt.Errorf("ndb: package %d: blob of %d bytes in %d bytes of blocks", idx, n, len(area))
	}
	tail := area[len(area)-ndbTailSize:]
	if m := le.Uint32(tail[8:]); m != ndbTailMagic {
		return nil, fmt.Errorf("ndb: package %d: blob tail magic %#x, want %#x", idx, m, ndbTailMagic)
	}
	if l := uint64(le.Uint32(tail[4:])); l != n {
		return nil, fmt.Errorf("ndb: package %d: blob length %d at the head, %d at the tail", idx, n, l)
	}
	if sum, want := adler32.Checksum(area[:len(area)-ndbTailSize]), le.Uint32(tail); sum != want {
		return nil, fmt.Errorf("ndb: package %d: blob checksum %#x, tail says %#x", idx, sum, want)
	}
	return area[ndbHeadSize : ndbHeadSize+n], nil
}
