module rivals

go 1.26

require (
	github.com/aquasecurity/go-npm-version v0.0.2
	github.com/knqyf263/go-apk-version v0.0.0-20200609155635-041fdbb8563f
	github.com/knqyf263/go-deb-version v0.0.0-20241115132648-6f4aee6ccd23
	github.com/knqyf263/go-rpm-version v0.0.0-20260811110310-1815e1f1b790
)

require (
	github.com/aquasecurity/go-version v0.0.0-20201107203531-5e48ac5d022a // indirect
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
)
