package main

import (
	"fmt"
	"io"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/internal/eventually"
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

// wizardInput is one thing a consumer does in the wizard, the same on
// every platform: types text, sends labelPhoto as label.jpg, or presses a
// button; the next message in their DM shows want ("[Label]" is a button)
// besides what the next question asks.
type wizardInput struct {
	typed, button string
	photo         bool
	want          []string
}

// wizardAnswer is one question of the wizard as the tests meet it: what
// it shows, and what the consumer does there.
type wizardAnswer struct {
	asks   []string
	inputs []wizardInput
}

// summaryStep is the name of the wizard's last step, the summary.
const summaryStep = "confirm"

// wizardAnswers says, by step name, what a consumer who bought a
// counterfeit on Amazon meets and does at each question when filing c;
// the walk takes the questions in the order the wizard asks them (see
// testApp.walk), so a question added to the wizard needs one entry here.
func wizardAnswers(c complaint) map[string]wizardAnswer {
	typed := func(s string) []wizardInput { return []wizardInput{{typed: s}} }
	press := func(label string) []wizardInput { return []wizardInput{{button: label}} }
	if c.zh {
		return map[string]wizardAnswer{
			"kind":        {asks: []string{"发生了什么？", "[我买到了假货]"}, inputs: press("我买到了假货")},
			"marketplace": {asks: []string{"商品在哪个电商平台上？", "[亚马逊（Amazon）]", "[返回]"}, inputs: press("亚马逊（Amazon）")},
			"urls":        {asks: []string{"请粘贴商品链接"}, inputs: typed("https://www.amazon.com/dp/B0EXAMPLE1")},
			"seller":      {asks: []string{"卖家或店铺叫什么名字？"}, inputs: typed(c.seller)},
			"order":       {asks: []string{"订单号是多少？", "亚马逊订单号形如"}, inputs: typed("123-1234567-1234567")},
			"order_date":  {asks: []string{"你是哪天下单的？"}, inputs: typed("跳过")},
			"problem":     {asks: []string{"商品或商品页面有什么问题？"}, inputs: typed(c.problem)},
			"evidence": {asks: []string{"请发送证据", "[完成]"}, inputs: []wizardInput{
				{photo: true, want: []string{"已添加：label.jpg (image/jpeg", "sha256", "目前共 1 项", "[完成]"}}, {button: "完成"}}},
			"remedy":    {asks: []string{"你希望我们怎么处理？", "[赔偿]"}, inputs: press("赔偿")},
			"amount":    {asks: []string{"你要求赔偿多少？"}, inputs: typed("49.99美元")},
			"consent":   {asks: []string{"工作人员可以就这件投诉通过电子邮件联系你吗？", "[可以，发邮件]"}, inputs: press("可以，发邮件")},
			"contact":   {asks: []string{"工作人员应该用哪个电子邮箱联系你？"}, inputs: typed("buyer@example.com")},
			summaryStep: {asks: []string{"请核对你的投诉", "[提交]", "buyer@example.com", "49.99 美元"}},
		}
	}
	return map[string]wizardAnswer{
		"kind":        {asks: []string{"What happened?", "[I bought a counterfeit]"}, inputs: press("I bought a counterfeit")},
		"marketplace": {asks: []string{"Which marketplace", "[Amazon]", "[Back]"}, inputs: press("Amazon")},
		"urls":        {asks: []string{"Paste the link"}, inputs: typed("https://www.amazon.com/dp/B0EXAMPLE1")},
		"seller":      {asks: []string{"seller's or shop's name"}, inputs: typed(c.seller)},
		"order":       {asks: []string{"What is the order number?"}, inputs: typed("123-1234567-1234567")},
		"order_date":  {asks: []string{"When did you place the order?"}, inputs: typed("skip")},
		"problem":     {asks: []string{"What is wrong"}, inputs: typed(c.problem)},
		"evidence": {asks: []string{"Send your evidence", "[Done]"}, inputs: []wizardInput{
			{photo: true, want: []string{"Added label.jpg (image/jpeg", "sha256", "[Done]"}}, {button: "Done"}}},
		"remedy":    {asks: []string{"What would you like us to do?", "[Compensation]"}, inputs: press("Compensation")},
		"amount":    {asks: []string{"How much compensation"}, inputs: typed("49.99 USD")},
		"consent":   {asks: []string{"May staff contact you by email", "[Yes, by email]"}, inputs: press("Yes, by email")},
		"contact":   {asks: []string{"Which email address"}, inputs: typed("buyer@example.com")},
		summaryStep: {asks: []string{"Please check your complaint", "[Submit]", "buyer@example.com", "49.99 USD"}},
	}
}

// walk takes the consumer user of platform through the wizard from the
// question their draft is at until the question of step until ("" for the
// summary), filing c: at each question it checks what the question shows
// (shows, on the latest message) and does what wizardAnswers says (do,
// which waits for what follows). Which question is showing it reads from
// the App's store, as the consumer reads it on the screen.
func (a *testApp) walk(platform, user string, c complaint, until string, shows func(want ...string), do func(in wizardInput)) {
	a.t.Helper()
	if until == "" {
		until = summaryStep
	}
	answers := wizardAnswers(c)
	for asked := 0; ; asked++ {
		step := a.draftStep(platform, user)
		ans, ok := answers[step]
		shows(ans.asks...)
		if step == until {
			return
		}
		if step == summaryStep || asked > 40 {
			a.t.Fatalf("the wizard went past step %s to %s", until, step)
		}
		if !ok {
			a.t.Fatalf("no answer for the wizard's step %q", step)
		}
		for _, in := range ans.inputs {
			do(in)
		}
		if a.draftStep(platform, user) == step {
			a.t.Fatalf("step %s did not take %+v", step, ans.inputs)
		}
	}
}

// draftStep is the step of the wizard user of platform is at; "" without
// a draft.
func (a *testApp) draftStep(platform, user string) string {
	a.t.Helper()
	d, err := a.app.DB.Draft(a.ctx, platform, user)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return ""
	} else if err != nil {
		a.t.Fatal(err)
	}
	return d.Step
}

// consoleAnswers are what a consumer types at each question of the wizard
// at the console, by step name, unless a test says otherwise: a
// counterfeit bought on Amazon, without the order number, compensation of
// 49.99 asked, no email. Numbers press the question's buttons.
var consoleAnswers = map[string][]string{
	"kind":        {"1"},
	"marketplace": {"1"},
	"urls":        {"https://www.amazon.com/dp/B0EXAMPLE1"},
	"seller":      {"ACME Store"},
	"order":       {"skip"},
	"order_date":  {"skip"},
	"problem":     {"The logo is misprinted and the stitching is loose."},
	"evidence":    {"https://example.com/label.jpg", "done"},
	"remedy":      {"2"},
	"amount":      {"49.99"},
	"consent":     {"2"},
	"contact":     {"buyer@example.com"},
}

// fileAtConsole runs the App at the console on env's database: it types
// start, which opens the wizard of user, answers each question from
// answers or consoleAnswers by step name, and at the summary types then
// (such as 1, which submits, and what comes after); it returns the
// console's transcript once its input ended. Each answer is typed once the
// one before was taken, which it sees in the App's store.
func fileAtConsole(t *testing.T, env map[string]string, user string, start []string, answers map[string][]string, then ...string) string {
	t.Helper()
	pr, pw := io.Pipe()
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v // newTestApp adds its defaults, which env's later runs should not get
	}
	a := newTestApp(t, testBudget, vars, func() func() { return func() {} })
	transcript := &syncBuffer{}
	a.stdin, a.stdout = pr, transcript
	a.start()
	typed := func(lines ...string) {
		for _, l := range lines {
			if _, err := io.WriteString(pw, l+"\n"); err != nil {
				t.Fatal(err)
			}
		}
	}
	typed(start...)
	last := a.waitDraft(user, nil)
	for asked := 0; last.Step != summaryStep; asked++ {
		inputs, ok := answers[last.Step]
		if !ok {
			inputs, ok = consoleAnswers[last.Step]
		}
		if !ok || asked > 40 {
			t.Fatalf("no answer for the wizard's step %q:\n%s", last.Step, transcript)
		}
		step := last.Step
		for _, in := range inputs {
			typed(in)
			last = a.waitDraft(user, last)
		}
		if last.Step == step {
			t.Fatalf("step %s did not take %q:\n%s", step, inputs, transcript)
		}
	}
	typed(then...)
	pw.Close() // the console, and with it the App, ends with its input
	a.exited()
	return transcript.String()
}

// waitDraft waits until the draft of user at the console is there and,
// when after is set, saved again since after; it returns it.
func (a *testApp) waitDraft(user string, after *ipdesk.Draft) *ipdesk.Draft {
	a.t.Helper()
	var d *ipdesk.Draft
	eventually.Check(a.t, a.ctx, "the console answer to be taken", func() error {
		var err error
		d, err = a.app.DB.Draft(a.ctx, "console", user)
		switch {
		case err == nil && (after == nil || !d.UpdatedAt.Equal(after.UpdatedAt) || d.Step != after.Step):
			return nil
		case err != nil && ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND:
			a.t.Fatal(err)
		}
		return fmt.Errorf("draft %+v, before %+v", d, after)
	})
	return d
}
