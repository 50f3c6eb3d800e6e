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
	"strings"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

func init() {
	register(&subcommand{name: "kb", usage: "lint [DIR] | coverage [--map FILE] [DIR] | gaps [--limit N] | drafts [DIR]",
		summary: "check knowledge-base articles and their coverage of the topic map; list what the base could not answer, and article drafts", run: kbCommand})
}

const kbUsage = "usage: ipdesk kb lint [DIR] | ipdesk kb coverage [--map FILE] [DIR] | ipdesk kb gaps [--limit N] | ipdesk kb drafts [DIR] [SETTINGS FLAGS]"

func kbCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return errors.New(kbUsage)
	}
	switch args[0] {
	case "lint":
		return kbLint(env, args[1:])
	case "gaps":
		return kbGaps(ctx, env, args[1:])
	case "coverage":
		return kbCoverage(env, args[1:])
	case "drafts":
		return kbDraftsCommand(env, args[1:])
	case "-h", "--help", "-help", "help":
		fmt.Fprintln(env.Stdout, kbUsage)
		return flag.ErrHelp
	}
	return fmt.Errorf("unknown kb command %q; %s", args[0], kbUsage)
}

// kbLint checks a folder of articles (by default the bundled ones) and
// prints each problem as "file:line: message", which editors and CI logs
// turn into links. It exits 1 when there is any problem. Facts whose check
// date is older than IPDESK_KB_STALE_DAYS are printed as warnings, which
// do not fail the check: they tell an operator what to re-verify.
func kbLint(env *Env, args []string) error {
	cfg, rest, err := loadConfig(env, "kb lint", args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return fmt.Errorf("kb lint takes at most one folder; %s", kbUsage)
	}
	fsys, dir, err := articleFolder(rest, "kb lint")
	if err != nil {
		return err
	}
	probs := knowledge.Lint(fsys)
	if dir != "" {
		// A folder's drafts are checked too, as they will be published.
		probs = append(probs, knowledge.LintDrafts(fsys)...)
	}
	for _, p := range probs {
		fmt.Fprintln(env.Stdout, inFolder(p, dir).String())
	}
	stale, err := knowledge.StaleFacts(fsys, time.Now(), time.Duration(cfg.KBStaleDays)*24*time.Hour)
	if err != nil {
		return fmt.Errorf("kb lint: %w", err)
	}
	for _, p := range stale {
		fmt.Fprintln(env.Stdout, inFolder(p, dir).String())
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
	warn := ""
	if len(stale) > 0 {
		warn = fmt.Sprintf(", %d fact(s) checked more than %d days ago", len(stale), cfg.KBStaleDays)
	}
	fmt.Fprintf(env.Stderr, "ipdesk: kb lint: %d articles, no problems%s\n", n, warn)
	return nil
}

// articleFolder returns the articles to check: the folder named by args,
// or the bundled ones, and the folder's name for problem locations.
func articleFolder(args []string, cmd string) (fs.FS, string, error) {
	if len(args) == 0 {
		return knowledge.Bundled(), "", nil
	}
	dir := args[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, "", fmt.Errorf("%s: %s is not a folder", cmd, dir)
	}
	return os.DirFS(dir), dir, nil
}

// inFolder locates a problem in dir, where the articles came from a folder.
func inFolder(p knowledge.Problem, dir string) knowledge.Problem {
	if dir != "" && p.File != "." {
		p.File = filepath.Join(dir, filepath.FromSlash(p.File))
	} else if dir != "" {
		p.File = dir
	}
	return p
}

// kbCoverage checks the topic map (by default the bundled one) against the
// articles (by default the bundled ones): it prints each area's count and
// every entry whose article or section is missing, and exits 1 when any is.
func kbCoverage(env *Env, args []string) error {
	flags, rest, err := cutFlags(args, nil, []string{"map"})
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(env.Stdout, kbUsage)
		return err
	} else if err != nil {
		return fmt.Errorf("%w; %s", err, kbUsage)
	}
	if len(rest) > 1 {
		return fmt.Errorf("kb coverage takes at most one folder; %s", kbUsage)
	}
	fsys, dir, err := articleFolder(rest, "kb coverage")
	if err != nil {
		return err
	}
	mapName, data := "knowledge/topics.yaml", knowledge.BundledTopics()
	if m, ok := flags["map"]; ok {
		if data, err = os.ReadFile(m); err != nil {
			return fmt.Errorf("kb coverage: --map: %w", err)
		}
		mapName = m
	}
	areas, probs := knowledge.ParseTopics(mapName, data)
	for _, p := range probs {
		fmt.Fprintln(env.Stdout, p.String())
	}
	cov, err := knowledge.Coverage(mapName, areas, fsys)
	if err != nil {
		return fmt.Errorf("kb coverage: %w", err)
	}
	for i := range cov {
		for j := range cov[i].Uncovered {
			cov[i].Uncovered[j].Message = strings.TrimSpace(cov[i].Uncovered[j].Message + inDir(dir))
		}
	}
	fmt.Fprint(env.Stdout, knowledge.CoverageReport(cov))
	missing := len(probs)
	for _, c := range cov {
		missing += len(c.Uncovered)
	}
	if missing > 0 {
		fmt.Fprintf(env.Stderr, "ipdesk: kb coverage: %d problem(s)\n", missing)
		return exitError{1}
	}
	return nil
}

func inDir(dir string) string {
	if dir == "" {
		return ""
	}
	return " (in " + dir + ")"
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
	drafts, err := kbDrafts(cfg.KBDir)
	if err != nil {
		return err
	}
	st, err := db.DeflectionStats(ctx, time.Now().Add(-handlers.DeflectionWindow))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.Stdout, markup.Render(markup.Plain, handlers.GapsReport(gaps, bad, drafts)+"\n\n"+handlers.DeflectionReport(st)))
	return err
}

// answerCacheSize is how many questions' answers are kept for when the
// same question is asked again (see handlers.AnswerCache): a few hundred
// KB at most.
const answerCacheSize = 512

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
	// The index is built in the background while the bot connects; the
	// first questions wait for it.
	index := knowledge.Start(knowledge.Options{Dir: app.Config.KBDir, OnProblem: func(err error) {
		app.Log.Warn("knowledge base problem", "err", err)
		msg := "**Knowledge base:** a problem in the operator's article folder (IPDESK_KB_DIR); the bundled or last good version keeps serving.\n\n" +
			markup.Escape(clip(err.Error(), 600))
		select {
		case notices <- msg:
		default:
		}
	}})
	ask, err := handlers.NewAsk(handlers.AskConfig{Index: handlers.NewAnswerCache(index, answerCacheSize), Store: app.Metrics.QuestionStore(app.questions()), Sender: app.Bot, Review: app.Review, Logger: app.Log,
		KBDir: app.Config.KBDir})
	if err != nil {
		index.Close()
		return nil, err
	}
	app.kb = index
	app.loops = append(app.loops, func(ctx context.Context) { index.Watch(ctx, 2*time.Second) })
	// Every replica reads the same folder and finds the same problems:
	// the leader alone posts them, so staff see each once.
	app.leaderLoops = append(app.leaderLoops,
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
