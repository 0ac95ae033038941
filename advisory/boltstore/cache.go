package boltstore

import (
	"sync"
	"unsafe"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/version"
)

// cache keeps decoded advisories by reference, those with at least
// minAffected Affected entries, in at most about size bytes, in two generations: a hit in the old generation moves the
// advisory to the new one, and when the new one holds half the bytes it
// becomes the old one and the old one is dropped. So an advisory asked
// for again within about size/2 bytes of others stays. A nil *cache
// holds nothing. It is safe for concurrent use.
type cache struct {
	mu          sync.Mutex
	size        int
	minAffected int
	curBytes    int
	cur, old    map[uint64]cached
}

type cached struct {
	a     *advisory.Advisory
	bytes int
}

func newCache(size, minAffected int) *cache {
	if size <= 0 {
		return nil
	}
	return &cache{size: size, minAffected: minAffected, cur: map[uint64]cached{}}
}

func (c *cache) get(seq uint64) *advisory.Advisory {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cur[seq]; ok {
		return e.a
	}
	e, ok := c.old[seq]
	if ok {
		c.putLocked(seq, e)
	}
	return e.a
}

// put caches a, whose record of length n decoded into the slices n
// counts.
func (c *cache) put(seq uint64, a *advisory.Advisory, n int, s slabs) {
	if c == nil || s.aff < c.minAffected {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(seq, cached{a, decodedSize(n, s)})
}

func (c *cache) putLocked(seq uint64, e cached) {
	if c.curBytes+e.bytes > (c.size+1)/2 {
		c.old, c.cur, c.curBytes = c.cur, make(map[uint64]cached, len(c.cur)), 0
	}
	c.cur[seq] = e
	c.curBytes += e.bytes
}

// decodedSize is about the memory an advisory decoded from a record of n
// bytes, with the slices s counts, holds.
func decodedSize(n int, s slabs) int {
	return n + int(unsafe.Sizeof(advisory.Advisory{})) +
		s.sev*int(unsafe.Sizeof(advisory.Severity{})) +
		s.aff*int(unsafe.Sizeof(advisory.Affected{})) +
		s.rng*int(unsafe.Sizeof(version.Range{})) +
		s.ev*int(unsafe.Sizeof(version.Event{})) +
		s.str*int(unsafe.Sizeof(""))
}
