package boltstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/loadline/loadline/advisory"
)

// format is the layout version written to the meta bucket; Open refuses
// any other. formatPrefix is what every version starts with.
const (
	format       = formatPrefix + "6"
	formatPrefix = "loadline-boltstore-"
)

// Format is the format version this package writes and reads, as the
// database records it ("loadline-boltstore-6"): what a distributed copy
// of a database must carry to be opened (see advisory/dbimage).
const Format = format

var (
	bucketRecords  = []byte("records")
	bucketPackages = []byte("packages")
	bucketIDs      = []byte("ids")
	bucketCoverage = []byte("coverage")
	bucketMeta     = []byte("meta")

	keyFormat  = []byte("format")
	keyBuilt   = []byte("built")
	keyRecords = []byte("records")
	keyChunks  = []byte("chunks")
	keyCores   = []byte("cores")
	keyChunk   = []byte{0}
	feedPfx    = []byte("feed\x00")
)

// Options configure Open. The zero value (or nil) works.
type Options struct {
	// Timeout is how long Open waits for the file lock a writer may
	// hold; zero means one second.
	Timeout time.Duration
	// Cache bounds the memory, in bytes, in which the Store keeps the
	// advisories it decoded, for later calls: a positive value keeps
	// every advisory (a process that asks about many images is served
	// from memory for what they share); a negative value keeps none.
	// Zero keeps, in at most 64 MiB, only the advisories with at least
	// four Affected entries: a distro advisory names every binary
	// package of its fix (AlmaLinux's name up to hundreds) and a scan
	// asks for each of them, so it is decoded once per scan rather than
	// once per package, while the many advisories of one to three
	// packages do not make the garbage collector mark a larger heap.
	Cache int
}

// defaultCache and sharedAffected are what a zero Options.Cache means:
// keep, in 64 MiB, the advisories with at least four Affected entries.
const (
	defaultCache   = 64 << 20
	sharedAffected = 4
)

// Store is an advisory store read from one file. It is safe for
// concurrent use. The advisories it returns (from Lookup and ByID) may
// be shared between calls (see Options.Cache) and, as advisory.Answer
// says, must not be modified.
type Store struct {
	path  string
	db    *bolt.DB
	cache *cache // nil: none
	// covered holds the ecosystems and releases some feed covers: a
	// few hundred at most, read at Open.
	covered map[advisory.Query]bool
	// pin is a read transaction open from Open to Close, in which
	// chunks, the records bucket's chunks by number, stay valid: a
	// lookup reads its records at their offsets, with no B-tree to
	// search. (Read-only, the file is never remapped.)
	pin    *bolt.Tx
	chunks [][]byte
	cores  int // chunks[:cores] hold cores, the others detail parts
}

var (
	_ advisory.IDStore      = (*Store)(nil)
	_ advisory.ExploitStore = (*Store)(nil)
)

// ErrFormat is returned (wrapped in an error naming the file) by Open
// when the file is not a boltstore database, or is corrupt.
var ErrFormat = errors.New("boltstore: not a valid advisory database")

// ErrVersion is returned (wrapped in an error naming the file and both
// format versions) by Open, and by Write with WriteOptions.Keep, when
// the file is a boltstore database of another format version: written
// by an older or newer loadline. Rebuild it: Write without Keep.
var ErrVersion = errors.New("boltstore: database of another format version")

// Open opens the database at path read-only. The caller closes the Store.
func Open(ctx context.Context, path string, opts *Options) (s *Store, err error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("boltstore: open: %w", err)
	}
	if fi.Size() == 0 || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, ErrFormat)
	}
	var db *bolt.DB
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(path, &err, func() {
		if db != nil {
			db.Close()
		}
	})
	db, err = bolt.Open(path, 0, &bolt.Options{ReadOnly: true, Timeout: o.Timeout, NoStatistics: true})
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w: %w", path, ErrFormat, err)
	}
	covered := map[advisory.Query]bool{}
	err = db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return ErrFormat
		}
		switch f := m.Get(keyFormat); {
		case bytes.HasPrefix(f, []byte(formatPrefix)) && string(f) != format:
			return fmt.Errorf("%w: format %q, this loadline reads %q", ErrVersion, f, format)
		case string(f) != format:
			return ErrFormat
		}
		for _, b := range [][]byte{bucketRecords, bucketPackages, bucketIDs, bucketCoverage, bucketKEV, bucketEPSS} {
			if tx.Bucket(b) == nil {
				return ErrFormat
			}
		}
		c := tx.Bucket(bucketCoverage).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			parts := bytes.SplitN(k, []byte{0}, 4)
			if len(parts) != 4 {
				return fmt.Errorf("%w: coverage key %q", ErrFormat, k)
			}
			covered[advisory.Query{Ecosystem: string(parts[0]), Release: advisory.Release{Distro: string(parts[1]), Version: string(parts[2])}}] = true
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	pin, chunks, cores, err := pinChunks(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	minAffected := 0
	if o.Cache == 0 {
		o.Cache, minAffected = defaultCache, sharedAffected
	}
	return &Store{path: path, db: db, cache: newCache(o.Cache, minAffected), covered: covered, pin: pin, chunks: chunks, cores: cores}, nil
}

// pinChunks begins the read transaction a Store holds open and returns
// it with the chunks of the records bucket, by number, and the number of
// them that hold cores (the first).
func pinChunks(db *bolt.DB) (_ *bolt.Tx, _ [][]byte, cores int, err error) {
	tx, err := db.Begin(false)
	if err != nil {
		return nil, nil, 0, err
	}
	// On an error or a panic (a corrupt file): DB.Close waits for every
	// transaction to end.
	done := false
	defer func() {
		if !done {
			tx.Rollback()
		}
	}()
	// The count is in meta: a cursor over a corrupt bucket can loop.
	n, w := binary.Uvarint(tx.Bucket(bucketMeta).Get(keyChunks))
	if w <= 0 || n > uint64(tx.Size()/16) { // a chunk takes more than 16 bytes
		return nil, nil, 0, fmt.Errorf("%w: chunk count", ErrFormat)
	}
	c, w := binary.Uvarint(tx.Bucket(bucketMeta).Get(keyCores))
	if w <= 0 || c > n {
		return nil, nil, 0, fmt.Errorf("%w: core chunk count", ErrFormat)
	}
	chunks := make([][]byte, n)
	rb := tx.Bucket(bucketRecords)
	for i := range chunks {
		if chunks[i], err = getChunk(rb, chunkKey(uint32(i))); err != nil {
			return nil, nil, 0, err
		}
	}
	done = true
	return tx, chunks, int(c), nil
}

// guard recovers a panic of bbolt reading a corrupt file into an error
// naming path; cleanup runs on a panic. Call it deferred, after
// debug.SetPanicOnFault(true) so that a fault on the memory map panics
// too.
func guard(path string, err *error, cleanup func()) {
	if r := recover(); r != nil {
		if cleanup != nil {
			cleanup()
		}
		*err = fmt.Errorf("boltstore: read %s: %w: %v", path, ErrFormat, r)
	}
}

// view runs fn in a read transaction, with panics and memory faults
// turned into an error naming the file.
func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.path, &err, nil)
	return s.db.View(fn)
}

// Close closes the file.
func (s *Store) Close() error {
	s.pin.Rollback()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("boltstore: close %s: %w", s.path, err)
	}
	return nil
}

// Lookup answers q: the advisories with an Affected entry for q's
// ecosystem, release and (normalised) package, in ID order (advisories
// with the same ID in write order), without their Details and
// References (ByID gives those), and whether any feed covers q's
// ecosystem and release.
func (s *Store) Lookup(ctx context.Context, q advisory.Query) (advisory.Answer, error) {
	if err := ctx.Err(); err != nil {
		return advisory.Answer{}, err
	}
	ans := advisory.Answer{Covered: s.covered[advisory.Query{Ecosystem: q.Ecosystem, Release: q.Release}]}
	err := s.view(func(tx *bolt.Tx) error {
		seqs := tx.Bucket(bucketPackages).Get(packageKey(q.Ecosystem, q.Release, q.Package))
		var err error
		ans.Advisories, err = s.records(seqs)
		return err
	})
	if err != nil {
		return advisory.Answer{}, fmt.Errorf("boltstore: lookup %s %s %s: %w", q.Ecosystem, q.Release, q.Package, err)
	}
	return ans, nil
}

// ByID returns the advisories whose ID or one of whose aliases is id, in
// ID order, or advisory.ErrNotFound. They are whole: with Details and
// References, which Lookup leaves out.
func (s *Store) ByID(ctx context.Context, id string) ([]*advisory.Advisory, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*advisory.Advisory
	err := s.view(func(tx *bolt.Tx) error {
		refs := tx.Bucket(bucketIDs).Get([]byte(id))
		if len(refs)%8 != 0 {
			return fmt.Errorf("%w: index entry of %d bytes", ErrFormat, len(refs))
		}
		for i := 0; i < len(refs); i += 8 {
			r := binary.BigEndian.Uint64(refs[i:])
			core, err := s.record(r, false)
			if err != nil {
				return err
			}
			detail, err := s.detail(core)
			if err != nil {
				return fmt.Errorf("%w: record %x: %w", ErrFormat, r, err)
			}
			a, err := decodeWhole(core, detail)
			if err != nil {
				return fmt.Errorf("record %x: %w", r, err)
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: by id %s: %s: %w", id, s.path, err)
	}
	if len(out) == 0 {
		return nil, advisory.ErrNotFound
	}
	slices.SortStableFunc(out, func(x, y *advisory.Advisory) int { return cmp.Compare(x.ID, y.ID) })
	return out, nil
}

// record returns the entry r references: a core, or with detail a
// detail part.
func (s *Store) record(r uint64, detail bool) ([]byte, error) {
	n := r >> 32
	if n >= uint64(len(s.chunks)) || (n >= uint64(s.cores)) != detail {
		return nil, fmt.Errorf("%w: record %x: no chunk %d of its kind", ErrFormat, r, n)
	}
	v, _, err := recordAt(s.chunks[n], int(uint32(r)))
	if err != nil {
		return nil, fmt.Errorf("%w: record %x: %w", ErrFormat, r, err)
	}
	return v, nil
}

// detail returns the detail part of core.
func (s *Store) detail(core []byte) ([]byte, error) {
	r, err := detailRef(core)
	if err != nil {
		return nil, err
	}
	return s.record(r, true)
}

// records returns the advisories whose references refs packs, in refs'
// order (Write sorts index entries by ID): from the cache, or decoded.
// It copies the records it decodes into one string, decodes them into
// one slice and carves their slices from one arena: a few allocations
// per call, whatever the number of advisories.
func (s *Store) records(refs []byte) ([]*advisory.Advisory, error) {
	if len(refs)%8 != 0 {
		return nil, fmt.Errorf("%s: %w: index entry of %d bytes", s.path, ErrFormat, len(refs))
	}
	n := len(refs) / 8
	if n == 0 {
		return nil, nil
	}
	out := make([]*advisory.Advisory, n)
	// miss lists the positions in out to decode.
	var missBuf [16]int
	miss := missBuf[:0]
	for i := range out {
		if out[i] = s.cache.get(binary.BigEndian.Uint64(refs[8*i:])); out[i] == nil {
			miss = append(miss, i)
		}
	}
	if len(miss) > 0 {
		if err := s.decode(refs, miss, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decode reads and decodes the records at the positions miss of refs
// into out, and caches them.
func (s *Store) decode(refs []byte, miss []int, out []*advisory.Advisory) error {
	// Most lookups decode a few advisories: their bookkeeping stays on
	// the stack.
	var (
		valsBuf [16][]byte
		eachBuf [16]slabs
		vals    = valsBuf[:0]
		each    = eachBuf[:0]
		total   slabs
		size    int
	)
	if len(miss) > len(valsBuf) {
		vals, each = make([][]byte, 0, len(miss)), make([]slabs, 0, len(miss))
	}
	vals, each = vals[:len(miss)], each[:len(miss)]
	for j, i := range miss {
		v, err := s.record(binary.BigEndian.Uint64(refs[8*i:]), false)
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		vals[j] = v
		size += len(v)
	}
	var sb strings.Builder
	sb.Grow(size)
	for _, v := range vals {
		sb.Write(v)
	}
	all := sb.String()
	for j, v := range vals {
		if _, err := header(all[:len(v)], &each[j]); err != nil {
			return fmt.Errorf("%s: record %x: %w", s.path, binary.BigEndian.Uint64(refs[8*miss[j]:]), err)
		}
		total.add(each[j])
		all = all[len(v):]
	}
	all = sb.String()
	ar := newArena(total)
	advs := make([]advisory.Advisory, len(miss))
	for j, v := range vals {
		r := binary.BigEndian.Uint64(refs[8*miss[j]:])
		if err := decodeString(all[:len(v)], &advs[j], ar); err != nil {
			return fmt.Errorf("%s: record %x: %w", s.path, r, err)
		}
		all = all[len(v):]
		out[miss[j]] = &advs[j]
		s.cache.put(r, &advs[j], len(v), each[j])
	}
	return nil
}

// ref is the reference of the record at offset off of chunk n: what the
// indexes hold, 8 bytes big-endian, and the cache's key.
func ref(n, off uint32) uint64 { return uint64(n)<<32 | uint64(off) }

// chunkKey is the records key of chunk n: a bucket holding the chunk
// under keyChunk.
func chunkKey(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

// getChunk returns the chunk under key in the records bucket rb.
func getChunk(rb *bolt.Bucket, key []byte) ([]byte, error) {
	var v []byte
	if cb := rb.Bucket(key); cb != nil {
		v = cb.Get(keyChunk)
	}
	if v == nil {
		return nil, fmt.Errorf("%w: chunk %x missing", ErrFormat, key)
	}
	return v, nil
}

// recordAt returns the record at offset off of chunk (a uvarint length,
// then the encoding) and the offset after it.
func recordAt(chunk []byte, off int) ([]byte, int, error) {
	if off < 0 || off >= len(chunk) {
		return nil, 0, fmt.Errorf("offset %d outside a chunk of %d bytes", off, len(chunk))
	}
	n, w := binary.Uvarint(chunk[off:])
	if w <= 0 || n > maxRecord || n > uint64(len(chunk)-off-w) {
		return nil, 0, fmt.Errorf("bad record length at offset %d", off)
	}
	start := off + w
	return chunk[start : start+int(n)], start + int(n), nil
}

// Status is what a database says of itself, for `db status`.
type Status struct {
	// Path is the file's path.
	Path string
	// Built is when Write built the database.
	Built time.Time
	// Records is the number of advisories stored (KEV and EPSS entries
	// are counted in their feeds only).
	Records int
	// Feeds are the feeds the database holds, in name order: the
	// advisory feeds and, when present, "kev" and "epss".
	Feeds []FeedStatus
}

// Age returns how old the database is at now: now minus Built.
func (s Status) Age(now time.Time) time.Duration { return now.Sub(s.Built) }

// FeedStatus is what a database records of one feed.
type FeedStatus struct {
	// Name is the feed's name, as the advisories' Source.Feed says.
	Name string `json:"name"`
	// Fingerprint is the fingerprint of the data last fetched, "" when
	// the feed was imported from a local file without one.
	Fingerprint advisory.Fingerprint `json:"fingerprint,omitempty"`
	// Fetched is when the data was fetched; zero for a local import.
	Fetched time.Time `json:"fetched,omitzero"`
	// Records is the number of the feed's advisories stored; for "kev"
	// and "epss", of its entries (CVEs).
	Records int `json:"records"`
}

// Age returns how old the feed's data is at now (now minus Fetched), or
// zero when Fetched is zero.
func (f FeedStatus) Age(now time.Time) time.Duration {
	if f.Fetched.IsZero() {
		return 0
	}
	return now.Sub(f.Fetched)
}

// Stale returns the feeds whose data is older than maxAge at now, in
// name order: those fetched more than maxAge before now, and those with
// no fetch time (imported from a local file) in a database built more
// than maxAge before now. With maxAge zero or less no feed is stale.
func (s Status) Stale(now time.Time, maxAge time.Duration) []FeedStatus {
	if maxAge <= 0 {
		return nil
	}
	var out []FeedStatus
	for _, f := range s.Feeds {
		fetched := f.Fetched
		if fetched.IsZero() {
			fetched = s.Built
		}
		if now.Sub(fetched) > maxAge {
			out = append(out, f)
		}
	}
	return out
}

// Status returns the database's build time, record count and feeds.
func (s *Store) Status(ctx context.Context) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Status{}, err
	}
	st := Status{Path: s.path}
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		st.Built, st.Feeds, err = readMeta(tx)
		if err != nil {
			return err
		}
		// The count Write recorded: counting the bucket would read
		// the whole file.
		n, w := binary.Uvarint(tx.Bucket(bucketMeta).Get(keyRecords))
		if w <= 0 || n > math.MaxInt32 {
			return fmt.Errorf("%w: record count", ErrFormat)
		}
		st.Records = int(n)
		return nil
	})
	if err != nil {
		return Status{}, fmt.Errorf("boltstore: status %s: %w", s.path, err)
	}
	return st, nil
}

// readMeta reads the build time and the feeds, by name.
func readMeta(tx *bolt.Tx) (time.Time, []FeedStatus, error) {
	m := tx.Bucket(bucketMeta)
	var built time.Time
	if err := built.UnmarshalText(m.Get(keyBuilt)); err != nil {
		return time.Time{}, nil, fmt.Errorf("build time: %w", err)
	}
	var feeds []FeedStatus
	c := m.Cursor()
	for k, v := c.Seek(feedPfx); k != nil && bytes.HasPrefix(k, feedPfx); k, v = c.Next() {
		var f FeedStatus
		if err := json.Unmarshal(v, &f); err != nil {
			return time.Time{}, nil, fmt.Errorf("feed %q: %w", k[len(feedPfx):], err)
		}
		feeds = append(feeds, f)
	}
	return built, feeds, nil
}

// releaseKey is the coverage prefix of an ecosystem and release.
func releaseKey(eco string, r advisory.Release) []byte {
	return []byte(eco + "\x00" + r.Distro + "\x00" + r.Version + "\x00")
}

// packageKey is the packages key of a package.
func packageKey(eco string, r advisory.Release, name string) []byte {
	return append(releaseKey(eco, r), advisory.NormalizeName(eco, name)...)
}
