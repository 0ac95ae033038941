package rpm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// The header format, as rpm's manual (format.md, hregions.md) describes
// it and rpm's header import checks it. A header blob as the databases
// store it has no leading magic:
//
//	il  uint32 BE   number of index entries
//	dl  uint32 BE   length of the data store
//	il * 16 bytes   index entries: tag, type, offset, count (uint32 BE each)
//	dl bytes        data store; numbers big-endian and naturally aligned
//
// The first entry of a header written by rpm 4.0.1 or later is a region
// tag (HEADERIMMUTABLE, or HEADERIMAGE / HEADERSIGNATURES in older or
// signature headers): type BIN, count 16, its offset pointing at a
// 16-byte trailer in the store that repeats the tag and whose negated
// offset is 16 times the number of entries in the region. Entries after
// the region ("dribbles", added at install) replace region entries of
// the same tag. A header without a region tag is a legacy header and all
// its entries count alike.

// Tags the cataloger reads.
const (
	tagHeaderImage      = 61
	tagHeaderSignatures = 62
	tagHeaderImmutable  = 63

	tagName            = 1000
	tagVersion         = 1001
	tagRelease         = 1002
	tagEpoch           = 1003
	tagSummary         = 1004
	tagVendor          = 1011
	tagLicense         = 1014
	tagFileNames       = 1027 // before rpm 4.0: whole paths
	tagArch            = 1022
	tagSourceRPM       = 1044
	tagDirIndexes      = 1116
	tagBaseNames       = 1117
	tagDirNames        = 1118
	tagModularityLabel = 5096
)

// Entry types.
const (
	typeNull        = 0
	typeChar        = 1
	typeInt8        = 2
	typeInt16       = 3
	typeInt32       = 4
	typeInt64       = 5
	typeString      = 6
	typeBin         = 7
	typeStringArray = 8
	typeI18NString  = 9
)

// Limits, as rpm's own (hdrchkTags, hdrchkData): at most 65535 index
// entries and a data store under 16 MiB.
const (
	maxEntries  = 0xffff
	maxDataLen  = 16<<20 - 1
	entrySize   = 16
	regionCount = 16 // the count (and size) of a region tag's trailer

	// maxFileBytes caps the summed length of one header's file paths
	// (64 MiB; the largest real packages, texlive or kernel sources, list
	// about 10 MiB).
	maxFileBytes = 64 << 20

	// maxBlob is the largest header blob: intro, index and data store.
	maxBlob = 8 + entrySize*maxEntries + maxDataLen
)

// typeSize is the size of one element of each fixed-size type; 0 marks
// the variable-length string types.
var typeSize = [...]int{
	typeNull: 0, typeChar: 1, typeInt8: 1, typeInt16: 2, typeInt32: 4, typeInt64: 8,
	typeString: 0, typeBin: 1, typeStringArray: 0, typeI18NString: 0,
}

// entry is one index entry.
type entry struct {
	tag, typ, count uint32
	off             int // in the data store, checked against its length
}

// header is a decoded header: its entries by tag (a dribble replacing a
// region entry of the same tag) and its data store.
type header struct {
	entries map[uint32]entry
	data    []byte
}

// pkgHeader is what the cataloger takes from a header.
type pkgHeader struct {
	Name, Version, Release string
	Epoch                  int32
	HasEpoch               bool // EPOCH present, even when 0
	Summary, Vendor        string
	License, Arch          string
	SourceRPM              string
	ModularityLabel        string
	Files                  []string // as the header names them, in its order
}

// errHeader marks a header that breaks the format.
var errHeader = errors.New("malformed header")

func headerErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errHeader}, args...)...)
}

// parseHeader checks the blob's framing, every index entry's type,
// alignment and extent, and the region, and indexes the entries by tag.
// Strings are checked when they are read.
func parseHeader(b []byte) (*header, error) {
	if len(b) < 8 {
		return nil, headerErr("%d bytes, shorter than the 8-byte intro", len(b))
	}
	il := binary.BigEndian.Uint32(b)
	dl := binary.BigEndian.Uint32(b[4:])
	if il < 1 || il > maxEntries {
		return nil, headerErr("%d index entries, want 1 to %d", il, maxEntries)
	}
	if dl > maxDataLen {
		return nil, headerErr("data store of %d bytes, over %d", dl, maxDataLen)
	}
	if want := 8 + entrySize*int(il) + int(dl); len(b) != want {
		return nil, headerErr("%d bytes, want 8 + 16 * %d entries + %d data = %d", len(b), il, dl, want)
	}
	index := b[8 : 8+entrySize*int(il)]
	h := &header{entries: make(map[uint32]entry, il), data: b[8+entrySize*int(il):]}
	read := func(i int) (entry, error) {
		e := index[i*entrySize:]
		ent := entry{
			tag:   binary.BigEndian.Uint32(e),
			typ:   binary.BigEndian.Uint32(e[4:]),
			count: binary.BigEndian.Uint32(e[12:]),
		}
		off := int32(binary.BigEndian.Uint32(e[8:]))
		if ent.typ >= uint32(len(typeSize)) {
			return ent, headerErr("entry %d (tag %d): type %d", i, ent.tag, ent.typ)
		}
		if off < 0 || int(off) > len(h.data) {
			return ent, headerErr("entry %d (tag %d): offset %d outside the %d-byte data store", i, ent.tag, off, len(h.data))
		}
		ent.off = int(off)
		if sz := typeSize[ent.typ]; sz > 1 && ent.off%sz != 0 {
			return ent, headerErr("entry %d (tag %d): offset %d not aligned for type %d", i, ent.tag, off, ent.typ)
		}
		// Every element takes at least one byte; fixed-size ones exactly
		// their size. Variable-length strings are checked when read.
		sz := max(typeSize[ent.typ], 1)
		if ent.typ != typeNull && (ent.count < 1 || uint64(ent.count)*uint64(sz) > uint64(len(h.data)-ent.off)) {
			return ent, headerErr("entry %d (tag %d): %d elements of type %d at offset %d overrun the %d-byte data store", i, ent.tag, ent.count, ent.typ, off, len(h.data))
		}
		if ent.typ == typeString && ent.count != 1 {
			return ent, headerErr("entry %d (tag %d): string of count %d", i, ent.tag, ent.count)
		}
		return ent, nil
	}

	first, err := read(0)
	if err != nil {
		return nil, err
	}
	start := 0
	if first.tag == tagHeaderImage || first.tag == tagHeaderSignatures || first.tag == tagHeaderImmutable {
		if err := checkRegion(first, h.data, int(il)); err != nil {
			return nil, err
		}
		start = 1
	}
	for i := start; i < int(il); i++ {
		ent, err := read(i)
		if err != nil {
			return nil, err
		}
		h.entries[ent.tag] = ent // a later entry (a dribble) wins
	}
	return h, nil
}

// checkRegion checks a region tag and its trailer.
func checkRegion(tag entry, data []byte, il int) error {
	if tag.typ != typeBin || tag.count != regionCount {
		return headerErr("region tag %d: type %d count %d, want type %d count %d", tag.tag, tag.typ, tag.count, typeBin, regionCount)
	}
	if tag.off+regionCount > len(data) {
		return headerErr("region tag %d: trailer at %d outside the %d-byte data store", tag.tag, tag.off, len(data))
	}
	t := data[tag.off:]
	ttag := binary.BigEndian.Uint32(t)
	ttyp := binary.BigEndian.Uint32(t[4:])
	toff := -int64(int32(binary.BigEndian.Uint32(t[8:])))
	tcount := binary.BigEndian.Uint32(t[12:])
	if tag.tag == tagHeaderSignatures && ttag == tagHeaderImage {
		ttag = tagHeaderSignatures // old packages write HEADERIMAGE here; rpm accepts it
	}
	if ttag != tag.tag || ttyp != typeBin || tcount != regionCount {
		return headerErr("region tag %d: trailer tag %d type %d count %d", tag.tag, ttag, ttyp, tcount)
	}
	if toff <= 0 || toff%entrySize != 0 || toff/entrySize > int64(il) {
		return headerErr("region tag %d: trailer claims %d bytes of index, header has %d entries", tag.tag, toff, il)
	}
	return nil
}

// str returns the string value of tag; ok is false when the header has
// no such tag. An I18N string gives its first (the C locale's) value.
func (h *header) str(tag uint32) (s string, ok bool, err error) {
	e, ok := h.entries[tag]
	if !ok {
		return "", false, nil
	}
	if e.typ != typeString && e.typ != typeI18NString {
		return "", true, headerErr("tag %d: type %d, want a string", tag, e.typ)
	}
	ss, err := h.strings(e, 1)
	if err != nil {
		return "", true, err
	}
	return ss[0], true, nil
}

// strs returns the string array of tag; nil when the header has none.
func (h *header) strs(tag uint32) ([]string, error) {
	e, ok := h.entries[tag]
	if !ok {
		return nil, nil
	}
	if e.typ != typeStringArray {
		return nil, headerErr("tag %d: type %d, want a string array", tag, e.typ)
	}
	return h.strings(e, int(e.count))
}

// strings reads the first n of the entry's NUL-terminated strings. Each
// ends inside the data store; each step advances past at least its NUL,
// and parseHeader has capped count by the bytes left.
func (h *header) strings(e entry, n int) ([]string, error) {
	out := make([]string, 0, min(n, 1024)) // n may be large, each string at least a byte
	pos := e.off
	for range n {
		end := bytes.IndexByte(h.data[pos:], 0)
		if end < 0 {
			return nil, headerErr("tag %d: string at offset %d not NUL-terminated in the data store", e.tag, pos)
		}
		out = append(out, string(h.data[pos:pos+end]))
		pos += end + 1
	}
	return out, nil
}

// int32s returns the INT32 array of tag; nil when the header has none.
func (h *header) int32s(tag uint32) ([]int32, error) {
	e, ok := h.entries[tag]
	if !ok {
		return nil, nil
	}
	if e.typ != typeInt32 {
		return nil, headerErr("tag %d: type %d, want INT32", tag, e.typ)
	}
	out := make([]int32, e.count) // parseHeader checked count*4 fits
	for i := range out {
		out[i] = int32(binary.BigEndian.Uint32(h.data[e.off+4*i:]))
	}
	return out, nil
}

// decodeHeader decodes one header blob into what the cataloger needs.
// It fails on a malformed blob, on a tag of the wrong type, and on a
// header without NAME or VERSION.
func decodeHeader(b []byte) (pkgHeader, error) {
	var p pkgHeader
	h, err := parseHeader(b)
	if err != nil {
		return p, err
	}
	var errs []error
	get := func(tag uint32, dst *string) {
		s, _, err := h.str(tag)
		*dst = s
		errs = append(errs, err)
	}
	get(tagName, &p.Name)
	get(tagVersion, &p.Version)
	get(tagRelease, &p.Release)
	get(tagSummary, &p.Summary)
	get(tagVendor, &p.Vendor)
	get(tagLicense, &p.License)
	get(tagArch, &p.Arch)
	get(tagSourceRPM, &p.SourceRPM)
	get(tagModularityLabel, &p.ModularityLabel)
	epoch, err := h.int32s(tagEpoch)
	errs = append(errs, err)
	if len(epoch) > 0 {
		p.Epoch, p.HasEpoch = epoch[0], true
	}
	p.Files, err = h.files()
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return p, err
	}
	if _, ok := h.entries[tagName]; !ok || p.Name == "" {
		return p, headerErr("no NAME")
	}
	if p.Version == "" {
		return p, headerErr("%s: no VERSION", p.Name)
	}
	return p, nil
}

// files joins DIRNAMES[DIRINDEXES[i]] and BASENAMES[i], or takes the old
// FILENAMES when the header has no BASENAMES.
func (h *header) files() ([]string, error) {
	base, err := h.strs(tagBaseNames)
	if err != nil {
		return nil, err
	}
	if base == nil {
		return h.strs(tagFileNames)
	}
	dirs, err := h.strs(tagDirNames)
	if err != nil {
		return nil, err
	}
	idx, err := h.int32s(tagDirIndexes)
	if err != nil {
		return nil, err
	}
	if len(idx) != len(base) {
		return nil, headerErr("%d BASENAMES but %d DIRINDEXES", len(base), len(idx))
	}
	total := 0
	for i, b := range base {
		d := idx[i]
		if d < 0 || int(d) >= len(dirs) {
			return nil, headerErr("DIRINDEXES[%d] = %d, outside the %d DIRNAMES", i, d, len(dirs))
		}
		// One long directory name shared by many base names would make the
		// paths far larger than the header: cap their sum.
		if total += len(dirs[d]) + len(b); total > maxFileBytes {
			return nil, headerErr("file paths of over %d bytes", maxFileBytes)
		}
	}
	files := make([]string, len(base))
	for i, b := range base {
		files[i] = dirs[idx[i]] + b
	}
	return files, nil
}
