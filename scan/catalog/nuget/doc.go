// Package nuget finds .NET (NuGet) packages. It sits in the flow at
// layers -> inventory and implements the scan/catalog seam twice:
//
//   - Installed reads the *.deps.json file that the .NET SDK writes beside
//     every published application: what the application loads at run time.
//     This is what an image holds.
//   - Lockfile reads packages.lock.json, the NuGet lock file of a project
//     (a source tree).
//
// Both are catalog.Standalone: each file stands alone.
//
// Packages have Type "nuget", no Namespace, Name as the file writes it
// (NuGet package IDs are case-insensitive; the Package URL spec keeps them
// as written, and so does loadline) and Version as resolved.
package nuget
