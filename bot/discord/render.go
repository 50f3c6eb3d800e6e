package discord

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Discord's limits on what one message, embed and modal may hold.
const (
	maxContent      = 2000
	maxDescription  = 4096
	maxEmbedTotal   = 6000
	maxFieldName    = 256
	maxFieldValue   = 1024
	maxFields       = 25
	maxRows         = 5
	maxPerRow       = 5
	maxButtonLabel  = 80
	maxModalTitle   = 45
	maxInputLabel   = 45
	maxPlaceholder  = 100
	maxInputValue   = 4000
	maxModalInputs  = 5
	emptyFieldValue = "—"
)

// message is one Discord message to post, in a shape every endpoint
// (channel message, interaction response, follow-up, edit) can take.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// noMentions lets a message ping nobody: not @everyone or @here, no role and
// no user, whatever its text says. The bot has no ping it means to make, so
// every message carries it.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// render turns a reply into the messages that show it: text cut at block
// boundaries to fit, fields in an embed, buttons as components on the last
// message. A form that cannot open as a modal here becomes a button that
// opens it. Nothing the reply holds is cut: what does not fit one message
// continues in the next.
func (a *Adapter) render(r bot.Reply) []message {
	var msgs []message
	if len(r.Fields) > 0 {
		msgs = renderEmbeds(r)
	} else {
		for _, chunk := range markup.Split(markup.Discord, r.Text, maxContent) {
			msgs = append(msgs, message{Content: chunk})
		}
	}
	if rows := a.replyComponents(r); len(rows) > 0 {
		if len(msgs) == 0 {
			msgs = append(msgs, message{})
		}
		msgs[len(msgs)-1].Components = rows
	}
	for i := range msgs {
		if msgs[i].Content == "" && len(msgs[i].Embeds) == 0 {
			// Discord refuses a message with nothing to read.
			msgs[i].Content = "\u200b"
		}
	}
	return msgs
}

// renderEmbeds renders a reply with fields as embeds. A reply with fields is
// an embed, whose description holds twice what message content does. The
// text is cut to descriptions of one embed each; the fields go with the
// last part when the embed's 6,000-character total allows, else in an embed
// of their own after it. Fields that no embed can hold (more than 25, a
// value longer than a field holds, or more than 6,000 characters together)
// are shown as text after the reply's text instead, in order, rather than
// cut: they may be what someone wrote, such as a complaint's description.
func renderEmbeds(r bot.Reply) []message {
	fields, size, ok := embedFields(r.Fields)
	text := r.Text
	if !ok {
		text, fields = fieldsAsText(r.Text, r.Fields), nil
	}
	var msgs []message
	for _, chunk := range markup.Split(markup.Discord, text, maxDescription) {
		msgs = append(msgs, message{Embeds: []*discordgo.MessageEmbed{{Description: chunk}}})
	}
	if len(fields) > 0 {
		if n := len(msgs); n > 0 && utf8.RuneCountInString(msgs[n-1].Embeds[0].Description)+size <= maxEmbedTotal {
			msgs[n-1].Embeds[0].Fields = fields
		} else {
			msgs = append(msgs, message{Embeds: []*discordgo.MessageEmbed{{Fields: fields}}})
		}
	}
	return msgs
}

// embedFields renders fields as embed fields and returns their size in
// characters, or reports false when one embed cannot hold them whole.
func embedFields(in []bot.Field) ([]*discordgo.MessageEmbedField, int, bool) {
	if len(in) > maxFields {
		return nil, 0, false
	}
	out := make([]*discordgo.MessageEmbedField, 0, len(in))
	size := 0
	for _, f := range in {
		value := emptyFieldValue
		switch chunks := markup.Split(markup.Discord, f.Value, maxFieldValue); len(chunks) {
		case 0:
		case 1:
			value = chunks[0]
		default:
			return nil, 0, false
		}
		name := fieldName(f.Label)
		size += utf8.RuneCountInString(name) + utf8.RuneCountInString(value)
		if size > maxEmbedTotal {
			return nil, 0, false
		}
		out = append(out, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: utf8.RuneCountInString(value) <= 40})
	}
	return out, size, true
}

// fieldName renders a field's label as an embed field name, which is plain
// text of at most 256 characters and never empty.
func fieldName(label string) string {
	name := truncate(markup.EscapeText(markup.Discord, label), maxFieldName)
	if name == "" {
		return emptyFieldValue
	}
	return name
}

// replyComponents lays out a reply's buttons, and the button that opens its
// form, as the action rows of one message.
func (a *Adapter) replyComponents(r bot.Reply) []discordgo.MessageComponent {
	buttons := r.Buttons
	if r.Form != nil {
		label := r.Form.Title
		if label == "" {
			label = "Open form"
		}
		buttons = append(append([]bot.Button(nil), buttons...), bot.Button{ID: prefixOpen, Label: label, Style: bot.StylePrimary})
	}
	if len(buttons) == 0 {
		return nil
	}
	return a.components(buttons, r.Form)
}

// fieldsAsText appends fields to CommonMark text: a one-line value after
// its bold label, a longer one as its own paragraphs under the label.
func fieldsAsText(text string, fields []bot.Field) string {
	var b strings.Builder
	b.WriteString(text)
	for _, f := range fields {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		label, value := markup.Escape(f.Label), strings.TrimSpace(f.Value)
		if value == "" {
			value = emptyFieldValue
		}
		if strings.Contains(value, "\n") {
			b.WriteString("**" + label + "**\n\n" + value)
		} else {
			b.WriteString("**" + label + ":** " + value)
		}
	}
	return b.String()
}

// components lays buttons out in rows of five, at most five rows.
func (a *Adapter) components(buttons []bot.Button, form *bot.Form) []discordgo.MessageComponent {
	if len(buttons) > maxRows*maxPerRow {
		a.log.Warn("reply has too many buttons; extra buttons dropped", "buttons", len(buttons))
		buttons = buttons[:maxRows*maxPerRow]
	}
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for i, b := range buttons {
		label := truncate(b.Label, maxButtonLabel)
		if label == "" {
			label = "…"
		}
		id := ""
		if b.ID == prefixOpen && form != nil {
			f := *form
			id = prefixOpen + a.stash.put(&f)
		} else {
			id = a.actionID(i, b)
		}
		row.Components = append(row.Components, discordgo.Button{Label: label, Style: buttonStyle(b.Style), CustomID: id})
		if len(row.Components) == maxPerRow {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func buttonStyle(s bot.Style) discordgo.ButtonStyle {
	switch s {
	case bot.StylePrimary:
		return discordgo.PrimaryButton
	case bot.StyleDanger:
		return discordgo.DangerButton
	}
	return discordgo.SecondaryButton
}

// modal renders a form as a Discord modal. Discord modals hold text inputs
// only, at most five: a select becomes a one-line input whose placeholder
// lists the choices (the answer is matched back to a choice on submit), so a
// form opens in one step, without a select message in front of it. A form
// with more than five inputs opens in parts (see pagedForm).
func (a *Adapter) modal(f *bot.Form) *discordgo.InteractionResponseData {
	a.rememberForm(f)
	if len(f.Inputs) > maxModalInputs {
		return a.pageModal(&pagedForm{form: f, answers: map[string]string{}})
	}
	return a.modalData(formTitle(f), a.formID(f), f.Inputs, nil)
}

func formTitle(f *bot.Form) string {
	if f.Title == "" {
		return "Form"
	}
	return f.Title
}

// pagedForm is a form too long for one modal, being filled in part by part.
// Each part's answers are kept here (in memory) until the last part is
// submitted; only then does the handler see the whole form.
type pagedForm struct {
	form    *bot.Form
	page    int
	answers map[string]string
}

func (p *pagedForm) pages() int { return (len(p.form.Inputs) + maxModalInputs - 1) / maxModalInputs }

// pageModal renders the current part of a paged form.
func (a *Adapter) pageModal(p *pagedForm) *discordgo.InteractionResponseData {
	from := p.page * maxModalInputs
	to := min(from+maxModalInputs, len(p.form.Inputs))
	suffix := fmt.Sprintf(" (%d/%d)", p.page+1, p.pages())
	title := truncate(formTitle(p.form), maxModalTitle-len(suffix)) + suffix
	return a.modalData(title, prefixPage+a.stash.put(p), p.form.Inputs[from:to], p.answers)
}

func (a *Adapter) modalData(title, customID string, inputs []bot.Input, answers map[string]string) *discordgo.InteractionResponseData {
	var rows []discordgo.MessageComponent
	for _, in := range inputs {
		ti := discordgo.TextInput{
			CustomID:    in.ID,
			Label:       truncate(in.Label, maxInputLabel),
			Style:       discordgo.TextInputShort,
			Placeholder: truncate(in.Placeholder, maxPlaceholder),
			Value:       truncate(in.Initial, maxInputValue),
			Required:    in.Required,
			MaxLength:   maxInputValue,
		}
		if in.MaxLen > 0 && in.MaxLen < maxInputValue {
			ti.MaxLength = in.MaxLen
		}
		switch in.Kind {
		case bot.InputParagraph:
			ti.Style = discordgo.TextInputParagraph
		case bot.InputSelect:
			ti.Placeholder = truncate(choicesHint(in.Options), maxPlaceholder)
			ti.MaxLength = maxInputValue
			for _, o := range in.Options {
				if o.Value == in.Initial {
					ti.Value = truncate(o.Label, maxInputValue)
				}
			}
		}
		if v, ok := answers[in.ID]; ok {
			ti.Value = truncate(v, maxInputValue)
		}
		if ti.Label == "" {
			ti.Label = truncate(in.ID, maxInputLabel)
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{ti}})
	}
	return &discordgo.InteractionResponseData{CustomID: customID, Title: truncate(title, maxModalTitle), Components: rows}
}

func choicesHint(opts []bot.Option) string {
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = o.Label
	}
	return "One of: " + strings.Join(labels, ", ")
}

// matchOption finds the choice a typed answer names, by label or value,
// ignoring case and surrounding space.
func matchOption(opts []bot.Option, answer string) (string, bool) {
	answer = strings.TrimSpace(answer)
	for _, o := range opts {
		if strings.EqualFold(o.Label, answer) || strings.EqualFold(o.Value, answer) {
			return o.Value, true
		}
	}
	return "", false
}

// formKey names a form in the remembered-forms stash.
func formKey(id, value string) string { return "form\x00" + id + "\x00" + value }

// rememberForm keeps the form's definition so that its submission can be
// checked (selects, labels for errors) and the form reopened to fix it.
func (a *Adapter) rememberForm(f *bot.Form) {
	c := *f
	c.Inputs = append([]bot.Input(nil), f.Inputs...)
	a.forms.putKey(formKey(f.ID, f.Value), &c)
}

func (a *Adapter) recallForm(id, value string) *bot.Form {
	v, ok := a.forms.get(formKey(id, value))
	if !ok {
		return nil
	}
	f, _ := v.(*bot.Form)
	return f
}

// formProblems renders a FormError as text listing each problem by label.
func formProblems(f *bot.Form, fe *bot.FormError) string {
	var b strings.Builder
	b.WriteString("Please check your answers:\n")
	seen := map[string]bool{}
	line := func(label, msg string) {
		fmt.Fprintf(&b, "\n- **%s**: %s", markup.EscapeText(markup.Discord, label), markup.EscapeText(markup.Discord, msg))
	}
	if f != nil {
		for _, in := range f.Inputs {
			if msg, ok := fe.Fields[in.ID]; ok {
				line(in.Label, msg)
				seen[in.ID] = true
			}
		}
	}
	for id, msg := range fe.Fields {
		if !seen[id] {
			line(id, msg)
		}
	}
	return b.String()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
