// Command rpmqa writes an inventory from an `rpm -qa` listing, in the
// shape scan/catalog/rpm gives an rpm database's packages (origin from
// SOURCERPM, epoch in both versions, PURL from sbom.PackageURL), for the
// corpus's constructed rpm inventories (see ../../../PROVENANCE.md):
//
//	go run ./match/testdata/corpus/inventory/rpmqa LIST.tsv ID VERSION_ID NAME SOURCE > OUT.inventory.json
//
// LIST.tsv holds tab-separated epoch, name, version, release, arch,
// sourcerpm, license and vendor; lines starting with # are comments.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/loadline/loadline/sbom"
)

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: rpmqa LIST.tsv ID VERSION_ID NAME SOURCE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5]); err != nil {
		fmt.Fprintln(os.Stderr, "rpmqa:", err)
		os.Exit(1)
	}
}

func run(list, id, versionID, name, source string) error {
	f, err := os.Open(list)
	if err != nil {
		return err
	}
	defer f.Close()
	inv := &sbom.Inventory{
		Source: &sbom.Source{Kind: "dir", Name: source},
		Distro: &sbom.Distro{ID: id, VersionID: versionID, Name: name},
	}
	ns := map[string]string{"rhel": "redhat", "ol": "oracle"}[id]
	if ns == "" {
		ns = id
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 8 {
			return fmt.Errorf("%s: %d columns, want 8: %q", list, len(c), line)
		}
		epoch := ""
		if c[0] != "" {
			epoch = c[0] + ":"
		}
		p := sbom.Package{
			Type: "rpm", Namespace: ns, Name: c[1], Version: epoch + c[2] + "-" + c[3], Arch: c[4],
			Vendor: c[7], Licenses: []string{c[6]}, Evidence: []string{"/var/lib/rpm/rpmdb.sqlite"},
		}
		src := strings.TrimSuffix(c[5], ".src.rpm")
		i := strings.LastIndex(src, "-")
		j := strings.LastIndex(src[:max(i, 0)], "-")
		if i < 0 || j < 0 {
			return fmt.Errorf("%s: source rpm %q is not name-version-release.src.rpm", list, c[5])
		}
		p.Origin = &sbom.Origin{Name: src[:j], Version: epoch + src[j+1:]}
		p.PURL = sbom.PackageURL(p, inv.Distro)
		inv.Packages = append(inv.Packages, p)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	inv.Sort()
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", " ")
	return e.Encode(inv)
}
