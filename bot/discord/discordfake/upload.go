package discordfake

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
)

// The bot posts files as multipart form data: the message as JSON in the
// payload_json part and each file in a part named files[N], as Discord
// takes them. FilesOf returns the files of a message.

// maxUpload is Discord's upload limit for a server without boosts.
const maxUpload = 10 << 20

// decodeCreate reads a message body, JSON or multipart with files.
func (s *Server) decodeCreate(w http.ResponseWriter, r *http.Request, c *Call) (MessageView, []File, bool) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		v, ok := decodeMessage(w, c)
		return v, nil, ok
	}
	mr := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	var payload []byte
	var files []File
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid multipart data.")
			return MessageView{}, nil, false
		}
		data, err := io.ReadAll(io.LimitReader(part, maxUpload+1))
		if err != nil {
			apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid multipart data.")
			return MessageView{}, nil, false
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files["):
			if len(data) > maxUpload {
				apiError(w, http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
				return MessageView{}, nil, false
			}
			files = append(files, File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		}
	}
	// The call is recorded with its message, so that checks of what the
	// bot sent (pings) read it as they read any message.
	s.mu.Lock()
	c.Body = payload
	s.mu.Unlock()
	v, ok := decodeMessage(w, c)
	return v, files, ok
}

// FilesOf returns the files posted with one of the bot's messages.
func (s *Server) FilesOf(m MessageView) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]File(nil), s.uploaded[m.ID]...)
}
