package knowledge

import "regexp"

// A question can be about this help desk itself: "can i appeal if you
// reject my complaint", "will the seller see my email if i report them
// here", 你们这个投诉台怎么用. Such a question speaks to the desk, in the
// second person or with "here", and its other words (complaint, appeal,
// evidence, report) are those of every marketplace's programme, so the
// search alone answers it from a marketplace's article. The articles
// about the desk itself carry the tag deskTag, and a question that
// speaks to the desk is searched as if it had named the desk: deskTag
// joins its words, at deskWeight of its idf (see parseText).
//
// Of the tuning questions, the three that speak to the desk and were
// answered from a marketplace's article are answered from the desk's;
// the weight (0.25, 0.5 or 1) made no other difference.

// deskTag marks an article about this help desk's own service, in its
// tags or title.
const deskTag = "ipdesk"

// deskWeight is the weight of the desk's name, as a share of its idf, in
// a question that speaks to the desk.
const deskWeight = 0.5

// deskAddress matches words that speak to the desk: "you" or "your",
// "here", "this chat", or in Chinese 你们, 这里, 这边.
var deskAddress = regexp.MustCompile(`(?i)\b(?:you|your|yours|here|this (?:chat|desk|bot)|ipdesk)\b|你们|您们|这里|这边|贵平台`)

// politeYou matches "you" in courtesy and in requests for a favour
// ("thank you", "do you know", "can you translate my listing"), which do
// not ask about the desk's service.
var politeYou = regexp.MustCompile(`(?i)\b(?:thank you|do you know|you know|(?:can|could|would|will) you)\b`)

// speaksToDesk reports whether question text speaks to the desk.
func speaksToDesk(text string) bool {
	return deskAddress.MatchString(politeYou.ReplaceAllString(text, " "))
}
