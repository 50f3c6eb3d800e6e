package slackfake

import (
	"net/http"
	"net/url"
	"strings"
)

// File is a file a member shared; the fake serves its content at
// url_private_download to requests bearing the bot token.
type File struct {
	ID, Name, Mimetype string
	Content            []byte
	// Title and AltText are what the bot gave a file it uploaded.
	Title, AltText string
}

// AddFile stores a file and returns it with its id filled in when empty.
func (s *Server) AddFile(f File) File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.ID == "" {
		f.ID = s.nextID("F")
	}
	c := f
	s.files[f.ID] = &c
	return f
}

func (s *Server) fileURL(f *File) string {
	return s.http.URL + "/files-pri/" + s.cfg.TeamID + "-" + f.ID + "/" + url.PathEscape(f.Name)
}

// fileJSON is the file object of message events and files.info.
func (s *Server) fileJSON(f *File) map[string]any {
	return map[string]any{
		"id": f.ID, "name": f.Name, "title": f.Name, "mimetype": f.Mimetype,
		"filetype": strings.TrimPrefix(f.Mimetype[strings.LastIndex(f.Mimetype, "/")+1:], "x-"),
		"size":     len(f.Content), "url_private": s.fileURL(f), "url_private_download": s.fileURL(f),
		"mode": "hosted", "is_external": false,
	}
}

func (s *Server) filesInfo(c *Call) (map[string]any, string) {
	f, ok := s.files[c.Get("file")]
	if !ok {
		return nil, "file_not_found"
	}
	return map[string]any{"file": s.fileJSON(f), "comments": []any{}, "paging": map[string]any{"count": 0, "total": 0, "page": 1, "pages": 1}}, ""
}

// serveFile serves /files-pri/TEAM-FILEID/NAME. Without the bot token it
// redirects to the sign-in page, as files.slack.com does.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/files-pri/")
	key, _, _ := strings.Cut(rest, "/")
	id := strings.TrimPrefix(key, s.cfg.TeamID+"-")
	s.mu.Lock()
	f, ok := s.files[id]
	s.calls = append(s.calls, Call{Method: "files.download", Form: url.Values{"file": {id}}, Status: http.StatusOK})
	s.cond.Broadcast()
	s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+s.cfg.BotToken {
		http.Redirect(w, r, "/signin?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.Mimetype)
	w.Write(f.Content)
}
