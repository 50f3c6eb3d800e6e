package i18n

import "testing"

// BenchmarkLoad measures loading the bundled catalog, which every start
// does before it connects.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load(""); err != nil {
			b.Fatal(err)
		}
	}
}
