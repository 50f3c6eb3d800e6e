package slack

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit).
const (
	maxBlocks        = 50
	maxSectionText   = 3000
	maxFieldText     = 2000
	maxFieldsPerSect = 10
	maxButtonsPerRow = 25
	maxButtonLabel   = 75
	maxButtonValue   = 2000
	maxActionID      = 255
	maxFallbackText  = 3000
	maxModalTitle    = 24
	maxOptions       = 100
	maxOptionText    = 75
	maxPlaceholder   = 150
	maxInputLabel    = 2000
	maxInputLength   = 3000
)

// messageOptions renders r as Block Kit with fallback text, in thread when
// thread is set.
func (a *Adapter) messageOptions(r bot.Reply, thread string) []slack.MsgOption {
	blocks, fallback := renderBlocks(r)
	opts := []slack.MsgOption{slack.MsgOptionText(fallback, false), slack.MsgOptionBlocks(blocks...)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return opts
}

// renderBlocks turns a reply into blocks: the text as mrkdwn sections (split
// within 3,000 characters), fields in sections of ten, and buttons in
// actions blocks. Past 50 blocks the text is cut and a context block says
// so. fallback is the plain notification text Slack shows where blocks
// cannot be (notifications, screen readers); it is escaped like the blocks.
func renderBlocks(r bot.Reply) (blocks []slack.Block, fallback string) {
	var text []string
	if strings.TrimSpace(r.Text) != "" {
		text = markup.Split(markup.Slack, r.Text, maxSectionText)
	}
	fieldBlocks := renderFields(r.Fields)
	buttonBlocks := renderButtons(r.Buttons)

	room := maxBlocks - len(fieldBlocks) - len(buttonBlocks)
	cut := false
	if len(text) > room {
		cut = true
		text = text[:max(room-1, 0)]
	}
	for _, t := range text {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, false), nil, nil))
	}
	if cut {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, "_The rest of this message was too long for Slack._", false, false)))
	}
	blocks = append(blocks, fieldBlocks...)
	blocks = append(blocks, buttonBlocks...)
	if len(blocks) > maxBlocks {
		blocks = blocks[:maxBlocks]
	}

	switch {
	case len(text) > 0:
		fallback = text[0]
	case len(r.Fields) > 0:
		fallback = markup.EscapeText(markup.Slack, r.Fields[0].Label) + ": " + markup.Render(markup.Slack, r.Fields[0].Value)
	case len(r.Buttons) > 0:
		fallback = markup.EscapeText(markup.Slack, r.Buttons[0].Label)
	}
	if strings.TrimSpace(fallback) == "" {
		fallback = "…"
	}
	return blocks, truncate(fallback, maxFallbackText)
}

// renderFields lays fields out in sections of up to ten. A field too long
// for Slack's 2,000 characters a field (a complainant's full description)
// gets sections of its own instead, so that nothing is cut.
func renderFields(fields []bot.Field) []slack.Block {
	var out []slack.Block
	var objs []*slack.TextBlockObject
	flush := func() {
		if len(objs) > 0 {
			out = append(out, slack.NewSectionBlock(nil, objs, nil))
		}
		objs = nil
	}
	for _, f := range fields {
		label := markup.EscapeText(markup.Slack, f.Label)
		head := ""
		if strings.TrimSpace(label) != "" {
			head = "*" + label + "*\n"
		}
		value := markup.Render(markup.Slack, f.Value)
		s := head + value
		if strings.TrimSpace(s) == "" {
			s = "—"
		}
		if utf8.RuneCountInString(s) <= maxFieldText {
			objs = append(objs, slack.NewTextBlockObject(slack.MarkdownType, s, false, false))
			if len(objs) == maxFieldsPerSect {
				flush()
			}
			continue
		}
		flush()
		head = truncate(head, maxSectionText/2)
		for i, part := range markup.Split(markup.Slack, f.Value, maxSectionText-utf8.RuneCountInString(head)) {
			if i == 0 {
				part = head + part
			}
			out = append(out, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, false), nil, nil))
		}
	}
	flush()
	return out
}

// renderButtons lays buttons out in actions blocks. Slack wants action ids
// unique within a block, and handlers give buttons that differ only in their
// value one id (the summary's "Edit an answer" and "Cancel"); so every
// button's action id goes out with its position appended (see actionID) and
// comes back without it (see handlerActionID).
func renderButtons(buttons []bot.Button) []slack.Block {
	var out []slack.Block
	var row []slack.BlockElement
	flush := func() {
		if len(row) > 0 {
			out = append(out, slack.NewActionBlock("", row...))
		}
		row = nil
	}
	for i, b := range buttons {
		if len(row) == maxButtonsPerRow {
			flush()
		}
		label := truncate(b.Label, maxButtonLabel)
		if strings.TrimSpace(label) == "" {
			label = "…"
		}
		btn := slack.NewButtonBlockElement(actionID(b.ID, i), truncateBytes(b.Value, maxButtonValue), slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
		switch b.Style {
		case bot.StylePrimary:
			btn.Style = slack.StylePrimary
		case bot.StyleDanger:
			btn.Style = slack.StyleDanger
		}
		row = append(row, btn)
	}
	flush()
	return out
}

// actionIDSep separates a handler's action id from the button's position in
// the message.
const actionIDSep = "#"

// actionID makes a button's action id unique within its message: the
// handler's id, cut to fit Slack's limit, then "#" and the button's index.
func actionID(id string, i int) string {
	suffix := actionIDSep + strconv.Itoa(i)
	return truncateBytes(id, maxActionID-len(suffix)) + suffix
}

// handlerActionID undoes actionID. An id without the suffix (a button
// posted before the suffix was added) is returned as it is.
func handlerActionID(id string) string {
	i := strings.LastIndex(id, actionIDSep)
	if i < 0 || i == len(id)-1 {
		return id
	}
	for _, r := range id[i+1:] {
		if r < '0' || r > '9' {
			return id
		}
	}
	return id[:i]
}

// byteIndexOfRune returns the byte offset of the n-th rune of s.
func byteIndexOfRune(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}

// truncate shortens s to n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return s[:byteIndexOfRune(s, n-1)] + "…"
}

// truncateBytes shortens s to at most n bytes without splitting a rune.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// formMeta travels in a modal's private_metadata: the form's own value,
// where the form was opened, so replies to the submission go there, and the
// user it was meant for, so a submission by anyone else is not answered in
// that user's DM.
type formMeta struct {
	Value   string `json:"v,omitempty"`
	Channel string `json:"c,omitempty"`
	Thread  string `json:"t,omitempty"`
	DM      bool   `json:"d,omitempty"`
	User    string `json:"u,omitempty"`
}

// maxMetadata is Slack's limit on private_metadata.
const maxMetadata = 3000

// renderModal turns a form (and the reply's text, shown above the inputs)
// into a modal view opened from where for user (empty when anyone there may
// open it).
func renderModal(f *bot.Form, intro string, where bot.Address, user string) (slack.ModalViewRequest, error) {
	meta, _ := json.Marshal(formMeta{Value: f.Value, Channel: where.Channel, Thread: where.Thread, DM: where.DM, User: user})
	if len(meta) > maxMetadata {
		return slack.ModalViewRequest{}, fmt.Errorf("slack modal %q: form value too long (%d bytes of private metadata, at most %d)", f.ID, len(meta), maxMetadata)
	}
	title := f.Title
	if strings.TrimSpace(title) == "" {
		title = "ipdesk"
	}
	submit := f.Submit
	if strings.TrimSpace(submit) == "" {
		submit = "Submit"
	}
	v := slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, truncate(title, maxModalTitle), false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, truncate(submit, maxModalTitle), false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, "Cancel", false, false),
		CallbackID:      truncateBytes(f.ID, maxActionID),
		PrivateMetadata: string(meta),
	}
	var blocks []slack.Block
	if strings.TrimSpace(intro) != "" {
		for _, t := range markup.Split(markup.Slack, intro, maxSectionText) {
			blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, false), nil, nil))
		}
	}
	for _, in := range f.Inputs {
		var placeholder *slack.TextBlockObject
		if in.Placeholder != "" {
			placeholder = slack.NewTextBlockObject(slack.PlainTextType, truncate(in.Placeholder, maxPlaceholder), false, false)
		}
		var el slack.BlockElement
		switch in.Kind {
		case bot.InputSelect:
			var opts []*slack.OptionBlockObject
			var initial *slack.OptionBlockObject
			for _, o := range in.Options[:min(len(in.Options), maxOptions)] {
				ob := slack.NewOptionBlockObject(truncateBytes(o.Value, 150), slack.NewTextBlockObject(slack.PlainTextType, truncate(o.Label, maxOptionText), false, false), nil)
				opts = append(opts, ob)
				if in.Initial != "" && o.Value == in.Initial {
					initial = ob
				}
			}
			sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, placeholder, in.ID, opts...)
			sel.InitialOption = initial
			el = sel
		default:
			ti := slack.NewPlainTextInputBlockElement(placeholder, in.ID)
			ti.Multiline = in.Kind == bot.InputParagraph
			ti.InitialValue = truncate(in.Initial, maxInputLength)
			if in.MaxLen > 0 {
				ti.MaxLength = min(in.MaxLen, maxInputLength)
			}
			el = ti
		}
		label := in.Label
		if strings.TrimSpace(label) == "" {
			label = in.ID
		}
		ib := slack.NewInputBlock(in.ID, slack.NewTextBlockObject(slack.PlainTextType, truncate(label, maxInputLabel), false, false), nil, el)
		ib.Optional = !in.Required
		blocks = append(blocks, ib)
	}
	v.Blocks = slack.Blocks{BlockSet: blocks}
	return v, nil
}
