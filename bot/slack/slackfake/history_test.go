package slackfake_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

// TestConversationsHistory reads a channel back through slack-go as a bot
// would: newest first, a page at a time, the bot's messages with their
// bot_id and blocks, members' messages with their user, and neither
// ephemeral messages nor replies in threads. Timestamps are the fake's
// clock, so oldest and latest select by the time of posting.
func TestConversationsHistory(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	fake := slackfake.New(slackfake.Config{Now: clk.Now})
	defer fake.Close()
	ctx := timeout(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	const ch = "CREVIEW"

	post := func(text string, opts ...slack.MsgOption) string {
		t.Helper()
		_, ts, err := api.PostMessageContext(ctx, ch, append([]slack.MsgOption{slack.MsgOptionText(text, false)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	button := slack.NewButtonBlockElement("review.approve#0", "IPD-1@2~商标", slack.NewTextBlockObject(slack.PlainTextType, "Approve", false, false))
	card := post("IPD-1", slack.MsgOptionBlocks(slack.NewActionBlock("", button)))
	if want := "1740830400.000000"; card != want {
		t.Errorf("ts of a message posted at 12:00 = %q, want %q", card, want)
	}
	second := post("posted in the same microsecond")
	if second != "1740830400.000001" {
		t.Errorf("ts of the next message = %q, want the next microsecond", second)
	}
	clk.Advance(time.Minute)
	question := fake.Say(ch, "U1", "a seller asks")
	post("an answer in its thread", slack.MsgOptionTS(question))
	if _, err := api.PostEphemeralContext(ctx, ch, "U1", slack.MsgOptionText("only for the seller", false)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	last := post("IPD-2")

	// Page by page, newest first.
	var got []slack.Message
	cursor := ""
	for pages := 1; ; pages++ {
		resp, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, resp.Messages...)
		if !resp.HasMore {
			if resp.ResponseMetaData.NextCursor != "" || pages != 2 {
				t.Errorf("last page %d has next_cursor %q, want the second and none", pages, resp.ResponseMetaData.NextCursor)
			}
			break
		}
		cursor = resp.ResponseMetaData.NextCursor
		if cursor == "" || pages > 2 {
			t.Fatalf("page %d: has_more with next_cursor %q", pages, cursor)
		}
	}
	var order []string
	for _, m := range got {
		order = append(order, m.Timestamp)
	}
	if want := []string{last, question, second, card}; !slices.Equal(order, want) {
		t.Fatalf("history = %v, want %v (newest first, no thread reply, no ephemeral)", order, want)
	}
	if m := got[0]; m.Type != "message" || m.User != fake.BotUserID() || m.BotID != "B"+fake.BotUserID() || m.Text != "IPD-2" {
		t.Errorf("the bot's message = %+v", m.Msg)
	}
	if m := got[1]; m.User != "U1" || m.BotID != "" || m.Text != "a seller asks" || m.ThreadTimestamp != question || m.ReplyCount != 1 {
		t.Errorf("the member's message = %+v", m.Msg)
	}
	blocks := got[3].Blocks.BlockSet
	if len(blocks) != 1 {
		t.Fatalf("the card's blocks = %+v", blocks)
	}
	ab, ok := blocks[0].(*slack.ActionBlock)
	if !ok || len(ab.Elements.ElementSet) != 1 {
		t.Fatalf("the card's block = %#v, want its actions", blocks[0])
	}
	if b, ok := ab.Elements.ElementSet[0].(*slack.ButtonBlockElement); !ok || b.ActionID != "review.approve#0" || b.Value != "IPD-1@2~商标" {
		t.Errorf("the card's button = %#v", ab.Elements.ElementSet[0])
	}

	// oldest and latest, with and without inclusive.
	window := func(p slack.GetConversationHistoryParameters) []string {
		t.Helper()
		p.ChannelID = ch
		resp, err := api.GetConversationHistoryContext(ctx, &p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range resp.Messages {
			out = append(out, m.Timestamp)
		}
		return out
	}
	if got, want := window(slack.GetConversationHistoryParameters{Oldest: second, Inclusive: true}), []string{last, question, second}; !slices.Equal(got, want) {
		t.Errorf("oldest inclusive = %v, want %v", got, want)
	}
	if got, want := window(slack.GetConversationHistoryParameters{Oldest: second}), []string{last, question}; !slices.Equal(got, want) {
		t.Errorf("oldest = %v, want %v", got, want)
	}
	if got, want := window(slack.GetConversationHistoryParameters{Oldest: "1740830460", Latest: last, Inclusive: true}), []string{last, question}; !slices.Equal(got, want) {
		t.Errorf("oldest (whole seconds) to latest, inclusive = %v, want %v", got, want)
	}
	if got, want := window(slack.GetConversationHistoryParameters{Latest: last}), []string{question, second, card}; !slices.Equal(got, want) {
		t.Errorf("latest = %v, want %v", got, want)
	}

	for _, c := range []struct {
		p    slack.GetConversationHistoryParameters
		want string
	}{
		{slack.GetConversationHistoryParameters{ChannelID: "U1"}, "channel_not_found"},
		{slack.GetConversationHistoryParameters{ChannelID: ch, Oldest: "yesterday"}, "invalid_ts_oldest"},
		{slack.GetConversationHistoryParameters{ChannelID: ch, Latest: "1.2.3"}, "invalid_ts_latest"},
		{slack.GetConversationHistoryParameters{ChannelID: ch, Cursor: "not-a-cursor"}, "invalid_cursor"},
	} {
		if _, err := api.GetConversationHistoryContext(ctx, &c.p); err == nil || err.Error() != c.want {
			t.Errorf("%+v: %v, want %s", c.p, err, c.want)
		}
	}
}

// TestConversationsHistoryLimit: a page holds 100 messages unless asked
// for another number, and never more than 999.
func TestConversationsHistoryLimit(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	ctx := timeout(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	for i := range 1001 {
		fake.Say("CGENERAL", "U1", "message "+strconv.Itoa(i))
	}
	for _, c := range []struct {
		limit, want int
	}{{0, 100}, {7, 7}, {5000, 999}} {
		resp, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "CGENERAL", Limit: c.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Messages) != c.want || !resp.HasMore {
			t.Errorf("limit %d: %d messages (has_more %v), want %d and more", c.limit, len(resp.Messages), resp.HasMore, c.want)
		}
	}
}

// TestConversationsReplies reads a thread back: its parent first on every
// page, then the replies oldest first.
func TestConversationsReplies(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	ctx := timeout(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	parent := fake.Say("CGENERAL", "U1", "a question")
	var replies []string
	for i := range 3 {
		_, ts, err := api.PostMessageContext(ctx, "CGENERAL", slack.MsgOptionText("answer "+strconv.Itoa(i), false), slack.MsgOptionTS(parent))
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, ts)
	}
	fake.Say("CGENERAL", "U2", "another message in the channel")

	var pages [][]string
	cursor := ""
	for range 5 {
		msgs, more, next, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "CGENERAL", Timestamp: parent, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		var page []string
		for _, m := range msgs {
			page = append(page, m.Timestamp)
			if m.Timestamp != parent && (m.ThreadTimestamp != parent || m.User != fake.BotUserID()) {
				t.Errorf("reply %+v, want the bot's, in the thread", m.Msg)
			}
		}
		pages = append(pages, page)
		if !more {
			break
		}
		cursor = next
	}
	if len(pages) != 2 || !slices.Equal(pages[0], []string{parent, replies[0], replies[1]}) || !slices.Equal(pages[1], []string{parent, replies[2]}) {
		t.Errorf("pages = %v, want the parent then replies %v two at a time", pages, replies)
	}
	if _, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "CGENERAL", Timestamp: "1.000001"}); err == nil || err.Error() != "thread_not_found" {
		t.Errorf("replies to no message: %v, want thread_not_found", err)
	}
}
