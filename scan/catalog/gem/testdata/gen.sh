#!/bin/sh
# gen.sh [OUT]: writes expected-<file>.tsv for each *.gemspec and *.lock
# here with oracle.rb, that is with RubyGems (Gem::Specification.load)
# and Bundler (Bundler::LockfileParser) themselves.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec ruby "$here/oracle.rb" gen "${1:-$here}" "$here"/*.gemspec "$here"/*.lock
