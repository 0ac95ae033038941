// Package composer finds PHP packages that Composer manages. It sits in
// the flow at layers -> inventory and implements the scan/catalog seam
// twice:
//
//   - Installed reads vendor/composer/installed.json, Composer's record of
//     what it installed into the vendor directory (Composer 1 writes a
//     JSON array of packages, Composer 2 an object with "packages" and
//     "dev-package-names"). This is what an image holds.
//   - Lockfile reads composer.lock, the lock file of a project (a source
//     tree): its "packages" and "packages-dev".
//
// Both are catalog.Standalone: each file stands alone.
//
// Packages have Type "composer", Namespace the vendor and Name the
// package of Composer's "vendor/package" name, both lowercased as
// Composer itself compares them and as the Package URL spec requires.
// Version is as Composer records it (its "pretty" version, which is what
// `composer show` prints): "v5.4.3" keeps its "v" and "dev-main" stays a
// branch name; the version package orders such versions as
// composer/semver does, leading "v" and all.
package composer
