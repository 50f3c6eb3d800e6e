package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	t.Parallel()
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/ipdesk/ipdesk", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := versionText("v1.4.0", bi)
	for _, want := range []string{"ipdesk v1.4.0\n", "module: github.com/ipdesk/ipdesk\n", "revision: 0123abcd (with uncommitted changes)\n", "committed: 2026-11-30T10:00:00Z\n", "go: go1.26.8\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("version text lacks %q:\n%s", want, got)
		}
	}
	bi.Settings = nil
	if got := versionText("dev", bi); !strings.Contains(got, "revision: unknown") {
		t.Errorf("without VCS information:\n%s", got)
	}

	// The command prints what this test binary was built from.
	code, out, _ := runMain(t, "", nil, "version")
	if code != 0 || !strings.HasPrefix(out, "ipdesk ") || !strings.Contains(out, "module: github.com/ipdesk/ipdesk") || !strings.Contains(out, "go: go1.") {
		t.Errorf("ipdesk version: exit %d:\n%s", code, out)
	}
}
