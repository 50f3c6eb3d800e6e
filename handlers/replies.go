package handlers

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ipdesk/ipdesk"
	"gopkg.in/yaml.v3"
)

// Saved replies are texts staff reuse when rejecting a complaint or asking
// its complainant for information. They live in a file (IPDESK_REPLIES),
// Markdown or YAML, which is read again whenever it changes, so staff can
// edit it while the bot runs. Placeholders such as {ref} and
// {marketplace} are filled in from the complaint.
//
// Markdown: each reply is a "## Reject: TITLE" or "## Ask: TITLE" heading
// followed by its text; a reject reply may start with a line "Reason:
// CODE" (one of the rejection reason codes).
//
//	## Reject: Photos too blurry
//	Reason: insufficient_evidence
//
//	The photos sent with {ref} do not show the label clearly.
//
//	## Ask: Receipt
//	Please send a photo of your {marketplace} receipt for order {order}.
//
// YAML: a map with lists under "reject" and "ask", each item with title,
// text and, for reject, reason:
//
//	reject:
//	  - title: Photos too blurry
//	    reason: insufficient_evidence
//	    text: The photos sent with {ref} do not show the label clearly.
//	ask:
//	  - title: Receipt
//	    text: Please send a photo of your {marketplace} receipt for order {order}.

// SavedReply is one saved text.
type SavedReply struct {
	Kind   string // "reject" or "ask"
	Title  string
	Reason string // a rejection reason code, for reject replies
	Text   string
}

// Saved reply kinds.
const (
	replyReject = "reject"
	replyAsk    = "ask"
)

// maxSavedReplies bounds the replies offered at once: every one is a
// button.
const maxSavedReplies = 20

// placeholders are what a saved reply may name, filled from the complaint.
var placeholders = map[string]func(c *ipdesk.Complaint) string{
	"ref":         func(c *ipdesk.Complaint) string { return c.Ref },
	"marketplace": func(c *ipdesk.Complaint) string { return marketplace(c).Name },
	"seller":      func(c *ipdesk.Complaint) string { return c.Seller },
	"order":       func(c *ipdesk.Complaint) string { return c.OrderNumber },
	"listing": func(c *ipdesk.Complaint) string {
		if len(c.ListingURLs) > 0 {
			return c.ListingURLs[0]
		}
		return ""
	},
	"amount": func(c *ipdesk.Complaint) string {
		if c.Amount > 0 {
			return ipdesk.FormatAmount(c.Amount, c.Currency)
		}
		return ""
	},
	"kind": func(c *ipdesk.Complaint) string { return c.Kind.Label() },
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Fill returns the reply's text for a complaint, placeholders filled in.
func (r SavedReply) Fill(c *ipdesk.Complaint) string {
	return placeholder.ReplaceAllStringFunc(r.Text, func(m string) string {
		if f, ok := placeholders[m[1:len(m)-1]]; ok {
			return f(c)
		}
		return m
	})
}

// ParseReplies reads saved replies from a file's content; name decides
// the format (.yaml or .yml for YAML, anything else Markdown). It returns
// every problem found, each naming the reply.
func ParseReplies(name string, data []byte) ([]SavedReply, error) {
	var out []SavedReply
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		out, err = parseRepliesYAML(data)
	default:
		out, err = parseRepliesMarkdown(data)
	}
	if err != nil {
		return nil, err
	}
	var problems []string
	for i := range out {
		r := &out[i]
		r.Title, r.Text, r.Reason = strings.TrimSpace(r.Title), strings.TrimSpace(r.Text), strings.TrimSpace(r.Reason)
		what := fmt.Sprintf("%s reply %q", r.Kind, r.Title)
		if _, err := ipdesk.CleanText(r.Title, "The title", 1, 60, false); err != nil {
			problems = append(problems, what+": "+ipdesk.ErrorMessage(err))
		}
		if _, err := ipdesk.CleanText(r.Text, "The text", 5, 900, true); err != nil {
			problems = append(problems, what+": "+ipdesk.ErrorMessage(err))
		}
		if r.Kind == replyReject {
			if r.Reason == "" {
				r.Reason = "other"
			}
			if ipdesk.ReasonLabel(r.Reason) == r.Reason {
				problems = append(problems, fmt.Sprintf("%s: unknown reason %q", what, r.Reason))
			}
		}
		for _, m := range placeholder.FindAllStringSubmatch(r.Text, -1) {
			if placeholders[m[1]] == nil {
				problems = append(problems, fmt.Sprintf("%s: unknown placeholder {%s}", what, m[1]))
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("saved replies: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

var replyHeading = regexp.MustCompile(`(?i)^##\s+(reject|ask|info)\s*:\s*(.+)$`)
var reasonLine = regexp.MustCompile(`(?i)^reason\s*:\s*([a-z_]+)\s*$`)

func parseRepliesMarkdown(data []byte) ([]SavedReply, error) {
	var out []SavedReply
	var cur *SavedReply
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.Join(body, "\n")
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if m := replyHeading.FindStringSubmatch(line); m != nil {
			flush()
			kind := strings.ToLower(m[1])
			if kind == "info" {
				kind = replyAsk
			}
			cur = &SavedReply{Kind: kind, Title: m[2]}
			continue
		}
		if strings.HasPrefix(line, "## ") {
			return nil, fmt.Errorf("saved replies: line %d: a heading must be \"## Reject: TITLE\" or \"## Ask: TITLE\"", n)
		}
		if cur == nil {
			continue // a title or notes before the first reply
		}
		if m := reasonLine.FindStringSubmatch(line); m != nil && cur.Kind == replyReject && cur.Reason == "" && strings.TrimSpace(strings.Join(body, "")) == "" {
			cur.Reason = strings.ToLower(m[1])
			continue
		}
		body = append(body, line)
	}
	flush()
	return out, sc.Err()
}

func parseRepliesYAML(data []byte) ([]SavedReply, error) {
	var doc struct {
		Reject []struct{ Title, Reason, Text string } `yaml:"reject"`
		Ask    []struct{ Title, Text string }         `yaml:"ask"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("saved replies: %w", err)
	}
	var out []SavedReply
	for _, r := range doc.Reject {
		out = append(out, SavedReply{Kind: replyReject, Title: r.Title, Reason: r.Reason, Text: r.Text})
	}
	for _, r := range doc.Ask {
		out = append(out, SavedReply{Kind: replyAsk, Title: r.Title, Text: r.Text})
	}
	return out, nil
}

// Replies is a file of saved replies, read again when it changes. A file
// that fails to parse is logged and the last good version kept.
type Replies struct {
	path string
	log  *slog.Logger

	mu      sync.Mutex
	modTime time.Time
	size    int64
	replies []SavedReply
}

// NewReplies reads the saved replies in path; it returns the problems of a
// file that cannot be used at start.
func NewReplies(path string, log *slog.Logger) (*Replies, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Replies{path: path, log: log}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("saved replies: %w", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("saved replies: %w", err)
	}
	if r.replies, err = ParseReplies(path, data); err != nil {
		return nil, err
	}
	r.modTime, r.size = fi.ModTime(), fi.Size()
	return r, nil
}

// Of returns the saved replies of a kind, as the file says now.
func (r *Replies) Of(kind string) []SavedReply {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if fi, err := os.Stat(r.path); err != nil {
		r.log.Warn("saved replies: the file is gone; keeping the last version", "err", err)
	} else if !fi.ModTime().Equal(r.modTime) || fi.Size() != r.size {
		data, err := os.ReadFile(r.path)
		if err == nil {
			var parsed []SavedReply
			if parsed, err = ParseReplies(r.path, data); err == nil {
				r.replies = parsed
				r.log.Info("saved replies reloaded", "count", len(parsed))
			}
		}
		if err != nil {
			r.log.Error("saved replies: keeping the last good version", "err", err)
		}
		r.modTime, r.size = fi.ModTime(), fi.Size()
	}
	var out []SavedReply
	for _, sr := range r.replies {
		if sr.Kind == kind && len(out) < maxSavedReplies {
			out = append(out, sr)
		}
	}
	return out
}

// Tag is a short fingerprint of the reply, carried by its button so that a
// press after the file changed is not taken for another reply.
func (r SavedReply) Tag() string {
	sum := sha256.Sum256([]byte(r.Kind + "\x00" + r.Title + "\x00" + r.Reason + "\x00" + r.Text))
	return hex.EncodeToString(sum[:4])
}
