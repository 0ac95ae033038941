package catalog

import (
	"context"
	"io/fs"

	"github.com/loadline/loadline/sbom"
)

// Cataloger finds installed packages in the files it asks for.
// Implementations are safe for concurrent use.
type Cataloger interface {
	// Name identifies the cataloger in problems and logs ("dpkg").
	Name() string
	// Wants reports whether the cataloger needs the file at path (rooted,
	// slash-separated: "/var/lib/dpkg/status"). It looks at the path only
	// and must be cheap: it is called for every file of every layer.
	Wants(path string) bool
	// Catalog reads the file in.Path from in.FS and returns the packages
	// it proves, each with Evidence naming in.Path (and any other wanted
	// file it used). It may return packages together with an error: the
	// packages are good, the error says what was skipped (a malformed
	// record), and the scanner records it as a problem. With no packages
	// and an error, nothing useful came back. A wanted file that the
	// cataloger reads only as a companion of another (dpkg's info/*.list)
	// gives nil, nil. Catalog checks ctx.Err() between records.
	Catalog(ctx context.Context, in *Input) ([]sbom.Package, error)
}

// Input is what a Cataloger is given. It is a struct so that it can grow.
type Input struct {
	// Path is the wanted file, rooted and slash-separated.
	Path string
	// FS holds the image's files at their paths without the leading
	// slash (fs.ValidPath form): at least every file any cataloger
	// wanted, as the image's last layer leaves them. A cataloger may read
	// other files it wanted too (dpkg reads info/*.list beside status).
	FS fs.FS
	// Distro is the detected distro, nil when none; OS catalogers take
	// their Package URL namespace from it.
	Distro *sbom.Distro
}

// Standalone is a Cataloger whose files each stand alone (a jar, a Go
// binary): it needs no other file to catalog one. The scanner hands it
// each wanted file while it reads the layer, with Input.FS holding that
// one file and Input.Distro nil, and keeps nothing of the file but the
// packages, so that large files are never held in memory together. The
// scanner asks WantsFile instead of Wants; Wants still serves callers
// that have only a path.
type Standalone interface {
	Cataloger
	// WantsFile reports whether the cataloger needs the regular file at
	// path (rooted, slash-separated) with this mode and size. Like Wants
	// it must be cheap: it is called for every regular file of every
	// layer.
	WantsFile(path string, mode fs.FileMode, size int64) bool
}
