package handlers

import (
	"strings"
	"testing"
)

// TestCheckChineseListings checks Chinese listings: Chinese risk terms,
// brand abbreviations and Chinese brand names inside unspaced text, and
// findings written in Chinese.
func TestCheckChineseListings(t *testing.T) {
	c := newTestCheck(t)
	tests := []struct {
		name string
		text string
		want []string // "Severity · “quote”", in this order
		not  []string
	}{
		{"the issue's example", "高仿LV包包 原单 1:1 品质",
			[]string{"高风险 · “高仿LV”", "高风险 · “原单”", "高风险 · “1:1”"}, []string{"中风险", "High"}},
		{"brand then copy word", "劳力士复刻 机械表",
			[]string{"高风险 · “劳力士复刻”"}, []string{"中风险"}},
		{"A goods and super A", "A货 超A 手表",
			[]string{"高风险 · “A货”", "高风险 · “超A”"}, nil},
		{"big-brand dupe", "大牌平替香水 持久留香",
			[]string{"高风险 · “大牌平替”"}, nil},
		{"brand same style", "LV同款手提包",
			[]string{"高风险 · “LV同款”"}, []string{"中风险 · “LV”"}},
		{"brand style word", "香奈儿风格小外套",
			[]string{"高风险 · “香奈儿风格”"}, nil},
		{"celebrity same style", "明星同款连衣裙",
			[]string{"中风险 · “明星同款”"}, []string{"高风险"}},
		{"personal shopper and guarantee", "海外代购 正品保证",
			[]string{"中风险 · “海外代购”", "低风险 · “正品保证”"}, []string{"高风险"}},
		{"guarantee next to a brand", "YSL口红 正品保证",
			[]string{"中风险 · “YSL”", "中风险 · “正品保证”"}, nil},
		{"abbreviations", "CK内裤 D&G太阳镜 MK包",
			[]string{"高风险 · “CK, D&G, MK”"}, nil},
		{"compatible in Chinese", "硅胶手机壳 适用于iPhone 16",
			[]string{"低风险 · “适用于iPhone”"}, []string{"高风险", "中风险"}},
		{"brand before compatible", "乐高兼容积木 1000片",
			[]string{"中风险 · “乐高兼容”"}, nil},
		{"unbranded", "耐克无logo运动鞋",
			[]string{"高风险 · “耐克无logo”"}, nil},
		{"label removed", "去标 巴宝莉 围巾",
			[]string{"高风险 · “去标 巴宝莉”"}, nil},
		{"others' photos", "官网图 实拍",
			[]string{"低风险 · “官网图”"}, nil},
		{"Putian", "莆田 耐克 运动鞋",
			[]string{"高风险 · “莆田 耐克”"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, r, err := runCheck(t, c, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("reply lacks %q after position %d:\n%s", w, at, got)
				}
				at += i + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("reply has %q:\n%s", n, got)
				}
			}
			for _, w := range []string{"建议改为", "延伸阅读", "只检查文字"} {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, b := range r.Buttons {
				if !strings.HasPrefix(b.Value, "zh/") {
					t.Errorf("button %+v is not a Chinese article", b)
				}
			}
		})
	}
}

// TestCheckChineseNoFalseAlarms checks ordinary Chinese wording that
// contains a risk term's characters is not flagged.
func TestCheckChineseNoFalseAlarms(t *testing.T) {
	c := newTestCheck(t)
	for _, text := range []string{
		"无线蓝牙耳机 降噪 长续航",
		"仿皮收纳盒 防水",
		"超级轻薄羽绒服 女款",
		"货到付款 包邮",
		"自有品牌 纯棉T恤 新款式",
	} {
		got, _, err := runCheck(t, c, text)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, "没有发现风险用词") {
			t.Errorf("%q flagged:\n%s", text, got)
		}
	}
}

// TestCheckEnglishLookAfterBrand checks "look" after a brand reads like
// "inspired by", and that an English listing is answered in English.
func TestCheckEnglishLookAfterBrand(t *testing.T) {
	c := newTestCheck(t)
	got, _, err := runCheck(t, c, "Chanel look quilted bag with chain strap")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "High · “Chanel look”") || !strings.Contains(got, "Instead:") {
		t.Errorf("reply:\n%s", got)
	}
}
