package knowledge

import "testing"

// TestPinyinTypedForACharacterIsRead checks that letters typed for a
// character's sound, beside the characters of their word, are read as
// the word, and that English words beside Chinese are left as typed.
func TestPinyinTypedForACharacterIsRead(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	for _, c := range []struct{ in, want string }{
		{"我的shang标被别人抢注了", "我的商标被别人抢注了"},
		{"店铺被tou诉下架了", "店铺被投诉下架了"},
		{"卖这个算不算侵quan", "卖这个算不算侵权"},
		// A word typed whole in letters, between characters.
		{"没有shouquanshu能卖吗", "没有授权书能卖吗"},
		// English beside Chinese: no syllables, or no word of the
		// base sounds like them.
		{"listing被下架了", "listing被下架了"},
		{"nike的鞋能卖吗", "nike的鞋能卖吗"},
		{"在temu上卖货", "在temu上卖货"},
		{"我有一个case没解决", "我有一个case没解决"},
		// Letters glued to other letters or digits are a name, an
		// address or a code.
		{"看一下www.shangbiao.cn", "看一下www.shangbiao.cn"},
		{"型号a1b被投诉", "型号a1b被投诉"},
		{"what is a trademark", "what is a trademark"},
	} {
		if got := s.homophones.correct(c.in, s.usesWord); got != c.want {
			t.Errorf("correct(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The answer is the one the characters get.
	for _, c := range [][2]string{
		{"收到tou诉通知，第一步该做什么", "收到投诉通知，第一步该做什么"},
		{"美国shang标注册要多少钱", "美国商标注册要多少钱"},
	} {
		got, want := askBoth(t, ix, c[0], c[1])
		if describe(got) != describe(want) {
			t.Errorf("%q got %s, want %s as %q gets", c[0], describe(got), describe(want), c[1])
		}
	}
}
