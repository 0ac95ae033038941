// Package storetest is a conformance kit for advisory stores, like
// testing/fstest for file systems: an implementation's tests call Test
// with a function that builds the store under test from advisories.
//
// It sits beside the advisory.Store seam (advisories, in the flow
// inventory -> advisories -> matches): every store matching may ask,
// in memory or on disk, must pass it, so that embedders can swap one for
// another. It exposes no seam of its own.
package storetest
