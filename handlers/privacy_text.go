package handlers

// privacyUI holds the texts of the privacy requests in one language. A
// request typed in Chinese (我的数据, 删除我的数据) is answered in Chinese.
type privacyUI struct {
	fileTitle string
	// sentToDM takes the number of questions and of complaints.
	sentToDM string
	// savedAt takes the file's path (platforms that cannot take files).
	savedAt string
	// forgetAsk is the confirmation; forgetOpen takes the open
	// complaints that would be withdrawn.
	forgetAsk, forgetOpen   string
	forgetYes, forgetKeep   string
	kept, expired, notYours string
	// forgotten takes the counts of questions, votes, complaints; held
	// takes the number kept under legal hold.
	forgotten, held, nothing, afterwards string
}

var privacyUIs = map[string]*privacyUI{
	"en": {
		fileTitle: "Your data held by ipdesk",
		sentToDM:  "I've sent you a file in our direct messages with everything I hold about you: %d question(s) and %d complaint(s), with their history. Keep it safe: it holds your own words and contact details.",
		savedAt:   "Everything I hold about you (%d question(s), %d complaint(s)) is saved in the file `%s`. It holds personal data: hand it over securely and then delete it.",
		forgetAsk: "Delete what I hold about you? This deletes your questions and your votes on answers, any complaint you are still filing, and your settings; " +
			"your complaints are kept only without your name, email and user id (and without what you wrote, unless staff hold a case for a dispute). It cannot be undone.",
		forgetOpen: "Your open complaint(s) %s will be **withdrawn**: without your details nobody could tell you the outcome.",
		forgetYes:  "Yes, delete my data",
		forgetKeep: "Keep my data",
		kept:       "Nothing was deleted.",
		expired:    "That confirmation is over an hour old. Type `forget me` again if you still want your data deleted.",
		notYours:   "This button belongs to the person who asked to delete their data; it cannot delete yours. Type `forget me` to delete your own.",
		forgotten:  "Done. I deleted %d question(s) with %d vote(s), and anonymised %d complaint(s).",
		held:       " %d of them are under legal hold: what was written in them is kept for the dispute, without your name, email or user id.",
		nothing:    "Done. I held nothing about you any more.",
		afterwards: "The record that you asked stays, under an anonymous id. Messages already shown in chat stay with the chat platform; you can delete your own there.",
	},
	"zh": {
		fileTitle: "ipdesk 保存的你的数据",
		sentToDM:  "已在私信里发给你一个文件，包含我保存的关于你的全部数据：%d 个问题和 %d 个投诉及其处理记录。文件里有你自己写的内容和联系方式，请妥善保管。",
		savedAt:   "我保存的关于你的全部数据（%d 个问题，%d 个投诉）已保存到文件 `%s`。文件含个人数据：请安全地交给本人，之后删除。",
		forgetAsk: "删除我保存的关于你的数据吗？这会删除你提过的问题和对回答的评价、你还没提交的投诉草稿和你的设置；" +
			"你的投诉只保留不含你的姓名、邮箱和用户 ID 的记录（你写的内容也会删除，除非工作人员因纠纷对该案件设置了法律保留）。删除后无法恢复。",
		forgetOpen: "你尚未结案的投诉 %s 将被**撤回**：没有你的信息，就无法再通知你处理结果。",
		forgetYes:  "确认删除我的数据",
		forgetKeep: "保留我的数据",
		kept:       "没有删除任何数据。",
		expired:    "这个确认已超过一小时。如果仍要删除数据，请重新输入 `删除我的数据`。",
		notYours:   "这个按钮属于申请删除数据的那个人，不能删除你的数据。要删除你自己的数据，请输入 `删除我的数据`。",
		forgotten:  "已完成。删除了 %d 个问题和 %d 条评价，并对 %d 个投诉做了匿名化处理。",
		held:       "其中 %d 个投诉处于法律保留状态：其中写的内容为处理纠纷而保留，但不再含你的姓名、邮箱和用户 ID。",
		nothing:    "已完成。我已不再保存任何关于你的数据。",
		afterwards: "你提出过删除申请这一记录会以匿名 ID 保留。已经显示在聊天里的消息由聊天平台保存，你可以在平台上删除自己的消息。",
	},
}

func privacyUIFor(lang string) *privacyUI {
	if ui, ok := privacyUIs[lang]; ok {
		return ui
	}
	return privacyUIs["en"]
}
