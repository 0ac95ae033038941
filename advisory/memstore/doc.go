// Package memstore is an in-memory advisory store, for tests and small
// embedders: load advisories with Add, then ask with Lookup and ByID.
//
// It sits at "advisories" in the flow (inventory -> advisories ->
// matches), beside the on-disk store: match asks it the one question of
// the advisory.Store seam. It implements advisory.IDStore (the seam in
// package advisory) and passes advisory/storetest.
package memstore
