// Package memstore is an in-memory advisory store, for tests and small
// embedders: load advisories with Add and exploitation data (KEV, EPSS)
// with SetExploitation, then ask with Lookup, ByID and Exploitation.
//
// It sits at "advisories" in the flow (inventory -> advisories ->
// matches), beside the on-disk store: match asks it the one question of
// the advisory.Store seam. It implements advisory.IDStore (the seam in
// package advisory) and advisory.ExploitStore, and passes
// advisory/storetest.
package memstore
