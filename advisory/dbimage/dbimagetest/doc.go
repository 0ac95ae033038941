// Package dbimagetest serves a container registry for the tests of
// programs built on advisory/dbimage, as net/http/httptest serves HTTP.
//
// It sits beside dbimage, at the "advisories" step of loadline's flow
// (image -> layers -> inventory -> advisories -> matches -> verdict),
// and is for tests only: the database artifact a scanner pulls has to
// come from somewhere a test controls. Its one seam, NewRegistry, starts
// go-containerregistry's in-process registry (blobs held in memory) on
// 127.0.0.1, where dbimage speaks plain HTTP, and returns its host; a
// program such as examples/loadline can then test its db push and db
// pull commands without importing go-containerregistry itself (whose
// homes are scan/... and advisory/dbimage/...).
package dbimagetest
