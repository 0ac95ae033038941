package eol_test

import (
	"fmt"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/eol"
)

func ExampleLookup() {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, r := range []advisory.Release{
		advisory.ReleaseOf("ubuntu", "20.04"),
		advisory.ReleaseOf("alpine", "3.19.4"),
		advisory.ReleaseOf("debian", "13.1"),
		advisory.ReleaseOf("alpine", "edge"),
	} {
		s, ok := eol.Lookup(r)
		if !ok {
			fmt.Printf("%s: unknown\n", r)
			continue
		}
		fmt.Printf("%s (ended: %v)\n", s.Status(now), s.Ended(now))
	}
	// Output:
	// Ubuntu 20.04: end of standard support since 2025-05-29; extended support until 2030-04-23 (ended: true)
	// Alpine 3.19: end of life since 2025-11-01 (ended: true)
	// Debian 13: supported until 2028-08-09 (ended: false)
	// alpine:edge: unknown
}
