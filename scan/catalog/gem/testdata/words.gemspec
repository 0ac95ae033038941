# Written for loadline: %w licences, a single licence, and a platform
# given as "ruby".
Gem::Specification.new do |s|
  s.name = "words"
  s.version = "0.1.0"
  s.platform = "ruby"
  s.licenses = %w[MIT Ruby BSD\ 2]
  s.license = 'LGPL-3.0'
  s.authors = %w(a b)
end
