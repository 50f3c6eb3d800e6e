package discord

import (
	"slices"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// shortenedMarker ends a part of an edited message that was cut to fit. The
// adapter cannot know where the full text lives, only that the record
// behind the message (a complaint card's case) holds it.
const shortenedMarker = "*… (shortened; full text in the case record)*"

// minShortened is the least room a shortened part is given: the marker and
// a little of the text. When the parts of an embed cannot all have this
// much, its fields are shown as text instead.
var minShortened = 2*utf8.RuneCountInString(shortenedMarker) + markup.MinLimit

// renderOne renders a reply as exactly one message, for an edit: a message
// edited in place cannot become several, and a card must keep its buttons.
// A reply that fits one message is rendered as render would post it. When
// it does not fit, the longest parts (the text, long field
// values) are shortened first, each ending in shortenedMarker, so that short
// facts such as a status or an amount stay whole. It reports whether
// anything was shortened.
func (a *Adapter) renderOne(r bot.Reply) (message, bool) {
	m := message{Components: a.replyComponents(r)}
	cut := false
	if len(r.Fields) == 0 {
		m.Content, cut = shorten(r.Text, maxContent)
	} else if whole := renderEmbeds(r); len(whole) == 1 {
		// As it would be posted: whole, the fields as text if they must be.
		m.Embeds = whole[0].Embeds
	} else {
		e, shortened, ok := fitEmbed(r.Text, r.Fields)
		if !ok {
			// More fields than an embed takes, or labels that leave no
			// room for values: the fields become text like the rest.
			e = &discordgo.MessageEmbed{}
			e.Description, shortened = shorten(fieldsAsText(r.Text, r.Fields), maxDescription)
		}
		m.Embeds, cut = []*discordgo.MessageEmbed{e}, shortened
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		m.Content = "\u200b" // Discord refuses a message with nothing to read
	}
	return m, cut
}

// fitEmbed renders text and fields as one embed within Discord's limits:
// a description of 4,096 characters, field values of 1,024, and 6,000 in
// all. Parts are shortened to a common length, the longest first, until
// they fit. It reports whether anything was shortened, and false when the
// fields cannot be an embed at all.
func fitEmbed(text string, fields []bot.Field) (e *discordgo.MessageEmbed, shortened, ok bool) {
	if len(fields) > maxFields {
		return nil, false, false
	}
	budget := maxEmbedTotal
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = fieldName(f.Label)
		budget -= utf8.RuneCountInString(names[i])
	}
	// Part 0 is the description, part i+1 the value of field i.
	srcs := make([]string, 0, len(fields)+1)
	caps := make([]int, 0, len(fields)+1)
	srcs, caps = append(srcs, text), append(caps, maxDescription)
	for _, f := range fields {
		srcs, caps = append(srcs, f.Value), append(caps, maxFieldValue)
	}
	level := maxDescription
	out := make([]string, len(srcs))
	lens := make([]int, len(srcs))
	// Each round shortens to the level at which the last round's parts
	// would fit; one round normally suffices.
	for range 4 {
		total := 0
		shortened = false
		for i, src := range srcs {
			var cut bool
			out[i], cut = shorten(src, min(caps[i], level))
			if i > 0 && out[i] == "" {
				out[i] = emptyFieldValue
			}
			shortened = shortened || cut
			lens[i] = utf8.RuneCountInString(out[i])
			total += lens[i]
		}
		if total <= budget {
			e = &discordgo.MessageEmbed{Description: out[0]}
			for i, name := range names {
				v := out[i+1]
				e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: v, Inline: utf8.RuneCountInString(v) <= 40})
			}
			return e, shortened, true
		}
		level = waterLevel(lens, budget)
		if level < minShortened {
			return nil, false, false
		}
	}
	return nil, false, false
}

// waterLevel returns the greatest length c such that the parts, each cut to
// at most c, add up to no more than budget (0 when even that cannot be).
func waterLevel(lens []int, budget int) int {
	lo, hi := 0, slices.Max(lens)
	for lo < hi {
		c := (lo + hi + 1) / 2
		sum := 0
		for _, n := range lens {
			sum += min(n, c)
		}
		if sum <= budget {
			lo = c
		} else {
			hi = c - 1
		}
	}
	return lo
}

// shorten renders CommonMark for Discord in at most limit characters. Text
// too long keeps its beginning, cut at a block boundary where possible
// (code blocks stay closed), and ends in shortenedMarker; it reports
// whether it cut. limit must leave room for the marker (minShortened).
func shorten(md string, limit int) (string, bool) {
	chunks := markup.Split(markup.Discord, md, limit)
	switch {
	case len(chunks) == 0:
		return "", false
	case len(chunks) == 1:
		return chunks[0], false
	}
	room := limit - utf8.RuneCountInString(shortenedMarker) - 2
	if room < markup.MinLimit {
		return chunks[0], true
	}
	return markup.Split(markup.Discord, md, room)[0] + "\n\n" + shortenedMarker, true
}
