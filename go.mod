module github.com/loadline/loadline

go 1.26.0

require github.com/hashicorp/go-version v1.9.0

require github.com/google/go-cmp v0.7.0

require github.com/package-url/packageurl-go v0.1.7
