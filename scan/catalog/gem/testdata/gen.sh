#!/bin/sh
# gen.sh [OUT]: writes expected-<file>.tsv for each *.gemspec and *.lock
# here with oracle.rb, that is with RubyGems (Gem::Specification.load)
# and Bundler (Bundler::LockfileParser) themselves.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
for f in "$here"/*.gemspec; do
	ruby "$here/oracle.rb" gemspec "$f" >"$out/expected-$(basename "$f" .gemspec).tsv"
done
for f in "$here"/*.lock; do
	ruby "$here/oracle.rb" lock "$f" >"$out/expected-$(basename "$f" .lock).tsv"
done
