package main

import "runtime/debug"

// gcPercent is ipdesk's default for GOGC, the heap growth the garbage
// collector allows over the live heap before it collects. Go's default,
// 100, lets the heap double: with about 20 MB live under load (the
// knowledge index, the word lists, questions in flight) the process's
// anonymous memory peaked at 55-58 MB. At 50 it peaks at 45-46 MB, and
// the CPU per question did not change beyond the noise of three
// alternating runs (the collector's marking is about 3% of the CPU); at
// 25 the CPU per question rose by a third. See docs/performance.md.
const gcPercent = 50

// setGCDefaults applies gcPercent unless the operator set GOGC, which,
// like GOMEMLIMIT, the Go runtime reads itself.
func setGCDefaults(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
