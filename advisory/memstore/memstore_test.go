package memstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/memstore"
	"github.com/loadline/loadline/advisory/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Test(t, func(t *testing.T, d storetest.Data) advisory.Store {
		s := &memstore.Store{}
		s.Add(d.Advisories...)
		for _, q := range d.Cover {
			s.Cover(q.Ecosystem, q.Release)
		}
		for cve, x := range d.Exploitation {
			s.SetExploitation(cve, x)
		}
		return s
	})
}

// TestSetExploitation checks that SetExploitation replaces, that the
// zero Exploitation forgets, and that the store keeps copies.
func TestSetExploitation(t *testing.T) {
	ctx := context.Background()
	s := &memstore.Store{}
	k := &advisory.KEV{Ransomware: true}
	s.SetExploitation("CVE-2021-44228", advisory.Exploitation{KEV: k})
	k.Ransomware = false // the caller's value, not the store's
	got, err := s.Exploitation(ctx, "CVE-2021-44228")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(advisory.Exploitation{KEV: &advisory.KEV{Ransomware: true}}, got); diff != "" {
		t.Errorf("Exploitation after SetExploitation (-want +got):\n%s", diff)
	}
	s.SetExploitation("CVE-2021-44228", advisory.Exploitation{EPSS: &advisory.EPSS{Score: 0.9}})
	if got, _ = s.Exploitation(ctx, "CVE-2021-44228"); got.KEV != nil || got.EPSS == nil {
		t.Errorf("Exploitation after a second SetExploitation = %+v, want the EPSS score only", got)
	}
	s.SetExploitation("CVE-2021-44228", advisory.Exploitation{})
	if got, _ = s.Exploitation(ctx, "CVE-2021-44228"); got != (advisory.Exploitation{}) {
		t.Errorf("Exploitation after setting the zero value = %+v, want zero", got)
	}
}
