package rust

// Test helpers for the external tests.
var (
	ELFWith = elfWith
	Zlibbed = zlibbed
)
