// Package gem finds Ruby gems. It sits in the flow at layers -> inventory
// and implements the scan/catalog seam twice:
//
//   - Installed reads the gem specifications RubyGems writes when it
//     installs a gem: GEM_HOME/specifications/NAME-VERSION.gemspec, and
//     the default gems that ship with Ruby under specifications/default/.
//     This is what an image holds.
//   - Lockfile reads Gemfile.lock, Bundler's lock file of a project (a
//     source tree).
//
// Both are catalog.Standalone: each file stands alone.
//
// An installed specification is Ruby source (Gem::Specification#to_ruby).
// Installed never evaluates it: a small bounded scanner reads the literal
// assignments it needs (name, version, platform, licenses) and refuses
// anything that is not a literal.
//
// Packages have Type "gem", no Namespace, Name and Version as the gem
// states them, and Arch the gem's platform ("x86_64-linux", "java") for a
// gem built for one; "" for a pure-Ruby gem (platform "ruby").
package gem
