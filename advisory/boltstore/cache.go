package boltstore

import (
	"sync"

	"github.com/loadline/loadline/advisory"
)

// cache keeps decoded advisories by sequence number, at most about size
// of them, in two generations: a hit in the old generation moves the
// advisory to the new one, and when the new one is full it becomes the
// old one and the old one is dropped. So an advisory asked for again
// within about size others stays. A nil *cache holds nothing. It is safe
// for concurrent use.
type cache struct {
	mu       sync.Mutex
	size     int
	cur, old map[uint64]*advisory.Advisory
}

func newCache(size int) *cache {
	if size <= 0 {
		return nil
	}
	return &cache{size: size, cur: map[uint64]*advisory.Advisory{}}
}

func (c *cache) get(seq uint64) *advisory.Advisory {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a := c.cur[seq]; a != nil {
		return a
	}
	a := c.old[seq]
	if a != nil {
		c.putLocked(seq, a)
	}
	return a
}

func (c *cache) put(seq uint64, a *advisory.Advisory) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(seq, a)
}

func (c *cache) putLocked(seq uint64, a *advisory.Advisory) {
	if len(c.cur) >= (c.size+1)/2 {
		c.old, c.cur = c.cur, make(map[uint64]*advisory.Advisory, len(c.cur))
	}
	c.cur[seq] = a
}
