// Package console is the terminal adapter: the default when no Slack or
// Discord token is set, so the whole bot can be tried alone, as Hubot's shell
// and Errbot's text mode allow. It reads one message per line; buttons show
// as numbered choices picked by typing the number; forms are asked field by
// field; "/as NAME" switches who is speaking, so one person can play a
// consumer and a staff member. Messages posted elsewhere (the review channel,
// another user's DM) are printed with the place in front.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Config configures the console adapter.
type Config struct {
	In  io.Reader
	Out io.Writer
	// User is who speaks first; "/as NAME" changes it. Default "you".
	User string
	// Interactive prints a prompt before each line and a greeting, for a
	// person at a terminal. Scripted input instead gets each line echoed
	// after the speaker's name, so the output reads as a transcript.
	Interactive bool
	// Render turns a reply's CommonMark into terminal text; the default is
	// markup's plain-text renderer.
	Render func(markdown string) string
}

// Adapter is the console adapter.
type Adapter struct {
	in          io.Reader
	out         io.Writer
	interactive bool
	render      func(string) string

	mu    sync.Mutex // guards everything below and writes to out
	user  string
	seq   int
	shown []shown               // messages printed, oldest first (bounded)
	forms map[string]*formState // pending form per user
}

var _ bot.Adapter = (*Adapter)(nil)

type shown struct {
	ref       bot.MessageRef
	buttons   []bot.Button
	ephemeral bool
}

type formState struct {
	form    *bot.Form
	where   bot.Address
	answers map[string]string
	todo    []int // indexes of inputs still to ask, in order
}

const maxShown = 200

// New returns a console adapter.
func New(cfg Config) *Adapter {
	a := &Adapter{in: cfg.In, out: cfg.Out, interactive: cfg.Interactive, render: cfg.Render, user: cfg.User, forms: map[string]*formState{}}
	if a.user == "" {
		a.user = "you"
	}
	if a.render == nil {
		a.render = func(s string) string { return markup.Render(markup.Plain, s) }
	}
	return a
}

// Platform returns "console".
func (a *Adapter) Platform() string { return bot.Console }

// User returns who is speaking now.
func (a *Adapter) User() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.user
}

// Run reads lines until end of input, /quit, or ctx is done. Each line is
// handled before the next is read, so replies print in order and the process
// can exit as soon as input ends.
//
// When ctx ends first, Run unblocks the pending read where the input allows
// it (a read deadline, or closing a pipe) and waits for the reader; a
// terminal read that cannot be interrupted is left to end with the process,
// which is exiting anyway.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	readerDone := make(chan struct{})
	defer func() {
		if ctx.Err() == nil || !unblock(a.in) {
			return
		}
		<-readerDone
	}()
	go func() {
		defer close(readerDone)
		defer close(lines)
		r := bufio.NewReader(a.in)
		for {
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				select {
				case lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr <- err
				}
				return
			}
		}
	}()
	if a.interactive {
		a.printf("ipdesk console. Type `help` to see what I can do, `/as NAME` to speak as someone else (`/as staff` for the review side), `/quit` to leave.\n")
	}
	for {
		a.prompt()
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			select {
			case err := <-readErr:
				return bot.Permanent(fmt.Errorf("read console input: %w", err))
			default:
				return nil
			}
		}
		if !a.interactive {
			a.printf("%s> %s\n", a.User(), sanitize(line))
		}
		if quit := a.handleLine(ctx, h, line); quit {
			return nil
		}
	}
}

func (a *Adapter) prompt() {
	if a.interactive {
		a.mu.Lock()
		fmt.Fprintf(a.out, "%s> ", a.user)
		a.mu.Unlock()
	}
}

var asRe = regexp.MustCompile(`^/as(?:\s+(\S*))?\s*$`)

// unblock interrupts a read blocked on in, and reports whether it could.
func unblock(in io.Reader) bool {
	if d, ok := in.(interface{ SetReadDeadline(time.Time) error }); ok && d.SetReadDeadline(time.Now()) == nil {
		return true
	}
	if c, ok := in.(io.Closer); ok && in != io.Reader(os.Stdin) {
		return c.Close() == nil
	}
	return false
}

// handleLine handles one input line and reports whether to quit.
func (a *Adapter) handleLine(ctx context.Context, h bot.Handler, line string) bool {
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "/quit" || trimmed == "/exit":
		return true
	case asRe.MatchString(trimmed):
		name := asRe.FindStringSubmatch(trimmed)[1]
		if !validName(name) {
			a.printf("(usage: /as NAME, where NAME is letters, digits, '-', '_' or '.', at most 32; you are %s)\n", a.User())
			return false
		}
		a.mu.Lock()
		a.user = name
		a.mu.Unlock()
		a.printf("(you are now %s)\n", name)
		return false
	}
	user := a.User()
	a.mu.Lock()
	fs := a.forms[user]
	a.mu.Unlock()
	if fs != nil {
		a.answerForm(ctx, h, user, fs, line)
		return false
	}
	e := a.newEvent(user)
	if n, err := strconv.Atoi(trimmed); err == nil {
		if src, b, ok := a.choice(user, n); ok {
			e.Kind, e.Action, e.Source, e.Where = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}, src, src.Where
			a.serve(ctx, h, e)
			return false
		}
	}
	e.Kind, e.Text = bot.KindMessage, line
	a.serve(ctx, h, e)
	return false
}

func validName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.", r))) {
			return false
		}
	}
	return true
}

func (a *Adapter) newEvent(user string) *bot.Event {
	return &bot.Event{
		User:  bot.User{Platform: bot.Console, ID: user, Name: user},
		Where: bot.DirectTo(bot.Console, user),
		Time:  time.Now(),
	}
}

func (a *Adapter) serve(ctx context.Context, h bot.Handler, e *bot.Event) error {
	err := h.ServeEvent(ctx, &writer{a: a, e: e}, e)
	var fe *bot.FormError
	if err != nil && !errors.As(err, &fe) {
		a.printf("(error: %s)\n", sanitize(err.Error()))
	}
	return err
}

// choice finds button n of the last message the user saw, if that message
// had buttons. Only the last one counts, so a number typed as an answer to a
// free-text question is never taken for a stale button. Ephemeral notices
// without buttons ("Done: approved") are passed over: they answer the user's
// own action and leave the choices above them on screen.
func (a *Adapter) choice(user string, n int) (bot.MessageRef, bot.Button, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := len(a.shown) - 1; i >= 0; i-- {
		s := a.shown[i]
		if s.ref.Where.DM && s.ref.Where.Channel != "@"+user {
			continue // another user's DM
		}
		if s.ephemeral && len(s.buttons) == 0 {
			continue
		}
		if n >= 1 && n <= len(s.buttons) {
			return s.ref, s.buttons[n-1], true
		}
		return bot.MessageRef{}, bot.Button{}, false
	}
	return bot.MessageRef{}, bot.Button{}, false
}

// writer answers an event in the speaker's own conversation.
type writer struct {
	a *Adapter
	e *bot.Event
}

// Reply prints r where the event happened; a form in it is asked of the
// speaker, wherever the button they pressed was.
func (w *writer) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	return w.a.send(w.e.Where, r, w.e.User.ID), nil
}

// Send prints r. A form sent to a user's DM is asked of that user.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	if to.Platform != bot.Console {
		return bot.MessageRef{}, fmt.Errorf("console cannot send to %s", to)
	}
	formUser := ""
	if to.DM {
		formUser = strings.TrimPrefix(to.Channel, "@")
	}
	return a.send(to, r, formUser), nil
}

func (a *Adapter) send(to bot.Address, r bot.Reply, formUser string) bot.MessageRef {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	ref := bot.MessageRef{Where: to, ID: strconv.Itoa(a.seq)}
	a.print(ref, r, false)
	if r.Form != nil && formUser != "" {
		user := formUser
		fs := &formState{form: r.Form, where: to, answers: map[string]string{}}
		for i := range r.Form.Inputs {
			fs.todo = append(fs.todo, i)
			if in := r.Form.Inputs[i]; in.Initial != "" {
				fs.answers[in.ID] = in.Initial
			}
		}
		a.forms[user] = fs
		a.askNext(fs)
	}
	return ref
}

// Upload prints the text and, for each file, a line with its name, type
// and size: a terminal shows no files, and the operator reads them where
// the text says they are kept.
func (a *Adapter) Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error) {
	if to.Platform != bot.Console {
		return bot.MessageRef{}, fmt.Errorf("console cannot upload to %s", to)
	}
	var b strings.Builder
	b.WriteString(text)
	for _, f := range files {
		fmt.Fprintf(&b, "\n\n📎 %s (%s, %d bytes)", markup.Escape(f.Name), markup.Escape(f.Type), len(f.Data))
	}
	return a.send(to, bot.Reply{Text: b.String()}, ""), nil
}

var _ bot.Uploader = (*Adapter)(nil)

// Edit prints the new version of an earlier message, marked as updated.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.print(ref, r, true)
	return nil
}

// print writes a message; the caller holds a.mu.
func (a *Adapter) print(ref bot.MessageRef, r bot.Reply, updated bool) {
	var b strings.Builder
	text := strings.TrimRight(a.render(r.Text), "\n")
	for _, f := range r.Fields {
		text += "\n" + sanitize(f.Label) + ": " + strings.TrimSpace(a.render(f.Value))
	}
	if len(r.Buttons) > 0 {
		var choices []string
		for i, btn := range r.Buttons {
			choices = append(choices, fmt.Sprintf("[%d] %s", i+1, sanitize(btn.Label)))
		}
		text += "\n" + strings.Join(choices, "  ")
	}
	prefix := a.placeLabel(ref.Where)
	if updated {
		prefix += "(updated) "
	}
	for i, line := range strings.Split(text, "\n") {
		if i == 0 {
			b.WriteString(prefix + line + "\n")
		} else if prefix != "" {
			b.WriteString("    " + line + "\n")
		} else {
			b.WriteString(line + "\n")
		}
	}
	io.WriteString(a.out, b.String())
	a.remember(shown{ref: ref, buttons: r.Buttons, ephemeral: r.Ephemeral}, updated)
}

// placeLabel is what goes in front of a message posted outside the current
// speaker's own DM.
func (a *Adapter) placeLabel(to bot.Address) string {
	switch {
	case to.DM && to.Channel == "@"+a.user:
		return ""
	case to.DM:
		return "[DM to " + strings.TrimPrefix(to.Channel, "@") + "] "
	default:
		label := "[#" + to.Channel
		if to.Thread != "" {
			label += " thread " + to.Thread
		}
		return label + "] "
	}
}

func (a *Adapter) remember(m shown, updated bool) {
	if updated {
		for i := range a.shown {
			if a.shown[i].ref == m.ref {
				a.shown = append(a.shown[:i], a.shown[i+1:]...)
				break
			}
		}
	}
	a.shown = append(a.shown, m)
	if len(a.shown) > maxShown {
		a.shown = a.shown[len(a.shown)-maxShown:]
	}
}

// askNext prints the prompt for the next field; the caller holds a.mu.
func (a *Adapter) askNext(fs *formState) {
	in := fs.form.Inputs[fs.todo[0]]
	var b strings.Builder
	b.WriteString("  " + sanitize(in.Label))
	if in.Required {
		b.WriteString(" (required)")
	} else {
		b.WriteString(" (optional: empty line to skip)")
	}
	if in.Kind == bot.InputSelect {
		for i, o := range in.Options {
			fmt.Fprintf(&b, "\n    %d) %s", i+1, sanitize(o.Label))
		}
	}
	if cur := fs.answers[in.ID]; cur != "" {
		b.WriteString("\n    now: " + sanitize(cur) + " (empty line keeps it)")
	}
	b.WriteString("\n  type the answer, or `cancel`:\n")
	io.WriteString(a.out, b.String())
}

// answerForm takes one line as the answer to the current field of a pending
// form and submits the form after the last one.
func (a *Adapter) answerForm(ctx context.Context, h bot.Handler, user string, fs *formState, line string) {
	a.mu.Lock()
	if strings.EqualFold(strings.TrimSpace(line), "cancel") {
		delete(a.forms, user)
		a.mu.Unlock()
		a.printf("(form cancelled)\n")
		return
	}
	in := fs.form.Inputs[fs.todo[0]]
	val := strings.TrimSpace(line)
	if in.Kind == bot.InputSelect && val != "" {
		picked := ""
		if n, err := strconv.Atoi(val); err == nil && n >= 1 && n <= len(in.Options) {
			picked = in.Options[n-1].Value
		}
		for _, o := range in.Options {
			if strings.EqualFold(val, o.Value) || strings.EqualFold(val, o.Label) {
				picked = o.Value
			}
		}
		if picked == "" {
			io.WriteString(a.out, fmt.Sprintf("  %q is not one of the choices; type its number.\n", sanitize(truncate(val, 40))))
			a.askNext(fs)
			a.mu.Unlock()
			return
		}
		val = picked
	}
	if val == "" {
		val = fs.answers[in.ID]
	}
	if val == "" && in.Required {
		io.WriteString(a.out, "  This field is required.\n")
		a.askNext(fs)
		a.mu.Unlock()
		return
	}
	if in.MaxLen > 0 && len([]rune(val)) > in.MaxLen {
		io.WriteString(a.out, fmt.Sprintf("  That is %d characters; the limit is %d.\n", len([]rune(val)), in.MaxLen))
		a.askNext(fs)
		a.mu.Unlock()
		return
	}
	fs.answers[in.ID] = val
	fs.todo = fs.todo[1:]
	if len(fs.todo) > 0 {
		a.askNext(fs)
		a.mu.Unlock()
		return
	}
	delete(a.forms, user)
	a.mu.Unlock()

	e := a.newEvent(user)
	e.Where = fs.where
	e.Kind = bot.KindSubmit
	e.Form = bot.FormData{ID: fs.form.ID, Value: fs.form.Value, Fields: fs.answers}
	err := a.serve(ctx, h, e)
	var fe *bot.FormError
	if errors.As(err, &fe) {
		a.mu.Lock()
		defer a.mu.Unlock()
		retry := &formState{form: fs.form, where: fs.where, answers: fs.answers}
		var msgs []string
		for i, in := range fs.form.Inputs {
			if msg, bad := fe.Fields[in.ID]; bad {
				retry.todo = append(retry.todo, i)
				msgs = append(msgs, sanitize(in.Label)+": "+sanitize(msg))
			}
		}
		if len(retry.todo) == 0 { // errors not tied to an input: ask everything again
			for i := range fs.form.Inputs {
				retry.todo = append(retry.todo, i)
			}
			for _, m := range fe.Fields {
				msgs = append(msgs, sanitize(m))
			}
		}
		io.WriteString(a.out, "  Please fix: "+strings.Join(msgs, "; ")+"\n")
		a.forms[user] = retry
		a.askNext(retry)
	}
}

func (a *Adapter) printf(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fmt.Fprintf(a.out, format, args...)
}

// sanitize removes control characters other than tab, so text typed by a
// user cannot move the cursor or clear another person's screen.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
