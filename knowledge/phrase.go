package knowledge

import (
	"math"
	"regexp"
	"strings"
)

// The index holds stemmed words without their order, which loses two
// things a question can say precisely: a phrase ("compatible with",
// where "with" is a stop word) and the very word a seller used where a
// synonym merged it with others ("replica", indexed as counterfeit).
// Choosing among the sections of the article the search found, the few
// sections' text is read again for these surface forms (see
// surfaceScores). The whole base is not: a phrase says which part of an
// article is meant, while the words alone already find the article.

// A surfaceUnit is a phrase or word of a question looked for as written.
type surfaceUnit struct {
	text   string  // lower-case words joined by single spaces
	weight float64 // the base idf of its content words
}

// quoted matches a span the seller put in quotes; an apostrophe inside a
// word ("supplier's") is not a quote.
var quoted = regexp.MustCompile(`(?:^|[\s(:,])["'“‘「『]([^"'“”‘’「」『』]+)["'”’」』](?:$|[\s.,!?;:)])`)

// phraseWeight is how much a phrase found in a section counts against the
// same words found apart; quotedWeight multiplies it again for a phrase
// the seller quoted, which is what the question is about. Measured with
// TestEval and TestHeadlineQuestions.
const (
	phraseWeight = 1.5
	quotedWeight = 2
)

// surfaceUnits returns what of question q to look for as written: word
// pairs that start with a content word, and every run of two or more
// words inside quotes.
func (s *snapshot) surfaceUnits(q string) []surfaceUnit {
	q = stripMentions(clip(q))
	var out []surfaceUnit
	seen := map[string]bool{}
	add := func(ws []string, factor float64) {
		text := strings.Join(ws, " ")
		if seen[text] {
			return
		}
		w := 0.0
		for _, x := range ws {
			if t := englishTok(x); !t.stop() {
				w += s.terms.idf(t.terms[0])
			}
		}
		if w > 0 {
			seen[text] = true
			out = append(out, surfaceUnit{text: text, weight: w * factor})
		}
	}
	for _, m := range quoted.FindAllStringSubmatch(q, -1) {
		ws := words(m[1])
		for i := range ws {
			for j := i + 2; j <= len(ws); j++ {
				add(ws[i:j], phraseWeight*quotedWeight)
			}
		}
	}
	ws := words(q)
	for i, w := range ws {
		// A pair starts with a content word: "compatible with" and
		// "inspired by" are phrases, "an apex" is only grammar.
		if i+1 < len(ws) && !stopWords[w] {
			add(ws[i:i+2], phraseWeight)
		}
	}
	return out
}

// quotedTerms returns the index terms inside the quoted spans of q, or
// nil when q quotes nothing.
func quotedTerms(q string) map[string]bool {
	var out map[string]bool
	for _, m := range quoted.FindAllStringSubmatch(stripMentions(q), -1) {
		for _, t := range terms(m[1]) {
			if out == nil {
				out = map[string]bool{}
			}
			out[t] = true
		}
	}
	return out
}

// surfaceScores scores the sections rows (all of one article) on the
// surface units they contain, each weighted by how few of the sections
// contain it: a phrase every section uses tells them nothing apart.
func (s *snapshot) surfaceScores(rows []int, units []surfaceUnit) []float64 {
	out := make([]float64, len(rows))
	if len(units) == 0 {
		return out
	}
	// A phrase in a section's heading or its own aliases says what the
	// section is about; in its text, only that it comes up.
	n := float64(len(rows))
	in := make([]float64, len(rows))
	for _, u := range units {
		needle := " " + u.text + " "
		df := 0.0
		for k := range rows {
			switch {
			case strings.Contains(s.surface[rows[k]].head, needle):
				in[k] = headPhrase
			case strings.Contains(s.surface[rows[k]].text, needle):
				in[k] = 1
			default:
				in[k] = 0
			}
			if in[k] > 0 {
				df++
			}
		}
		if df == 0 {
			continue
		}
		w := u.weight * math.Log(1+(n-df+0.5)/(df+0.5))
		for k := range rows {
			out[k] += w * in[k]
		}
	}
	return out
}

// A sectionSurface is a section's words as written, lower case, single
// spaces, with a space at each end so that a phrase is found as whole
// words: its heading and own aliases, and its text. It is computed once
// per index, not per question.
type sectionSurface struct {
	head, text string
	// respond is whether the heading is in the words of a seller who
	// received a complaint (see pickSections).
	respond bool
}

// surfaceOf returns the sectionSurface of a section given its headings
// joined by lines (heading), surfaceHead of the words of its headings
// and own aliases (head), and the words of its text (ws; see words).
func surfaceOf(sec *Section, heading, head string, ws []string) sectionSurface {
	return sectionSurface{
		head:    head,
		text:    " " + strings.Join(ws, " ") + " ",
		respond: questionIntent(heading) == IntentRespond,
	}
}

// surfaceHead returns a sectionSurface's head given the words of a
// section's headings and of its own aliases.
func surfaceHead(headWords, aliasWords []string) string {
	n := 1
	for _, w := range headWords {
		n += len(w) + 1
	}
	for _, w := range aliasWords {
		n += len(w) + 1
	}
	var b strings.Builder
	b.Grow(max(n, 2))
	b.WriteByte(' ')
	for _, ws := range [][]string{headWords, aliasWords} {
		for _, w := range ws {
			b.WriteString(w)
			b.WriteByte(' ')
		}
	}
	if n == 1 {
		b.WriteByte(' ') // no words: "  ", as the words joined give
	}
	return b.String()
}

// headPhrase is how much more a phrase counts in a section's heading or
// aliases than in its text.
const headPhrase = 2
