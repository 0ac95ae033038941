package npm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// MaxManifestSize is the largest package.json Installed reads, in bytes.
// Real ones are a few KiB; npm 2 to 4 copied the README into installed
// manifests, which still leaves them far below this.
const MaxManifestSize = 8 << 20

// Installed finds the npm packages installed in node_modules directories:
// one package per node_modules/<name>/package.json or
// node_modules/@<scope>/<name>/package.json, at any depth of nesting and
// in any directory (a project's node_modules, the global
// /usr/lib/node_modules or /usr/local/lib/node_modules, pnpm's
// node_modules/.pnpm/<id>/node_modules). It never reads lockfiles. Its
// zero value is ready to use and it is safe for concurrent use.
type Installed struct{}

var _ catalog.Standalone = (*Installed)(nil)

// Name returns "npm".
func (*Installed) Name() string { return "npm" }

// Wants reports whether path is the manifest of an installed package:
// see WantsFile, which also checks the file's mode and size.
func (*Installed) Wants(path string) bool { return installedManifest(path) }

// WantsFile reports whether the regular file at path, of size bytes, is
// the manifest of an installed package: the path's tail from its first
// node_modules segment is a chain of package folders, each "<name>" or
// "@<scope>/<name>", joined by "node_modules" (pnpm's
// "node_modules/.pnpm/<id>/node_modules" counts as one link of the chain),
// ending in "package.json". So /app/node_modules/a/node_modules/@s/b/package.json
// is wanted, and package.json files deeper inside a package
// (node_modules/x/test/fixtures/package.json,
// node_modules/x/dist/esm/package.json, node_modules/x/test/node_modules/y/package.json,
// which are fixtures and module-type markers, not installed packages)
// are not. A project's own package.json, outside node_modules, is not
// wanted either. Files larger than MaxManifestSize are not wanted: no
// real manifest is that large, and the scanner would hold it in memory;
// the seam has no way to say why a file is turned away, so such a file
// leaves no problem behind.
func (*Installed) WantsFile(path string, mode fs.FileMode, size int64) bool {
	return mode.IsRegular() && size <= MaxManifestSize && installedManifest(path)
}

// installedManifest is WantsFile's path rule.
func installedManifest(path string) bool {
	if !strings.HasSuffix(path, "/package.json") {
		return false
	}
	seg := strings.Split(path, "/")
	i := 0
	for i < len(seg) && seg[i] != "node_modules" {
		i++
	}
	if i == len(seg) {
		return false
	}
	for i++; i < len(seg); {
		// seg[i] starts a package folder, right after a node_modules.
		if seg[i] == ".pnpm" {
			// node_modules/.pnpm/<id>/node_modules
			if i+2 >= len(seg) || !folderName(seg[i+1]) || seg[i+2] != "node_modules" {
				return false
			}
			i += 3
			continue
		}
		if strings.HasPrefix(seg[i], "@") {
			if len(seg[i]) == 1 || !folderName(seg[i][1:]) {
				return false
			}
			i++
			if i >= len(seg) {
				return false
			}
		}
		if !folderName(seg[i]) {
			return false
		}
		i++
		switch {
		case i == len(seg)-1 && seg[i] == "package.json":
			return true
		case i < len(seg) && seg[i] == "node_modules":
			i++
		default:
			return false
		}
	}
	return false
}

// folderName reports whether s can be the folder of a package: not
// empty, not hidden (npm names never start with '.'), not node_modules
// and not the manifest itself.
func folderName(s string) bool {
	return s != "" && s[0] != '.' && s != "node_modules" && s != "package.json"
}

// manifest is what Installed reads of a package.json.
type manifest struct {
	Name      *string         `json:"name"`
	Version   *string         `json:"version"`
	License   json.RawMessage `json:"license"`
	Licenses  json.RawMessage `json:"licenses"`
	Integrity string          `json:"_integrity"`
}

// Catalog reads the manifest at in.Path from in.FS. A manifest with a
// string "name" and "version", both not empty, gives one package: Type
// "npm", Name and Namespace from "name" exactly as written (a scope
// "@s/x" gives Namespace "@s" and Name "x", so that the Package URL is
// pkg:npm/%40s/x@1.0.0), Version as written, Licenses from "license" (a
// string, or the legacy object {"type": ...}) and then the legacy
// "licenses" (a string or an array of strings or {"type": ...} objects),
// in that order without duplicates (values of other shapes are ignored),
// Hashes from "_integrity" (written by npm 5 and 6; see Lockfile for the
// form), and Evidence []string{in.Path}. The package is the one the
// manifest names, even when its folder has another name: an alias
// install (npm install foo@npm:real@1) puts real's manifest in
// node_modules/foo, and the code on disk is real's, which is what
// advisories name; the folder shows in the evidence path.
//
// A manifest without a name or a version (a workspace or private
// project marker, a fixture that slipped through) is not a package: nil,
// nil. A manifest that is not JSON, gives a name or version that is not
// a string, or is larger than MaxManifestSize gives nil and an error
// naming in.Path.
func (*Installed) Catalog(ctx context.Context, in *catalog.Input) ([]sbom.Package, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("npm: %s: %w", in.Path, err)
	}
	data, err := readCapped(in.FS, in.Path, MaxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("npm: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("npm: %s: not a package.json: %w", in.Path, err)
	}
	if m.Name == nil || m.Version == nil || *m.Name == "" || *m.Version == "" {
		return nil, nil
	}
	p := newPackage(*m.Name, *m.Version, in.Path)
	p.Licenses = licenses(m.License, m.Licenses)
	p.Hashes = hashes(m.Integrity)
	return []sbom.Package{p}, nil
}

// licenses gathers the license names of a manifest's "license" and
// "licenses" fields.
func licenses(fields ...json.RawMessage) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		for _, o := range out {
			if o == s {
				return
			}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	var one func(raw json.RawMessage, list bool)
	one = func(raw json.RawMessage, list bool) {
		var s string
		var obj struct {
			Type string `json:"type"`
		}
		var arr []json.RawMessage
		switch {
		case len(raw) == 0:
		case json.Unmarshal(raw, &s) == nil:
			add(s)
		case list && json.Unmarshal(raw, &arr) == nil:
			for _, e := range arr {
				one(e, false)
			}
		case json.Unmarshal(raw, &obj) == nil:
			add(obj.Type)
		}
	}
	for _, f := range fields {
		one(f, true)
	}
	return out
}

// readCapped reads the file at the rooted path from fsys, failing when
// it is larger than limit bytes. Errors name the path.
func readCapped(fsys fs.FS, path string, limit int64) ([]byte, error) {
	f, err := fsys.Open(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes: not read", path, limit)
	}
	return data, nil
}
