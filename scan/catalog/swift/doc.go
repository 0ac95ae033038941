// Package swift finds the Swift packages a project locks. It sits in the
// flow at layers -> inventory and implements the scan/catalog seam once:
// Lockfile reads Package.resolved, the file the Swift Package Manager
// (and Xcode) writes beside Package.swift, in its three forms (version 1,
// object.pins; versions 2 and 3, pins). It is for source trees
// (directories).
//
// Packages have Type "swift" and, as the Package URL spec's swift type
// says, Namespace the source host and owner and Name the repository of
// the pin's repository URL, without a ".git" suffix and keeping its case:
// https://github.com/apple/swift-nio.git gives Namespace
// "github.com/apple", Name "swift-nio" and the Package URL
// pkg:swift/github.com/apple/swift-nio@2.41.1.
package swift
