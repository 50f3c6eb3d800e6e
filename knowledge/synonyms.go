package knowledge

// synonyms maps words sellers use to the index term of the word the
// articles use, on both the index and the query side, so that "how much
// does a US TM cost" meets a section about trademark fees and "pics"
// meets "photos". Keys are lower-case words or their stems; values are
// index terms (stems). Keep the list to true equivalents in this domain:
// each entry makes two words indistinguishable everywhere.
var synonyms = func() map[string]string {
	classes := map[string][]string{
		"fee":         {"fees", "cost", "costs", "price", "prices", "pricing", "charges"},
		"photo":       {"photos", "picture", "pictures", "pic", "pics", "image", "images", "photograph", "photographs", "imag", "pictur", "photograph"},
		"counterfeit": {"counterfeits", "fake", "fakes", "replica", "replicas", "knockoff", "knockoffs", "counterfeit", "inauthentic"},
		"buy":         {"buy", "buys", "buying", "bought", "purchase", "purchased", "purchases", "purchasing"},
		"trademark":   {"tm", "trademarks", "tms", "trademark"},
		"lawyer":      {"lawyers", "attorney", "attorneys", "counsel"},
		"lawsuit":     {"lawsuits", "sue", "sued", "suing", "litigation"},
		"freez":       {"frozen", "freeze", "froze", "freezes"},
		"remov":       {"removed", "remove", "removal", "takedown", "takedowns", "pulled", "delisted"},
		"suspend":     {"suspended", "suspension", "deactivated", "deactivation", "banned", "ban"},
		"list":        {"listing", "listings", "auction", "auctions"},
		"china":       {"chinese", "prc", "chines", "mainland"},
		"us":          {"usa", "america", "american", "americans"},
		"eu":          {"europe", "european", "germany", "german", "france", "french", "italy", "italian", "spain", "spanish", "netherlands", "dutch", "poland", "polish", "sweden", "belgium", "austria", "ireland", "eea"},
		"uk":          {"britain", "british", "england"},
		"complain":    {"complaint", "complaints", "complained", "complaining"},
		"author":      {"authorisation", "authorization", "authorised", "authorized", "loa"},
		"inform":      {"info", "infos"},
		"expir":       {"expire", "expires", "expired", "expiring", "expiry", "expiration", "expiri"},
	}
	m := map[string]string{}
	for canon, ws := range classes {
		for _, w := range ws {
			if w != canon {
				m[w] = canon
			}
		}
	}
	return m
}()

// hasSynonym reports whether a lower-case word, or its stem, is one of the
// synonyms.
func hasSynonym(w string) bool {
	if _, ok := synonyms[w]; ok {
		return true
	}
	_, ok := synonyms[stem(w)]
	return ok
}

// zhSynonyms does the same for Chinese bigrams.
var zhSynonyms = map[string]string{
	"高仿": "假货", "仿品": "假货", "山寨": "假货", "假冒": "假货", "冒牌": "假货",
	"照片": "图片", "相片": "图片",
	"投述": "投诉", "举报": "投诉",
	"律师": "律师",
	"费用": "官费",
	"下架": "下架",
}

// zhTerm returns the index term for a Chinese bigram.
func zhTerm(b string) string {
	if c, ok := zhSynonyms[b]; ok {
		return c
	}
	return b
}
