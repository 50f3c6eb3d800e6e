package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

func init() {
	register(&subcommand{name: "ask", usage: "[--json] [--format plain|slack|discord] QUESTION...",
		summary: "answer one question from the knowledge base and exit", run: askCommand})
}

const askUsage = "usage: ipdesk ask [--json] [--format plain|slack|discord] [SETTINGS FLAGS] QUESTION... (or the question on standard input)"

// askResult is what ask --json prints: a stable shape for scripts.
type askResult struct {
	Answered bool        `json:"answered"`
	Text     string      `json:"text"`
	Lang     string      `json:"lang"`
	Sources  []askSource `json:"sources"`
	// Near names the articles offered for a question declined only just
	// (see knowledge.Answer.Near); omitted when there are none.
	Near  []askArticle `json:"near,omitempty"`
	Score float64      `json:"score"`
}

// askArticle names an article offered for a declined question.
type askArticle struct {
	Title string `json:"title"`
	File  string `json:"file"`
}

// askSource names one section an answer was taken from.
type askSource struct {
	Title   string `json:"title"`
	Section string `json:"section"`
	File    string `json:"file"`
}

// maxStdinQuestion is the most of standard input ask reads as a
// question: a pasted notice with its question after it is a few
// kilobytes, and past this a document's end is no longer read. Cut at
// the searched length's worth of bytes, a pasted notice of five
// kilobytes lost the question at its end.
const maxStdinQuestion = 1 << 20

// askCommand answers one question, given as words or on standard input,
// with the text a chat user would see, rendered for the chosen platform.
// It exits 0 whether or not the base had an answer: "no good answer" is an
// answer, and scripts read it from --json.
func askCommand(ctx context.Context, env *Env, args []string) error {
	flags, rest, err := cutFlags(args, []string{"json"}, []string{"format"})
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(env.Stdout, askUsage)
		fmt.Fprintln(env.Stdout)
		printSettings(env.Stdout)
		return err
	} else if err != nil {
		return fmt.Errorf("%w; %s", err, askUsage)
	}
	format := markup.Plain
	switch f, given := flags["format"]; strings.ToLower(f) {
	case "plain":
	case "slack":
		format = markup.Slack
	case "discord":
		format = markup.Discord
	default:
		if given {
			return fmt.Errorf("--format: want plain, slack or discord, got %q", f)
		}
	}
	cfg, words, err := loadConfig(env, "ask", rest)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(words, " "))
	if question == "" && !env.StdinIsTerminal {
		// A pasted document is read whole, up to maxStdinQuestion, so
		// that the question after it is still its end when it is cut to
		// the searched length (see ipdesk.ClipQuestion).
		b, err := io.ReadAll(io.LimitReader(env.Stdin, maxStdinQuestion))
		if err != nil {
			return fmt.Errorf("read question: %w", err)
		}
		question = strings.TrimSpace(string(b))
	}
	if question == "" {
		return fmt.Errorf("no question given; %s", askUsage)
	}
	question, shortened := ipdesk.ClipQuestion(question)
	index, err := openIndex(ctx, env, cfg.KBDir)
	if err != nil {
		return err
	}
	defer index.Close()
	ans, err := index.Ask(ctx, question)
	if err != nil {
		return err
	}
	res := askResult{Answered: ans.Answered, Lang: ans.Lang, Score: ans.Score, Sources: []askSource{}}
	text := handlers.AnswerText(ans)
	if shortened {
		fmt.Fprintf(env.Stderr, "ipdesk: the question is over %d characters; answered from its beginning and its end\n", ipdesk.MaxQuestionText)
	}
	res.Text = markup.Render(format, text)
	if ans.Answered {
		for _, s := range ans.Sections {
			a := s.Article()
			res.Sources = append(res.Sources, askSource{Title: a.Title, Section: s.Name(), File: a.File})
		}
	}
	for _, a := range ans.Near {
		res.Near = append(res.Near, askArticle{Title: a.Title, File: a.File})
	}
	if flags["json"] != "" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	_, err = fmt.Fprintln(env.Stdout, strings.TrimRight(res.Text, "\n"))
	return err
}

// openIndex opens the knowledge base with the operator's folder, printing
// each broken article in it as a warning: the bundled or last good version
// is answered from instead.
func openIndex(ctx context.Context, env *Env, dir string) (*knowledge.Index, error) {
	return knowledge.Open(ctx, knowledge.Options{Dir: dir, OnProblem: func(err error) {
		fmt.Fprintf(env.Stderr, "ipdesk: warning: %v\n", err)
	}})
}

// cutFlags takes a command's own flags out of args, written "-x", "--x",
// "--x value" or "--x=value", and leaves the settings flags and the other
// arguments, in order, for loadConfig. Booleans take no value (present
// means "true"). Nothing after "--" is taken. -h and --help return
// flag.ErrHelp.
func cutFlags(args []string, bools, values []string) (map[string]string, []string, error) {
	got := map[string]string{}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "h" || name == "help":
			return nil, nil, flag.ErrHelp
		case slices.Contains(bools, name):
			if hasVal {
				return nil, nil, fmt.Errorf("--%s takes no value", name)
			}
			got[name] = "true"
		case slices.Contains(values, name):
			if !hasVal {
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("--%s needs a value", name)
				}
				i++
				val = args[i]
			}
			got[name] = strings.TrimSpace(val)
		default:
			rest = append(rest, a)
		}
	}
	return got, rest, nil
}
