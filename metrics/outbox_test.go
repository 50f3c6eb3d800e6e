package metrics_test

import (
	"context"
	"testing"

	"github.com/ipdesk/ipdesk/metrics"
)

// The outbox counts are read from the bot at every scrape.
func TestOutboxCounts(t *testing.T) {
	m := metrics.New(metrics.Build{Version: "v1"})
	counts := metrics.OutboxCounts{Kept: 3, Delivered: 2, Failed: 4, Waiting: 1}
	m.WatchOutbox(func(context.Context) (metrics.OutboxCounts, error) { return counts, nil })
	expose(t, m, `
# HELP ipdesk_outbox_delivered_total Kept important messages delivered by a later retry.
# TYPE ipdesk_outbox_delivered_total counter
ipdesk_outbox_delivered_total 2
# HELP ipdesk_outbox_kept_total Important messages (receipts, decisions) not delivered when sent and kept for retry.
# TYPE ipdesk_outbox_kept_total counter
ipdesk_outbox_kept_total 3
# HELP ipdesk_outbox_retries_failed_total Retries of kept important messages that failed again.
# TYPE ipdesk_outbox_retries_failed_total counter
ipdesk_outbox_retries_failed_total 4
# HELP ipdesk_outbox_waiting Important messages waiting to be delivered now, restarts included.
# TYPE ipdesk_outbox_waiting gauge
ipdesk_outbox_waiting 1
`, "ipdesk_outbox_kept_total", "ipdesk_outbox_delivered_total", "ipdesk_outbox_retries_failed_total", "ipdesk_outbox_waiting")
	counts = metrics.OutboxCounts{Kept: 4, Delivered: 3, Failed: 4}
	expose(t, m, `
# HELP ipdesk_outbox_waiting Important messages waiting to be delivered now, restarts included.
# TYPE ipdesk_outbox_waiting gauge
ipdesk_outbox_waiting 0
`, "ipdesk_outbox_waiting")
}
