// Package hex finds the Elixir and Erlang packages a Mix project locks.
// It sits in the flow at layers -> inventory and implements the
// scan/catalog seam once: Lockfile reads mix.lock, the lock file Mix
// writes beside mix.exs. It is for source trees (directories).
//
// mix.lock is an Elixir map literal, not JSON; the package holds a small
// bounded parser of the Elixir terms a lock file uses (maps, tuples,
// lists, keyword lists, strings, atoms) and nothing more: mix.lock is
// never evaluated.
//
// Packages have Type "hex", Name the Hex package name (lowercase, as Hex
// and the Package URL spec write it), Namespace the Hex organization of a
// private repository ("hexpm:acme" gives "acme"; none for the public
// repository "hexpm") and Version as the lock file writes it.
package hex
