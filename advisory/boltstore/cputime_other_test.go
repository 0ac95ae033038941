//go:build !unix

package boltstore_test

import "time"

// cpuTime returns zero: process CPU time is read on Unix only.
func cpuTime() time.Duration { return 0 }
