package scan

import (
	"context"
	"slices"

	"github.com/loadline/loadline/internal/layerfs"
	"github.com/loadline/loadline/sbom"
	"github.com/loadline/loadline/scan/catalog"
)

// identity is what stays the same when a package is upgraded.
type identity struct{ typ, namespace, name, arch string }

func identityOf(p *sbom.Package) identity {
	return identity{p.Type, p.Namespace, p.Name, p.Arch}
}

// attribute sets Layer and LastLayer of pkgs, which cataloger c found in
// the file p as the last layer leaves it. hist is p's history; ids are
// the layers' diff IDs. Each earlier state of p is cataloged again on the
// view after the layer that wrote it: a package was introduced by the
// first state from which one of its name and architecture is present in
// every later state, and last changed by the first from which its exact
// version is. A state that fails to parse ends the search there.
func (s *Scanner) attribute(ctx context.Context, c catalog.Cataloger, p string, d *sbom.Distro, st *layerfs.Stack, hist []layerfs.State, ids []string, pkgs []sbom.Package) {
	last := len(hist) - 1
	past := make([]map[identity][]string, last)
	for i, h := range hist[:last] {
		if !h.Present {
			continue
		}
		old, err := c.Catalog(ctx, &catalog.Input{Path: p, FS: st.View(h.Layer), Distro: d})
		if err != nil {
			s.logger().Debug("earlier state of a package database not read", "path", p, "layer", ids[h.Layer], "error", err)
			if len(old) == 0 {
				continue
			}
		}
		past[i] = make(map[identity][]string, len(old))
		for j := range old {
			k := identityOf(&old[j])
			past[i][k] = append(past[i][k], old[j].Version)
		}
	}
	for j := range pkgs {
		pkg := &pkgs[j]
		k := identityOf(pkg)
		intro, changed := last, last
		for i := last - 1; i >= 0; i-- {
			if _, ok := past[i][k]; !ok {
				break
			}
			intro = i
		}
		for i := last - 1; i >= 0; i-- {
			if !slices.Contains(past[i][k], pkg.Version) {
				break
			}
			changed = i
		}
		pkg.Layer = ids[hist[intro].Layer]
		if changed != intro {
			pkg.LastLayer = ids[hist[changed].Layer]
		}
	}
}
