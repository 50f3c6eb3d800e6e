package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// KnowledgeBase is what the ask handler needs of a knowledge.Index.
type KnowledgeBase interface {
	Ask(ctx context.Context, question string) (*knowledge.Answer, error)
	// AskAfter answers a question asked after another, read as its
	// follow-up when it is one.
	AskAfter(ctx context.Context, question, previous string) (*knowledge.Answer, error)
	Article(id, lang string) (*knowledge.Article, bool)
	Articles() []*knowledge.Article
}

var _ KnowledgeBase = (*knowledge.Index)(nil)

// AskConfig is what the ask handler needs; every field but Logger is
// required.
type AskConfig struct {
	Index KnowledgeBase
	Store QuestionStore
	// Sender posts a question a user wants staff to see into Review.
	Sender bot.Sender
	Review bot.Address
	// Logger receives problems that do not stop an answer (a question that
	// could not be logged); nil discards them.
	Logger *slog.Logger
	// KBDir is the operator's article folder, whose drafts/ kb drafts
	// lists and kb gaps matches against the gaps; empty for none.
	KBDir string
	// Catalog holds the texts (nil: the bundled one); ReviewLang is the
	// language of what goes to the review channel (default English).
	Catalog    *i18n.Catalog
	ReviewLang i18n.Lang
}

// Ask answers questions from the knowledge base: the ask command and any
// message that is not a command, the feedback and "talk to staff" buttons
// under each answer, related topics, and the staff report of what the base
// lacks (kb gaps).
type Ask struct {
	index  KnowledgeBase
	store  QuestionStore
	send   bot.Sender
	review bot.Address
	log    *slog.Logger
	kbDir  string
	cat    *i18n.Catalog
	// reviewTr prints what goes to the review channel.
	reviewTr i18n.Printer
	// followups plans a "did this answer help?" under each answer; set
	// by NewFollowups, nil without them.
	followups *Followups
	// recent holds, for each conversation (see conversation), the
	// question a follow-up there is read with, for followUpWindow.
	recent *expirable.LRU[string, string]
}

// followUpWindow is how long after a question a short one in the same
// conversation may be read as its follow-up ("and in China?"), and
// maxConversations how many conversations are remembered so: the
// oldest is forgotten first. They are kept in memory; a follow-up this
// process has no conversation for (after a restart, or on another
// replica) is read with the asker's latest question in the same
// conversation in the question log (see lastQuestion).
const (
	followUpWindow   = 10 * time.Minute
	maxConversations = 10000
)

// conversation names where a user asks: the same user in the same
// channel and thread.
func conversation(e *bot.Event) string {
	return strings.Join([]string{e.User.Platform, e.User.ID, e.Where.Channel, e.Where.Thread}, "\x00")
}

// loggedConversation is the key the question log keeps e's conversation
// under (see conversation): the store's pseudonym of the same user,
// channel and thread, so that the log holds no channel or thread id.
func (a *Ask) loggedConversation(e *bot.Event) string {
	return a.store.ConversationPseudonym(e.User.Platform, e.User.ID, e.Where.Channel, e.Where.Thread)
}

// NewAsk returns the ask handler.
func NewAsk(cfg AskConfig) (*Ask, error) {
	if cfg.Index == nil || cfg.Store == nil || cfg.Sender == nil {
		return nil, errors.New("ask: an index, a store and a sender are required")
	}
	if cfg.Review.Zero() {
		return nil, errors.New("ask: a review channel is required")
	}
	a := &Ask{index: cfg.Index, store: cfg.Store, send: cfg.Sender, review: cfg.Review, log: cfg.Logger, kbDir: cfg.KBDir, cat: cfg.Catalog,
		recent: expirable.NewLRU[string, string](maxConversations, nil, followUpWindow)}
	if a.cat == nil {
		a.cat = i18n.Default()
	}
	a.reviewTr = a.cat.Printer(cfg.ReviewLang)
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a, nil
}

// Action ids of the buttons under an answer.
const (
	actionHelpful   = "kb.helpful"   // value: question id
	actionUnhelpful = "kb.unhelpful" // value: question id
	actionStaff     = "kb.staff"     // value: question id
	actionTopic     = "kb.topic"     // value: lang/article id
	actionSection   = "kb.section"   // value: lang/article id/section index
	// actionReport starts the complaint wizard (see Complaints.Register).
	actionReport = "complain.start"
)

// maxRelated is how many related topics an answer offers as buttons.
const maxRelated = 3

// maxOthers is how many of the answer article's other sections an answer
// offers as buttons, so that a near miss is one press from the section
// that answers.
const maxOthers = 4

// Register adds the ask and kb commands, the message handler and the kb.
// buttons to mux.
func (a *Ask) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "ask"},
		bot.HandlerFunc(a.serveAsk))
	mux.HandleCommand(bot.Command{Name: "kb", Staff: true},
		bot.HandlerFunc(a.serveKB))
	mux.HandleMessage(bot.HandlerFunc(a.serveAsk))
	mux.HandleAction("kb.", bot.HandlerFunc(a.serveAction))
	mux.HandleAction(actionWhy, bot.HandlerFunc(a.serveWhy))
	mux.HandleForm(actionWhy, bot.HandlerFunc(a.serveWhy))
}

// serveAsk answers the ask command and plain messages.
func (a *Ask) serveAsk(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	text := e.Text
	if e.Kind == bot.KindCommand {
		text = e.Args
	}
	text = strings.TrimSpace(text)
	if text == "" {
		_, err := w.Reply(ctx, bot.Reply{Text: askUsage(e.Printer(), e.Platform()), Ephemeral: true})
		return err
	}
	if !hasLetter(text) {
		// A bare number (a button pressed by typing, with no buttons
		// shown) is no question: answering it would log noise as a gap.
		// Nor is an emoji or punctuation alone: a thumbs-up after an
		// answer thanks, anything else asks for words.
		key := "ask.no_words"
		switch {
		case strings.ContainsAny(text, "0123456789"):
			key = "ask.number"
		case thanksEmoji(text):
			key = "ask.welcome"
		}
		_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().T(key), Ephemeral: key != "ask.welcome"})
		return err
	}
	if kind := knowledge.Smalltalk(text); kind != "" {
		// A greeting, or thanks, is answered in kind, in the language
		// it is written in: no question for the knowledge base, and no
		// gap in its log.
		tr := e.Printer()
		if hasHan(text) {
			tr = a.cat.Printer(i18n.ZH)
		}
		msg := tr.T("ask.hello")
		if kind == "thanks" {
			msg = tr.T("ask.welcome")
		}
		_, err := w.Reply(ctx, bot.Reply{Text: msg})
		return err
	}
	text, shortened := ipdesk.ClipQuestion(text)
	// The question before this one is looked up before this one is
	// logged, so that a question is never read as its own follow-up.
	ans, err := a.askIn(ctx, e, text)
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	q := &ipdesk.Question{Platform: e.User.Platform, UserID: e.User.ID, Conversation: a.loggedConversation(e),
		Text: text, Lang: ans.Lang, Answered: ans.Answered, Score: ans.Score}
	if art := ans.Article(); art != nil {
		q.Article, q.Section = art.Lang+"/"+art.ID, ans.Sections[0].Citation()
	}
	id := a.record(ctx, q)
	a.followups.schedule(ctx, q, id)
	ui := a.uiFor(ans.Lang)
	var r bot.Reply
	if ans.Answered {
		note := ans.Note
		if ans.After != "" {
			// Say which earlier question this one was read with, so
			// that an answer to a question meant on its own is seen
			// for what it is.
			after := fmt.Sprintf(ui.after, clipRunes(strings.Join(strings.Fields(ans.After), " "), 100))
			note = strings.Trim(after+" · "+note, " ·")
		}
		r = a.answerReply(ui, answerShape{secs: ans.Sections, lead: ans.Lead, note: note}, ans.Related, id)
		r.Buttons = append(r.Buttons, sectionButtons(ans.Others)...)
	} else {
		r = noAnswerReply(ui, text, ans.Hint, id, ans.Near)
	}
	if shortened {
		r.Text = "_" + ui.shortened + "_\n\n" + r.Text
	}
	if ans.Traditional {
		inTraditional(&r)
	}
	_, err = w.Reply(ctx, r)
	return err
}

// hant marks, in the language of a topic or section button's value, a
// Chinese reader of traditional characters ("zh-Hant/tm-china/3").
const hant = "zh-Hant"

// inTraditional shows r in traditional Chinese characters, for a reader
// who writes them: its text and button labels, and the topics and
// sections its buttons open, which keep showing so.
func inTraditional(r *bot.Reply) {
	r.Text = knowledge.ToTraditional(r.Text)
	for i := range r.Buttons {
		b := &r.Buttons[i]
		b.Label = knowledge.ToTraditional(b.Label)
		if (b.ID == actionTopic || b.ID == actionSection) && strings.HasPrefix(b.Value, "zh/") {
			b.Value = hant + strings.TrimPrefix(b.Value, "zh")
		}
	}
	if f := r.Form; f != nil {
		f.Title, f.Submit = knowledge.ToTraditional(f.Title), knowledge.ToTraditional(f.Submit)
		for i := range f.Inputs {
			in := &f.Inputs[i]
			in.Label, in.Placeholder = knowledge.ToTraditional(in.Label), knowledge.ToTraditional(in.Placeholder)
		}
	}
}

// readsTraditional reports whether the asker of q wrote in traditional
// Chinese characters, so that every later reply about q (feedback,
// the reason form, staff, the follow-up) is shown in them as its answer
// was.
func readsTraditional(q *ipdesk.Question) bool {
	return q.Lang == "zh" && knowledge.IsTraditional(q.Text)
}

// replyFor is r in the script q's asker reads.
func replyFor(q *ipdesk.Question, r bot.Reply) bot.Reply {
	if readsTraditional(q) {
		inTraditional(&r)
	}
	return r
}

// errorFor is err in the script q's asker reads, for the errors whose
// message a user sees.
func errorFor(q *ipdesk.Question, err error) error {
	if !readsTraditional(q) {
		return err
	}
	var ie *ipdesk.Error
	if errors.As(err, &ie) {
		c := *ie
		c.Message = knowledge.ToTraditional(c.Message)
		return &c
	}
	var fe *bot.FormError
	if errors.As(err, &fe) {
		c := &bot.FormError{Fields: map[string]string{}}
		for k, v := range fe.Fields {
			c.Fields[k] = knowledge.ToTraditional(v)
		}
		return c
	}
	return err
}

// buttonLang returns the language of a topic or section button's value,
// and whether its reader writes traditional characters.
func buttonLang(lang string) (string, bool) {
	if lang == hant {
		return "zh", true
	}
	return lang, false
}

// askIn answers text asked by e's user in e's conversation (see
// conversation): as a follow-up to the question asked there last when it
// reads as one (see knowledge.Index.AskAfter), and on its own otherwise.
// A follow-up is then remembered with the question it followed, so that
// the next one ("and how much?") carries on from both.
func (a *Ask) askIn(ctx context.Context, e *bot.Event, text string) (*knowledge.Answer, error) {
	conv := conversation(e)
	prev, ok := a.recent.Get(conv)
	if !ok {
		prev = a.lastQuestion(ctx, e)
	}
	ans, err := a.index.AskAfter(ctx, text, prev)
	if err != nil {
		return nil, err
	}
	a.recent.Add(conv, carriedOn(ans, text))
	return ans, nil
}

// carriedOn is what the question after text is read with, given text's
// answer: text, or, when text was read as a follow-up, the chain of
// questions it carried on from and text. A chain is remembered whole, up
// to the length of a question; past it, from its latest words.
func carriedOn(ans *knowledge.Answer, text string) string {
	if ans.After == "" {
		return text
	}
	next := ans.After + "\n" + text
	if r := []rune(next); len(r) > knowledge.MaxQuestion {
		next = string(r[len(r)-knowledge.MaxQuestion:])
	}
	return next
}

// maxReplayed is how many of a conversation's latest questions are read
// again to find what a follow-up is read with after a restart.
const maxReplayed = 5

// lastQuestion is what a follow-up is read with when this process
// remembers no conversation, because it restarted or another replica
// answered the questions before: the asker's latest questions in the log
// asked in the same conversation (the same channel and thread, see
// loggedConversation) within followUpWindow, read again in order as
// askIn read them, so that a chain of follow-ups ("how long does a US
// trademark last", "and in China?", then "and the EU?") carries on as it
// would have; "" for none. Only the same conversation's: the answer's
// note quotes the question it was read with, and in a channel others
// would read a question asked in private, or in another channel.
// Questions logged before the log kept where they were asked are never
// read with. A failed lookup costs only the follow-up, so the question
// is then answered on its own.
func (a *Ask) lastQuestion(ctx context.Context, e *bot.Event) string {
	qs, err := a.store.LastQuestions(ctx, e.User.Platform, e.User.ID, a.loggedConversation(e), time.Now().Add(-followUpWindow), maxReplayed)
	if err != nil {
		a.log.Warn("last questions", "err", err, "platform", e.User.Platform)
		return ""
	}
	prev := ""
	for i := len(qs) - 1; i >= 0; i-- {
		ans, err := a.index.AskAfter(ctx, qs[i].Text, prev)
		if err != nil {
			return qs[0].Text
		}
		prev = carriedOn(ans, qs[i].Text)
	}
	return prev
}

// record logs a question and returns its id, or 0 when it could not be
// logged: the asker still gets the answer, only without the buttons that
// need the id.
func (a *Ask) record(ctx context.Context, q *ipdesk.Question) int64 {
	id, err := a.store.RecordQuestion(ctx, q)
	if err != nil {
		a.log.Error("record question", "err", err, "platform", q.Platform)
		return 0
	}
	return id
}

// answerShape is what an answer shows: its sections, the article's
// opening summary when it holds the asked-for fact, and a note when the
// answer is in another language than the question.
type answerShape struct {
	secs []*knowledge.Section
	lead *knowledge.Section
	note string
}

// answerReply shows the sections of an answer (see answerText) with the
// feedback, staff and related-topic buttons.
func (a *Ask) answerReply(ui *askUI, shape answerShape, related []*knowledge.Article, id int64) bot.Reply {
	r := bot.Reply{Text: answerText(ui, shape)}
	if id != 0 {
		v := strconv.FormatInt(id, 10)
		r.Buttons = append(r.Buttons,
			bot.Button{ID: actionHelpful, Label: ui.helpful, Value: v},
			bot.Button{ID: actionUnhelpful, Label: ui.unhelpful, Value: v},
			bot.Button{ID: actionStaff, Label: ui.staff, Value: v})
	}
	for i, rel := range related {
		if i == maxRelated {
			break
		}
		r.Buttons = append(r.Buttons, bot.Button{ID: actionTopic, Label: clipRunes(rel.Title, 60), Value: rel.Lang + "/" + rel.ID})
	}
	return r
}

// AnswerText is the CommonMark shown for an answer, without buttons: for
// an answered question the article's bold title, the section text, the
// citation, the article's sources and the "not legal advice" footer; for
// an unanswered one, a plain statement that the base has no good answer.
// The command line prints the same text the chat shows.
func AnswerText(ans *knowledge.Answer) string {
	ui := newAskUI(i18n.Default().Printer(i18n.Lang(ans.Lang)))
	if !ans.Answered || len(ans.Sections) == 0 {
		text := noAnswerText(ui, ans.Question)
		if ans.Hint != "" {
			text += "\n\n" + ans.Hint
		}
		if len(ans.Near) > 0 {
			text += "\n\n" + ui.near
			for _, a := range ans.Near {
				text += "\n- " + markup.Escape(a.Title)
			}
		}
		return text
	}
	return answerText(ui, answerShape{secs: ans.Sections, lead: ans.Lead, note: ans.Note})
}

// answerText writes each article of an answer in turn (a question asking
// two things may be answered from two articles): its bold title, the
// opening summary when the answer carries it, the sections, the citation
// and the article's sources; then the footer.
func answerText(ui *askUI, shape answerShape) string {
	var b strings.Builder
	if shape.note != "" {
		b.WriteString("_" + markup.Escape(shape.note) + "_\n\n")
	}
	var arts []*knowledge.Article
	for _, s := range shape.secs {
		if !slices.Contains(arts, s.Article()) {
			arts = append(arts, s.Article())
		}
	}
	for _, art := range arts {
		var secs []*knowledge.Section
		if shape.lead != nil && shape.lead.Article() == art {
			secs = append(secs, shape.lead)
		}
		for _, s := range shape.secs {
			if s.Article() == art {
				secs = append(secs, s)
			}
		}
		b.WriteString("**" + markup.Escape(art.Title) + "**\n\n")
		cites := make([]string, len(secs))
		for i, s := range secs {
			if len(secs) > 1 && s.Name() != "" {
				b.WriteString("**" + markup.Escape(s.Name()) + "**\n\n")
			}
			b.WriteString(strings.TrimSpace(s.Markdown) + "\n\n")
			cites[i] = markup.Escape(s.Citation())
		}
		b.WriteString("_" + ui.source + strings.Join(cites, "; ") + "_\n\n")
		if src := strings.TrimSpace(art.Sources); src != "" {
			b.WriteString("**" + ui.sources + "**\n\n" + src + "\n\n")
		}
	}
	b.WriteString("_" + ui.footer + "_")
	return b.String()
}

// sectionButtons offers up to maxOthers sections of the answer's article.
func sectionButtons(others []*knowledge.Section) []bot.Button {
	var out []bot.Button
	for _, s := range others {
		if len(out) == maxOthers {
			break
		}
		art := s.Article()
		k := slices.Index(art.Sections, s)
		if k < 0 || s.Name() == "" {
			continue
		}
		out = append(out, bot.Button{ID: actionSection, Label: clipRunes(s.Name(), 60), Value: art.Lang + "/" + art.ID + "/" + strconv.Itoa(k)})
	}
	return out
}

func noAnswerText(ui *askUI, question string) string {
	quoted := markup.Escape(clipRunes(strings.Join(strings.Fields(question), " "), 120))
	return fmt.Sprintf(ui.noAnswer, quoted)
}

// noAnswerReply says plainly that the base has no good answer and what
// would help, and offers staff and the complaint flow instead of a guess,
// and, when the question came close (knowledge.Answer.Near), the articles
// near it as topic buttons.
func noAnswerReply(ui *askUI, question, hint string, id int64, near []*knowledge.Article) bot.Reply {
	text := noAnswerText(ui, question)
	if hint != "" {
		text += "\n\n" + hint
	}
	text += "\n\n" + ui.noAnswerHint
	if len(near) > 0 {
		text += "\n\n" + ui.near
	}
	r := bot.Reply{Text: text}
	if id != 0 {
		r.Buttons = append(r.Buttons, bot.Button{ID: actionStaff, Label: ui.staff, Value: strconv.FormatInt(id, 10), Style: bot.StylePrimary})
	}
	r.Buttons = append(r.Buttons, bot.Button{ID: actionReport, Label: ui.report})
	for _, a := range near {
		r.Buttons = append(r.Buttons, bot.Button{ID: actionTopic, Label: clipRunes(a.Title, 60), Value: a.Lang + "/" + a.ID})
	}
	return r
}

// askUsage says how to ask, with the ask command as the user's platform p
// takes it.
func askUsage(tr i18n.Printer, p bot.Platform) string {
	return tr.T("ask.usage", "Cmd", p.Command("ask"))
}

// serveAction handles the buttons under an answer.
func (a *Ask) serveAction(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	switch e.Action.ID {
	case actionHelpful, actionUnhelpful:
		return a.serveFeedback(ctx, w, e, e.Action.ID == actionHelpful)
	case actionStaff:
		return a.serveStaff(ctx, w, e)
	case actionTopic:
		return a.serveTopic(ctx, w, e)
	case actionSection:
		return a.serveSection(ctx, w, e)
	}
	return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("ask.button_gone")}
}

// questionFor loads the question a button refers to.
func (a *Ask) questionFor(ctx context.Context, e *bot.Event) (*ipdesk.Question, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(e.Action.Value), 10, 64)
	if err != nil || id <= 0 {
		return nil, &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("ask.button_broken")}
	}
	q, err := a.store.Question(ctx, id)
	if err != nil {
		return nil, err
	}
	if q.UserHash != a.store.Pseudonym(e.User.Platform, e.User.ID) {
		// Feedback and escalation speak for the asker; a button under
		// someone else's answer (or a forged id) may not.
		return nil, errorFor(q, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: a.uiFor(q.Lang).notYours})
	}
	return q, nil
}

// thanksEmoji reports whether s, which has no letter, is made of emoji
// that thank or approve (👍, 🙏, ❤️, 👌, 👏, ✅, 🙂, 😊) and spaces.
func thanksEmoji(s string) bool {
	found := false
	for _, r := range s {
		switch r {
		case '👍', '🙏', '❤', '👌', '👏', '✅', '🙂', '😊', '💯':
			found = true
		case '\uFE0F', '\u200D', ' ', '!', '！':
			// Variation selectors and joiners are part of an emoji.
		default:
			if r >= 0x1F3FB && r <= 0x1F3FF { // skin tones
				continue
			}
			return false
		}
	}
	return found
}

// hasLetter reports whether s has a letter in any script, as a question
// does and a bare number or punctuation does not.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func (a *Ask) serveFeedback(ctx context.Context, w bot.ResponseWriter, e *bot.Event, helpful bool) error {
	q, err := a.questionFor(ctx, e)
	if err != nil {
		return err
	}
	changed, err := a.store.RecordFeedback(ctx, q.ID, e.User.Platform, e.User.ID, helpful)
	if err != nil {
		return err
	}
	ui := a.uiFor(q.Lang)
	r := bot.Reply{Ephemeral: true}
	switch {
	case changed && helpful:
		r.Text = ui.changedHelpful
	case changed:
		r.Text = ui.changedUnhelpful
	case helpful:
		r.Text = ui.thanksHelpful
	default:
		r.Text = ui.thanksUnhelpful
	}
	if !helpful {
		r.Buttons = []bot.Button{whyButton(a.cat.Printer(i18n.Lang(q.Lang)), q), {ID: actionStaff, Label: ui.staff, Value: strconv.FormatInt(q.ID, 10)}}
	}
	_, err = w.Reply(ctx, replyFor(q, r))
	return err
}

// serveStaff posts the question to the review channel, once, with who
// asked and how to reach them, and tells the user staff will reply in
// their direct messages.
func (a *Ask) serveStaff(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	q, err := a.questionFor(ctx, e)
	if err != nil {
		return err
	}
	ui := a.uiFor(q.Lang)
	first, err := a.store.EscalateQuestion(ctx, q.ID)
	if err != nil {
		return err
	}
	if !first {
		_, err := w.Reply(ctx, replyFor(q, bot.Reply{Text: ui.staffAlready, Ephemeral: true}))
		return err
	}
	if _, err := a.send.Send(ctx, a.review, bot.Reply{Text: staffCard(a.reviewTr, e, q), Buttons: []bot.Button{replyButton(a.reviewTr, e.User)}}); err != nil {
		// Let the user try again rather than believe staff have it.
		if uerr := a.store.UnescalateQuestion(context.WithoutCancel(ctx), q.ID); uerr != nil {
			a.log.Error("unescalate question", "err", uerr, "question", q.ID)
		}
		return fmt.Errorf("post question to review channel: %w", err)
	}
	_, err = w.Reply(ctx, replyFor(q, bot.Reply{Text: ui.staffSent, Ephemeral: true}))
	return err
}

// staffCard is the message staff see for a question forwarded to them, in
// tr's language. Everything the user typed or chose as a name is escaped.
func staffCard(tr i18n.Printer, e *bot.Event, q *ipdesk.Question) string {
	var b strings.Builder
	who := markup.Escape(e.User.Key())
	if name := strings.TrimSpace(e.User.Name); name != "" && name != e.User.ID {
		who = markup.Escape(clipRunes(name, 60)) + " (" + who + ")"
	}
	b.WriteString(tr.T("ask.staff_card", "Who", who, "Platform", platformName(tr, e.Platform())))
	for _, line := range strings.Split(markup.Escape(q.Text), "\n") {
		b.WriteString("> " + line + "\n")
	}
	b.WriteString("\n")
	if q.Answered {
		b.WriteString(tr.T("ask.staff_card_answered", "Section", markup.Escape(q.Section), "Article", markup.Escape(q.Article)))
	} else {
		b.WriteString(tr.T("ask.staff_card_unanswered"))
	}
	b.WriteString(tr.T("ask.staff_card_reply", "Platform", platformName(tr, e.Platform()), "Hint", replyHint(tr, e.User.Platform, e.User.ID), "When", tr.DateTime(q.AskedAt)))
	return b.String()
}

// serveTopic shows the lead section of a related article, logged as a
// question of its own so that its feedback buttons rate what was shown.
// It is logged without a conversation, as a section opened from a button
// is (see serveSection): a follow-up is read with the question typed
// before it, which a topic opened in between does not change in memory
// (see askIn), and so it must not in the log either, or a follow-up
// after a restart would be read with an article's title.
func (a *Ask) serveTopic(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	lang, id, _ := strings.Cut(strings.TrimSpace(e.Action.Value), "/")
	lang, trad := buttonLang(lang)
	art, ok := a.index.Article(id, lang)
	if !ok {
		if lang != "zh" {
			lang = "en"
		}
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: a.uiFor(lang).topicGone}
	}
	lead := art.Lead()
	if lead == nil {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: a.uiFor(lang).topicGone}
	}
	q := &ipdesk.Question{Platform: e.User.Platform, UserID: e.User.ID, Text: shownTitle(art.Title, trad), Lang: art.Lang, Answered: true,
		Article: art.Lang + "/" + art.ID, Section: lead.Citation()}
	qid := a.record(ctx, q)
	r := a.answerReply(a.uiFor(art.Lang), answerShape{secs: []*knowledge.Section{lead}}, a.relatedTo(art), qid)
	if trad {
		inTraditional(&r)
	}
	_, err := w.Reply(ctx, r)
	return err
}

// serveSection shows one section of an article, offered under an answer
// from the same article, logged as a question of its own without a
// conversation, as a topic is (see serveTopic).
func (a *Ask) serveSection(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	v := strings.TrimSpace(e.Action.Value)
	lang, rest, _ := strings.Cut(v, "/")
	id, idx, _ := strings.Cut(rest, "/")
	lang, trad := buttonLang(lang)
	if lang != "zh" {
		lang = "en"
	}
	art, ok := a.index.Article(id, lang)
	k, err := strconv.Atoi(idx)
	if !ok || err != nil || k < 0 || k >= len(art.Sections) || art.Sections[k].Empty() {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: a.uiFor(lang).topicGone}
	}
	sec := art.Sections[k]
	q := &ipdesk.Question{Platform: e.User.Platform, UserID: e.User.ID, Text: shownTitle(art.Title+" › "+sec.Name(), trad), Lang: art.Lang, Answered: true,
		Article: art.Lang + "/" + art.ID, Section: sec.Citation()}
	qid := a.record(ctx, q)
	r := a.answerReply(a.uiFor(art.Lang), answerShape{secs: []*knowledge.Section{sec}}, a.relatedTo(art), qid)
	if trad {
		inTraditional(&r)
	}
	_, err = w.Reply(ctx, r)
	return err
}

// shownTitle is the title logged for a topic or section opened from a
// button, as its reader saw it: in traditional characters for a reader
// of them, so that the feedback on it is shown in them too.
func shownTitle(title string, trad bool) string {
	if trad {
		return knowledge.ToTraditional(title)
	}
	return title
}

// relatedTo offers the articles sharing the most tags with art, in its
// language, so that a topic view leads on the way an answer does.
func (a *Ask) relatedTo(art *knowledge.Article) []*knowledge.Article {
	type cand struct {
		a      *knowledge.Article
		shared int
	}
	var cs []cand
	for _, o := range a.index.Articles() {
		if o.Lang != art.Lang || o.ID == art.ID {
			continue
		}
		if n := sharedTags(art, o); n > 0 {
			cs = append(cs, cand{o, n})
		}
	}
	slices.SortStableFunc(cs, func(x, y cand) int { return y.shared - x.shared })
	var out []*knowledge.Article
	for _, c := range cs[:min(len(cs), maxRelated)] {
		out = append(out, c.a)
	}
	return out
}

func sharedTags(a, b *knowledge.Article) int {
	n := 0
	for _, t := range a.Tags {
		for _, u := range b.Tags {
			if strings.EqualFold(t, u) {
				n++
			}
		}
	}
	return n
}
