package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestSlackManifestListsEveryCommand checks that the /ipdesk usage hint in
// the Slack app manifest names exactly the commands the App routes, with the
// arguments help shows for them.
func TestSlackManifestListsEveryCommand(t *testing.T) {
	t.Parallel()
	manifest, err := os.ReadFile("../../deploy/slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*usage_hint: "\[(.*)\]"$`).FindSubmatch(manifest)
	if m == nil {
		t.Fatal("the manifest has no usage_hint of the form \"[a | b ARG]\"")
	}
	hinted := map[string]string{}
	for _, part := range strings.Split(string(m[1]), " | ") {
		name, usage, _ := strings.Cut(strings.TrimSpace(part), " ")
		if _, dup := hinted[name]; dup {
			t.Errorf("usage_hint names %q twice", name)
		}
		hinted[name] = usage
	}
	w := newDiscordWorld(t)
	for _, c := range w.app.Mux.Commands(true) {
		usage, ok := hinted[c.Name]
		switch {
		case !ok:
			t.Errorf("usage_hint lacks %q", c.Name)
		case usage != c.Usage:
			t.Errorf("usage_hint shows %q as %q; help shows %q", c.Name, usage, c.Usage)
		}
		delete(hinted, c.Name)
	}
	for name := range hinted {
		t.Errorf("usage_hint names %q, which the bot does not handle", name)
	}
}
