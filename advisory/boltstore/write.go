package boltstore

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/loadline/loadline/advisory"
)

// WriteOptions configure Write. The zero value (or nil) works: a new
// database of the advisories given, built now.
type WriteOptions struct {
	// Feeds describe the feeds whose advisories the sequence yields (by
	// Source.Feed). A feed named here replaces that feed's advisories
	// when Keep is set, even if the sequence yields none of them. A feed
	// the advisories name but Feeds does not is recorded with no
	// fingerprint.
	Feeds []Feed
	// Keep, when set and a database exists at the path, copies into the
	// new database the advisories of every feed that is neither in Feeds
	// nor named by a written advisory, with their metadata and coverage:
	// that updates some feeds and keeps the others.
	Keep bool
	// Built is the build time recorded; zero means time.Now().
	Built time.Time
	// KEV and EPSS are the exploitation data to store, by CVE ID, as
	// the feeds named "kev" and "epss" (fingerprints and fetch times
	// come through Feeds, like any feed's; the record count is the
	// map's length). A nil map with Keep copies the previous database's
	// data and metadata for that feed (Feeds, if it names the feed,
	// updates the fingerprint and fetch time: a feed found not
	// modified); a nil map without Keep stores none; a non-nil map, even
	// empty, replaces the data. Times are stored in UTC, to the second.
	KEV  map[string]advisory.KEV
	EPSS map[string]advisory.EPSS
}

// Feed is what Write records of one feed.
type Feed struct {
	// Name is the feed's name, as its advisories' Source.Feed says.
	Name string
	// Fingerprint and Fetched are as the feed's Fetch gave them.
	Fingerprint advisory.Fingerprint
	Fetched     time.Time
	// Cover lists the ecosystems and releases (Query.Package is ignored)
	// the feed covers even where it has no advisory; those its
	// advisories affect are covered anyway, unless CoverOnly.
	Cover []advisory.Query
	// CoverOnly says that the feed's advisories do not cover the
	// releases they affect, only Cover does: a list of announced fixes
	// (Debian's DSA and DLA lists) does not say what it does not list.
	CoverOnly bool
	// Merge, with WriteOptions.Keep, says that the advisories written
	// for the feed are its changes, not its whole data (an
	// advisory.Delta): they replace the feed's advisories of the same
	// IDs in the previous database, and its others are kept, with its
	// coverage.
	Merge bool
}

// Stats says what Write wrote.
type Stats struct {
	// Written is the number of advisories from the sequence; Kept the
	// number copied from the previous database (WriteOptions.Keep).
	Written, Kept int
	// Bytes is the size of the new file.
	Bytes int64
}

// chunkSize is about how many bytes of records go in one value of the
// records bucket, written in one transaction: bounded memory for any
// number of records (a larger record takes a chunk of its own).
const chunkSize = 16 << 20

// writeMmap is the address space Write maps for the file it builds (a
// reservation, not memory): bbolt remaps, copying every node the open
// transaction holds, each time the file outgrows its map, which would
// otherwise cost Write a third of its time. Where addresses are 32 bits,
// bbolt's default.
const writeMmap = (strconv.IntSize / 64) << 30

// Write builds a database at path from advs, atomically: it writes a
// temporary file in path's directory, syncs it and renames it over path.
// An error from advs (any error: filter the tolerable ones first), a nil
// advisory, one whose encoding exceeds 16 MiB (real ones take at most a
// few hundred KiB), a cancelled ctx or a failure while writing stops
// Write, removes the temporary file and leaves any previous database at
// path unchanged.
// Write spools the encoded advisories (in memory, then, past 32 MiB, in a
// temporary file beside path, removed when Write returns) and copies
// them into the database grouped by package (see the package
// documentation); indexes list them by ID, and advisories of one ID in
// the order advs yields them (after them, those kept). Write does not
// modify the advisories.
func Write(ctx context.Context, path string, advs iter.Seq2[*advisory.Advisory, error], opts *WriteOptions) (st Stats, err error) {
	var o WriteOptions
	if opts != nil {
		o = *opts
	}
	if o.Built.IsZero() {
		o.Built = time.Now()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return Stats{}, fmt.Errorf("boltstore: write %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	var db *bolt.DB
	var b *builder
	defer func() {
		if err != nil {
			if b != nil && b.tx != nil {
				b.tx.Rollback()
			}
			if db != nil {
				db.Close()
			}
			os.Remove(tmp)
			err = fmt.Errorf("boltstore: write %s: %w", path, err)
		}
	}()
	if err = os.Chmod(tmp, 0o644); err != nil {
		return Stats{}, err
	}
	// The file is written once, by this transaction sequence, and then
	// only read: no sync until the end, no freelist written at each
	// commit (readers do not need it), the freelist kept as a map (its
	// array form is scanned at every allocation), no statistics.
	db, err = bolt.Open(tmp, 0o644, &bolt.Options{
		NoSync: true, NoGrowSync: true, NoFreelistSync: true, FreelistType: bolt.FreelistMapType, NoStatistics: true,
		Timeout: time.Second, InitialMmapSize: writeMmap,
	})
	if err != nil {
		return Stats{}, err
	}
	b = &builder{db: db, pkgs: map[string][]uint32{}, ids: map[string][]uint32{}, cover: map[string]bool{}, feeds: map[string]*FeedStatus{}, merged: map[string]map[string]bool{}, coverOnly: map[string]bool{}}
	b.spool = &spool{dir: filepath.Dir(path)}
	defer b.spool.Close()
	for _, fd := range o.Feeds {
		b.feed(fd.Name, fd.Fingerprint, fd.Fetched)
		if fd.Merge {
			b.merged[fd.Name] = map[string]bool{}
		}
		if fd.CoverOnly {
			b.coverOnly[fd.Name] = true
		}
		for _, q := range fd.Cover {
			b.cover[string(releaseKey(q.Ecosystem, q.Release))+fd.Name] = true
		}
	}
	for a, e := range advs {
		if e != nil {
			return Stats{}, e
		}
		if err = b.add(ctx, a, nil); err != nil {
			return Stats{}, err
		}
		if ids := b.merged[a.Source.Feed]; ids != nil {
			ids[a.ID] = true
		}
		st.Written++
	}
	if o.Keep {
		replaced := maps.Clone(b.feeds)
		if st.Kept, err = b.keep(ctx, path, replaced, o.KEV == nil, o.EPSS == nil); err != nil {
			return Stats{}, err
		}
	}
	tx, err := b.begin()
	if err != nil {
		return Stats{}, err
	}
	if err = b.putExploit(tx, o.KEV, o.EPSS); err != nil {
		return Stats{}, err
	}
	if err = b.finish(ctx, o.Built); err != nil {
		return Stats{}, err
	}
	if err = db.Sync(); err != nil {
		return Stats{}, err
	}
	err, db = db.Close(), nil
	if err != nil {
		return Stats{}, err
	}
	if err = syncFile(tmp); err != nil {
		return Stats{}, err
	}
	fi, err := os.Stat(tmp)
	if err != nil {
		return Stats{}, err
	}
	st.Bytes = fi.Size()
	if err = os.Rename(tmp, path); err != nil {
		return Stats{}, err
	}
	// The rename is done; a failure to sync the directory loses nothing
	// but durability across a power cut, and is still reported.
	if err := syncFile(filepath.Dir(path)); err != nil {
		return st, fmt.Errorf("boltstore: write %s: %w", path, err)
	}
	return st, nil
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// builder spools records and gathers the indexes in
// memory, to write the records in chunks, grouped by package, and the
// indexes in key order, at the end.
type builder struct {
	db *bolt.DB
	tx *bolt.Tx
	// spool holds the records added, one after another; recs locates
	// them, by ordinal.
	spool *spool
	recs  []spooled
	pkgs  map[string][]uint32 // packageKey -> ordinals of records
	ids   map[string][]uint32
	cover map[string]bool // releaseKey + feed
	feeds map[string]*FeedStatus
	// merged holds, for each feed written with Feed.Merge, the IDs of
	// its advisories written.
	merged map[string]map[string]bool
	// coverOnly holds the feeds written with Feed.CoverOnly.
	coverOnly map[string]bool
	// chunk is the entries of the chunk being filled, each a uvarint
	// length and a core or detail part; chunks the number of chunks
	// written.
	chunk   []byte
	chunks  uint32
	cores   uint32 // the chunks of cores, which come first
	scratch []byte // encode's buffer
}

// spooled locates a record in the spool: a whole encoding (see
// encodeAdvisory) at off, whose core and detail part take core and
// detail bytes.
type spooled struct {
	off          int64
	core, detail uint32
	id           string // the advisory's ID, which index lists sort by
}

func (b *builder) feed(name string, fp advisory.Fingerprint, fetched time.Time) *FeedStatus {
	f := b.feeds[name]
	if f == nil {
		f = &FeedStatus{Name: name}
		b.feeds[name] = f
	}
	if fp != "" {
		f.Fingerprint = fp
	}
	if !fetched.IsZero() {
		f.Fetched = fetched
	}
	return f
}

// add stores a (raw is its encoding, or nil to encode it; add copies
// it): it appends the record to the spool and notes its packages and
// IDs, for finish to write.
func (b *builder) add(ctx context.Context, a *advisory.Advisory, raw []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a == nil {
		return errors.New("nil advisory")
	}
	if raw == nil {
		b.scratch = encodeAdvisory(b.scratch[:0], a)
		raw = b.scratch
	}
	if len(raw) > maxRecord {
		return fmt.Errorf("advisory %s: %d bytes encoded, more than %d", a.ID, len(raw), maxRecord)
	}
	if len(b.recs) == math.MaxUint32 {
		return errors.New("more than 4,294,967,295 advisories")
	}
	core, detail, err := splitAdvisory(raw)
	if err != nil {
		return fmt.Errorf("advisory %s: %w", a.ID, err)
	}
	if _, err := b.spool.Write(raw); err != nil {
		return err
	}
	k := uint32(len(b.recs))
	rec := spooled{off: b.spool.size - int64(len(raw)), core: uint32(len(core)), detail: uint32(len(detail)), id: a.ID}
	for _, id := range a.IDs() {
		b.ids[id] = appendOrd(b.ids[id], k)
	}
	for _, af := range a.Affected {
		pk := string(packageKey(af.Ecosystem, af.Release, advisory.EntryName(&af)))
		b.pkgs[pk] = appendOrd(b.pkgs[pk], k)
		if !b.coverOnly[a.Source.Feed] {
			b.cover[string(releaseKey(af.Ecosystem, af.Release))+a.Source.Feed] = true
		}
	}
	b.recs = append(b.recs, rec)
	b.feed(a.Source.Feed, "", time.Time{}).Records++
	return nil
}

// flush writes the chunk being filled, if it holds any record, in a
// transaction of its own, and starts the next.
func (b *builder) flush() error {
	if len(b.chunk) == 0 {
		return nil
	}
	tx, err := b.begin()
	if err != nil {
		return err
	}
	rb, err := tx.CreateBucketIfNotExists(bucketRecords)
	if err != nil {
		return err
	}
	rb.FillPercent = 1 // keys only ever grow
	// A bucket per chunk: a leaf holds at least four values, and
	// putting a chunk beside the last ones would write them again.
	cb, err := rb.CreateBucket(chunkKey(b.chunks))
	if err != nil {
		return err
	}
	if err := cb.Put(keyChunk, b.chunk); err != nil {
		return err
	}
	// bbolt keeps the value until the commit; then the buffer is free.
	if err := b.commit(); err != nil {
		return err
	}
	b.chunks++
	b.chunk = b.chunk[:0]
	return nil
}

// begin returns the current write transaction, beginning one if none is
// open.
func (b *builder) begin() (*bolt.Tx, error) {
	if b.tx == nil {
		tx, err := b.db.Begin(true)
		if err != nil {
			return nil, err
		}
		b.tx = tx
	}
	return b.tx, nil
}

// commit commits the current write transaction, if one is open.
func (b *builder) commit() error {
	if b.tx == nil {
		return nil
	}
	err := b.tx.Commit()
	b.tx = nil
	return err
}

// appendOrd appends the ordinal k to list unless it is already last
// (one advisory with several entries for one package).
func appendOrd(list []uint32, k uint32) []uint32 {
	if len(list) > 0 && list[len(list)-1] == k {
		return list
	}
	return append(list, k)
}

// keep copies from the database at path the advisories, metadata and
// coverage of the feeds not in replaced, the coverage and the advisories
// of other IDs than those written of the feeds merged, and the KEV and
// EPSS data when kev and epss say so. A missing database keeps nothing.
func (b *builder) keep(ctx context.Context, path string, replaced map[string]*FeedStatus, kev, epss bool) (int, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	old, err := Open(ctx, path, nil)
	if err != nil {
		return 0, err
	}
	defer old.Close()
	n := 0
	err = old.view(func(tx *bolt.Tx) error {
		_, feeds, err := readMeta(tx)
		if err != nil {
			return err
		}
		for _, f := range feeds {
			if replaced[f.Name] == nil && f.Name != feedKEV && f.Name != feedEPSS {
				b.feed(f.Name, f.Fingerprint, f.Fetched)
			}
		}
		c := tx.Bucket(bucketCoverage).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			parts := bytes.SplitN(k, []byte{0}, 4)
			if len(parts) != 4 {
				continue
			}
			if f := string(parts[3]); replaced[f] == nil || b.merged[f] != nil {
				b.cover[string(k)] = true
			}
		}
		var raw []byte
		for k, chunk := range old.chunks[:old.cores] {
			for off := 0; off < len(chunk); {
				core, next, err := recordAt(chunk, off)
				if err != nil {
					return fmt.Errorf("%s: chunk %d: %w", path, k, err)
				}
				r := ref(uint32(k), uint32(off))
				off = next
				detail, err := old.detail(core)
				if err != nil {
					return fmt.Errorf("%s: record %x: %w", path, r, err)
				}
				a, err := decodeWhole(core, detail)
				if err != nil {
					return fmt.Errorf("%s: record %x: %w", path, r, err)
				}
				if ids := b.merged[a.Source.Feed]; ids != nil && ids[a.ID] || ids == nil && replaced[a.Source.Feed] != nil {
					continue
				}
				raw = binary.BigEndian.AppendUint32(raw[:0], uint32(len(core)))
				raw = append(append(raw, core...), detail...)
				if err := b.add(ctx, a, raw); err != nil {
					return err
				}
				n++
			}
		}
		for _, x := range []struct {
			name string
			ok   bool
		}{{feedKEV, kev}, {feedEPSS, epss}} {
			if x.ok {
				if err := b.keepExploit(tx, x.name, feeds); err != nil {
					return err
				}
			}
		}
		// keepExploit's values point into old's memory map: commit
		// before its transaction ends.
		return b.commit()
	})
	return n, err
}

// finish writes the records (see place), the indexes, coverage and
// metadata, and commits.
func (b *builder) finish(ctx context.Context, built time.Time) error {
	keys := slices.Sorted(maps.Keys(b.pkgs))
	refs, err := b.place(ctx, keys)
	if err != nil {
		return err
	}
	tx, err := b.begin()
	if err != nil {
		return err
	}
	b.tx = nil
	defer tx.Rollback()
	if _, err := tx.CreateBucketIfNotExists(bucketRecords); err != nil {
		return err
	}
	put := func(name []byte, keys []string, value func(k string) []byte) error {
		bk, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		bk.FillPercent = 1
		for _, k := range keys {
			if err := bk.Put([]byte(k), value(k)); err != nil {
				return err
			}
		}
		return nil
	}
	// pack packs the references of the ordinals list, in ID order (in
	// the order added within an ID), into a new slice (bbolt keeps a
	// value until the commit): Lookup need not sort them.
	pack := func(list []uint32) []byte {
		slices.SortStableFunc(list, func(x, y uint32) int { return strings.Compare(b.recs[x].id, b.recs[y].id) })
		packed := make([]byte, 0, 8*len(list))
		for _, k := range list {
			packed = binary.BigEndian.AppendUint64(packed, refs[k])
		}
		return packed
	}
	meta := map[string][]byte{string(keyFormat): []byte(format), string(keyRecords): binary.AppendUvarint(nil, uint64(len(b.recs))), string(keyChunks): binary.AppendUvarint(nil, uint64(b.chunks)), string(keyCores): binary.AppendUvarint(nil, uint64(b.cores))}
	if meta[string(keyBuilt)], err = built.UTC().MarshalText(); err != nil {
		return err
	}
	for name, f := range b.feeds {
		if meta[string(feedPfx)+name], err = json.Marshal(f); err != nil {
			return err
		}
	}
	for _, w := range []struct {
		name  []byte
		keys  []string
		value func(string) []byte
	}{
		{bucketPackages, keys, func(k string) []byte { return pack(b.pkgs[k]) }},
		{bucketIDs, slices.Sorted(maps.Keys(b.ids)), func(k string) []byte { return pack(b.ids[k]) }},
		{bucketCoverage, slices.Sorted(maps.Keys(b.cover)), func(string) []byte { return []byte{} }},
		{bucketMeta, slices.Sorted(maps.Keys(meta)), func(k string) []byte { return meta[k] }},
	} {
		if err := put(w.name, w.keys, w.value); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// place copies the spooled records into chunks: the cores, those of one
// package together, and those of one release, then, from a chunk of
// their own, the detail parts in the same order. Each record goes with
// the first, in key order, of the packages it affects (keys are the
// packages' keys, sorted), and the records that affect none go last, in
// the order added. A lookup then reads one stretch of the file for most
// of a package's advisories, and a scan of one image a few stretches.
// It returns the cores' references, by ordinal.
//
// It reads each record from the spool once, and appends its detail part
// to the spool, to copy them from there in one sequential read.
func (b *builder) place(ctx context.Context, keys []string) ([]uint64, error) {
	order := make([]uint32, 0, len(b.recs))
	placed := make([]bool, len(b.recs))
	for _, key := range keys {
		for _, k := range b.pkgs[key] {
			if !placed[k] {
				placed[k] = true
				order = append(order, k)
			}
		}
	}
	for k := range b.recs {
		if !placed[k] {
			order = append(order, uint32(k))
		}
	}
	placed = nil
	// Lay the cores out first: a core holds its detail part's
	// reference, in the chunks after the cores'.
	cores := make([]uint64, len(b.recs))
	var cl layout
	for _, k := range order {
		cores[k] = cl.next(b.recs[k].core)
	}
	b.cores = cl.end()
	dl := layout{chunk: b.cores}
	b.chunk = make([]byte, 0, min(b.spool.size+int64(10*len(b.recs)), chunkSize))
	details, size := b.spool.size, int64(0)
	var raw []byte
	for i, k := range order {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		r := b.recs[k]
		raw = slices.Grow(raw[:0], 4+int(r.core+r.detail))[:4+r.core+r.detail]
		if _, err := b.spool.ReadAt(raw, r.off); err != nil {
			return nil, err
		}
		core, detail, err := splitAdvisory(raw)
		if err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
		binary.BigEndian.PutUint64(core, dl.next(r.detail))
		v, err := b.entry(cores[k], r.core)
		if err != nil {
			return nil, err
		}
		copy(v, core)
		if _, err := b.spool.Write(detail); err != nil {
			return nil, err
		}
		size += int64(len(detail))
	}
	if err := b.flush(); err != nil {
		return nil, err
	}
	rd := bufio.NewReaderSize(io.NewSectionReader(b.spool, details, size), 1<<20)
	dl = layout{chunk: b.chunks}
	for i, k := range order {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		n := b.recs[k].detail
		v, err := b.entry(dl.next(n), n)
		if err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(rd, v); err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
	}
	if err := b.flush(); err != nil {
		return nil, err
	}
	return cores, nil
}

// entry appends to the chunks an entry of n bytes, which layout placed
// at at, and returns its bytes, to fill before the next entry.
func (b *builder) entry(at uint64, n uint32) ([]byte, error) {
	if c := uint32(at >> 32); c != b.chunks {
		if err := b.flush(); err != nil {
			return nil, err
		}
		if c != b.chunks {
			return nil, fmt.Errorf("internal error: record laid out in chunk %d, written to %d", c, b.chunks)
		}
	}
	if uint32(at) != uint32(len(b.chunk)) {
		return nil, fmt.Errorf("internal error: record laid out at %d, written at %d", uint32(at), len(b.chunk))
	}
	b.chunk = binary.AppendUvarint(b.chunk, uint64(n))
	start := len(b.chunk)
	b.chunk = slices.Grow(b.chunk, int(n))[:start+int(n)]
	return b.chunk[start:], nil
}

// layout lays out chunks: entries of a uvarint length and that many
// bytes, in chunks of about chunkSize (a larger entry takes a chunk of
// its own).
type layout struct {
	chunk uint32 // the chunk being filled
	size  int    // its size so far
}

// next returns the reference of the next entry, of n bytes.
func (l *layout) next(n uint32) uint64 {
	var buf [binary.MaxVarintLen64]byte
	e := binary.PutUvarint(buf[:], uint64(n)) + int(n)
	if l.size > 0 && l.size+e > chunkSize {
		l.chunk, l.size = l.chunk+1, 0
	}
	r := ref(l.chunk, uint32(l.size))
	l.size += e
	return r
}

// end ends the chunk being filled, if it holds anything, and returns the
// number of chunks laid out.
func (l *layout) end() uint32 {
	if l.size > 0 {
		l.chunk, l.size = l.chunk+1, 0
	}
	return l.chunk
}
