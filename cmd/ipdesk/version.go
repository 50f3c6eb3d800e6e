package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// revision is set at build time with -ldflags "-X main.revision=…" where
// the build cannot see the repository (a container build without .git).
var revision = ""

// buildRevision returns the VCS revision the binary was built from, with
// "-dirty" when the tree had changes, or "" when the build did not record
// it (go build -buildvcs=false, or a build outside a repository).
func buildRevision() string {
	if revision != "" {
		return revision
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}

func init() {
	register(&subcommand{name: "version", summary: "print the version, the VCS revision and the Go version it was built with", run: func(ctx context.Context, env *Env, args []string) error {
		bi, _ := debug.ReadBuildInfo()
		_, err := io.WriteString(env.Stdout, versionText(buildVersion(), bi))
		return err
	}})
}

// versionText is what `ipdesk version` prints: the version on the first
// line as before, then where it came from, for bug reports and for
// checking that the binary deployed is the one built.
func versionText(version string, bi *debug.BuildInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ipdesk %s\n", version)
	if bi == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "module: %s\n", bi.Main.Path)
	rev, at, dirty := "", "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		rev = revision
	}
	if rev == "" {
		b.WriteString("revision: unknown (built without VCS information)\n")
	} else {
		if dirty {
			rev += " (with uncommitted changes)"
		}
		fmt.Fprintf(&b, "revision: %s\n", rev)
		if at != "" {
			fmt.Fprintf(&b, "committed: %s\n", at)
		}
	}
	fmt.Fprintf(&b, "go: %s\n", bi.GoVersion)
	return b.String()
}
