package java

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkFatJar catalogs a Spring Boot style fat jar built in memory:
// its own pom.properties and 200 nested jars under BOOT-INF/lib, each
// with a pom.properties, a manifest and 256 KiB that does not deflate
// (about 51 MiB in all), so that the cost of hashing and inflating
// nested archives shows.
func BenchmarkFatJar(b *testing.B) {
	noise := make([]byte, 256<<10)
	rand.NewChaCha8([32]byte{1}).Read(noise)
	entries := []entry{
		{"META-INF/MANIFEST.MF", []byte("Manifest-Version: 1.0\nImplementation-Title: app\nImplementation-Version: 1.0.0\n")},
		{"META-INF/maven/com.example/app/pom.properties", pomProps("com.example", "app", "1.0.0")},
	}
	for i := range 200 {
		a, v := fmt.Sprintf("lib%03d", i), fmt.Sprintf("1.%d.0", i)
		entries = append(entries, entry{"BOOT-INF/lib/" + a + "-" + v + ".jar", makeZip(b,
			entry{"META-INF/MANIFEST.MF", []byte("Manifest-Version: 1.0\nImplementation-Version: " + v + "\n")},
			entry{"META-INF/maven/org.example/" + a + "/pom.properties", pomProps("org.example", a, v)},
			entry{"org/example/Blob.class", noise})})
	}
	data := makeZip(b, entries...)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		pkgs, err := catalogBytes(b, "/app.jar", data, defaults())
		if err != nil || len(pkgs) != 201 {
			b.Fatalf("%d packages, %v", len(pkgs), err)
		}
	}
}
