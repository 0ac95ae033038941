package nuget

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// Installed finds the NuGet packages a published .NET application loads,
// from its *.deps.json file. Its zero value is ready to use and it is
// safe for concurrent use.
type Installed struct{}

// Name returns "nuget-installed".
func (*Installed) Name() string { return "nuget-installed" }

// Wants reports whether path names a *.deps.json file.
func (*Installed) Wants(p string) bool {
	b := path.Base(p)
	return len(b) > len(".deps.json") && strings.HasSuffix(b, ".deps.json")
}

// WantsFile reports whether Wants(path) holds for a regular file of at
// most MaxFileSize bytes.
func (c *Installed) WantsFile(p string, mode fs.FileMode, size int64) bool {
	return wantsFile(c.Wants(p), mode, size)
}

// Catalog reads the deps.json file in.Path from in.FS. Each library of
// type "package" is a package, and so is each of type "runtimepack" (the
// runtime a self-contained application carries: the NuGet package
// "Microsoft.NETCore.App.Runtime.linux-x64" that deps.json names
// "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64"; Metadata
// "nuget:type" says "runtimepack"). "project" libraries are the
// application itself and its project references, not packages; other
// types ("reference", "msbuild") are left out too.
//
// A library that the runtime target (the target runtimeTarget names, or
// every target when that is absent) lists with no assets (no runtime,
// native, runtimeTargets or resources files), or only as compileOnly, is
// left out: nothing of it is on disk (a reference-only package whose
// assemblies the shared framework supplies). A library no target lists
// is kept.
//
// Each package has Version as the library key gives it, Hashes "SHA-512"
// from the library's sha512 (the .nupkg's digest), DependsOn the PURLs
// of the packages its target entry depends on, and Evidence
// []string{in.Path}. Packages are sorted by sbom.ComparePackages. A
// library key that is not "name/version" is skipped and named in the
// error; a file that is not deps.json JSON gives no packages and an
// error.
func (*Installed) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	b, err := readFile(in)
	if err != nil {
		return nil, err
	}
	return parseDeps(ctx, b, in.Path)
}

type depsFile struct {
	RuntimeTarget struct {
		Name string `json:"name"`
	} `json:"runtimeTarget"`
	Targets   map[string]map[string]targetLib `json:"targets"`
	Libraries map[string]struct {
		Type   string `json:"type"`
		SHA512 string `json:"sha512"`
	} `json:"libraries"`
}

type targetLib struct {
	Dependencies   map[string]string          `json:"dependencies"`
	Runtime        map[string]json.RawMessage `json:"runtime"`
	Native         map[string]json.RawMessage `json:"native"`
	RuntimeTargets map[string]json.RawMessage `json:"runtimeTargets"`
	Resources      map[string]json.RawMessage `json:"resources"`
	CompileOnly    bool                       `json:"compileOnly"`
}

func (t targetLib) hasAssets() bool {
	return !t.CompileOnly && len(t.Runtime)+len(t.Native)+len(t.RuntimeTargets)+len(t.Resources) > 0
}

func parseDeps(ctx context.Context, b []byte, p string) ([]sbom.Package, error) {
	var d depsFile
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("nuget: %s: not a deps.json file: %w", p, err)
	}
	if d.Libraries == nil {
		return nil, fmt.Errorf("nuget: %s: not a deps.json file: no libraries", p)
	}
	// The targets that say what is loaded, in a fixed order.
	var targets []map[string]targetLib
	if t, ok := d.Targets[d.RuntimeTarget.Name]; ok {
		targets = append(targets, t)
	} else {
		for _, name := range slices.Sorted(maps.Keys(d.Targets)) {
			targets = append(targets, d.Targets[name])
		}
	}
	var (
		pkgs  []sbom.Package
		errs  []error
		index = map[key]int{} // library name and version -> package
		libs  []string        // the library key of each package
	)
	for _, lib := range slices.Sorted(maps.Keys(d.Libraries)) {
		if err := ctxErr(ctx, p); err != nil {
			return nil, err
		}
		l := d.Libraries[lib]
		typ := strings.ToLower(l.Type)
		if typ != "package" && typ != "runtimepack" {
			continue
		}
		name, version, ok := strings.Cut(lib, "/")
		if !ok || name == "" || version == "" || strings.Contains(version, "/") {
			errs = append(errs, fmt.Errorf("nuget: %s: library %q: not name/version", p, lib))
			continue
		}
		listed, assets := false, false
		for _, t := range targets {
			if e, ok := t[lib]; ok {
				listed = true
				assets = assets || e.hasAssets()
			}
		}
		if listed && !assets {
			continue
		}
		pkg := sbom.Package{Type: "nuget", Name: name, Version: version, Evidence: []string{p}}
		if typ == "runtimepack" {
			pkg.Name = strings.TrimPrefix(name, "runtimepack.")
			pkg.Metadata = map[string]string{"nuget:type": "runtimepack"}
		}
		if h := sha512Hex(l.SHA512); h != "" {
			pkg.Hashes = map[string]string{"SHA-512": h}
		}
		index[keyOf(name, version)] = len(pkgs)
		pkgs = append(pkgs, pkg)
		libs = append(libs, lib)
	}
	deps := make([][]int, len(pkgs))
	for i, lib := range libs {
		for _, t := range targets {
			for dn, dv := range t[lib].Dependencies {
				if j, ok := index[keyOf(dn, dv)]; ok {
					deps[i] = append(deps[i], j)
				}
			}
		}
	}
	return finish(pkgs, deps), errors.Join(errs...)
}
