//go:build profile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

// A build with -tags profile writes profiles of the running process to
// the folder IPDESK_PROFILE_DIR, for docs/performance.md: every few
// seconds a heap profile (.heap), its goroutines (.gor), /proc's view of
// its memory (.status, .smaps) and the runtime's (appended to .status),
// named by process id and sequence; the first a second and a half after
// start, after a collection, so that it shows what is live. With
// IPDESK_PROFILE_CPU set, a CPU profile (.cpu) of the 12 seconds from
// the second one. GODEBUG=memprofilerate=4096 makes the heap profiles
// finer. Normal builds leave this file out.
func init() {
	dir := os.Getenv("IPDESK_PROFILE_DIR")
	if dir == "" {
		return
	}
	go func() {
		t0 := time.Now()
		for i := 0; ; i++ {
			if i == 0 {
				time.Sleep(1500 * time.Millisecond)
				runtime.GC()
			} else {
				time.Sleep(4 * time.Second)
			}
			name := filepath.Join(dir, fmt.Sprintf("%d-%02d", os.Getpid(), i))
			if i == 1 && os.Getenv("IPDESK_PROFILE_CPU") != "" {
				if f, err := os.Create(name + ".cpu"); err == nil {
					pprof.StartCPUProfile(f)
					go func() {
						time.Sleep(12 * time.Second)
						pprof.StopCPUProfile()
						f.Close()
					}()
				}
			}
			for _, p := range []struct {
				ext, profile string
				debug        int
			}{{".heap", "heap", 0}, {".gor", "goroutine", 1}} {
				if f, err := os.Create(name + p.ext); err == nil {
					pprof.Lookup(p.profile).WriteTo(f, p.debug)
					f.Close()
				}
			}
			smaps, _ := os.ReadFile("/proc/self/smaps")
			os.WriteFile(name+".smaps", smaps, 0o644)
			status, _ := os.ReadFile("/proc/self/status")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			os.WriteFile(name+".status", fmt.Appendf(status, "t=%v HeapAlloc=%d HeapInuse=%d HeapIdle=%d HeapReleased=%d StackInuse=%d GCSys=%d Sys=%d NumGC=%d\n",
				time.Since(t0), ms.HeapAlloc, ms.HeapInuse, ms.HeapIdle, ms.HeapReleased, ms.StackInuse, ms.GCSys, ms.Sys, ms.NumGC), 0o644)
		}
	}()
}
