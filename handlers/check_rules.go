package handlers

import (
	"strings"

	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// scan holds one listing text while the check's rules run over it. Rules
// that explain a brand occurrence in context ("Nike style", "for iPhone")
// mark it covered, so it is not reported again as a bare brand name.
type scan struct {
	tr      i18n.Printer // the listing's language, which findings are in
	text    string
	ws      []listingWord
	list    *watchlist
	occ     []occurrence
	covered map[int]bool // occurrence index
	used    []bool       // word index taken by an earlier rule
	out     []finding
}

// occurrence is a brand found in the text, spanning words [from, to).
type occurrence struct {
	b        *brand
	from, to int
	misspelt bool
	hashtag  bool
}

func (s *scan) findBrands() {
	s.used = make([]bool, len(s.ws))
	for i := 0; i < len(s.ws); i++ {
		w := s.ws[i]
		if w.hashtag {
			if b := s.list.hashtag(w); b != nil {
				s.occ = append(s.occ, occurrence{b: b, from: i, to: i + 1, hashtag: true})
			}
			continue
		}
		if b, n := s.list.match(s.ws, i); b != nil {
			s.occ = append(s.occ, occurrence{b: b, from: i, to: i + n})
			i += n - 1
			continue
		}
		if b := s.list.misspelt(w.norm); b != nil {
			s.occ = append(s.occ, occurrence{b: b, from: i, to: i + 1, misspelt: true})
		}
	}
}

// quote returns the original text of words [from, to), with the # of a
// hashtag.
func (s *scan) quote(from, to int) string {
	start := s.ws[from].start
	if s.ws[from].hashtag {
		start -= len(s.ws[from].sep) - len(strings.TrimRight(s.ws[from].sep, "#＃"))
	}
	return s.text[start:s.ws[to-1].end]
}

// occAt returns the index of the uncovered, correctly spelt, non-hashtag
// brand occurrence that starts (or, with end, ends) at word i, or -1.
func (s *scan) occAt(i int, end bool) int {
	for k, o := range s.occ {
		at := o.from
		if end {
			at = o.to - 1
		}
		if at == i && !o.hashtag && !o.misspelt && !s.covered[k] {
			return k
		}
	}
	return -1
}

// phraseAt reports whether the words of phrase (space separated, already
// normalised) start at word i, joined as one phrase.
func (s *scan) phraseAt(i int, phrase string) bool {
	parts := phraseWords(phrase)
	if i+len(parts) > len(s.ws) || s.ws[i].norm != parts[0] {
		return false
	}
	for k, p := range parts {
		w := s.ws[i+k]
		if w.norm != p || s.used[i+k] || (k > 0 && phrase != "1 1" && !joinedBy(w.sep)) {
			return false
		}
	}
	return true
}

// phraseWordsCache holds every rule phrase split into words, built once:
// splitting on each call cost more than the matching.
var phraseWordsCache = func() map[string][]string {
	m := map[string][]string{}
	for _, list := range [][]string{counterfeitPhrases, likenessPhrases, compatPhrases, unbrandedPhrases, sameStylePhrases, daigouPhrases} {
		for _, p := range list {
			m[p] = strings.Fields(p)
		}
	}
	return m
}()

func phraseWords(p string) []string {
	if ws, ok := phraseWordsCache[p]; ok {
		return ws
	}
	return strings.Fields(p)
}

// add records a finding, counting repeats of the same words instead of
// listing them twice.
func (s *scan) add(f finding) {
	key := strings.ToLower(f.quote)
	for i := range s.out {
		if strings.ToLower(s.out[i].quote) == key && s.out[i].why == f.why {
			s.out[i].times++
			return
		}
	}
	f.times = 1
	s.out = append(s.out, f)
}

var (
	counterfeitPhrases = []string{
		"replica", "replicas", "dupe", "dupes", "fake", "fakes", "knockoff", "knockoffs",
		"knock off", "counterfeit", "bootleg", "aaa", "aaaa", "mirror quality", "mirror grade",
		"mirror version", "mirror copy", "original quality", "high copy", "super copy",
		"top copy", "first copy", "1 1",
		// Chinese: high copy, original order, remake, one-to-one, copy,
		// fine copy, knock-off (shanzhai), Putian (fake sneakers), dupe,
		// big-brand dupe, surplus order, A-grade goods, super A.
		"高仿", "原单", "复刻", "一比一", "仿品", "仿牌", "精仿", "山寨", "莆田", "平替", "大牌平替",
		"尾单", "a 货", "超 a",
	}
	batteryWords = map[string]bool{"battery": true, "batteries": true, "cell": true, "cells": true, "size": true}
)

// hanTerms are the Chinese words the rules look for. Chinese is written
// without spaces, so a run of Chinese characters is cut at these (and at
// the watchlist's Chinese brand names) before the rules read it.
var hanTerms = func() map[string]bool {
	m := map[string]bool{
		// Split off so "A货", "超A" and "无logo" read as phrases.
		"货": true, "超": true, "无": true,
	}
	for _, list := range [][]string{counterfeitPhrases, compatPhrases, unbrandedPhrases, sameStylePhrases, daigouPhrases} {
		for _, p := range list {
			if hasHan(p) && !strings.Contains(p, " ") {
				m[p] = true
			}
		}
	}
	for _, set := range []map[string]bool{styleWords, authenticityWords, hanPhotos} {
		for w := range set {
			if hasHan(w) {
				m[w] = true
			}
		}
	}
	return m
}()

// hanTermMax is the longest of hanTerms, in characters.
var hanTermMax = func() int {
	n := 0
	for t := range hanTerms {
		n = max(n, len([]rune(t)))
	}
	return n
}()

// counterfeitWords flags words that admit copying, with an adjacent brand
// ("Gucci replica") quoted along.
func (s *scan) counterfeitWords() {
	for i := 0; i < len(s.ws); i++ {
		for _, p := range counterfeitPhrases {
			if !s.phraseAt(i, p) {
				continue
			}
			n := len(phraseWords(p))
			if p == "1 1" && strings.TrimSpace(s.ws[i+1].sep) != ":" && strings.TrimSpace(s.ws[i+1].sep) != "：" {
				continue
			}
			if (p == "aaa" || p == "aaaa") && i+1 < len(s.ws) && batteryWords[s.ws[i+1].norm] {
				continue
			}
			from, to := i, i+n
			after := i + n
			if after < len(s.ws) && (s.ws[after].norm == "of" || s.ws[after].norm == "for") {
				after++ // "dupe of Chanel"
			}
			if k := s.occAt(i-1, true); k >= 0 && joinedBy(s.ws[i].sep) {
				from = s.occ[k].from
				s.covered[k] = true
			} else if k := s.occAt(after, false); k >= 0 && joinedBy(s.ws[after].sep) {
				to = s.occ[k].to
				s.covered[k] = true
			}
			for k := i; k < i+n; k++ {
				s.used[k] = true
			}
			s.add(finding{sev: high, quote: s.quote(from, to), why: s.tr.T("check.counterfeit.why"), instead: s.tr.T("check.counterfeit.instead"), article: "counterfeit", pos: s.ws[from].start})
			i += n - 1
			break
		}
	}
}

// styleWords after a brand say the product imitates it, as "inspired by"
// before one does: "Nike style", "Chanel look", "LV同款" (same style),
// "香奈儿风格" (Chanel style).
var styleWords = map[string]bool{
	"style": true, "styled": true, "styles": true, "type": true, "inspired": true,
	"look": true, "looks": true, "lookalike": true, "quality": true, "alternative": true, "alternatives": true,
	"同款": true, "风格": true, "款式": true,
}

// brandStyle flags "Nike style", "Chanel-inspired", "Rolex quality", also
// with a model in between ("Nike Air Max 90 style").
func (s *scan) brandStyle() {
	for k, o := range s.occ {
		if s.covered[k] || o.hashtag || o.misspelt {
			continue
		}
		j, span := o.to, []int{k}
		for steps := 0; j < len(s.ws) && steps < 3 && joinedBy(s.ws[j].sep); steps++ {
			if m := s.occAt(j, false); m >= 0 {
				span = append(span, m)
				j = s.occ[m].to
			} else if strings.ContainsAny(s.ws[j].norm, "0123456789") {
				j++
			} else {
				break
			}
		}
		if j >= len(s.ws) {
			continue
		}
		next := s.ws[j]
		if !styleWords[next.norm] || s.used[j] || !joinedBy(next.sep) {
			continue
		}
		for _, m := range span {
			s.covered[m] = true
		}
		s.used[j] = true
		s.add(finding{
			sev:     high,
			quote:   s.quote(o.from, j+1),
			why:     s.tr.T("check.style.why", "Brand", markup.Escape(o.b.name), "Word", next.norm),
			instead: s.tr.T("check.style.instead"),
			article: "listing-keywords",
			pos:     s.ws[o.from].start,
		})
	}
}

var likenessPhrases = []string{"inspired by", "looks like", "look like", "same as", "similar to", "identical to"}

// inspiredBy flags "inspired by Chanel", "same as AirPods"; "inspired by"
// without a brand is still a hint of copying.
func (s *scan) inspiredBy() {
	for i := range s.ws {
		for _, p := range likenessPhrases {
			if !s.phraseAt(i, p) {
				continue
			}
			j := i + 2
			if j < len(s.ws) && (s.ws[j].norm == "the" || s.ws[j].norm == "a") {
				j++
			}
			if k := s.occAt(j, false); k >= 0 {
				s.covered[k] = true
				s.add(finding{
					sev:     high,
					quote:   s.quote(i, s.occ[k].to),
					why:     s.tr.T("check.likeness.why", "Phrase", p, "Brand", markup.Escape(s.occ[k].b.name)),
					instead: s.tr.T("check.likeness.instead"),
					article: "listing-keywords",
					pos:     s.ws[i].start,
				})
			} else if p == "inspired by" {
				s.add(finding{
					sev:     medium,
					quote:   s.quote(i, i+2),
					why:     s.tr.T("check.inspired.why"),
					instead: s.tr.T("check.inspired.instead"),
					article: "listing-keywords",
					pos:     s.ws[i].start,
				})
			}
			s.used[i], s.used[i+1] = true, true
			break
		}
	}
}

// compatPhrases introduce the product a listing's item works with, longest
// first.
var compatPhrases = []string{
	"compatible with", "compatible for", "replacement for", "suitable for", "designed for",
	"made for", "works with", "fit for", "fits for", "fits", "fit", "for",
	// Chinese: suitable for, fits, compatible with.
	"适用于", "适用", "适配", "兼容", "专用",
}

// compatibility flags "compatible with iPhone" and "for Dyson": allowed as
// nominative use when the name is needed, the seller's product comes first
// and no logo is used, so low, unless the brand leads the line.
func (s *scan) compatibility() {
	for k, o := range s.occ {
		if s.covered[k] || o.hashtag || o.misspelt {
			continue
		}
		if o.to < len(s.ws) && (s.ws[o.to].norm == "compatible" || s.ws[o.to].norm == "兼容") && joinedBy(s.ws[o.to].sep) && !s.used[o.to] {
			// "Lego compatible": the brand comes first.
			s.covered[k] = true
			s.used[o.to] = true
			s.add(finding{
				sev:     medium,
				quote:   s.quote(o.from, o.to+1),
				why:     s.tr.T("check.compat_first.why", "Brand", markup.Escape(o.b.name)),
				instead: s.tr.T("check.compat_first.instead", "Brand", markup.Escape(o.b.name)),
				article: "listing-keywords",
				pos:     s.ws[o.from].start,
			})
			continue
		}
		for _, p := range compatPhrases {
			n := len(phraseWords(p))
			i := o.from - n
			if i < 0 || !s.phraseAt(i, p) || !joinedBy(s.ws[o.from].sep) {
				continue
			}
			s.covered[k] = true
			f := finding{
				sev:     low,
				quote:   s.quote(i, o.to),
				why:     s.tr.T("check.compat.why", "Brand", markup.Escape(o.b.name)),
				instead: s.tr.T("check.compat.instead", "Brand", markup.Escape(o.b.name)),
				article: "listing-keywords",
				pos:     s.ws[i].start,
			}
			if s.ws[i].lineStart {
				f.sev = medium
				f.why = s.tr.T("check.compat_line.why", "Brand", markup.Escape(o.b.name))
			}
			s.add(f)
			break
		}
	}
}

var unbrandedPhrases = []string{"unbranded", "nonbranded", "unlogoed", "non branded", "no brand", "no logo", "without logo", "logo removed", "no label",
	// Chinese: no label, label removed, label torn off, label cut off, no
	// trademark, no logo.
	"无标", "去标", "撕标", "剪标", "无商标", "无 logo"}

// unbranded flags "unbranded Nike shoes", "Gucci belt no logo": a brand's
// product with its marks left off is a counterfeit sold quietly.
func (s *scan) unbranded() {
	for i := range s.ws {
		for _, p := range unbrandedPhrases {
			if !s.phraseAt(i, p) {
				continue
			}
			n := len(phraseWords(p))
			for k, o := range s.occ {
				if s.covered[k] || o.hashtag || o.from > i+n+2 || o.to < i-3 {
					continue
				}
				s.covered[k] = true
				s.add(finding{
					sev:     high,
					quote:   s.quote(min(i, o.from), max(i+n, o.to)),
					why:     s.tr.T("check.unbranded.why", "Phrase", p, "Brand", markup.Escape(o.b.name)),
					instead: s.tr.T("check.unbranded.instead"),
					article: "counterfeit",
					pos:     s.ws[min(i, o.from)].start,
				})
				break
			}
			break
		}
	}
}

var (
	photoSources = map[string]bool{
		"official": true, "brand": true, "brands": true, "stock": true, "catalog": true, "catalogue": true,
		"supplier": true, "factory": true, "taobao": true, "aliexpress": true, "alibaba": true, "1688": true, "website": true,
	}
	photoWords = map[string]bool{"photo": true, "photos": true, "image": true, "images": true, "picture": true, "pictures": true, "pics": true, "pic": true}
	// hanPhotos are Chinese words for photos the seller did not take:
	// brand-site, official, Taobao, factory and internet pictures.
	hanPhotos = map[string]bool{"官网图": true, "官方图": true, "淘宝图": true, "厂家图": true, "网图": true, "官图": true}
)

// photos flags "official photos", "supplier images": photos the seller did
// not take are usually someone's copyright.
func (s *scan) photos() {
	for i := 0; i < len(s.ws); i++ {
		n := 2
		switch {
		case hanPhotos[s.ws[i].norm] && !s.used[i]:
			n = 1
		case i+1 >= len(s.ws) || !photoSources[s.ws[i].norm] || !photoWords[s.ws[i+1].norm] || !joinedBy(s.ws[i+1].sep) || s.used[i]:
			continue
		}
		for k := i; k < i+n; k++ {
			s.used[k] = true
		}
		s.add(finding{
			sev:     low,
			quote:   s.quote(i, i+n),
			why:     s.tr.T("check.photos.why"),
			instead: s.tr.T("check.photos.instead"),
			article: "image-copyright",
			pos:     s.ws[i].start,
		})
	}
}

var authenticityWords = map[string]bool{
	"original": true, "originals": true, "genuine": true, "authentic": true, "authenticity": true,
	"official": true, "authorized": true, "authorised": true, "licensed": true, "licenced": true,
	// Chinese: genuine, guaranteed genuine, official genuine, brand-counter
	// (department store) genuine, original, authorized, official.
	"正品": true, "正品保证": true, "保证正品": true, "官方正品": true, "专柜": true, "专柜正品": true,
	"原装": true, "原装正品": true, "授权": true, "官方授权": true, "官方": true,
}

// authenticity flags claims of being the brand's own product. They need
// proof; next to a brand they are what counterfeit listings say too.
func (s *scan) authenticity() {
	branded := false
	for _, o := range s.occ {
		if !o.misspelt && !o.b.common {
			branded = true
		}
	}
	for i, w := range s.ws {
		isClaim := authenticityWords[w.norm] || (w.norm == "100" && i+1 < len(s.ws) && s.ws[i+1].norm == "real")
		if !isClaim || s.used[i] {
			continue
		}
		to := i + 1
		if w.norm == "100" {
			to = i + 2
		}
		f := finding{
			sev:     low,
			quote:   s.quote(i, to),
			why:     s.tr.T("check.authentic.why"),
			instead: s.tr.T("check.authentic.instead"),
			article: "supplier-vetting",
			pos:     w.start,
		}
		if branded {
			f.sev = medium
			f.why = s.tr.T("check.authentic_brand.why")
			f.instead = s.tr.T("check.authentic_brand.instead")
		}
		s.add(f)
	}
}

// brandMentions reports many brands in one listing as keyword stuffing,
// then the brand occurrences no other rule explained: misspellings,
// hashtags and plain mentions.
func (s *scan) brandMentions() {
	var names []string
	seen := map[*brand]bool{}
	first := -1
	for _, o := range s.occ {
		if o.misspelt || o.hashtag || o.b.common || seen[o.b] {
			continue
		}
		seen[o.b] = true
		names = append(names, s.quote(o.from, o.to))
		if first < 0 {
			first = s.ws[o.from].start
		}
	}
	if len(names) >= 3 {
		// Brands another rule already explained keep that finding; the
		// rest are covered by this one.
		for k, o := range s.occ {
			if !o.misspelt && !o.hashtag && !o.b.common {
				s.covered[k] = true
			}
		}
		s.add(finding{
			sev:     high,
			quote:   strings.Join(names, ", "),
			why:     s.tr.T("check.stuffing.why"),
			instead: s.tr.T("check.stuffing.instead"),
			article: "listing-keywords",
			pos:     first,
		})
	}
	for k, o := range s.occ {
		if s.covered[k] {
			continue
		}
		name := markup.Escape(o.b.name)
		f := finding{quote: s.quote(o.from, o.to), article: "listing-keywords", pos: s.ws[o.from].start}
		switch {
		case o.misspelt:
			f.sev = high
			f.why = s.tr.T("check.misspelt.why", "Brand", name)
			f.instead = s.tr.T("check.misspelt.instead")
		case o.hashtag:
			f.sev = medium
			f.why = s.tr.T("check.hashtag.why", "Brand", name)
			f.instead = s.tr.T("check.hashtag.instead")
		case o.b.common:
			f.sev = low
			f.why = s.tr.T("check.common.why", "Brand", name)
			f.instead = s.tr.T("check.common.instead")
		default:
			f.sev = medium
			f.why = s.tr.T("check.brand.why", "Brand", name)
			f.instead = s.tr.T("check.brand.instead")
		}
		s.add(f)
	}
}

var (
	// sameStylePhrases: "同款" (same style) with no brand before it, as in
	// 明星同款 (a celebrity's same style).
	sameStylePhrases = []string{"同款"}
	// daigouPhrases: personal shopping abroad (代购, 海外代购).
	daigouPhrases = []string{"代购", "海外代购"}
)

// sameStyle flags "同款" left after brandStyle: a copy of another product,
// often a celebrity's.
func (s *scan) sameStyle() {
	for i, w := range s.ws {
		if s.used[i] || !slicesContains(sameStylePhrases, w.norm) {
			continue
		}
		s.used[i] = true
		from := i
		if i > 0 && joinedBy(w.sep) && hasHan(s.ws[i-1].norm) && !s.used[i-1] {
			from = i - 1 // "明星同款": who it copies
		}
		s.add(finding{sev: medium, quote: s.quote(from, i+1), why: s.tr.T("check.same_style.why"),
			instead: s.tr.T("check.same_style.instead"), article: "listing-keywords", pos: s.ws[from].start})
	}
}

// daigou flags personal-shopper listings, which claim genuine goods bought
// abroad: sellers need the receipts, and brands complain about them.
func (s *scan) daigou() {
	for i, w := range s.ws {
		if s.used[i] || !slicesContains(daigouPhrases, w.norm) {
			continue
		}
		s.used[i] = true
		s.add(finding{sev: medium, quote: s.quote(i, i+1), why: s.tr.T("check.daigou.why"),
			instead: s.tr.T("check.daigou.instead"), article: "parallel-import", pos: w.start})
	}
}

func slicesContains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}
