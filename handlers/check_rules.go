package handlers

import (
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk/bot/markup"
)

// scan holds one listing text while the check's rules run over it. Rules
// that explain a brand occurrence in context ("Nike style", "for iPhone")
// mark it covered, so it is not reported again as a bare brand name.
type scan struct {
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
	for _, list := range [][]string{counterfeitPhrases, likenessPhrases, compatPhrases, unbrandedPhrases} {
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
	}
	// counterfeitCJK are Chinese terms for copies; Chinese has no spaces
	// between words, so they are found as substrings.
	counterfeitCJK = []string{"高仿", "原单", "复刻", "一比一", "A货"}
	batteryWords   = map[string]bool{"battery": true, "batteries": true, "cell": true, "cells": true, "size": true}
)

const (
	whyCounterfeit     = "Words like “replica”, “1:1”, “AAA”, “mirror quality” and “dupe” say the product copies a protected brand or design. Platforms treat such listings as counterfeit and may suspend the account."
	insteadCounterfeit = "Describe what the product is and its features: material, size, colour, use. If it copies a brand's product, do not sell it."
)

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
			s.add(finding{sev: high, quote: s.quote(from, to), why: whyCounterfeit, instead: insteadCounterfeit, article: "counterfeit", pos: s.ws[from].start})
			i += n - 1
			break
		}
	}
	for _, term := range counterfeitCJK {
		for off := 0; ; {
			j := strings.Index(s.text[off:], term)
			if j < 0 {
				break
			}
			s.add(finding{sev: high, quote: term, why: whyCounterfeit, instead: insteadCounterfeit, article: "counterfeit", pos: off + j})
			off += j + len(term)
		}
	}
}

var styleWords = map[string]bool{
	"style": true, "styled": true, "styles": true, "type": true, "inspired": true,
	"lookalike": true, "quality": true, "alternative": true, "alternatives": true,
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
			why:     fmt.Sprintf("“%s %s” uses the brand to sell a product %s did not make; platforms and courts treat it as trademark infringement.", markup.Escape(o.b.name), next.norm, markup.Escape(o.b.name)),
			instead: "Describe the look itself, for example “quilted crossbody bag with chain strap”, without naming the brand.",
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
					why:     fmt.Sprintf("“%s” uses the name %s to sell your product and suggests a connection that is not there.", p, markup.Escape(s.occ[k].b.name)),
					instead: "Describe your own design: shape, material, colour, use.",
					article: "listing-keywords",
					pos:     s.ws[i].start,
				})
			} else if p == "inspired by" {
				s.add(finding{
					sev:     medium,
					quote:   s.quote(i, i+2),
					why:     "“Inspired by” tells buyers and brand owners that the design follows someone else's; with a brand or a famous product after it, it is infringement.",
					instead: "Describe your own design instead of what it resembles.",
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
}

// compatibility flags "compatible with iPhone" and "for Dyson": allowed as
// nominative use when the name is needed, the seller's product comes first
// and no logo is used, so low, unless the brand leads the line.
func (s *scan) compatibility() {
	for k, o := range s.occ {
		if s.covered[k] || o.hashtag || o.misspelt {
			continue
		}
		if o.to < len(s.ws) && s.ws[o.to].norm == "compatible" && joinedBy(s.ws[o.to].sep) && !s.used[o.to] {
			// "Lego compatible": the brand comes first.
			s.covered[k] = true
			s.used[o.to] = true
			s.add(finding{
				sev:     medium,
				quote:   s.quote(o.from, o.to+1),
				why:     fmt.Sprintf("Putting %s before “compatible” makes the brand the first thing a buyer reads. Naming a brand to describe compatibility is allowed only when needed, with your own product first and no logo.", markup.Escape(o.b.name)),
				instead: fmt.Sprintf("Lead with your product and put the brand after it: “[your product], compatible with %s”.", markup.Escape(o.b.name)),
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
				why:     fmt.Sprintf("Naming %s to say what your product fits is usually allowed (nominative fair use) when the name is needed to describe compatibility, your own product comes first, you use the plain word and no logo, and nothing suggests %s made or endorses it.", markup.Escape(o.b.name), markup.Escape(o.b.name)),
				instead: fmt.Sprintf("Keep the name after your product, for example “[your brand] silicone case, compatible with %s”; add “not affiliated with %s” to the description; never use its logo or photos.", markup.Escape(o.b.name), markup.Escape(o.b.name)),
				article: "listing-keywords",
				pos:     s.ws[i].start,
			}
			if s.ws[i].lineStart {
				f.sev = medium
				f.why = fmt.Sprintf("The line starts with %s, so it reads as %s's own product. Naming a brand to describe compatibility is allowed only when needed, with your own product first and no logo.", markup.Escape(o.b.name), markup.Escape(o.b.name))
			}
			s.add(f)
			break
		}
	}
}

var unbrandedPhrases = []string{"unbranded", "nonbranded", "unlogoed", "non branded", "no brand", "no logo", "without logo", "logo removed", "no label"}

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
					why:     fmt.Sprintf("“%s” next to %s suggests that brand's product with its logos left off. Platforms and customs treat that as counterfeit.", p, markup.Escape(o.b.name)),
					instead: "If the product is generic, describe it without any brand, for example “white leather low-top sneakers”.",
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
)

// photos flags "official photos", "supplier images": photos the seller did
// not take are usually someone's copyright.
func (s *scan) photos() {
	for i := 0; i+1 < len(s.ws); i++ {
		if !photoSources[s.ws[i].norm] || !photoWords[s.ws[i+1].norm] || !joinedBy(s.ws[i+1].sep) || s.used[i] {
			continue
		}
		s.used[i], s.used[i+1] = true, true
		s.add(finding{
			sev:     low,
			quote:   s.quote(i, i+2),
			why:     "Photos you did not take (brand, catalogue, supplier or marketplace photos) are usually someone else's copyright, and brand photos also suggest you sell the brand's own product.",
			instead: "Use photos you took of the item you ship, or ones you have a written licence for.",
			article: "image-copyright",
			pos:     s.ws[i].start,
		})
	}
}

var authenticityWords = map[string]bool{
	"original": true, "originals": true, "genuine": true, "authentic": true, "authenticity": true,
	"official": true, "authorized": true, "authorised": true, "licensed": true, "licenced": true,
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
			why:     "Words like “original”, “genuine” and “authentic” claim the product is a brand's own. With no brand named this is usually fine, but platforms look twice; keep proof of where the stock comes from.",
			instead: "Say what is true and provable, for example “new, in original packaging”, and keep supplier invoices.",
			article: "supplier-vetting",
			pos:     w.start,
		}
		if branded {
			f.sev = medium
			f.why = "Next to a brand name, words like “original”, “genuine” and “authentic” claim the product is that brand's own. Claim it only if you can prove it with invoices from the brand or an authorized distributor, or an authorization letter; counterfeit listings use the same words."
			f.instead = "If you can prove it, keep the invoices or authorization letter ready; if not, drop the word and describe the product."
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
			why:     "The listing names several brands. Listing other brands to catch their searches is keyword stuffing: platforms remove it and each brand can complain.",
			instead: "Keep your own brand and, only if true, one “compatible with” model.",
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
			f.why = fmt.Sprintf("This looks like a misspelling of %s. Misspelled brands are treated like the brand itself and look like an attempt to get past filters.", name)
			f.instead = "If you do not sell that brand, remove the word. If you do, spell it correctly and keep the invoices."
		case o.hashtag:
			f.sev = medium
			f.why = fmt.Sprintf("Hashtags are search keywords. A %s hashtag on a product %s did not make borrows its searches: keyword spam to platforms, infringement to the brand.", name, name)
			f.instead = "Tag what the product is, for example #runningshoes or #leatherbag."
		case o.b.common:
			f.sev = low
			f.why = fmt.Sprintf("%s is also a brand. If you mean the brand, use it only for its genuine product or to say what yours fits; if you mean the ordinary word, ignore this.", name)
			f.instead = "Lead with your own brand and what the product is."
		default:
			f.sev = medium
			f.why = fmt.Sprintf("%s is a brand name. Use it only if you sell that brand's genuine product and can show invoices, or to say what your product fits (“compatible with …”).", name)
			f.instead = "For your own or unbranded product, lead with your brand and describe the product: material, size, use."
		}
		s.add(f)
	}
}
