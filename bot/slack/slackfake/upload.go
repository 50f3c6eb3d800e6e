package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Upload is a file the bot posted with Slack's external upload: asked for
// an upload URL (files.getUploadURLExternal), sent the bytes there, and
// shared it into a conversation (files.completeUploadExternal).
type Upload struct {
	ID, Name, Title, AltText string
	Length                   int    // the length the bot announced
	Content                  []byte // what it sent to the upload URL
	Channel, ThreadTS        string // where it was shared; "" until then
	Comment                  string // initial_comment, if any
}

// uploads are the fake's upload state, under Server.mu.
type uploads struct {
	byID   map[string]*Upload
	shared []*Upload
}

func init() {
	botMethods["files.getUploadURLExternal"] = (*Server).filesGetUploadURLExternal
	botMethods["files.completeUploadExternal"] = (*Server).filesCompleteUploadExternal
}

// maxUpload is the largest file the fake accepts, as Slack's limit for
// files posted by apps is far beyond what a bot should send in chat.
const maxUpload = 50 << 20

func (s *Server) filesGetUploadURLExternal(c *Call) (map[string]any, string) {
	name := c.Get("filename")
	n, err := strconv.Atoi(c.Get("length"))
	if name == "" || err != nil || n <= 0 || n > maxUpload {
		return nil, "invalid_arguments"
	}
	if s.uploads.byID == nil {
		s.uploads.byID = map[string]*Upload{}
	}
	u := &Upload{ID: s.nextID("F"), Name: name, Length: n, AltText: c.Get("alt_txt")}
	s.uploads.byID[u.ID] = u
	return map[string]any{"upload_url": s.http.URL + "/upload/" + u.ID, "file_id": u.ID}, ""
}

// serveUpload takes the bytes of a file at its upload URL: a multipart
// form with the file in "file", bearing the bot token, as slack-go sends
// it. The length must be the one announced.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.cfg.BotToken {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file: "+err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.uploads.byID[id]
	s.calls = append(s.calls, Call{Method: "files.upload_url", Form: map[string][]string{"file": {id}}, Status: http.StatusOK})
	s.cond.Broadcast()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if len(data) != u.Length {
		http.Error(w, fmt.Sprintf("got %d bytes, announced %d", len(data), u.Length), http.StatusBadRequest)
		return
	}
	u.Content = data
	w.Write([]byte("OK - " + strconv.Itoa(len(data))))
}

func (s *Server) filesCompleteUploadExternal(c *Call) (map[string]any, string) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Get("files")), &files); err != nil || len(files) == 0 {
		return nil, "invalid_arguments"
	}
	ch := c.Get("channel_id")
	if ch != "" && !validChannel(ch) {
		return nil, "channel_not_found"
	}
	var out []any
	for _, f := range files {
		u, ok := s.uploads.byID[f.ID]
		if !ok {
			return nil, "file_not_found"
		}
		if u.Content == nil {
			return nil, "file_upload_not_completed" // the bytes never reached the upload URL
		}
		u.Title, u.Channel, u.ThreadTS, u.Comment = f.Title, ch, c.Get("thread_ts"), c.Get("initial_comment")
		if u.Title == "" {
			u.Title = u.Name
		}
		delete(s.uploads.byID, f.ID)
		s.uploads.shared = append(s.uploads.shared, u)
		s.files[u.ID] = &File{ID: u.ID, Name: u.Name, Mimetype: mimeOf(u.Name), Content: u.Content}
		out = append(out, map[string]any{"id": u.ID, "title": u.Title})
	}
	return map[string]any{"files": out}, ""
}

func mimeOf(name string) string {
	switch {
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	case strings.HasSuffix(name, ".jpg"), strings.HasSuffix(name, ".jpeg"):
		return "image/jpeg"
	}
	return "application/octet-stream"
}

// Uploads returns the files shared into conversations so far, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Upload, len(s.uploads.shared))
	for i, u := range s.uploads.shared {
		out[i] = *u
	}
	return out
}

// WaitUpload waits until at least n files were shared and returns the nth
// (counting from 1).
func (s *Server) WaitUpload(ctx context.Context, n int) (Upload, error) {
	var out Upload
	err := s.waitFor(ctx, func() bool {
		if len(s.uploads.shared) >= n {
			out = *s.uploads.shared[n-1]
			return true
		}
		return false
	})
	if err != nil {
		return Upload{}, fmt.Errorf("waiting for upload %d: %w", n, err)
	}
	return out, nil
}
