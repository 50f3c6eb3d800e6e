package slack

import "testing"

// TestCleanTextIsWhatTheMemberTyped feeds cleanText message text as Slack
// delivers it and expects the words the member typed.
func TestCleanTextIsWhatTheMemberTyped(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"<@UBOT> hello":                          "hello",
		"<https://www.amazon.com/dp/B0EXAMPLE1>": "https://www.amazon.com/dp/B0EXAMPLE1",
		"<http://amazon.com/dp/B0X|amazon.com/dp/B0X> and <https://a.example/x?y=1&amp;z=2>": "http://amazon.com/dp/B0X and https://a.example/x?y=1&z=2",
		"<mailto:buyer@example.com|buyer@example.com>":                                       "buyer@example.com",
		"&lt;!channel&gt; &amp; *bold*":                                                      "<!channel> & *bold*",
		"<!channel> <@U999> <#C1|general>":                                                   "@channel @U999 #general",
		"<!here|here> <!everyone> <#C2> <@U5|someone>":                                       "@here @everyone #C2 @U5",
		"<!subteam^S1|@legal> and <!subteam^S2>":                                             "@legal and @S2",
		"<!date^1700000000^{date}|Nov 14> <!channel|@channel>":                               "Nov 14 @channel",
		"hi <@UBOT>, ask <@UBOT|ipdesk>":                                                     "hi , ask",
		"&lt;https://typed.example&gt;":                                                      "<https://typed.example>",
		"<ftp://files.example|files>":                                                        "<ftp://files.example|files>",
	} {
		if got := cleanText(in, "UBOT"); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
