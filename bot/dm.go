package bot

import (
	"context"

	lru "github.com/hashicorp/golang-lru/v2"
)

// DMChannels remembers the direct-message channel the platform opened with
// each user, so that writing to a user costs one look-up per user, not one
// per message. It keeps the most recently used limit users; one forgotten
// is looked up again. Both adapters use it. It is safe for concurrent use.
type DMChannels struct {
	c *lru.Cache[string, string]
}

// NewDMChannels returns an empty cache of up to limit users' channels.
func NewDMChannels(limit int) *DMChannels {
	c, err := lru.New[string, string](max(limit, 1))
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &DMChannels{c: c}
}

// Channel returns user's DM channel, calling open (which asks the
// platform) when it is not remembered. Two concurrent first calls may both
// open it; the platform returns the same channel to both.
func (d *DMChannels) Channel(ctx context.Context, user string, open func(context.Context) (string, error)) (string, error) {
	if id, ok := d.c.Get(user); ok {
		return id, nil
	}
	id, err := open(ctx)
	if err != nil {
		return "", err
	}
	d.c.Add(user, id)
	return id, nil
}
