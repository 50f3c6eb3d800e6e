package main

import "runtime/debug"

// buildRevision returns the VCS revision the binary was built from, with
// "-dirty" when the tree had changes, or "" when the build did not record
// it (go build -buildvcs=false, or a build outside a repository).
func buildRevision() string {
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
