package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/metrics"
)

// healthServer serves the operator's endpoints on IPDESK_HEALTH_ADDR:
//
//   - GET /healthz: 200 with each platform's state while every platform
//     is up, 503 otherwise (as before /livez and /readyz existed);
//   - GET /livez: 200 while the process serves HTTP at all, for a
//     liveness probe that restarts a wedged process and nothing more;
//   - GET /readyz: 200 while every configured platform is connected, the
//     database takes a write and no shutdown has begun; 503 with the
//     reasons otherwise, for a readiness probe or a load balancer;
//   - GET /metrics: Prometheus metrics.
func (app *App) healthServer() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h := app.Bot.Health()
		code := http.StatusOK
		for _, p := range h {
			if !p.Up {
				code = http.StatusServiceUnavailable
			}
		}
		writeJSON(w, code, h)
	})
	mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rd := app.readiness(r.Context())
		code := http.StatusOK
		if !rd.Ready {
			code = http.StatusServiceUnavailable
		}
		writeJSON(w, code, rd)
	})
	mux.Handle("GET /metrics", app.Metrics.Handler())
	return &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// Readiness is what /readyz answers: ready or not, and why not.
type Readiness struct {
	Ready     bool         `json:"ready"`
	Platforms []bot.Health `json:"platforms"`
	Database  string       `json:"database"` // "ok", or what failed
	Stopping  bool         `json:"stopping,omitempty"`
	Problems  []string     `json:"problems,omitempty"`
}

// readiness checks every configured platform and the database.
func (app *App) readiness(ctx context.Context) Readiness {
	rd := Readiness{Ready: true, Platforms: app.Bot.Health(), Database: "ok"}
	for _, p := range rd.Platforms {
		if !p.Up {
			rd.Ready = false
			rd.Problems = append(rd.Problems, p.Platform+" is not connected")
		}
	}
	if err := app.dbCheck.writable(ctx, app.DB.Writable); err != nil {
		rd.Ready = false
		rd.Database = ipdesk.ErrorMessage(err)
		if ipdesk.ErrorCode(err) == ipdesk.EINTERNAL {
			rd.Database = "not writable: " + err.Error()
		}
		rd.Problems = append(rd.Problems, "the database takes no writes")
	}
	if app.shutdown.stopping() {
		rd.Ready, rd.Stopping = false, true
		rd.Problems = append(rd.Problems, "shutting down")
	}
	return rd
}

// writeCheck runs the database write check at most once a second, so a
// probe hammering /readyz cannot turn into a stream of writes.
type writeCheck struct {
	mu   sync.Mutex
	at   time.Time
	last error
}

func (c *writeCheck) writable(ctx context.Context, check func(context.Context) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < time.Second {
		return c.last
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	c.last, c.at = check(ctx), time.Now()
	return c.last
}

// watch registers the metrics read at scrape time: each platform's
// connection, the database pool, the important messages kept for retry,
// and the complaints waiting for staff.
func (app *App) watch(adapters []bot.Adapter) {
	var platforms []string
	for _, a := range adapters {
		platforms = append(platforms, a.Platform())
	}
	app.Metrics.WatchAdapters(platforms, app.Bot.Health)
	if db, ok := app.DB.(interface{ SQL() *sql.DB }); ok {
		app.Metrics.WatchDB(db.SQL())
	}
	app.Metrics.WatchOutbox(func(ctx context.Context) (metrics.OutboxCounts, error) {
		st, err := app.Bot.OutboxStats(ctx)
		return metrics.OutboxCounts{Kept: st.Kept, Delivered: st.Delivered, Failed: st.Failed, Waiting: st.Waiting}, err
	})
	app.Metrics.WatchQueue(func(ctx context.Context) (int, time.Duration, error) {
		open, err := app.DB.Queue(ctx)
		if err != nil {
			return 0, 0, err
		}
		n, oldest := 0, time.Duration(0)
		for _, c := range open {
			if c.Status == ipdesk.StatusNeedsInfo {
				continue // waits for the complainant, not for staff
			}
			n++
			since := c.WaitingSince
			if since.IsZero() {
				since = c.CreatedAt
			}
			oldest = max(oldest, time.Since(since))
		}
		return n, oldest, nil
	})
}
