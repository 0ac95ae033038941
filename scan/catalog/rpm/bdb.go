package rpm

import (
	"encoding/binary"
	"fmt"
)

// BerkeleyDB hash databases, as rpm up to 4.15 writes /var/lib/rpm/Packages
// (Berkeley DB's own documentation and db_page.h describe the layout).
// Page 0 is the metadata page; every other page starts with a 26-byte
// header. Hash pages hold key/data item pairs through an array of 16-bit
// item offsets after the header; rpm's keys are 4-byte header numbers and
// its data items are headers, stored inline when small (H_KEYDATA) and
// otherwise on a chain of overflow pages (H_OFFPAGE: page number and total
// length). Numbers are in the byte order of the machine that wrote the
// file, which the metadata page's magic tells.
const (
	bdbHashMagic   = 0x061561
	bdbMetaSize    = 72 // the generic metadata header, all a reader needs
	bdbPageHdrSize = 26

	pageHashUnsorted = 2
	pageOverflow     = 7
	pageHashMeta     = 8
	pageHash         = 13

	itemKeyData = 1
	itemOffPage = 3
)

// blob is one package record of a database: its key (the header number,
// or NDB's package index) and the header blob, or what was wrong with it.
type blob struct {
	key  uint32
	data []byte
	err  error
}

// readBDB lists the records of a BerkeleyDB hash database held whole in
// b. A malformed metadata page fails it; a malformed page or record gives
// a blob with err set and the rest are still read. Every page number is
// checked against the file, items on a page may not overlap, and no
// overflow page is read twice (by one chain or two), so the work is
// bounded by the file's size.
func readBDB(b []byte) ([]blob, error) {
	if len(b) < bdbMetaSize {
		return nil, fmt.Errorf("berkeleydb: %d bytes, shorter than the metadata page", len(b))
	}
	var bo binary.ByteOrder
	switch {
	case binary.LittleEndian.Uint32(b[12:]) == bdbHashMagic:
		bo = binary.LittleEndian
	case binary.BigEndian.Uint32(b[12:]) == bdbHashMagic:
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("berkeleydb: magic %#x is not a hash database's", b[12:16])
	}
	pageSize := int(bo.Uint32(b[20:]))
	if pageSize < 512 || pageSize > 64<<10 || pageSize&(pageSize-1) != 0 {
		return nil, fmt.Errorf("berkeleydb: page size %d", pageSize)
	}
	if b[24] != 0 {
		return nil, fmt.Errorf("berkeleydb: encrypted (algorithm %d)", b[24])
	}
	if b[25] != pageHashMeta {
		return nil, fmt.Errorf("berkeleydb: metadata page of type %d, want %d", b[25], pageHashMeta)
	}
	npages := len(b) / pageSize
	if last := int64(bo.Uint32(b[32:])); last >= int64(npages) {
		return nil, fmt.Errorf("berkeleydb: last page %d, file holds %d pages of %d bytes", last, npages, pageSize)
	}
	// Pages past the last one the metadata names are not the database's.
	npages = int(bo.Uint32(b[32:])) + 1
	r := &bdbReader{b: b, bo: bo, pageSize: pageSize, npages: npages, used: make([]bool, npages)}
	var blobs []blob
	for pg := 1; pg < npages; pg++ {
		page := r.page(pg)
		if t := page[25]; t != pageHash && t != pageHashUnsorted {
			continue
		}
		blobs = append(blobs, r.hashPage(pg, page)...)
	}
	return blobs, nil
}

type bdbReader struct {
	b        []byte
	bo       binary.ByteOrder
	pageSize int
	npages   int
	used     []bool // overflow pages already read, by any chain
}

func (r *bdbReader) page(pg int) []byte {
	return r.b[pg*r.pageSize : (pg+1)*r.pageSize]
}

// hashPage reads the key/data pairs of one hash page.
func (r *bdbReader) hashPage(pg int, page []byte) []blob {
	n := int(r.bo.Uint16(page[20:]))
	if bdbPageHdrSize+2*n > r.pageSize || n%2 != 0 {
		return []blob{{err: fmt.Errorf("berkeleydb: page %d: %d items do not fit or do not pair", pg, n)}}
	}
	offs := make([]int, n)
	for i := range offs {
		offs[i] = int(r.bo.Uint16(page[bdbPageHdrSize+2*i:]))
		if offs[i] < bdbPageHdrSize+2*n || offs[i] >= r.pageSize {
			return []blob{{err: fmt.Errorf("berkeleydb: page %d: item %d at offset %d outside the page's data", pg, i, offs[i])}}
		}
	}
	// Items are packed from the end of the page down: item i ends where
	// item i-1 starts, item 0 at the end of the page.
	item := func(i int) ([]byte, error) {
		end := r.pageSize
		if i > 0 {
			end = offs[i-1]
		}
		if offs[i] >= end {
			return nil, fmt.Errorf("berkeleydb: page %d: item %d at %d does not end before %d", pg, i, offs[i], end)
		}
		return page[offs[i]:end], nil
	}
	var out []blob
	for i := 0; i < n; i += 2 {
		k, err := item(i)
		if err != nil {
			out = append(out, blob{err: err})
			continue
		}
		if k[0] != itemKeyData || len(k) < 5 {
			out = append(out, blob{err: fmt.Errorf("berkeleydb: page %d: key item %d of type %d and %d bytes", pg, i, k[0], len(k))})
			continue
		}
		key := r.bo.Uint32(k[1:])
		if key == 0 {
			continue // rpm's record 0 holds the next header number, not a header
		}
		d, err := item(i + 1)
		if err != nil {
			out = append(out, blob{key: key, err: err})
			continue
		}
		switch d[0] {
		case itemKeyData:
			out = append(out, blob{key: key, data: d[1:]})
		case itemOffPage:
			data, err := r.overflow(d)
			out = append(out, blob{key: key, data: data, err: err})
		default:
			out = append(out, blob{key: key, err: fmt.Errorf("berkeleydb: page %d: data item %d of type %d", pg, i+1, d[0])})
		}
	}
	return out
}

// overflow follows an H_OFFPAGE item (type, 3 unused bytes, first page,
// total length) along its chain of overflow pages, each holding its byte
// count in the header's hf_offset field and its bytes after the header.
func (r *bdbReader) overflow(item []byte) ([]byte, error) {
	if len(item) < 12 {
		return nil, fmt.Errorf("berkeleydb: off-page item of %d bytes", len(item))
	}
	pg := int64(r.bo.Uint32(item[4:]))
	total := int64(r.bo.Uint32(item[8:]))
	if total > maxBlob {
		return nil, fmt.Errorf("berkeleydb: off-page item of %d bytes, over the largest header (%d)", total, maxBlob)
	}
	out := make([]byte, 0, min(total, 1<<20)) // total is a claim: grow as pages come
	for pg != 0 {
		if pg >= int64(r.npages) {
			return nil, fmt.Errorf("berkeleydb: overflow chain reaches page %d, past the last page %d", pg, r.npages-1)
		}
		if r.used[pg] {
			return nil, fmt.Errorf("berkeleydb: overflow chain reaches page %d a second time", pg)
		}
		r.used[pg] = true
		page := r.page(int(pg))
		if page[25] != pageOverflow {
			return nil, fmt.Errorf("berkeleydb: overflow chain reaches page %d of type %d", pg, page[25])
		}
		n := int64(r.bo.Uint16(page[22:]))
		if n > int64(r.pageSize-bdbPageHdrSize) || int64(len(out))+n > total {
			return nil, fmt.Errorf("berkeleydb: overflow page %d holds %d bytes, past the item's %d", pg, n, total)
		}
		out = append(out, page[bdbPageHdrSize:bdbPageHdrSize+n]...)
		pg = int64(r.bo.Uint32(page[16:]))
	}
	if int64(len(out)) != total {
		return nil, fmt.Errorf("berkeleydb: overflow chain holds %d bytes, item says %d", len(out), total)
	}
	return out, nil
}
