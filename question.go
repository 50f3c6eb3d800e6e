package ipdesk

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionText is the longest question text answered and kept in the
// question log, in characters; a longer one keeps its beginning and its
// end (see ClipQuestion). It counts characters, not bytes: a Chinese
// character takes three bytes, and at 1,000 bytes a seller's story of 400
// Chinese characters was cut before its questions and told it was over
// 1,000 characters.
const MaxQuestionText = 1000

// A Question is one question asked of the knowledge base, as logged so that
// staff can see what the base answers badly or not at all. The asker is kept
// only as their Pseudonym: enough to count one vote per person and to find a
// person's questions when they ask for them, not to say who asked.
type Question struct {
	ID       int64
	Platform string
	// UserID is the asker's platform user id. It is given when a question
	// is recorded and never stored or returned; UserHash, their
	// Pseudonym, is.
	UserID   string
	UserHash string
	Text     string
	Lang     string // "en" or "zh"
	Answered bool
	// Article is the "lang/id" of the article the best section came from
	// and Section its citation; both are set for unanswered questions too
	// (the best guess, which was not shown) and empty when nothing matched.
	Article string
	Section string
	Score   float64
	AskedAt time.Time
	// Escalated is when the asker forwarded the question to staff; zero
	// when they did not.
	Escalated time.Time
	// Conversation is where the question was asked: the installation's
	// ConversationPseudonym of the asker's channel and thread, which the
	// caller sets with the store's, never a channel or thread id. It lets a
	// follow-up asked there be read with this question by a process that
	// did not answer it (see the store's LastQuestions). It is empty for a
	// question logged before conversations were kept, and for a topic or
	// section opened from a button, which no follow-up is read with.
	Conversation string
}

// A QuestionGap is a question that the knowledge base could not answer,
// counted over every time it was asked in the same words (see
// NormalizeQuestion).
type QuestionGap struct {
	Text      string // the latest wording
	Count     int
	LastAsked time.Time
}

// An UnhelpfulAnswer is a section that askers marked as not helpful, with
// how many did and one of the questions it was shown for.
type UnhelpfulAnswer struct {
	Article   string
	Section   string
	Unhelpful int
	Helpful   int
	Example   string // the latest question that got a not-helpful vote
	LastVote  time.Time
	// Reasons are the latest reasons people gave with their not-helpful
	// votes, newest first.
	Reasons []string
}

// HashUser returns the unsalted hash under which the question log kept a
// user before each installation had a secret. Platform user ids are few and
// guessable, so on its own it hides nothing from someone who can guess ids;
// Pseudonym keys it with the installation's secret.
func HashUser(platform, userID string) string {
	sum := sha256.Sum256([]byte("ipdesk question asker\x00" + platform + "\x00" + userID))
	return hex.EncodeToString(sum[:16])
}

// NormalizeQuestion reduces a question to the form under which repeated
// questions are counted together: lower case, punctuation and runs of space
// turned into single spaces. "How do I renew my TM??" and "how do i renew my
// tm" are the same gap.
func NormalizeQuestion(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// ClipQuestion cuts s to at most MaxQuestionText characters and reports
// whether it cut anything. A longer text keeps its beginning and its end,
// joined by clipGap, each cut at a space near the cut when there is one:
// a seller who pastes a notice asks about it before or after it ("can I
// send a counter notice?" after the notice's text), and a story's
// questions come at its end. Kept from its beginning only, a pasted
// notice of 1,458 characters followed by its question was answered from
// the notice's opening words.
func ClipQuestion(s string) (string, bool) {
	if len(s) <= MaxQuestionText || utf8.RuneCountInString(s) <= MaxQuestionText {
		return s, false
	}
	keep := MaxQuestionText - utf8.RuneCountInString(clipGap)
	// head ends after keep/2 characters, tail starts keep-keep/2 from
	// the end; neither walk reads the rest of a long text.
	h := 0
	for n := 0; n < keep/2; n++ {
		_, size := utf8.DecodeRuneInString(s[h:])
		h += size
	}
	t := len(s)
	for n := 0; n < keep-keep/2; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:t])
		t -= size
	}
	head, tail := s[:h], s[t:]
	if k := strings.LastIndexFunc(head, unicode.IsSpace); k >= 0 && utf8.RuneCountInString(head[k:]) <= clipSlack {
		head = head[:k]
	}
	if k := strings.IndexFunc(tail, unicode.IsSpace); k >= 0 && utf8.RuneCountInString(tail[:k]) < clipSlack {
		tail = tail[k:]
	}
	return strings.TrimRightFunc(head, unicode.IsSpace) + clipGap + strings.TrimLeftFunc(tail, unicode.IsSpace), true
}

// clipGap marks where ClipQuestion left out the middle of a text; clipSlack
// is how many characters it goes back or on to cut at a space.
const (
	clipGap   = " … "
	clipSlack = 20
)

// A StaffAnswer is what a staff member answered someone whose question was
// forwarded to staff: the makings of an article.
type StaffAnswer struct {
	ID         int64
	QuestionID int64
	Question   *Question
	Staff      string // "platform:userid"
	Text       string
	At         time.Time
	// DraftPath is where it was saved as an article draft, if it was.
	DraftPath string
}

// What came of an article offered at the start of a complaint.
const (
	DeflectionContinued = "continued" // the person went on to the complaint
	DeflectionAnswered  = "answered"  // the person said the article answered it
)

// DeflectionStats counts the articles offered at the start of a complaint
// since a time, and what came of them.
type DeflectionStats struct {
	Since     time.Time
	Offered   int
	Continued int // went on to file
	Answered  int // said the article answered it
}

// Ended is how many offers ended the conversation: the person said the
// article answered it, or went no further.
func (s DeflectionStats) Ended() int { return s.Offered - s.Continued }

// A Followup is a "did this answer help?" message due to the asker of a
// question they did not vote on.
type Followup struct {
	QuestionID int64
	Platform   string
	UserID     string
}
