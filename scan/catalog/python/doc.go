// Package python finds Python packages: those installed in an image or
// root filesystem (Installed), and those a source tree pins in its
// lockfiles (Lockfile).
//
// It sits in the flow at layers -> inventory: both types implement the
// scan/catalog seam (Name, Wants, Catalog). Installed is a plain
// catalog.Cataloger, not a catalog.Standalone one, because it looks at
// the sibling folders of a metadata folder.
//
// # Installed distributions
//
// Installed reads the core metadata (Metadata-Version 1.0 to 2.4) of
// each distribution in a directory named site-packages or dist-packages:
// <site>/<X>.dist-info/METADATA, <site>/<X>.egg-info/PKG-INFO and the
// single-file <site>/<X>.egg-info, directly in that directory, where
// Python's import system finds them. Metadata elsewhere is not
// installed: a wheel unpacked in a source tree, a test fixture nested in
// a package (site-packages/pkg/tests/x-1.0.dist-info), an .egg archive or
// directory (importlib.metadata does not see those either without a .pth
// file), a wheel installed with --target into another directory. The
// headers are read as Python's email parser reads them (and so
// importlib.metadata and pip): case-insensitive "Key: value" fields, the
// first of a repeated field counting, continuation lines starting with a
// space or tab, the headers ending at the first empty line (fields after
// an old-style Description with empty lines in it are in the body, for
// Python too); a line that is not a header also ends them and is
// reported as an error beside the package, when Name and Version came
// before it.
//
// One distribution with two metadata folders in one site-packages
// directory (foo-1.0.dist-info beside foo-1.0.egg-info, or two dist-info
// folders left by an interrupted upgrade) is one package, not two; the
// same name and version in two site-packages directories (a virtual
// environment and the system) are two packages, each with its own
// evidence, and so are two versions of one name.
//
// # What a package holds
//
// Type "pypi". Name is normalised as PEP 503 says (lowercase, each run of
// "-", "_" and "." made one "-"), which is also the form of the Package
// URL's name; the name as written, when it differs ("Flask"), is kept in
// Metadata "pypi:name". Version is as written, not normalised (PEP 440
// normalisation belongs to version comparison). Licenses: the
// License-Expression field (2.4) when present; else the License field
// when it is one line and not "UNKNOWN"; else the licenses of the trove
// classifiers: the SPDX identifier where the classifier names exactly one
// license ("License :: OSI Approved :: MIT License" is "MIT"), else its
// last part as written ("BSD License" and "Apache Software License" name
// no version, so they stay as they are). Author and Maintainer are
// not vendors: Vendor stays empty. Files are the paths of RECORD
// (dist-info, relative to the site-packages directory) or
// installed-files.txt (egg-info, relative to the egg-info folder) as
// rooted paths, sorted.
//
// # Lockfiles
//
// Lockfile reads, dispatching on the base name:
//   - poetry.lock, lock versions 1 (category "dev" marks development
//     packages) and 2 (a package whose groups do not include "main");
//     edges from [package.dependencies].
//   - Pipfile.lock: "default" and "develop" sections (a package only in
//     "develop" is a development one); entries without an "==" version
//     (VCS, path) are left out; no edges.
//   - uv.lock: the project and workspace members (source editable or
//     virtual) are not packages; a package reached from them only through
//     dev-dependencies groups is a development one (the project's extras
//     count as needed); edges from dependencies.
//   - pdm.lock: a package whose groups do not include "default" is a
//     development one; edges from dependency requirement strings.
//   - pylock.toml and pylock.<name>.toml (PEP 751): packages without a
//     version are left out; a package whose marker asks only for
//     non-default dependency groups is a development one; edges from
//     dependencies.
//   - requirements*.txt: only "==" and "===" pins without wildcards
//     count; extras and environment markers are ignored (a pinned line
//     under any marker is reported), --hash options give digests,
//     comments start at any "#" (a little laxer than pip), continuation
//     lines are joined, "-r"/"--requirement" includes are followed (see
//     Lockfile.Catalog), and "-c" constraints, "-e" editables, other
//     options, URL requirements and unpinned lines are skipped without
//     error. Requirements files have no groups and no edges.
//
// Development packages carry Metadata "pypi:dev"="true". A lockfile's
// optional extras are not development dependencies. Hashes hold a digest
// only where the record gives exactly one digest of that algorithm: the
// usual list of one digest per wheel does not say which artifact is the
// package. DependsOn holds Package URLs of the locked packages an entry
// depends on; a dependency named without a version links to every
// locked version of that name.
//
// # Limits
//
// A file larger than MaxFileSize is not read and gives an error. "-r"
// includes are followed at most 8 deep.
package python
