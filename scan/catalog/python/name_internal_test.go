package python

import "testing"

// FuzzSameName checks sameName against normalize on arbitrary names:
// sameName(a, normalize(b)) exactly when a and b normalize alike.
func FuzzSameName(f *testing.F) {
	for _, s := range [][2]string{
		{"Flask", "flask"}, {"zope.interface", "zope-interface"}, {"Foo__Bar", "foo-bar"},
		{"_private", "-private"}, {"a-", "a"}, {"ruamel.yaml.clib", "ruamel_yaml_clib"}, {"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := sameName(a, normalize(b)), normalize(a) == normalize(b); got != want {
			t.Errorf("sameName(%q, normalize(%q) = %q) = %v; normalize(%q) = %q", a, b, normalize(b), got, a, normalize(a))
		}
	})
}
