package dbcopy

import (
	"testing"
	"time"
)

var table = Table{Name: "t", Columns: cols("id:int name:text ok:bool score:float at:time? body:bytes"), Key: []string{"id"}}

func sum(t *testing.T, rows ...[]any) string {
	t.Helper()
	s := NewSum(table)
	for _, r := range rows {
		if err := s.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return s.Hex()
}

func TestSumSeesEveryValueButNotTheOrder(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
	a := []any{int64(1), "seller", true, 1.5, at, []byte("{}")}
	b := []any{int64(2), "other", false, 0.0, nil, []byte{}}
	base := sum(t, a, b)
	if sum(t, b, a) != base {
		t.Error("the checksum depends on the order of the rows")
	}
	// The same instant in another zone, or with nanoseconds a store does
	// not keep, is the same value.
	a2 := []any{int64(1), "seller", true, 1.5, at.Truncate(time.Microsecond).In(time.FixedZone("CST", 8*3600)), []byte("{}")}
	if sum(t, a2, b) != base {
		t.Error("the checksum depends on the time zone or on nanoseconds")
	}
	for i, changed := range [][]any{
		{int64(3), "seller", true, 1.5, at, []byte("{}")},
		{int64(1), "Seller", true, 1.5, at, []byte("{}")},
		{int64(1), "seller", false, 1.5, at, []byte("{}")},
		{int64(1), "seller", true, 1.25, at, []byte("{}")},
		{int64(1), "seller", true, 1.5, at.Add(time.Microsecond), []byte("{}")},
		{int64(1), "seller", true, 1.5, nil, []byte("{}")},
		{int64(1), "seller", true, 1.5, at, []byte("{ }")},
	} {
		if sum(t, changed, b) == base {
			t.Errorf("change %d left the checksum as it was", i)
		}
	}
	if sum(t, a) == base || sum(t, a, b, b) == base {
		t.Error("a missing or doubled row left the checksum as it was")
	}
	// Text a store cannot keep as it is counts as what it keeps.
	if sum(t, []any{int64(1), "a\x00b\xff", true, 1.5, nil, []byte{}}) != sum(t, []any{int64(1), "ab\uFFFD", true, 1.5, nil, []byte{}}) {
		t.Error("cleaned text does not match its original")
	}
}

func TestSumRefusesValuesOfTheWrongKind(t *testing.T) {
	for _, row := range [][]any{
		{int32(1), "x", true, 1.0, nil, []byte{}},
		{int64(1), []byte("x"), true, 1.0, nil, []byte{}},
		{int64(1), "x", int64(1), 1.0, nil, []byte{}},
		{int64(1), "x", true, 1.0, "2026-03-01", []byte{}},
		{nil, "x", true, 1.0, nil, []byte{}},
		{int64(1), "x", true},
	} {
		if err := NewSum(table).Add(row); err == nil {
			t.Errorf("row %v accepted", row)
		}
	}
}
