package knowledge

import (
	"context"
	"time"
)

// Watch polls the override folder every interval and re-indexes when a
// file was added, changed or removed, until ctx is done. Polling needs no
// dependency and works on network and container mounts where change
// notifications do not arrive; a few stat calls a second cost nothing.
// Problems are reported through Options.OnProblem and the index keeps
// serving what it had. Without a folder, Watch just waits for ctx.
func (ix *Index) Watch(ctx context.Context, interval time.Duration) error {
	if ix.opts.Dir == "" {
		<-ctx.Done()
		return nil
	}
	if ix.wait(ctx) != nil {
		return nil // ctx ended before the first build did
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var lastErr string
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		err := ix.reloadIfChanged(ctx)
		if err != nil && err.Error() != lastErr && ctx.Err() == nil {
			ix.report(err)
		}
		if err == nil {
			lastErr = ""
		} else {
			lastErr = err.Error()
		}
	}
}

// reloadIfChanged reloads when the folder's signature moved since the last
// load.
func (ix *Index) reloadIfChanged(ctx context.Context) error {
	sig, err := ix.dirSignature()
	if err != nil {
		return err
	}
	ix.mu.RLock()
	same := sig == ix.lastSig
	ix.mu.RUnlock()
	if same {
		return nil
	}
	return ix.Reload(ctx)
}
