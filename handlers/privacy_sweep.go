package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// sweepBatch is how many complaints one transaction of the sweep changes,
// so that a first sweep over years of cases does not hold the write lock
// for long.
const sweepBatch = 200

// Run is the retention sweep's loop: one sweep at once and then every
// Interval, until ctx is done. The caller owns it and waits for it.
func (p *Privacy) Run(ctx context.Context) {
	t := time.NewTicker(p.cfg.Interval)
	defer t.Stop()
	for {
		p.Sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SweepCounts is what one retention sweep did.
type SweepCounts struct {
	Questions  int64 // questions deleted, with their votes
	Complaints int   // closed complaints anonymised
	Evidence   int   // closed complaints whose evidence expired
	Files      int   // kept evidence files deleted
	Exports    int   // saved export files deleted
}

// Sweep enforces the retention periods once: questions older than
// Retention.Questions are deleted, closed complaints last changed longer
// ago than Retention.Evidence lose their evidence and those older than
// Retention.ClosedComplaints are anonymised (cases under legal hold are
// left alone), kept evidence files nobody refers to any more are deleted,
// and so are saved exports older than a week. It logs the counts; what
// fails is logged and tried again next time.
func (p *Privacy) Sweep(ctx context.Context) SweepCounts {
	var n SweepCounts
	now := p.cfg.Now()
	r := p.cfg.Retention
	var err error
	if n.Questions, err = p.cfg.Store.PruneQuestions(ctx, now.Add(-r.Questions)); err != nil && ctx.Err() == nil {
		p.log.Error("retention: delete old questions", "err", err)
	}
	for ctx.Err() == nil {
		refs, files, err := p.cfg.Store.AnonymiseClosed(ctx, now.Add(-r.ClosedComplaints), sweepBatch)
		if err != nil {
			if ctx.Err() == nil {
				p.log.Error("retention: anonymise closed complaints", "err", err)
			}
			break
		}
		n.Complaints += len(refs)
		n.Files += p.removeFiles(ctx, files)
		if len(refs) < sweepBatch {
			break
		}
	}
	for ctx.Err() == nil {
		k, files, err := p.cfg.Store.ExpireEvidence(ctx, now.Add(-r.Evidence), sweepBatch)
		if err != nil {
			if ctx.Err() == nil {
				p.log.Error("retention: expire evidence", "err", err)
			}
			break
		}
		n.Evidence += k
		n.Files += p.removeFiles(ctx, files)
		if k < sweepBatch {
			break
		}
	}
	n.Exports = p.removeOldExports(now)
	level := p.log.Debug
	if n != (SweepCounts{}) {
		level = p.log.Info
	}
	level("retention sweep", "questions_deleted", n.Questions, "complaints_anonymised", n.Complaints,
		"evidence_expired", n.Evidence, "evidence_files_deleted", n.Files, "exports_deleted", n.Exports)
	return n
}

// removeFiles deletes kept evidence files by SHA-256 and returns how many
// went.
func (p *Privacy) removeFiles(ctx context.Context, sums []string) int {
	if p.cfg.RemoveEvidence == nil {
		return 0
	}
	n := 0
	for _, s := range sums {
		if err := p.cfg.RemoveEvidence(ctx, s); err != nil {
			p.log.Error("retention: delete evidence file", "sha256", s, "err", err)
			continue
		}
		n++
	}
	return n
}

// removeOldExports deletes export files saved longer than a week ago: they
// were made to be handed over, not kept.
func (p *Privacy) removeOldExports(now time.Time) int {
	entries, err := os.ReadDir(p.cfg.ExportDir)
	if err != nil {
		return 0 // none saved yet
	}
	n := 0
	for _, de := range entries {
		if de.IsDir() || !strings.HasPrefix(de.Name(), "ipdesk-data-") || !strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		info, err := de.Info()
		if err != nil || now.Sub(info.ModTime()) < exportKeep {
			continue
		}
		if err := os.Remove(filepath.Join(p.cfg.ExportDir, de.Name())); err != nil {
			p.log.Error("retention: delete old export", "err", err)
			continue
		}
		n++
	}
	return n
}
