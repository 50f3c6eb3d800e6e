package main

import (
	"slices"
	"testing"
)

// complaint is what a consumer types into the wizard; zh files it from a
// Chinese client, whose wizard speaks Chinese.
type complaint struct {
	seller, problem string
	zh              bool
}

var acme = complaint{seller: "ACME Store", problem: "The logo is misprinted and the stitching is loose."}

// acmeZH is acme filed by a Chinese speaker, who describes the problem in
// Chinese.
var acmeZH = complaint{seller: "ACME Store", problem: "商标印错了，缝线也松了，包装和正品完全不一样。", zh: true}

// labelPhoto is the evidence the tests send: a photo of the item's label.
var labelPhoto = []byte("\xff\xd8\xff a photo of the label")

// wizardStep is one step of the complaint wizard as the tests take it, the
// same on every platform: the consumer types text, sends labelPhoto as
// label.jpg, or presses a button, and the next message in their DM shows
// want ("[Label]" is a button).
type wizardStep struct {
	name, typed, button string
	photo               bool
	want                []string
}

// wizard returns the steps of a filing of c by a consumer who bought a
// counterfeit on Amazon, from step from, whose question is showing, up to,
// not including, step until ("" for all): the last step shows the summary.
func wizard(t testing.TB, c complaint, from, until string) []wizardStep {
	t.Helper()
	steps := []wizardStep{
		{name: "kind", button: "I bought a counterfeit", want: []string{"Which marketplace", "[Amazon]", "[Back]"}},
		{name: "marketplace", button: "Amazon", want: []string{"Paste the link"}},
		{name: "link", typed: "https://www.amazon.com/dp/B0EXAMPLE1", want: []string{"seller's or shop's name"}},
		{name: "seller", typed: c.seller, want: []string{"What is the order number?"}},
		{name: "order", typed: "123-1234567-1234567", want: []string{"When did you place the order?"}},
		{name: "date", typed: "skip", want: []string{"What is wrong"}},
		{name: "problem", typed: c.problem, want: []string{"Send your evidence", "[Done]"}},
		{name: "evidence", photo: true, want: []string{"Added label.jpg (image/jpeg", "sha256", "[Done]"}},
		{name: "evidence done", button: "Done", want: []string{"What would you like us to do?", "[Compensation]"}},
		{name: "remedy", button: "Compensation", want: []string{"How much compensation"}},
		{name: "amount", typed: "49.99 USD", want: []string{"May staff contact you by email", "[Yes, by email]"}},
		{name: "consent", button: "Yes, by email", want: []string{"Which email address"}},
		{name: "email", typed: "buyer@example.com", want: []string{"Please check your complaint", "[Submit]", "buyer@example.com", "49.99 USD"}},
	}
	if c.zh {
		steps = []wizardStep{
			{name: "kind", button: "我买到了假货", want: []string{"商品在哪个电商平台上？", "[亚马逊（Amazon）]", "[返回]"}},
			{name: "marketplace", button: "亚马逊（Amazon）", want: []string{"请粘贴商品链接"}},
			{name: "link", typed: "https://www.amazon.com/dp/B0EXAMPLE1", want: []string{"卖家或店铺叫什么名字？"}},
			{name: "seller", typed: c.seller, want: []string{"订单号是多少？", "亚马逊订单号形如"}},
			{name: "order", typed: "123-1234567-1234567", want: []string{"你是哪天下单的？"}},
			{name: "date", typed: "跳过", want: []string{"商品或商品页面有什么问题？"}},
			{name: "problem", typed: c.problem, want: []string{"请发送证据", "[完成]"}},
			{name: "evidence", photo: true, want: []string{"已添加：label.jpg (image/jpeg", "sha256", "目前共 1 项", "[完成]"}},
			{name: "evidence done", button: "完成", want: []string{"你希望我们怎么处理？", "[赔偿]"}},
			{name: "remedy", button: "赔偿", want: []string{"你要求赔偿多少？"}},
			{name: "amount", typed: "49.99美元", want: []string{"工作人员可以就这件投诉通过电子邮件联系你吗？", "[可以，发邮件]"}},
			{name: "consent", button: "可以，发邮件", want: []string{"工作人员应该用哪个电子邮箱联系你？"}},
			{name: "email", typed: "buyer@example.com", want: []string{"请核对你的投诉", "[提交]", "buyer@example.com", "49.99 美元"}},
		}
	}
	named := func(name string) func(wizardStep) bool { return func(s wizardStep) bool { return s.name == name } }
	i, j := slices.IndexFunc(steps, named(from)), len(steps)
	if until != "" {
		j = slices.IndexFunc(steps, named(until))
	}
	if i < 0 || j < i {
		t.Fatalf("no wizard steps from %q until %q", from, until)
	}
	return steps[i:j]
}
