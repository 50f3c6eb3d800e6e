package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

func init() {
	register(&subcommand{name: "kb", usage: "lint [DIR] | gaps [--limit N]",
		summary: "check knowledge-base articles; list what the base could not answer", run: kbCommand})
}

const kbUsage = "usage: ipdesk kb lint [DIR] | ipdesk kb gaps [--limit N] [SETTINGS FLAGS]"

func kbCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return errors.New(kbUsage)
	}
	switch args[0] {
	case "lint":
		return kbLint(env, args[1:])
	case "gaps":
		return kbGaps(ctx, env, args[1:])
	case "-h", "--help", "-help", "help":
		fmt.Fprintln(env.Stdout, kbUsage)
		return flag.ErrHelp
	}
	return fmt.Errorf("unknown kb command %q; %s", args[0], kbUsage)
}

// kbLint checks a folder of articles (by default the bundled ones) and
// prints each problem as "file:line: message", which editors and CI logs
// turn into links. It exits 1 when there is any problem.
func kbLint(env *Env, args []string) error {
	if len(args) > 1 {
		return fmt.Errorf("kb lint takes at most one folder; %s", kbUsage)
	}
	fsys, dir := knowledge.Bundled(), ""
	if len(args) == 1 {
		dir = args[0]
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("kb lint: %s is not a folder", dir)
		}
		fsys = os.DirFS(dir)
	}
	probs := knowledge.Lint(fsys)
	for _, p := range probs {
		if dir != "" && p.File != "." {
			p.File = filepath.Join(dir, filepath.FromSlash(p.File))
		} else if dir != "" {
			p.File = dir
		}
		fmt.Fprintln(env.Stdout, p.String())
	}
	if len(probs) > 0 {
		fmt.Fprintf(env.Stderr, "ipdesk: kb lint: %d problem(s)\n", len(probs))
		return exitError{1}
	}
	n := 0
	for _, lang := range knowledge.Languages {
		m, _ := fs.Glob(fsys, lang+"/*.md")
		n += len(m)
	}
	fmt.Fprintf(env.Stderr, "ipdesk: kb lint: %d articles, no problems\n", n)
	return nil
}

// kbGaps prints the questions the knowledge base could not answer, most
// asked first, and the answers most often marked not helpful.
func kbGaps(ctx context.Context, env *Env, args []string) error {
	flags, rest, err := cutFlags(args, nil, []string{"limit"})
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(env.Stdout, kbUsage)
		fmt.Fprintln(env.Stdout)
		printSettings(env.Stdout)
		return err
	} else if err != nil {
		return fmt.Errorf("%w; %s", err, kbUsage)
	}
	limit := 20
	if v, ok := flags["limit"]; ok {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			return fmt.Errorf("--limit: want a number from 1 to 1000, got %q", v)
		}
	}
	cfg, extra, err := loadConfig(env, "kb gaps", rest)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q; %s", extra[0], kbUsage)
	}
	db, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	gaps, err := db.QuestionGaps(ctx, limit)
	if err != nil {
		return err
	}
	bad, err := db.UnhelpfulAnswers(ctx, limit)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, markup.Render(markup.Plain, handlers.GapsReport(gaps, bad)))
	return err
}

// maxNotices is how many knowledge-base problems wait to be posted to the
// review channel; more are only logged, so a folder of broken files cannot
// flood staff.
const maxNotices = 16

// openKnowledge opens the knowledge base for run and builds the ask handler
// on it. A broken article in the operator's folder is logged at once and
// posted to the review channel by a loop once the bot runs, so start-up
// never waits on a platform; the folder is re-read every two seconds.
func (app *App) openKnowledge(ctx context.Context) (*handlers.Ask, error) {
	notices := make(chan string, maxNotices)
	index, err := knowledge.Open(ctx, knowledge.Options{Dir: app.Config.KBDir, OnProblem: func(err error) {
		app.Log.Warn("knowledge base problem", "err", err)
		msg := "**Knowledge base:** a problem in the operator's article folder (IPDESK_KB_DIR); the bundled or last good version keeps serving.\n\n" +
			markup.Escape(clip(err.Error(), 600))
		select {
		case notices <- msg:
		default:
		}
	}})
	if err != nil {
		return nil, fmt.Errorf("knowledge base: %w", err)
	}
	ask, err := handlers.NewAsk(handlers.AskConfig{Index: index, Store: app.DB, Sender: app.Bot, Review: app.Review, Logger: app.Log})
	if err != nil {
		index.Close()
		return nil, err
	}
	app.kb = index
	app.loops = append(app.loops,
		func(ctx context.Context) { index.Watch(ctx, 2*time.Second) },
		func(ctx context.Context) {
			for {
				select {
				case <-ctx.Done():
					return
				case msg := <-notices:
					if _, err := app.Bot.Send(ctx, app.Review, bot.Reply{Text: msg}); err != nil && ctx.Err() == nil {
						app.Log.Warn("post knowledge base problem to the review channel", "err", err)
					}
				}
			}
		})
	return ask, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
