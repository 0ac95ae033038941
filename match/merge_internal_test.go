package match

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnionFind checks unionFind, on both sides of linearIDs, against a
// plain map-based union-find: the same roots for every ID.
func TestUnionFind(t *testing.T) {
	for _, n := range []int{1, 5, linearIDs, linearIDs + 1, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			ref := map[string]string{}
			var find func(x string) string
			find = func(x string) string {
				if _, ok := ref[x]; !ok {
					ref[x] = x
				}
				if ref[x] != x {
					ref[x] = find(ref[x])
				}
				return ref[x]
			}
			uf := &unionFind{}
			for range 3 * n {
				a, b := fmt.Sprint("ID-", rng.IntN(n)), fmt.Sprint("ID-", rng.IntN(n))
				if rng.IntN(3) == 0 {
					if diff := cmp.Diff(find(a), uf.find(a)); diff != "" {
						t.Fatalf("find(%s) (-want +got):\n%s", a, diff)
					}
					continue
				}
				ra := find(a)
				ref[ra] = find(b)
				uf.union(a, b)
			}
			want, got := map[string]string{}, map[string]string{}
			for x := range ref {
				want[x] = find(x)
			}
			for _, x := range uf.ids {
				got[x] = uf.find(x)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("roots (-want +got):\n%s", diff)
			}
		})
	}
}
