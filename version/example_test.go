package version_test

import (
	"errors"
	"fmt"

	"github.com/loadline/loadline/version"
)

func ExampleCompare() {
	// A tilde sorts before the release it precedes, as dpkg says.
	c, err := version.Compare(version.Deb, "2.36-9+deb12u4", "2.36-9+deb12u10")
	fmt.Println(c, err)
	c, err = version.Compare(version.Deb, "1.0~rc1-1", "1.0-1")
	fmt.Println(c, err)
	// Output:
	// -1 <nil>
	// -1 <nil>
}

func ExampleSatisfies() {
	// PEP 440 excludes pre-releases unless the specifier names one.
	ok, _ := version.Satisfies(version.PyPI, "2.0b1", ">=1.0,<3")
	fmt.Println(ok)
	ok, _ = version.Satisfies(version.PyPI, "2.0b1", ">=2.0b1,<3")
	fmt.Println(ok)
	// node-semver's caret.
	ok, _ = version.Satisfies(version.NPM, "1.9.4", "^1.2.3")
	fmt.Println(ok)
	// Output:
	// false
	// true
	// true
}

func ExampleLookup() {
	s, err := version.Lookup(version.RPM)
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"1:1.0-1.el9", "2.0-1.el9", "1.0-1.el9_2"} {
		c, _ := s.Compare(v, "1.0-1.el9")
		fmt.Println(v, c)
	}
	_, err = version.Lookup("cobol")
	fmt.Println(errors.Is(err, version.ErrUnknownEcosystem))
	// Output:
	// 1:1.0-1.el9 1
	// 2.0-1.el9 1
	// 1.0-1.el9_2 1
	// true
}

func ExampleEvaluate() {
	// An OSV affected entry: vulnerable from 2.0.0 until 2.15.0.
	a := version.Affected{Ranges: []version.Range{{
		Type:   version.RangeEcosystem,
		Events: []version.Event{{Introduced: "2.0.0"}, {Fixed: "2.15.0"}},
	}}}
	s, _ := version.Lookup(version.Maven)
	for _, v := range []string{"1.2.17", "2.14.1", "2.15.0-rc1", "2.15.0"} {
		d, _ := version.Evaluate(s, v, a)
		fmt.Printf("%s affected=%v fixed=%q\n", v, d.Affected, d.Fixed)
	}
	// Output:
	// 1.2.17 affected=false fixed=""
	// 2.14.1 affected=true fixed="2.15.0"
	// 2.15.0-rc1 affected=true fixed="2.15.0"
	// 2.15.0 affected=false fixed=""
}

func ExampleInvalidVersionError() {
	_, err := version.Compare(version.NPM, "1.2", "1.2.0")
	var bad *version.InvalidVersionError
	if errors.As(err, &bad) {
		fmt.Println(bad.Ecosystem, bad.Version)
	}
	// Output:
	// npm 1.2
}
