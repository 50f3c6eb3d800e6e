package discordfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
)

// A bot attaches files to a message it creates with a multipart request:
// the message in the "payload_json" part and each file in a "files[n]"
// part, as discordgo sends it. The fake keeps them as the message's Files.

// maxAttachments and maxAttachmentBytes are Discord's limits for a bot's
// message without boosts: ten files, 10 MiB in all.
const (
	maxAttachments     = 10
	maxAttachmentBytes = 10 << 20
)

var filePart = regexp.MustCompile(`^files\[(\d+)\]$`)

// handleMessageCreateOrUpload serves POST /channels/{channel}/messages in
// both forms Discord takes: JSON, or multipart with files.
func (s *Server) handleMessageCreateOrUpload(w http.ResponseWriter, r *http.Request, c *Call) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		s.handleMessageCreate(w, r, c)
		return
	}
	var payload []byte
	var files []File
	total := 0
	mr := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
		data, err := io.ReadAll(io.LimitReader(p, maxAttachmentBytes+1))
		if err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case filePart.MatchString(name):
			if p.FileName() == "" {
				apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+name+" has no file name")
				return
			}
			total += len(data)
			files = append(files, File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	}
	if len(files) > maxAttachments {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: files: Must be 10 or fewer in length.")
		return
	}
	if total > maxAttachmentBytes {
		apiError(w, http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
		return
	}
	var v MessageView
	if len(payload) > 0 {
		if err := json.Unmarshal(payload, &v); err != nil {
			apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			return
		}
	}
	if v.Content == "" && len(v.Embeds) == 0 && len(files) == 0 {
		apiError(w, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	if msg := validateMessage(v); msg != "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
		return
	}
	// The recorded call keeps the message, as for a JSON post, so that
	// Call.Message and CheckPingsNobody read it.
	s.mu.Lock()
	c.Body = payload
	ch := c.Param("channel")
	if target := s.channels[ch]; target != nil && target.closed {
		s.mu.Unlock()
		apiError(w, http.StatusForbidden, 50007, "Cannot send messages to this user")
		return
	}
	v.Files = files
	m := s.postLocked(ch, v)
	var atts []any
	for i, f := range files {
		fid := s.newID()
		s.files[fid] = attachment{name: f.Name, contentType: f.ContentType, data: f.Data}
		atts = append(atts, map[string]any{"id": fid, "filename": f.Name, "size": len(f.Data), "content_type": f.ContentType,
			"url": fmt.Sprintf("%s/attachments/%s/%s/%s", s.URL, ch, fid, f.Name), "position": strconv.Itoa(i)})
	}
	s.showLocked(m)
	out := *m
	dm := s.isDMLocked(ch)
	s.notifyLocked()
	s.mu.Unlock()
	s.echo(out, dm)
	resp := messageJSON(out, s.cfg.GuildID, dm)
	resp["attachments"] = atts
	writeJSON(w, http.StatusOK, resp)
}
