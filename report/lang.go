package report

// words are the report's texts in one language.
type words struct {
	title            string // "Weekly report: %s – %s"
	filed            string // "%d complaints filed"
	outcomes         string // "approved %d, rejected %d, withdrawn %d, open %d"
	decided          string // "%d decided; median time to decision %s"
	withinSLA        string // "within the %s SLA"
	overSLA          string // "over the %s SLA"
	noDecisions      string
	breaches         string // "%d waited for staff past the SLA"
	waiting          string // "%d waiting for staff now"
	questions        string // "%d questions: %d answered (%d%%), %d declined"
	noQuestions      string
	satisfaction     string // "Satisfaction: %d%% helpful (%d of %d votes)"
	noVotes          string
	unanswered       string
	noUnanswered     string
	asked            string // "asked %d×"
	chartNote        string // "Chart: the last %d weeks."
	savedAt          string // "Chart saved at %s"
	chartComplaints  string
	chartDecision    string
	chartSLA         string // "SLA %s"
	chartQuestions   string
	chartSatisfied   string
	approved         string
	rejected         string
	withdrawn        string
	open             string
	answered         string
	declined         string
	chartTitle       string // upload title "%s"
	chartAlt         string
	hoursUnit, daysU string
}

var en = &words{
	title:           "**Weekly report** — week of %s",
	filed:           "**Complaints:** %d filed",
	outcomes:        "(now approved %d, rejected %d, withdrawn %d, open %d)",
	decided:         "%d decided; median time to decision **%s**",
	withinSLA:       "within the %s SLA ✅",
	overSLA:         "over the %s SLA ⚠️",
	noDecisions:     "none decided",
	breaches:        "%d waited for staff past the SLA",
	waiting:         "%d waiting for staff now",
	questions:       "**Questions:** %d asked, %d answered (%d%%), %d declined",
	noQuestions:     "**Questions:** none asked",
	satisfaction:    "**Satisfaction:** %d%% of votes helpful (%d of %d)",
	noVotes:         "**Satisfaction:** no votes on answers",
	unanswered:      "**Top unanswered questions**",
	noUnanswered:    "**Top unanswered questions:** none, every question had an answer",
	asked:           "asked %d×",
	chartNote:       "_The chart shows the last %d weeks._",
	savedAt:         "Chart saved at `%s`",
	chartComplaints: "Complaints filed, by outcome",
	chartDecision:   "Median hours to decision",
	chartSLA:        "SLA %s",
	chartQuestions:  "Questions answered and declined",
	chartSatisfied:  "Answers rated helpful (%)",
	approved:        "approved",
	rejected:        "rejected",
	withdrawn:       "withdrawn",
	open:            "open",
	answered:        "answered",
	declined:        "declined",
	chartTitle:      "ipdesk weekly report, week of %s",
	chartAlt:        "Four bar charts over the last %d weeks: complaints filed by outcome, median hours to a decision against the SLA, questions answered and declined, and the share of answers rated helpful.",
	hoursUnit:       "h",
	daysU:           "d",
}

var zh = &words{
	title:           "**每周报告** — %s 当周",
	filed:           "**投诉：** 新提交 %d 件",
	outcomes:        "（目前批准 %d，驳回 %d，撤回 %d，处理中 %d）",
	decided:         "已决定 %d 件；决定用时中位数 **%s**",
	withinSLA:       "在 %s 时限内 ✅",
	overSLA:         "超过 %s 时限 ⚠️",
	noDecisions:     "本周无决定",
	breaches:        "%d 件等待员工超过时限",
	waiting:         "目前 %d 件等待员工处理",
	questions:       "**问题：** 共 %d 个，已回答 %d 个（%d%%），未能回答 %d 个",
	noQuestions:     "**问题：** 本周无人提问",
	satisfaction:    "**满意度：** %d%% 的评价认为有帮助（%d / %d）",
	noVotes:         "**满意度：** 本周无人评价回答",
	unanswered:      "**最常见的未回答问题**",
	noUnanswered:    "**最常见的未回答问题：** 无，每个问题都有回答",
	asked:           "被问 %d 次",
	chartNote:       "_图表显示最近 %d 周。_",
	savedAt:         "图表已保存到 `%s`",
	chartComplaints: "新投诉（按结果）",
	chartDecision:   "决定用时中位数（小时）",
	chartSLA:        "时限 %s",
	chartQuestions:  "已回答与未回答的问题",
	chartSatisfied:  "认为有帮助的回答（%）",
	approved:        "批准",
	rejected:        "驳回",
	withdrawn:       "撤回",
	open:            "处理中",
	answered:        "已回答",
	declined:        "未回答",
	chartTitle:      "ipdesk 每周报告，%s 当周",
	chartAlt:        "最近 %d 周的四个柱状图：按结果分的新投诉、决定用时中位数与时限、已回答与未回答的问题、认为有帮助的回答比例。",
	hoursUnit:       "小时",
	daysU:           "天",
}

// wordsFor returns the texts for a language, English unless "zh".
func wordsFor(lang string) *words {
	if lang == "zh" {
		return zh
	}
	return en
}
