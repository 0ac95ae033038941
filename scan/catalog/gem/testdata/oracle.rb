# oracle.rb FILE...: prints, for each FILE, what RubyGems or Bundler itself
# reads from it, one tab-separated line per gem, sorted per file.
# oracle.rb gen DIR FILE...: writes those lines to DIR/expected-BASE.tsv
# for each FILE instead (BASE: its name less .gemspec or .lock).
#   *.gemspec: name, version, platform ("" for ruby), licenses joined by
#              "," (Gem::Specification.load; a file it cannot load gives
#              no line)
#   *.lock:    name, version, platform ("" for ruby), the names of its
#              dependencies sorted and joined by "," (Bundler::LockfileParser;
#              it reads a blank line indented six spaces as a dependency
#              with no name, which names no gem and is left out)
require "bundler"
require "tmpdir"
# Bundler looks for a Gemfile to anchor its sources: give it an empty one.
gemfile = File.join(Dir.mktmpdir, "Gemfile")
File.write(gemfile, "")
ENV["BUNDLE_GEMFILE"] = gemfile

def plat(s)
  s.platform.to_s == "ruby" ? "" : s.platform.to_s
end

def rows(f)
  rows = []
  if f.end_with?(".gemspec")
    s = Gem::Specification.load(f)
    rows << [s.name, s.version.to_s, plat(s), s.licenses.join(",")] if s
  else
    Bundler::LockfileParser.new(File.read(f)).specs.each do |s|
      rows << [s.name, s.version.to_s, plat(s), s.dependencies.map(&:name).reject(&:empty?).sort.uniq.join(",")]
    end
  end
  rows.uniq.map { |r| r.join("\t") + "\n" }.sort.join
end

if ARGV[0] == "gen"
  _, dir, *files = ARGV
  files.each do |f|
    File.write(File.join(dir, "expected-" + File.basename(f).sub(/\.(gemspec|lock)\z/, "") + ".tsv"), rows(f))
  end
else
  ARGV.each { |f| print rows(f) }
end
