# oracle.rb gemspec|lock FILE...: prints, for each FILE, what RubyGems or
# Bundler itself reads from it, one tab-separated line per gem, sorted:
#   gemspec: name, version, platform ("" for ruby), licenses joined by ","
#            (Gem::Specification.load; a file it cannot load prints nothing)
#   lock:    name, version, platform ("" for ruby), the names of its
#            dependencies sorted and joined by "," (Bundler::LockfileParser)
require "bundler"
require "tmpdir"
# Bundler looks for a Gemfile to anchor its sources: give it an empty one.
gemfile = File.join(Dir.mktmpdir, "Gemfile")
File.write(gemfile, "")
ENV["BUNDLE_GEMFILE"] = gemfile
mode, *files = ARGV
files.each do |f|
  rows = []
  if mode == "gemspec"
    s = Gem::Specification.load(f)
    if s
      plat = s.platform.to_s == "ruby" ? "" : s.platform.to_s
      rows << [s.name, s.version.to_s, plat, s.licenses.join(",")]
    end
  else
    Bundler::LockfileParser.new(File.read(f)).specs.each do |s|
      plat = s.platform.to_s == "ruby" ? "" : s.platform.to_s
      rows << [s.name, s.version.to_s, plat, s.dependencies.map(&:name).sort.uniq.join(",")]
    end
  end
  rows.uniq.map { |r| r.join("\t") }.sort.each { |l| puts l }
end
