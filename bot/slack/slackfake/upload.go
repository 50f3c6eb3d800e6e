package slackfake

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// Uploads by the bot follow Slack's three steps: files.getUploadURLExternal
// gives an upload URL and a file id, the client posts the content there as
// multipart form data with the bot token, and files.completeUploadExternal
// shares the uploaded files in a channel, with an optional comment. The
// share is a message of the bot, shown like any other; FilesOf returns its
// files.

func init() {
	botMethods["files.getUploadURLExternal"] = (*Server).filesGetUploadURLExternal
	botMethods["files.completeUploadExternal"] = (*Server).filesCompleteUploadExternal
}

// pendingUpload is a file between getUploadURLExternal and completion.
type pendingUpload struct {
	file     File
	length   int
	uploaded bool
}

// uploadState holds the fake's uploads; created on first use.
type uploadState struct {
	pending map[string]*pendingUpload // file id → upload
	shared  map[string][]File         // channel + "/" + ts → files
}

func (s *Server) uploadsLocked() *uploadState {
	if s.uploads == nil {
		s.uploads = &uploadState{pending: map[string]*pendingUpload{}, shared: map[string][]File{}}
	}
	return s.uploads
}

func (s *Server) filesGetUploadURLExternal(c *Call) (map[string]any, string) {
	name := c.Get("filename")
	n, err := strconv.Atoi(c.Get("length"))
	if name == "" || err != nil || n <= 0 {
		return nil, "invalid_arguments"
	}
	id := s.nextID("F")
	s.uploadsLocked().pending[id] = &pendingUpload{file: File{ID: id, Name: name, AltText: c.Get("alt_txt")}, length: n}
	return map[string]any{"upload_url": s.http.URL + "/upload/" + id, "file_id": id}, ""
}

// serveUpload takes the content of a pending upload.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	if r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer "+s.cfg.BotToken {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		http.Error(w, "want multipart/form-data", http.StatusBadRequest)
		return
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var data []byte
	var typ string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if part.FormName() == "file" {
			if data, err = io.ReadAll(part); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			typ = part.Header.Get("Content-Type")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	up := s.uploadsLocked().pending[id]
	if up == nil {
		http.NotFound(w, r)
		return
	}
	if len(data) != up.length {
		http.Error(w, "length does not match files.getUploadURLExternal", http.StatusBadRequest)
		return
	}
	up.file.Content, up.file.Mimetype, up.uploaded = data, typ, true
	s.calls = append(s.calls, Call{Method: "files.upload", Status: http.StatusOK})
	s.cond.Broadcast()
	io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

func (s *Server) filesCompleteUploadExternal(c *Call) (map[string]any, string) {
	var want []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Get("files")), &want); err != nil || len(want) == 0 {
		return nil, "invalid_arguments"
	}
	ch := c.Get("channel_id")
	if ch == "" || !validChannel(ch) {
		return nil, "channel_not_found"
	}
	st := s.uploadsLocked()
	var files []File
	var out []map[string]any
	for _, f := range want {
		up := st.pending[f.ID]
		if up == nil || !up.uploaded {
			return nil, "file_not_found"
		}
		up.file.Title = f.Title
		files = append(files, up.file)
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
		delete(st.pending, f.ID)
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: c.Get("thread_ts"), Text: c.Get("initial_comment")}
	s.messages = append(s.messages, m)
	st.shared[ch+"/"+m.TS] = files
	s.show(m)
	return map[string]any{"files": out}, ""
}

// FilesOf returns the files the bot shared with message m, in order.
func (s *Server) FilesOf(m *Message) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]File(nil), s.uploadsLocked().shared[m.Channel+"/"+m.TS]...)
}
