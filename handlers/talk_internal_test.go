package handlers

import "testing"

func TestAsksForHuman(t *testing.T) {
	for text, want := range map[string]bool{
		"I need to talk to a human":            true,
		"human":                                true,
		"Human please!":                        true,
		"can I speak with someone?":            true,
		"Please connect me to an agent":        true,
		"I want a real person":                 true,
		"let me talk to your staff":            true,
		"get me a human":                       true,
		"人工":                                   true,
		"转人工":                                  true,
		"我要找客服":                                true,
		"请联系工作人员":                              true,
		"https://www.amazon.com/dp/B0EXAMPLE1": false,
		"I tried to contact the seller but no person replied": false,
		"The seller is a person who sells fakes on Amazon":    false,
		"卖家客服不回复我":                                            false,
		"The label is fake and the stitching is loose; I need someone to look at the photos I sent, the seller refuses to answer": false,
		"": false,
	} {
		if got := asksForHuman(text); got != want {
			t.Errorf("asksForHuman(%q) = %v, want %v", text, got, want)
		}
	}
}
