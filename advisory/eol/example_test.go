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
		switch {
		case !ok:
			fmt.Printf("%s: unknown\n", r)
		case s.Ended(now) && !s.Extended.IsZero():
			fmt.Printf("%s: standard support ended %s, extended until %s\n", r, s.Ends.Format(time.DateOnly), s.Extended.Format(time.DateOnly))
		case s.Ended(now):
			fmt.Printf("%s: support ended %s\n", r, s.Ends.Format(time.DateOnly))
		default:
			fmt.Printf("%s: supported until %s\n", r, s.Ends.Format(time.DateOnly))
		}
	}
	// Output:
	// ubuntu:20.04: standard support ended 2025-05-29, extended until 2030-04-23
	// alpine:3.19: support ended 2025-11-01
	// debian:13: supported until 2028-08-09
	// alpine:edge: unknown
}
