package memstore

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/loadline/loadline/advisory"
)

type key struct {
	ecosystem string
	release   advisory.Release
	name      string
}

type coverage struct {
	ecosystem string
	release   advisory.Release
}

// Store holds advisories and exploitation data in memory. The zero value
// is an empty store ready to use. It is safe for concurrent use;
// advisories added are shared with callers of Lookup and ByID and must
// not be modified after Add.
type Store struct {
	mu      sync.RWMutex
	byKey   map[key][]*advisory.Advisory
	byID    map[string][]*advisory.Advisory
	covered map[coverage]bool
	exploit map[string]advisory.Exploitation
}

var (
	_ advisory.IDStore      = (*Store)(nil)
	_ advisory.ExploitStore = (*Store)(nil)
)

// Add stores advs, and marks every (ecosystem, release) they affect as
// covered.
func (s *Store) Add(advs ...*advisory.Advisory) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	for _, a := range advs {
		for _, id := range a.IDs() {
			s.byID[id] = insert(s.byID[id], a)
		}
		for _, af := range a.Affected {
			k := key{af.Ecosystem, af.Release, advisory.NormalizeName(af.Ecosystem, advisory.EntryName(&af))}
			s.byKey[k] = insert(s.byKey[k], a)
			s.covered[coverage{af.Ecosystem, af.Release}] = true
		}
	}
}

// Cover marks an ecosystem and release as covered although no advisory
// affects it: a feed for it was loaded and said nothing.
func (s *Store) Cover(ecosystem string, r advisory.Release) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	s.covered[coverage{ecosystem, r}] = true
}

// SetExploitation records what is known of the exploitation of the CVE
// with ID cve, replacing what was recorded; the zero Exploitation
// forgets it. The store keeps copies of x's KEV and EPSS values, not the
// pointers.
func (s *Store) SetExploitation(cve string, x advisory.Exploitation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	if x.KEV == nil && x.EPSS == nil {
		delete(s.exploit, cve)
		return
	}
	s.exploit[cve] = clone(x)
}

// clone returns x with its KEV and EPSS copied.
func clone(x advisory.Exploitation) advisory.Exploitation {
	if x.KEV != nil {
		k := *x.KEV
		x.KEV = &k
	}
	if x.EPSS != nil {
		e := *x.EPSS
		x.EPSS = &e
	}
	return x
}

// init makes the maps of a zero Store; s.mu is held.
func (s *Store) init() {
	if s.byKey == nil {
		s.byKey, s.byID, s.covered = map[key][]*advisory.Advisory{}, map[string][]*advisory.Advisory{}, map[coverage]bool{}
		s.exploit = map[string]advisory.Exploitation{}
	}
}

// insert adds a to list (in ID order) unless it is there.
func insert(list []*advisory.Advisory, a *advisory.Advisory) []*advisory.Advisory {
	if slices.Contains(list, a) {
		return list
	}
	i, _ := slices.BinarySearchFunc(list, a, func(x, y *advisory.Advisory) int { return cmp.Compare(x.ID, y.ID) })
	return slices.Insert(list, i, a)
}

// Lookup answers q from memory.
func (s *Store) Lookup(ctx context.Context, q advisory.Query) (advisory.Answer, error) {
	if err := ctx.Err(); err != nil {
		return advisory.Answer{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	k := key{q.Ecosystem, q.Release, advisory.NormalizeName(q.Ecosystem, q.Package)}
	return advisory.Answer{
		Advisories: slices.Clone(s.byKey[k]),
		Covered:    s.covered[coverage{q.Ecosystem, q.Release}],
	}, nil
}

// ByID returns the advisories whose ID or alias is id.
func (s *Store) ByID(ctx context.Context, id string) ([]*advisory.Advisory, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if list := s.byID[id]; len(list) > 0 {
		return slices.Clone(list), nil
	}
	return nil, advisory.ErrNotFound
}

// Exploitation returns what SetExploitation recorded for the CVE with ID
// cve (compared exactly), the zero Exploitation when nothing was. The
// values it points to are new on each call and belong to the caller.
func (s *Store) Exploitation(ctx context.Context, cve string) (advisory.Exploitation, error) {
	if err := ctx.Err(); err != nil {
		return advisory.Exploitation{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return clone(s.exploit[cve]), nil
}
