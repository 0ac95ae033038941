package loadline_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const module = "github.com/loadline/loadline"

// flow lists, for each top-level package, the top-level packages it may
// import: data flows image -> layers -> inventory -> advisories ->
// matches -> verdict, and nothing lower imports anything higher. scan and
// advisory know nothing of each other.
var flow = map[string][]string{
	"version":  {},
	"sbom":     {"version"},
	"scan":     {"sbom", "version", "internal"},
	"advisory": {"version", "internal"},
	"match":    {"sbom", "advisory", "version", "internal"},
	"gate":     {"match", "sbom", "advisory", "version", "internal"},
	"internal": {"sbom", "version"},
	"examples": {"scan", "sbom", "advisory", "match", "gate", "version"},
	"":         {}, // the root package: documentation only
}

// homes says which of our packages may import each chosen dependency
// directly: one home each, so a dependency can be swapped in one place.
// A home ending in "/..." admits its sub-packages too.
var homes = map[string][]string{
	"github.com/google/go-containerregistry": {"scan/...", "advisory/dbimage/..."},
	"github.com/package-url/packageurl-go":   {"sbom"},
	"github.com/CycloneDX/cyclonedx-go":      {"sbom/cyclonedx", "match/vex"},
	"github.com/spdx/tools-golang":           {"sbom/spdx"},
	"github.com/hashicorp/go-version":        {"version"},
	"github.com/spf13/cobra":                 {"examples/loadline"},
	"modernc.org/sqlite":                     {"scan/catalog/rpm"},
	"github.com/pandatix/go-cvss":            {"advisory/cvss"},
	"github.com/BurntSushi/toml":             {"scan/catalog/..."},
	"golang.org/x/mod":                       {"scan/catalog/golang"},
	"go.yaml.in/yaml/v3":                     {"scan/catalog/...", "gate/..."},
	"go.etcd.io/bbolt":                       {"advisory/boltstore"},
	"github.com/owenrumney/go-sarif":         {"gate/..."},
	"github.com/openvex/go-vex":              {"match/vex", "advisory/ubuntu"},
	"github.com/ulikunitz/xz":                {"advisory/ubuntu"},
}

// pkg is what the rules need of `go list -json`.
type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// rel returns a package path relative to the module ("" for the root), and
// whether it is in the module.
func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	if r, ok := strings.CutPrefix(path, module+"/"); ok {
		return r, true
	}
	return "", false
}

func top(r string) string {
	t, _, _ := strings.Cut(r, "/")
	return t
}

func inHome(r string, allowed []string) bool {
	for _, h := range allowed {
		if tree, ok := strings.CutSuffix(h, "/..."); ok {
			if r == tree || strings.HasPrefix(r, tree+"/") {
				return true
			}
		} else if r == h {
			return true
		}
	}
	return false
}

// violations lists every import in pkgs that breaks the flow or takes a
// chosen dependency out of its home. Test files may import anything below
// their package's place in the flow and the test helpers, like the
// package itself.
func violations(pkgs []pkg) []string {
	// seams are the packages some descendant imports: such a parent is
	// the seam its children implement, so it never imports them (it
	// keeps any default set in its own files, or the seam moves one level
	// down, as scan/catalog).
	seams := map[string]string{}
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		for _, imp := range p.Imports {
			if to, ours := rel(imp); ours && to != from && (to == "" || strings.HasPrefix(from, to+"/")) {
				seams[to] = from
			}
		}
	}
	var out []string
	for _, p := range pkgs {
		from, ok := rel(p.ImportPath)
		if !ok {
			continue
		}
		ft := top(from)
		allowed, known := flow[ft]
		if !known {
			out = append(out, from+" is not in a top-level package of the fixed layout")
		}
		imports := slices.Concat(p.Imports, p.TestImports, p.XTestImports)
		for _, imp := range imports {
			if to, ours := rel(imp); ours && known {
				tt := top(to)
				switch {
				case ft == tt:
					if child, seam := seams[from]; seam && strings.HasPrefix(to, from+"/") && slices.Contains(p.Imports, imp) {
						out = append(out, from+" imports its own child "+to+", but is the seam of "+child)
					}
				case !slices.Contains(allowed, tt):
					out = append(out, from+" imports "+to+", which is not below it in the flow")
				}
				continue
			} else if ours {
				continue
			}
			for dep, allowed := range homes {
				if (imp == dep || strings.HasPrefix(imp, dep+"/")) && !inHome(from, allowed) {
					out = append(out, from+" imports "+imp+" outside its home "+strings.Join(allowed, ", "))
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestImportFlow(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 2 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	for _, v := range violations(pkgs) {
		t.Error(v)
	}
}

// TestViolations shows that the rules catch what they are for.
func TestViolations(t *testing.T) {
	m := func(s string) string { return module + "/" + s }
	pkgs := []pkg{
		{ImportPath: m("version"), Imports: []string{"strings", "github.com/hashicorp/go-version"}},
		{ImportPath: m("sbom"), Imports: []string{m("version"), m("scan"), "github.com/package-url/packageurl-go"}},
		{ImportPath: m("scan"), Imports: []string{m("scan/catalog"), m("advisory"), "github.com/google/go-containerregistry/pkg/v1"}},
		{ImportPath: m("scan/catalog"), Imports: []string{m("sbom"), m("scan/catalog/dpkg"), "github.com/google/go-containerregistry/pkg/v1/remote"}},
		{ImportPath: m("scan/catalog/dpkg"), Imports: []string{m("scan/catalog")}},
		{ImportPath: m("match"), Imports: []string{m("gate")}, TestImports: []string{"github.com/hashicorp/go-version"}},
		{ImportPath: m("match/vex"), Imports: []string{"github.com/CycloneDX/cyclonedx-go", m("match")}},
		{ImportPath: m("examples/loadline"), Imports: []string{m("internal/layer"), m("gate")}},
		{ImportPath: m("tools"), Imports: []string{"fmt"}},
		{ImportPath: "example.com/other", Imports: []string{m("gate")}},
	}
	want := []string{
		"examples/loadline imports internal/layer, which is not below it in the flow",
		"match imports gate, which is not below it in the flow",
		"match imports github.com/hashicorp/go-version outside its home version",
		"sbom imports scan, which is not below it in the flow",
		"scan imports advisory, which is not below it in the flow",
		"scan/catalog imports its own child scan/catalog/dpkg, but is the seam of scan/catalog/dpkg",
		"tools is not in a top-level package of the fixed layout",
	}
	if diff := cmp.Diff(want, violations(pkgs)); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}
