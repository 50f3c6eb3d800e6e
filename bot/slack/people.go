package slack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// maxNames bounds the display-name cache; past it the cache starts over.
const maxNames = 10000

// user describes a Slack user for an event. Staff comes from the staff user
// groups; the Bot adds its configured staff list on top.
func (a *Adapter) user(ctx context.Context, id, name string) bot.User {
	a.mu.Lock()
	cached, ok := a.names[id]
	staff := a.staff[id]
	a.mu.Unlock()
	switch {
	case ok:
		name = cached
	case name == "":
		name = id
		if u, err := a.api.GetUserInfoContext(ctx, id); err == nil {
			name = displayName(u)
			a.mu.Lock()
			if len(a.names) >= maxNames {
				a.names = map[string]string{}
				a.locales = map[string]string{}
			}
			a.names[id] = name
			if u.Locale != "" {
				a.locales[id] = u.Locale
			}
			a.mu.Unlock()
		} else {
			a.log.Debug("users.info failed", "user", id, "err", err)
		}
	}
	return bot.User{Platform: bot.Slack, ID: id, Name: name, Staff: staff}
}

// locale returns the Slack locale of user id ("zh-CN") when users.info has
// told it, or "". Slack sends no locale with events; the adapter learns it
// with the display name, and events carry it from then on.
func (a *Adapter) locale(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.locales[id]
}

func displayName(u *slack.User) string {
	for _, n := range []string{u.Profile.DisplayName, u.RealName, u.Name} {
		if n != "" {
			return n
		}
	}
	return u.ID
}

// refreshStaff re-reads the members of the staff user groups. When a group
// cannot be read the previous members are kept and the failure is logged,
// so a Slack hiccup does not strip staff of their rights.
func (a *Adapter) refreshStaff(ctx context.Context) {
	members := map[string]bool{}
	for _, g := range a.cfg.StaffGroups {
		ids, err := a.api.GetUserGroupMembersContext(ctx, g)
		if err != nil {
			a.log.Warn("cannot read staff user group; keeping the previous members", "group", g, "err", apiError("usergroups.users.list", err))
			return
		}
		for _, id := range ids {
			members[id] = true
		}
	}
	a.mu.Lock()
	a.staff = members
	a.mu.Unlock()
}

func (a *Adapter) keepStaffFresh(ctx context.Context) {
	t := time.NewTicker(a.cfg.StaffRefresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.refreshStaff(ctx)
		}
	}
}

// maxDownload bounds a file fetched into memory for hashing.
const maxDownload = 25 << 20

var errTooLarge = errors.New("file larger than 25 MiB")

// files describes files shared with a message; Open downloads one with the
// bot token (files:read).
func (a *Adapter) files(fs []slack.File) []bot.File {
	var out []bot.File
	for _, f := range fs {
		url := f.URLPrivateDownload
		if url == "" {
			url = f.URLPrivate
		}
		bf := bot.File{ID: f.ID, Name: f.Name, Type: f.Mimetype, Size: int64(f.Size), URL: url}
		if url != "" && !f.IsExternal {
			bf.Open = func(ctx context.Context) (io.ReadCloser, error) {
				var buf limitedBuffer
				if err := a.api.GetFileContext(ctx, url, &buf); err != nil {
					return nil, apiError("file download", err)
				}
				return io.NopCloser(bytes.NewReader(buf.b.Bytes())), nil
			}
		}
		out = append(out, bf)
	}
	return out
}

// OpenFile downloads a file an event carried, again, with the bot token:
// for an event handled again after a restart (see bot.FileOpener).
func (a *Adapter) OpenFile(ctx context.Context, f bot.File) (io.ReadCloser, error) {
	var buf limitedBuffer
	if err := a.api.GetFileContext(ctx, f.URL, &buf); err != nil {
		return nil, apiError("file download", err)
	}
	return io.NopCloser(bytes.NewReader(buf.b.Bytes())), nil
}

var _ bot.FileOpener = (*Adapter)(nil)

type limitedBuffer struct{ b bytes.Buffer }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > maxDownload {
		return 0, errTooLarge
	}
	return l.b.Write(p)
}
