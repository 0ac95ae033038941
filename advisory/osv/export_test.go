package osv

// Known reports whether eco's name (before any ":") is in the ecosystem
// table.
func Known(eco string) bool {
	_, _, ok := ecosystemOf(eco)
	return ok
}
