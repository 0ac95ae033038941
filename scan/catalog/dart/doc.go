// Package dart finds the Dart and Flutter packages a project locks. It
// sits in the flow at layers -> inventory and implements the scan/catalog
// seam once: Lockfile reads pubspec.lock, the lock file pub writes beside
// a project's pubspec.yaml. It is for source trees (directories); an
// image holds no record of installed pub packages that loadline reads.
//
// Packages have Type "pub" (the Package URL type for Dart's pub), no
// Namespace, Name the package name as pub writes it (pub names are
// lowercase already; the Package URL spec lowercases them, and so does
// Lockfile) and Version as the lock file writes it.
package dart
