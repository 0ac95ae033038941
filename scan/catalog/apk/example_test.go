package apk_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/loadline/loadline/scan/catalog/apk"
)

func ExampleParse() {
	db := `P:musl-utils
V:1.2.4_git20230717-r4
A:x86_64
L:MIT AND BSD-2-Clause AND GPL-2.0-or-later
o:musl
F:usr/bin
R:ldd

P:zlib
V:1.3.1-r0
A:x86_64
L:Zlib
o:zlib
F:lib
R:libz.so.1
`
	pkgs, err := apk.Parse(context.Background(), strings.NewReader(db), "/lib/apk/db/installed")
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Name, p.Version, p.Arch, p.Origin.Name, p.Licenses, p.Files)
	}
	// Output:
	// musl-utils 1.2.4_git20230717-r4 x86_64 musl [MIT AND BSD-2-Clause AND GPL-2.0-or-later] [/usr/bin/ldd]
	// zlib 1.3.1-r0 x86_64 zlib [Zlib] [/lib/libz.so.1]
}
