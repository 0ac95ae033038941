package source_test

import (
	"context"
	"fmt"
	"os"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/random"

	"github.com/loadline/loadline/scan/source"
)

func Example() {
	// An OCI layout holding one two-layer image tagged "v1", as
	// `skopeo copy ... oci:DIR:v1` or `crane pull --format=oci` write it.
	dir, err := os.MkdirTemp("", "layout")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	img, err := random.Image(1024, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := layout.Write(dir, empty.Index)
	if err == nil {
		err = p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "v1"}))
	}
	if err != nil {
		fmt.Println(err)
		return
	}

	// A bare path is detected; "oci-layout:"+dir+":v1" says the same.
	t, err := source.Open(context.Background(), dir+":v1", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer t.Close()
	layers, err := t.Image.Layers()
	if err != nil {
		fmt.Println(err)
		return
	}
	want, _ := img.Digest()
	fmt.Println(t.Kind, len(layers), t.Digest == want.String())
	// Output:
	// oci-layout 2 true
}
