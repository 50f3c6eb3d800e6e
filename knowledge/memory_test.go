package knowledge

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkIndexMemory reports the live heap an open index of the bundled
// base holds (index-MB: the articles, sections, term statistics, speller
// and what the answer decision reads), measured after a collection, and
// what building it allocated in all (B/op).
func BenchmarkIndexMemory(b *testing.B) {
	var before, after runtime.MemStats
	b.ReportAllocs()
	var held int64
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, err := Open(context.Background(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		held += int64(after.HeapAlloc) - int64(before.HeapAlloc)
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(float64(held)/float64(b.N)/(1<<20), "index-MB")
}
