# Written for loadline: a licence list that is not a literal; Installed
# keeps the gem without licences and says why.
LICENSES = ["MIT"]
Gem::Specification.new do |s|
  s.name = "badlicense"
  s.version = "3.2.1"
  s.licenses = LICENSES
end
