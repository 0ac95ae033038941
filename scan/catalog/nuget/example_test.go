package nuget_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/loadline/loadline/scan/catalog"
	"github.com/loadline/loadline/scan/catalog/nuget"
)

func ExampleInstalled() {
	deps := `{
  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0"},
  "targets": {".NETCoreApp,Version=v8.0": {
    "MyApp/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.1"}, "runtime": {"MyApp.dll": {}}},
    "Newtonsoft.Json/13.0.1": {"runtime": {"lib/netstandard2.0/Newtonsoft.Json.dll": {}}}
  }},
  "libraries": {
    "MyApp/1.0.0": {"type": "project"},
    "Newtonsoft.Json/13.0.1": {"type": "package"}
  }
}`
	in := &catalog.Input{Path: "/app/MyApp.deps.json", FS: fstest.MapFS{"app/MyApp.deps.json": {Data: []byte(deps)}}}
	pkgs, err := (&nuget.Installed{}).Catalog(context.Background(), in)
	if err != nil {
		fmt.Println(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.Type, p.Name, p.Version, p.Evidence)
	}
	// Output:
	// nuget Newtonsoft.Json 13.0.1 [/app/MyApp.deps.json]
}
