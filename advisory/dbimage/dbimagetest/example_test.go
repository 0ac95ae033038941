package dbimagetest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/loadline/loadline/advisory/dbimage/dbimagetest"
)

func ExampleNewRegistry() {
	// In a test, pass its *testing.T.
	var t testing.T
	host := dbimagetest.NewRegistry(&t)
	fmt.Println(strings.HasPrefix(host+"/security/advisories:latest", "127.0.0.1:"))
	// Output: true
}
