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
	in := strings.Repeat("a", 999) + "商标"
	s, cut := ClipQuestion(in)
	if !cut || s != strings.Repeat("a", 999)+"商" || !utf8.ValidString(s) {
		t.Errorf("clip at a character: %d bytes, cut %v", len(s), cut)
	}
	// The limit counts characters: 1,000 Chinese characters are 3,000
	// bytes and are kept whole.
	zh := strings.Repeat("商标", MaxQuestionText/2)
	if s, cut := ClipQuestion(zh); s != zh || cut {
		t.Errorf("1,000 Chinese characters clipped to %d", utf8.RuneCountInString(s))
	}
	if s, cut := ClipQuestion(zh + "吗"); s != zh || !cut {
		t.Errorf("1,001 Chinese characters clipped to %d, cut %v", utf8.RuneCountInString(s), cut)
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
