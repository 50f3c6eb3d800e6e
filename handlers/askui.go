package handlers

// askUI holds the fixed texts of answers in one language. A question in
// Chinese gets the Chinese texts; the article text itself is Chinese where
// the knowledge base has a Chinese version.
type askUI struct {
	helpful, unhelpful, staff, report string
	source, sources, footer           string
	// noAnswer takes the quoted question.
	noAnswer, noAnswerHint string
	shortened              string

	thanksHelpful, thanksUnhelpful   string
	changedHelpful, changedUnhelpful string
	staffSent, staffAlready          string
	topicGone                        string
	notYours                         string
}

var askUIs = map[string]*askUI{
	"en": {
		helpful:   "Helpful",
		unhelpful: "Not helpful",
		staff:     "Talk to staff",
		report:    "Report a listing",
		source:    "Source: ",
		sources:   "Sources",
		footer:    "General information, not legal advice.",
		noAnswer:  "I don't have a good answer to “%s” in the knowledge base, and I won't guess.",
		noAnswerHint: "Press **Talk to staff** and a person will reply in your direct messages. " +
			"To report a counterfeit or infringing listing, press **Report a listing**.",
		shortened:        "Your question was over 1,000 characters, so I answered from its beginning.",
		thanksHelpful:    "Thanks, glad it helped.",
		thanksUnhelpful:  "Thanks for telling us. Staff review answers marked not helpful to improve them. If you need help now, press **Talk to staff**.",
		changedHelpful:   "Thanks, I changed your vote to helpful.",
		changedUnhelpful: "Thanks, I changed your vote to not helpful. If you need help now, press **Talk to staff**.",
		staffSent:        "I've passed your question to staff. They will reply in your direct messages.",
		staffAlready:     "Staff already have this question. They will reply in your direct messages.",
		topicGone:        "That topic is no longer in the knowledge base. Please ask your question again.",
		notYours:         "These buttons belong to the person who asked that question. Ask your own question, and use the buttons under my answer to you.",
	},
	"zh": {
		helpful:          "有帮助",
		unhelpful:        "没有帮助",
		staff:            "联系工作人员",
		report:           "举报商品链接",
		source:           "出处：",
		sources:          "来源",
		footer:           "以上为一般信息，不构成法律意见。",
		noAnswer:         "知识库里没有能很好回答“%s”的内容，我不会乱猜。",
		noAnswerHint:     "点 **联系工作人员**，工作人员会在私信里回复你。如果要举报假冒或侵权的商品链接，请点 **举报商品链接**。",
		shortened:        "你的问题超过 1000 个字符，我只根据开头部分作答。",
		thanksHelpful:    "谢谢，很高兴能帮上忙。",
		thanksUnhelpful:  "谢谢反馈。工作人员会检查被标为没有帮助的回答并加以改进。如需马上获得帮助，请点 **联系工作人员**。",
		changedHelpful:   "谢谢，已把你的评价改为有帮助。",
		changedUnhelpful: "谢谢，已把你的评价改为没有帮助。如需马上获得帮助，请点 **联系工作人员**。",
		staffSent:        "已把你的问题转给工作人员，他们会在私信里回复你。",
		staffAlready:     "工作人员已经收到这个问题，他们会在私信里回复你。",
		topicGone:        "这个主题已不在知识库中，请重新提问。",
		notYours:         "这些按钮属于提出该问题的人。请提出你自己的问题，并使用我回答你时附带的按钮。",
	},
}

// uiFor returns the texts for a language, English for any other.
func uiFor(lang string) *askUI {
	if ui, ok := askUIs[lang]; ok {
		return ui
	}
	return askUIs["en"]
}
