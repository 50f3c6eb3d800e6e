package i18n_test

import (
	"testing"

	"github.com/ipdesk/ipdesk/i18n"
)

// BenchmarkT measures filling one message with placeholders, as every
// reply does a few times.
func BenchmarkT(b *testing.B) {
	p := i18n.Default().Printer(i18n.ZH)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.T("notify.approved_amount", "Amount", "120.00 元")
	}
}

// BenchmarkDetect measures language detection on a typical message.
func BenchmarkDetect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = i18n.Detect("I bought a fake bag from this seller and want my money back")
	}
}
