// Package knowledge answers sellers' IP-compliance questions from a base of
// Markdown articles: the ones bundled in the binary, optionally overridden
// by an operator's folder.
//
// Articles are parsed with goldmark into sections by heading and indexed
// in memory, in Go, with columns for the title, the headings, the aliases
// and tags, and the text. Text is turned into terms by analyse: English
// stemmed with Snowball, Chinese cut into words (see segmenter), both
// mapped through the thesaurus (thesaurus.yaml). Every section holding a
// term of the question is ranked with BM25 over the weighted columns times
// the share of the question it covers; the article is chosen by its best
// section mixed with its score as a whole (see articleMix); among its
// sections a small fitted model prefers the one holding the kind of fact
// the question asks for and its words (see pickModel); a fitted model
// decides whether the evidence is enough (see decisionWeights). A
// question that asks several things is cut into its asks (see
// splitParts), each answered as a question of its own in which the
// rest of the question's words weigh less (see partContextSearch), by
// the same section model, fitted on such asks too. An article marked as a
// translation of another language's version (see Article.TranslationOf)
// is searched too, at a share of its score; when its original is
// found for a reader of the translation's language, the sections are
// chosen there and shown from the translation at the same places. The
// weights of both models are fitted on the tuning questions, judged file
// by file on fits to the others (TestDecisionModel, TestSectionModel). The package
// needs no database: an earlier version found candidates with SQLite FTS5,
// but the postings it keeps for ranking find them as fast (see
// BenchmarkQuery10k).
//
// # What is written here and why
//
// Libraries do the parsing (goldmark), the stemming (kljensen/snowball)
// and the YAML. Three pieces are written here. The segmenter, because
// go-ego/gse takes 5.5 s and 196 MB to load its bundled dictionary; it uses
// gse's words. The ranking, because each column must saturate on its own
// and the answer decision needs to know which words of the question a
// section holds, which neither FTS5's bm25 nor a general search library
// reports cheaply; plain BM25 (bleve) measured below this method on
// independent questions. The speller, because it must correct only to the
// base's own vocabulary and run in a few map probes (symmetric deletion);
// Chinese slips of the same sound (商表 for 商标) are corrected the same
// way, to the base's words, with go-pinyin's table of readings (see
// homophones), and so are letters typed for a character's sound ("tou诉"
// for 投诉; see fillPinyin). Ask decides whether the best section answers a
// question well enough to show it, and in which language. The package
// knows nothing of chat platforms; rendering is the caller's.
//
// # Aliases
//
// The front matter's aliases are other ways people ask for an article.
// A section can have its own, in a comment right under its heading, in
// the front matter's list syntax:
//
//	## Keeping a US registration alive
//	<!-- aliases: ["美国商标续展", "section 8 deadline"] -->
//
// They lead a question to that section rather than to the article as a
// whole, which matters most for an alias in another language than the
// article's: it shares no word with any section's text, so nothing else
// tells which section it asks for. The comment is not part of the
// section's Markdown. Lint reports an aliases comment anywhere else, or
// one whose list is malformed or empty.
package knowledge
