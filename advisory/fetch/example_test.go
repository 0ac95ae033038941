package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/loadline/loadline/advisory"
	"github.com/loadline/loadline/advisory/fetch"
)

// A feed's Fetch stores the fingerprint it gets and passes it back next
// time; an unchanged feed is then skipped with advisory.ErrNotModified.
func Example() {
	// A local server standing in for a feed host (it sends Last-Modified).
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	url := srv.URL + "/vunnel-epss-example-1.csv"

	c := &fetch.Client{Backoff: 10 * time.Millisecond}
	f, fp, err := c.Get(context.Background(), url, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	head := make([]byte, 23)
	io.ReadFull(f, head)
	fmt.Printf("%d bytes, sha256 %s…\n%s\n", f.Size(), f.SHA256()[:12], head)
	f.Close()

	_, _, err = c.Get(context.Background(), url, fp)
	fmt.Println(errors.Is(err, advisory.ErrNotModified))
	// Output:
	// 233 bytes, sha256 a581b47440ab…
	// #model_version:v2023.03
	// true
}
