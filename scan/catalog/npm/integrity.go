package npm

import (
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/loadline/loadline/sbom"
)

// sriAlgorithms maps the algorithm names of Subresource Integrity strings
// (what npm, yarn and pnpm write as "integrity") to the CycloneDX names
// sbom.Package.Hashes is keyed by.
var sriAlgorithms = map[string]string{
	"sha1":   "SHA-1",
	"sha256": "SHA-256",
	"sha384": "SHA-384",
	"sha512": "SHA-512",
}

// hashes turns an integrity string ("sha512-<base64>", several separated
// by spaces) into Hashes: CycloneDX algorithm name to lowercase hex of
// the decoded digest. Entries of unknown algorithms, with options ("?"),
// that do not decode or whose length is not the algorithm's are left
// out; nil when none is left.
func hashes(integrity string) map[string]string {
	var h map[string]string
	for _, f := range strings.Fields(integrity) {
		alg, b64, ok := strings.Cut(f, "-")
		name, known := sriAlgorithms[alg]
		if !ok || !known || strings.Contains(b64, "?") {
			continue
		}
		d, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(d) != digestSize[alg] {
			continue
		}
		if h == nil {
			h = map[string]string{}
		}
		if _, dup := h[name]; !dup {
			h[name] = hex.EncodeToString(d)
		}
	}
	return h
}

var digestSize = map[string]int{"sha1": 20, "sha256": 32, "sha384": 48, "sha512": 64}

// splitName splits an npm package name into the Package URL namespace
// (the scope with its '@', "" when unscoped) and name: "@babel/core" is
// ("@babel", "core"). A name that is not a well-formed scoped name is
// kept whole as the name.
func splitName(full string) (namespace, name string) {
	if strings.HasPrefix(full, "@") {
		if s, n, ok := strings.Cut(full, "/"); ok && len(s) > 1 && n != "" {
			return s, n
		}
	}
	return "", full
}

// newPackage returns the npm package full@version, with evidence path.
func newPackage(full, version, path string) sbom.Package {
	ns, name := splitName(full)
	return sbom.Package{Type: "npm", Namespace: ns, Name: name, Version: version, Evidence: []string{path}}
}

// purl returns the Package URL of the npm package full@version, as the
// scanner will write it: dependency edges name packages by it.
func purl(full, version string) string {
	ns, name := splitName(full)
	return sbom.PackageURL(sbom.Package{Type: "npm", Namespace: ns, Name: name, Version: version}, nil)
}
