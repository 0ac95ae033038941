package boltstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// The record codec: an advisory's fields in declaration order, without
// names, in two parts. The core is what matching reads: every field but
// Details and References, after the 8-byte reference of the detail part,
// which holds those two. Lookup reads and decodes cores only; ByID reads
// both. A string is a uvarint length and its bytes; a slice a uvarint
// count and its elements; a time a byte 0 (zero time) or 1 followed by
// varint Unix seconds and uvarint nanoseconds (the instant, in UTC); a
// float64 its IEEE 754 bits, big-endian. The layout is versioned by the
// database format (see format): a change here is a new format.
//
// A header comes first in the core (after the detail reference): the
// record's total numbers of severities, affected entries, ranges, events
// and strings in string slices (see slabs). Decoding copies the cores
// once into a string (Lookup copies all the cores it returns into one)
// and slices every string field from it, and carves every slice from
// slabs the headers size: the advisories of one lookup cost a handful of
// allocations whatever their number of strings and slices.

// maxRecord bounds an encoded advisory, so that a corrupt file cannot
// make Lookup copy or allocate gigabytes: Write refuses a larger
// advisory. The largest real records (NVD CVEs with thousands of CPE
// entries) encode to a few hundred kilobytes.
const maxRecord = 16 << 20

// errCodec is wrapped by decode's errors: the record is malformed.
var errCodec = errors.New("malformed record")

// encodeAdvisory appends the whole encoding of a to buf: the core's
// length (4 bytes, big-endian), the core (with a zero detail
// reference) and the detail part.
func encodeAdvisory(buf []byte, a *advisory.Advisory) []byte {
	start := len(buf)
	buf = append(buf, 0, 0, 0, 0)
	buf = encodeCore(buf, a)
	binary.BigEndian.PutUint32(buf[start:], uint32(len(buf)-start-4))
	return encodeDetail(buf, a)
}

// splitAdvisory splits a whole encoding into its core and detail part.
func splitAdvisory(v []byte) (core, detail []byte, err error) {
	if len(v) < 4 {
		return nil, nil, fmt.Errorf("%w: %d bytes", errCodec, len(v))
	}
	n := binary.BigEndian.Uint32(v)
	if uint64(n) > uint64(len(v)-4) {
		return nil, nil, fmt.Errorf("%w: core of %d bytes in %d", errCodec, n, len(v))
	}
	return v[4 : 4+n], v[4+n:], nil
}

// detailRefSize is the size of the detail reference a core starts with.
const detailRefSize = 8

// encodeCore appends the core of a to buf, with a zero detail reference.
func encodeCore(buf []byte, a *advisory.Advisory) []byte {
	e := encoder(append(buf, make([]byte, detailRefSize)...))
	var n slabs
	n.sev, n.aff = len(a.Severities), len(a.Affected)
	n.str = len(a.Aliases) + len(a.Related) + len(a.CWEs)
	for _, af := range a.Affected {
		n.rng += len(af.Ranges)
		n.str += len(af.Versions)
		for _, r := range af.Ranges {
			n.ev += len(r.Events)
		}
	}
	for _, c := range n.counts() {
		e.count(*c)
	}
	e.str(a.ID)
	e.strs(a.Aliases)
	e.strs(a.Related)
	e.str(a.Summary)
	e.time(a.Published)
	e.time(a.Modified)
	e.time(a.Withdrawn)
	e.count(len(a.Severities))
	for _, s := range a.Severities {
		e.str(s.Type)
		e.str(s.Vector)
		e.float(s.Score)
		e.str(s.Rating)
		e.str(s.Source)
	}
	e.count(len(a.Affected))
	for i := range a.Affected {
		af := &a.Affected[i]
		e.str(af.Ecosystem)
		e.str(af.Release.Distro)
		e.str(af.Release.Version)
		e.str(af.Package)
		e.str(af.Module)
		e.str(af.CPE)
		e.str(string(af.Status))
		e.count(len(af.Ranges))
		for _, r := range af.Ranges {
			e.str(string(r.Type))
			e.count(len(r.Events))
			for _, ev := range r.Events {
				e.str(ev.Introduced)
				e.str(ev.Fixed)
				e.str(ev.LastAffected)
				e.str(ev.Limit)
			}
		}
		e.strs(af.Versions)
		e.str(af.Severity)
		e.str(af.Reason)
	}
	e.strs(a.CWEs)
	e.str(a.Source.Feed)
	e.str(a.Source.Record)
	e.time(a.Source.Fetched)
	return e
}

// encodeDetail appends the detail part of a to buf: Details and
// References.
func encodeDetail(buf []byte, a *advisory.Advisory) []byte {
	e := encoder(buf)
	e.str(a.Details)
	e.count(len(a.References))
	for _, r := range a.References {
		e.str(r.Type)
		e.str(r.URL)
	}
	return e
}

type encoder []byte

func (e *encoder) count(n int) { *e = binary.AppendUvarint(*e, uint64(n)) }

func (e *encoder) str(s string) {
	*e = append(binary.AppendUvarint(*e, uint64(len(s))), s...)
}

func (e *encoder) strs(ss []string) {
	e.count(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) float(f float64) { *e = binary.BigEndian.AppendUint64(*e, math.Float64bits(f)) }

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		*e = append(*e, 0)
		return
	}
	*e = append(*e, 1)
	*e = binary.AppendVarint(*e, t.Unix())
	*e = binary.AppendUvarint(*e, uint64(t.Nanosecond()))
}

// slabs counts, or holds, the slices of one or more records.
type slabs struct {
	sev, aff, rng, ev, str int
}

// add adds o's counts to n's.
func (n *slabs) add(o slabs) {
	n.sev, n.aff, n.rng, n.ev, n.str = n.sev+o.sev, n.aff+o.aff, n.rng+o.rng, n.ev+o.ev, n.str+o.str
}

func (n *slabs) counts() [5]*int { return [5]*int{&n.sev, &n.aff, &n.rng, &n.ev, &n.str} }

// Minimum encoded sizes of the elements the header counts, which bound
// the counts a record of a given length can claim (and so what a
// corrupt record can make decoding allocate).
const (
	minSeverity  = 1 + 1 + 8 + 1 + 1
	minAffected  = 7 + 1 + 1 + 2
	minRange     = 1 + 1
	minEvent     = 4
	minReference = 1 + 1
	minString    = 1
)

// header reads the slab counts at the start of core v (after the detail
// reference) into n, adding to what n holds, and returns the offset of
// the body.
func header(v string, n *slabs) (int, error) {
	if len(v) < detailRefSize {
		return 0, fmt.Errorf("%w: core of %d bytes", errCodec, len(v))
	}
	d := &decoder{s: v, i: detailRefSize}
	for i, c := range n.counts() {
		*c += d.count([...]int{minSeverity, minAffected, minRange, minEvent, minString}[i])
	}
	return d.i, d.err
}

// detailRef returns the detail reference core v starts with.
func detailRef(v []byte) (uint64, error) {
	if len(v) < detailRefSize {
		return 0, fmt.Errorf("%w: core of %d bytes", errCodec, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// arena holds the slabs decoding carves slices from.
type arena struct {
	sev []advisory.Severity
	aff []advisory.Affected
	rng []version.Range
	ev  []version.Event
	str []string
}

func newArena(n slabs) *arena {
	return &arena{
		sev: make([]advisory.Severity, n.sev),
		aff: make([]advisory.Affected, n.aff),
		rng: make([]version.Range, n.rng),
		ev:  make([]version.Event, n.ev),
		str: make([]string, n.str),
	}
}

// carve takes n elements off the front of *slab, capped so that an
// append by the caller copies rather than overwrites the next record's;
// nil for n zero, and an error on d when the slab is short (a header
// that lies).
func carve[T any](d *decoder, slab *[]T, n int) []T {
	if n == 0 {
		return nil
	}
	if n > len(*slab) {
		d.fail("more elements than the header counts")
		return nil
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

// decodeAdvisory decodes a whole encoding encodeAdvisory wrote. It
// never panics: malformed input is an error wrapping errCodec. The
// advisory does not share memory with v.
func decodeAdvisory(v []byte) (*advisory.Advisory, error) {
	if len(v) > maxRecord {
		return nil, fmt.Errorf("%w: %d bytes", errCodec, len(v))
	}
	core, detail, err := splitAdvisory(v)
	if err != nil {
		return nil, err
	}
	return decodeWhole(core, detail)
}

// decodeWhole decodes an advisory from its core and detail part.
func decodeWhole(core, detail []byte) (*advisory.Advisory, error) {
	s := string(core) + string(detail)
	var n slabs
	if _, err := header(s[:len(core)], &n); err != nil {
		return nil, err
	}
	a := new(advisory.Advisory)
	ar := newArena(n)
	if err := decodeString(s[:len(core)], a, ar); err != nil {
		return nil, err
	}
	if err := decodeDetail(s[len(core):], a); err != nil {
		return nil, err
	}
	return a, nil
}

// decodeString decodes the core v into a, which must be zero, carving
// its slices from ar; a's strings share v's memory.
func decodeString(v string, a *advisory.Advisory, ar *arena) error {
	var skip slabs
	i, err := header(v, &skip)
	if err != nil {
		return err
	}
	d := &decoder{s: v, i: i, ar: ar}
	a.ID = d.str()
	a.Aliases = d.strs()
	a.Related = d.strs()
	a.Summary = d.str()
	a.Published = d.time()
	a.Modified = d.time()
	a.Withdrawn = d.time()
	a.Severities = carve(d, &ar.sev, d.count(minSeverity))
	for i := range a.Severities {
		s := &a.Severities[i]
		s.Type = d.str()
		s.Vector = d.str()
		s.Score = d.float()
		s.Rating = d.str()
		s.Source = d.str()
	}
	a.Affected = carve(d, &ar.aff, d.count(minAffected))
	for i := range a.Affected {
		af := &a.Affected[i]
		af.Ecosystem = d.str()
		af.Release.Distro = d.str()
		af.Release.Version = d.str()
		af.Package = d.str()
		af.Module = d.str()
		af.CPE = d.str()
		af.Status = advisory.Status(d.str())
		af.Ranges = carve(d, &ar.rng, d.count(minRange))
		for j := range af.Ranges {
			r := &af.Ranges[j]
			r.Type = version.RangeType(d.str())
			r.Events = carve(d, &ar.ev, d.count(minEvent))
			for k := range r.Events {
				ev := &r.Events[k]
				ev.Introduced = d.str()
				ev.Fixed = d.str()
				ev.LastAffected = d.str()
				ev.Limit = d.str()
			}
		}
		af.Versions = d.strs()
		af.Severity = d.str()
		af.Reason = d.str()
	}
	a.CWEs = d.strs()
	a.Source.Feed = d.str()
	a.Source.Record = d.str()
	a.Source.Fetched = d.time()
	return d.end()
}

// decodeDetail decodes the detail part v into a's Details and
// References; a's strings share v's memory.
func decodeDetail(v string, a *advisory.Advisory) error {
	d := &decoder{s: v}
	a.Details = d.str()
	if n := d.count(minReference); n > 0 {
		a.References = make([]advisory.Reference, n)
	}
	for i := range a.References {
		a.References[i].Type = d.str()
		a.References[i].URL = d.str()
	}
	return d.end()
}

// decoder reads s from i. After the first error, every read returns a
// zero value and err keeps that error.
type decoder struct {
	s   string
	i   int
	err error
	ar  *arena // where strs carves from
}

// end returns d's error, or an error if bytes are left.
func (d *decoder) end() error {
	if d.err == nil && d.i != len(d.s) {
		d.fail("%d trailing bytes", len(d.s)-d.i)
	}
	return d.err
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: %s", errCodec, d.i, fmt.Sprintf(format, args...))
	}
	d.i = len(d.s)
}

func (d *decoder) uvarint() uint64 {
	if d.i < len(d.s) && d.s[d.i] < 0x80 { // most lengths and counts
		d.i++
		return uint64(d.s[d.i-1])
	}
	var x uint64
	for shift := 0; d.i < len(d.s); shift += 7 {
		b := d.s[d.i]
		d.i++
		if shift == 63 && b > 1 {
			break
		}
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	d.fail("bad uvarint")
	return 0
}

// count reads an element count; each element takes at least min bytes,
// so that a count the remaining bytes cannot hold is an error rather
// than a large allocation.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64((len(d.s)-d.i)/min) {
		d.fail("count %d exceeds the record", n)
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.fail("string of %d bytes exceeds the record", n)
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *decoder) strs() []string {
	out := carve(d, &d.ar.str, d.count(minString))
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) float() float64 {
	if len(d.s)-d.i < 8 {
		d.fail("short float")
		return 0
	}
	var b [8]byte
	copy(b[:], d.s[d.i:])
	d.i += 8
	return math.Float64frombits(binary.BigEndian.Uint64(b[:]))
}

func (d *decoder) time() time.Time {
	if d.i >= len(d.s) {
		d.fail("short time")
		return time.Time{}
	}
	flag := d.s[d.i]
	d.i++
	switch flag {
	case 0:
		return time.Time{}
	case 1:
	default:
		d.fail("bad time flag %d", flag)
		return time.Time{}
	}
	ux := d.uvarint() // zigzag, as binary.AppendVarint writes
	sec := int64(ux >> 1)
	if ux&1 != 0 {
		sec = ^sec
	}
	nsec := d.uvarint()
	if nsec >= 1e9 {
		d.fail("nanoseconds %d out of range", nsec)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
