package memstore_test

import (
	"testing"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Test(t, func(t *testing.T, advs []*advisory.Advisory, cover []advisory.Query) advisory.Store {
		s := &memstore.Store{}
		s.Add(advs...)
		for _, q := range cover {
			s.Cover(q.Ecosystem, q.Release)
		}
		return s
	})
}
