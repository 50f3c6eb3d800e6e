package main

import (
	"runtime/debug"
	"testing"
)

func TestGCDefaults(t *testing.T) {
	t.Parallel()
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	setGCDefaults(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("with GOGC unset, the collector's target is %d, want %d", got, gcPercent)
	}
	// The operator's GOGC is the runtime's to apply; ipdesk leaves it.
	setGCDefaults(func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, ipdesk changed the collector's target to %d", got)
	}
}
