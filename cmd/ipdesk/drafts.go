package main

import (
	"fmt"
	"os"

	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

// kbDrafts reads the drafts of an article folder; none without a folder.
func kbDrafts(dir string) ([]knowledge.Draft, error) {
	if dir == "" {
		return nil, nil
	}
	ds, err := knowledge.Drafts(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("read drafts in %s: %w", dir, err)
	}
	return ds, nil
}

// kbDraftsCommand is "kb drafts [DIR]": the drafts in DIR (by default
// IPDESK_KB_DIR) with the question each answers and whether kb lint finds
// problems in it, which it then prints.
func kbDraftsCommand(env *Env, args []string) error {
	cfg, rest, err := loadConfig(env, "kb drafts", args)
	if err != nil {
		return err
	}
	dir := cfg.KBDir
	switch {
	case len(rest) == 1:
		dir = rest[0]
	case len(rest) > 1:
		return fmt.Errorf("kb drafts takes at most one folder; %s", kbUsage)
	}
	if dir == "" {
		return fmt.Errorf("kb drafts: name the article folder, or set IPDESK_KB_DIR; %s", kbUsage)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("kb drafts: %s is not a folder", dir)
	}
	ds, err := kbDrafts(dir)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, markup.Render(markup.Plain, handlers.DraftsReport(ds)))
	for _, d := range ds {
		for _, p := range d.Problems {
			fmt.Fprintln(env.Stdout, inFolder(p, dir).String())
		}
	}
	return nil
}
