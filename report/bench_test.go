package report

import (
	"testing"
	"time"
)

// BenchmarkBuild measures one weekly report, chart included, as the
// Monday loop and the staff command make it.
func BenchmarkBuild(b *testing.B) {
	fonts, err := LoadFonts("")
	if err != nil {
		b.Fatal(err)
	}
	s := sample()
	for _, lang := range []string{"en", "zh"} {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(s, Options{Lang: lang, SLA: 48 * time.Hour, Fonts: fonts}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
