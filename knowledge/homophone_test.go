package knowledge

import (
	"context"
	"testing"
)

// TestHomophoneSlipsAreCorrected checks that a Chinese word typed with a
// wrong character of the same sound is read as the base's word, and that
// words typed as they stand are left alone.
func TestHomophoneSlipsAreCorrected(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	for _, c := range []struct{ in, want string }{
		{"我的商表被别人抢注了", "我的商标被别人抢注了"},
		{"店铺资金被冻节了怎么办", "店铺资金被冻结了怎么办"},
		{"供应商给的授全书是真的吗", "供应商给的授权书是真的吗"},
		{"卖这个会不会侵全", "卖这个会不会侵权"},
		{"外观专力怎么查", "外观专利怎么查"},
		// A slip that makes a word of its own (知事, 同知), or leaves the
		// first part of its word whole (权利 and 认), is read in the run
		// of words around it.
		{"收到知事产权投诉怎么办", "收到知识产权投诉怎么办"},
		{"可以提交反同知吗", "可以提交反通知吗"},
		{"怎么联系权利认", "怎么联系权利人"},
		// A function character is a slip only for a thesaurus word.
		{"商标下来了才能做品牌被案吗", "商标下来了才能做品牌备案吗"},
		{"账户被风控了", "账户被风控了"},
		// So is it for a place's name.
		{"在得国亚马逊卖货要注意什么", "在德国亚马逊卖货要注意什么"},
		// A slip before a word whose characters the dictionary then cuts
		// across (重|国商|标 for 中国商标) leaves that word whole.
		{"重国商标要多少钱", "中国商标要多少钱"},
		// Typed with fuzzy pinyin: 述 (shu) for 诉 (su), 资 (zi) for 知
		// (zhi).
		{"申述材料要准备哪些", "申诉材料要准备哪些"},
		{"收到资识产权投诉怎么办", "收到知识产权投诉怎么办"},
		// A slip that makes a rarer word of two characters the base
		// does not use as a word (上标, "superscript", cut once from 产品
		// 上标注, "marked on the product") is corrected; a common word
		// the seller means (连接, "connection", beside 链接, "link")
		// is not.
		{"欧盟上标注册要多少钱", "欧盟商标注册要多少钱"},
		{"耳机连接老是断", "耳机连接老是断"},
		// So is 投宿 ("put up at an inn") for 投诉 ("complaint"), once
		// no alias of the base holds the slip.
		{"店铺又被投宿了", "店铺又被投诉了"},
		// Two characters that share only a rare reading (包 and 不,
		// both once read fu) are no slip of each other.
		{"卖二手的包算侵权吗", "卖二手的包算侵权吗"},
		// As typed: function characters (也有, 内不), words cut across
		// (深圳的), and words of the question that are words.
		{"他们也有商标吗", "他们也有商标吗"},
		{"收到投诉后30天内不起诉会怎样", "收到投诉后30天内不起诉会怎样"},
		{"我是深圳的卖家", "我是深圳的卖家"},
		{"卖这个有什么风险", "卖这个有什么风险"},
		{"what is a trademark", "what is a trademark"},
		{"", ""},
	} {
		if got := s.homophones.correct(c.in, s.usesWord); got != c.want {
			t.Errorf("correct(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// askBoth asks a question as typed and as it was meant.
func askBoth(t *testing.T, ix *Index, typed, meant string) (got, want *Answer) {
	t.Helper()
	want, err := ix.Ask(context.Background(), meant)
	if err != nil {
		t.Fatal(err)
	}
	got, err = ix.Ask(context.Background(), typed)
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}
