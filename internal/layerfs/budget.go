package layerfs

import "sync/atomic"

// Budget is a number of bytes shared by the layers of one image, safe for
// concurrent use. A nil *Budget is unlimited.
type Budget struct {
	left atomic.Int64
}

// NewBudget returns a budget of n bytes; n <= 0 means unlimited (nil).
func NewBudget(n int64) *Budget {
	if n <= 0 {
		return nil
	}
	b := new(Budget)
	b.left.Store(n)
	return b
}

// take charges n bytes and reports whether the budget still holds.
func (b *Budget) take(n int64) bool {
	if b == nil {
		return true
	}
	return b.left.Add(-n) >= 0
}
