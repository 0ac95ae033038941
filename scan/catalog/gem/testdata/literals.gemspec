# -*- encoding: utf-8 -*-
# Written for loadline: every literal form the scanner reads, checked
# against Gem::Specification.load.
Gem::Specification.new do |spec|
  spec.name = 'caf\'e_lit'
  spec.name = %q{caf\u00e9-lit}
  spec.description = "spec.name = \"not this\"\n  spec.version = \"9\"".freeze
  spec.version = Gem::Version.new("2.0.0-rc1".freeze)
  spec.platform = Gem::Platform.new(["x86", "mswin32", "60"])
  spec.licenses = [
    "MIT".freeze,
    'Apache-2.0' ,
    %Q(GPL-2.0 (or later)),
    "Caf\u00E9 \x41\101\u{42 43}\#{x}",
  ]
  spec.summary = "Summary with # hash"
end
