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

func ExampleParse() {
	// One installed version against several advisories' entries: parsed
	// once, compared with each bound.
	s, _ := version.Lookup(version.Deb)
	v, err := version.Parse(s, "1:2.36.1-8+deb12u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fixed := range []string{"1:2.36.1-8+deb12u2", "2.38.1-1", "1:2.36.1-8"} {
		d, _ := v.Evaluate(version.Affected{Ranges: []version.Range{{
			Type:   version.RangeEcosystem,
			Events: []version.Event{{Introduced: "0"}, {Fixed: fixed}},
		}}})
		fmt.Printf("fixed in %s: affected=%v\n", fixed, d.Affected)
	}
	c, _ := v.Compare("1:2.36.1-8")
	fmt.Println("compared with 1:2.36.1-8:", c)
	// Output:
	// fixed in 1:2.36.1-8+deb12u2: affected=true
	// fixed in 2.38.1-1: affected=false
	// fixed in 1:2.36.1-8: affected=false
	// compared with 1:2.36.1-8: 1
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
