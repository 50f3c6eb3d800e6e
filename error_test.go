package ipdesk_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ipdesk/ipdesk"
)

func TestErrorCodeAndMessage(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"nil", nil, "", ""},
		{"plain", errors.New("disk on fire"), ipdesk.EINTERNAL, "Internal error."},
		{"app", ipdesk.Errorf(ipdesk.EINVALID, "amount must be positive"), ipdesk.EINVALID, "amount must be positive"},
		{"wrapped", fmt.Errorf("save: %w", ipdesk.Errorf(ipdesk.ECONFLICT, "already decided")), ipdesk.ECONFLICT, "already decided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ipdesk.ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("code = %q, want %q", got, tt.wantCode)
			}
			if got := ipdesk.ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("message = %q, want %q", got, tt.wantMsg)
			}
		})
	}
}
