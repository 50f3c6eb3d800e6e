package ipdesk

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeQuestion(t *testing.T) {
	for in, want := range map[string]string{
		"How do I renew my TM??":      "how do i renew my tm",
		"  how   do i\nrenew my tm ":  "how do i renew my tm",
		"商标 多久 续展？":                   "商标 多久 续展",
		"!!!":                         "",
		"@everyone <!channel> *bold*": "everyone channel bold",
	} {
		if got := NormalizeQuestion(in); got != want {
			t.Errorf("NormalizeQuestion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClipQuestion(t *testing.T) {
	if s, cut := ClipQuestion("short"); s != "short" || cut {
		t.Errorf("short text clipped: %q %v", s, cut)
	}
	// The limit counts characters: 1,000 Chinese characters are 3,000
	// bytes and are kept whole.
	zh := strings.Repeat("商标", MaxQuestionText/2)
	if s, cut := ClipQuestion(zh); s != zh || cut {
		t.Errorf("1,000 Chinese characters clipped to %d", utf8.RuneCountInString(s))
	}
	// A longer text keeps its beginning and its end, whole words where
	// it has spaces.
	long := "Notice of infringement " + strings.Repeat("lorem ipsum dolor ", 100) + "can I send a counter notice?"
	s, cut := ClipQuestion(long)
	if n := utf8.RuneCountInString(s); !cut || n > MaxQuestionText || n < MaxQuestionText-2*clipSlack {
		t.Errorf("clipped to %d characters (cut %v), want at most %d", n, cut, MaxQuestionText)
	}
	if !strings.HasPrefix(s, "Notice of infringement ") || !strings.HasSuffix(s, " can I send a counter notice?") || !strings.Contains(s, clipGap) {
		t.Errorf("clipped text lost its beginning or end: %q", s)
	}
	for _, w := range strings.Fields(strings.Replace(s, clipGap, " ", 1)) {
		if !strings.Contains(long, " "+w+" ") && !strings.HasPrefix(long, w+" ") && !strings.HasSuffix(long, " "+w) {
			t.Errorf("clipped text has a cut word %q", w)
		}
	}
	// A pasted document of a million characters, invalid bytes among
	// them, comes back at most 1,000 characters long.
	huge := strings.Repeat("x\xff商 ", 250000)
	if s, cut := ClipQuestion(huge); !cut || utf8.RuneCountInString(s) > MaxQuestionText || !strings.HasPrefix(s, "x") {
		t.Errorf("a million characters clipped to %d (cut %v)", utf8.RuneCountInString(s), cut)
	}
	s, _ = ClipQuestion(zh + "吗")
	if n := utf8.RuneCountInString(s); n > MaxQuestionText || !strings.HasPrefix(s, "商标") || !strings.HasSuffix(s, "标吗") || !utf8.ValidString(s) {
		t.Errorf("1,001 Chinese characters clipped to %d: %q...", n, s[:30])
	}
	if HashUser("slack", "U1") == HashUser("discord", "U1") || len(HashUser("slack", "U1")) != 32 {
		t.Error("user hashes must differ by platform")
	}
}

func TestConversationPseudonymNeedsTheSecret(t *testing.T) {
	one, other := make([]byte, SecretSize), make([]byte, SecretSize)
	other[0] = 1
	k := ConversationPseudonym(one, "slack", "U1", "C1", "T1")
	if k != ConversationPseudonym(one, "slack", "U1", "C1", "T1") || len(k) != 32 {
		t.Errorf("conversation key %q is not stable", k)
	}
	if k == ConversationPseudonym(other, "slack", "U1", "C1", "T1") {
		t.Error("two installations give a conversation the same key")
	}
	if k == Pseudonym(one, "slack", "U1") || k == ConversationPseudonym(one, "slack", "U1", "C1", "") {
		t.Error("a conversation's key is the key of something else too")
	}
}
