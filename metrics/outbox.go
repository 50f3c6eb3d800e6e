package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// OutboxCounts is what the bot reports of important messages (receipts,
// decisions) that could not be delivered when sent: how many were kept
// for the background round, delivered later, failed again, and wait now.
type OutboxCounts struct {
	Kept, Delivered, Failed int64
	Waiting                 int
}

var (
	outboxKeptDesc      = prometheus.NewDesc("ipdesk_outbox_kept_total", "Important messages (receipts, decisions) not delivered when sent and kept for retry.", nil, nil)
	outboxDeliveredDesc = prometheus.NewDesc("ipdesk_outbox_delivered_total", "Kept important messages delivered by a later retry.", nil, nil)
	outboxFailedDesc    = prometheus.NewDesc("ipdesk_outbox_retries_failed_total", "Retries of kept important messages that failed again.", nil, nil)
	outboxWaitingDesc   = prometheus.NewDesc("ipdesk_outbox_waiting", "Important messages waiting to be delivered now, restarts included.", nil, nil)
)

// WatchOutbox exports the outbox counts, read with f at every scrape.
func (m *Metrics) WatchOutbox(f func(ctx context.Context) (OutboxCounts, error)) {
	m.reg.MustRegister(&outboxCollector{f: f})
}

type outboxCollector struct {
	f func(ctx context.Context) (OutboxCounts, error)
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxKeptDesc
	ch <- outboxDeliveredDesc
	ch <- outboxFailedDesc
	ch <- outboxWaitingDesc
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := c.f(ctx)
	ch <- prometheus.MustNewConstMetric(outboxKeptDesc, prometheus.CounterValue, float64(n.Kept))
	ch <- prometheus.MustNewConstMetric(outboxDeliveredDesc, prometheus.CounterValue, float64(n.Delivered))
	ch <- prometheus.MustNewConstMetric(outboxFailedDesc, prometheus.CounterValue, float64(n.Failed))
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxWaitingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxWaitingDesc, prometheus.GaugeValue, float64(n.Waiting))
}
