// Package dbcopy moves an ipdesk installation from one store to another
// (SQLite to PostgreSQL and back). It describes every table in neutral
// terms (column names and kinds of value), copies each table in one
// transaction of the target, and proves the copy with a row count and a
// checksum per table computed on both sides.
//
// A store takes part by implementing Store: it reads a table's rows as
// neutral values (int64, string, bool, float64, time.Time in UTC, []byte,
// or nil for NULL) and writes them back.
package dbcopy

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the kind of value a column holds.
type Kind int

// Kinds of column.
const (
	Int   Kind = iota // int64
	Text              // string
	Bool              // bool
	Float             // float64
	Time              // time.Time, UTC, to the microsecond
	Bytes             // []byte
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
	Null bool // may hold NULL
}

// Table is one table of the ipdesk schema, the same in every store.
type Table struct {
	Name    string
	Columns []Column
	// Key lists the primary key's columns, which order the rows read.
	Key []string
	// Serial is set for a table whose id column the store numbers; after
	// a copy the target numbers on from the largest id copied.
	Serial bool
	// Seeded is set for a table every store fills when it is made (the
	// installation's secrets): rows there do not make a target hold data,
	// and the copy replaces them with the source's, so that what was keyed
	// with them (the question log's pseudonyms) still matches.
	Seeded bool
}

// Quote returns name as an SQL identifier, for the column names that are
// keywords in one store ("user" in PostgreSQL).
func Quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// SelectList returns the table's column names quoted, comma-separated.
func (t Table) SelectList() string { return quoteAll(t.ColumnNames()) }

// OrderBy returns the key's column names quoted, comma-separated.
func (t Table) OrderBy() string { return quoteAll(t.Key) }

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}

// ColumnNames returns the table's column names in order.
func (t Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

func cols(spec string) []Column {
	var out []Column
	for _, f := range strings.Fields(spec) {
		name, kind, _ := strings.Cut(f, ":")
		c := Column{Name: name}
		if strings.HasSuffix(kind, "?") {
			c.Null, kind = true, strings.TrimSuffix(kind, "?")
		}
		switch kind {
		case "int":
			c.Kind = Int
		case "text":
			c.Kind = Text
		case "bool":
			c.Kind = Bool
		case "float":
			c.Kind = Float
		case "time":
			c.Kind = Time
		case "bytes":
			c.Kind = Bytes
		default:
			panic("dbcopy: unknown column kind " + f)
		}
		out = append(out, c)
	}
	return out
}

// Tables lists every table that holds ipdesk's data, parents before the
// tables whose rows refer to them. Bookkeeping of one store (its applied
// migrations, the liveness row) is not copied: the target has its own.
var Tables = []Table{
	{Name: "deliveries", Columns: cols("id:text claimed_at:time"), Key: []string{"id"}},
	{Name: "install_secrets", Columns: cols("name:text value:bytes created_at:time"), Key: []string{"name"}, Seeded: true},
	{Name: "user_langs", Columns: cols("user:text lang:text chosen:bool updated_at:time"), Key: []string{"user"}},
	{Name: "questions", Columns: cols("id:int platform:text user_hash:text text:text normalized:text lang:text answered:bool article:text section:text score:float asked_at:time escalated_at:time? conversation:text"),
		Key: []string{"id"}, Serial: true},
	{Name: "question_feedback", Columns: cols("question_id:int user_hash:text helpful:bool voted_at:time reason:text"), Key: []string{"question_id", "user_hash"}},
	{Name: "staff_answers", Columns: cols("id:int question_id:int staff:text text:text answered_at:time drafted_at:time? draft_path:text"), Key: []string{"id"}, Serial: true},
	{Name: "deflections", Columns: cols("id:int platform:text lang:text article:text offered_at:time outcome:text decided_at:time?"), Key: []string{"id"}, Serial: true},
	{Name: "followups", Columns: cols("question_id:int platform:text user_id:text due_at:time"), Key: []string{"question_id"}},
	{Name: "followup_sent", Columns: cols("platform:text user_id:text last_sent:time"), Key: []string{"platform", "user_id"}},
	{Name: "followup_optout", Columns: cols("platform:text user_id:text since:time"), Key: []string{"platform", "user_id"}},
	{Name: "drafts", Columns: cols("platform:text user_id:text id:text place:text step:text state:text created_at:time updated_at:time version:int"), Key: []string{"platform", "user_id"}},
	{Name: "complaints", Columns: cols("id:int ref:text draft_id:text version:int status:text platform:text user_id:text seller_key:text assignee:text card_ref:text body:text created_at:time updated_at:time waiting_since:time payout:text"),
		Key: []string{"id"}, Serial: true},
	{Name: "complaint_privacy", Columns: cols("complaint_id:int hold_since:time? hold_by:text hold_reason:text anonymised_at:time? evidence_expired_at:time?"), Key: []string{"complaint_id"}},
	{Name: "audit", Columns: cols("id:int complaint_id:int? ref:text at:time actor:text role:text platform:text action:text before:text after:text note:text"),
		Key: []string{"id"}, Serial: true},
	{Name: "reminders", Columns: cols("complaint_id:int kind:text period:time sent_at:time sent:bool"), Key: []string{"complaint_id", "kind", "period"}},
	{Name: "repeat_alerts", Columns: cols("id:int seller_key:text alerted_at:time refs:text sent:bool"), Key: []string{"id"}, Serial: true},
	{Name: "pending_answers", Columns: cols("platform:text user_id:text ref:text mode:text body:text created_at:time"), Key: []string{"platform", "user_id"}},
	{Name: "outbox", Columns: cols("id:int address:text about:text body:bytes attempts:int created_at:time next_at:time"), Key: []string{"id"}, Serial: true},
	{Name: "ratings", Columns: cols("complaint_id:int ref:text staff:text asked_at:time score:int? comment:text rated_at:time?"), Key: []string{"complaint_id"}},
	{Name: "draft_warnings", Columns: cols("draft_id:text updated_at:time sent_at:time sent:bool"), Key: []string{"draft_id", "updated_at"}},
	{Name: "weekly_reports", Columns: cols("week:text posted_at:time sent:bool"), Key: []string{"week"}},
	{Name: "inbox", Columns: cols("id:text owner:text body:bytes attempts:int received_at:time lease_until:time applied_at:time? handled_at:time?"), Key: []string{"id"}},
}

// NotCopied lists the tables a store keeps for itself.
var NotCopied = []string{"migrations", "liveness", "sqlite_sequence"}

// Store is a database that can take part in a copy.
type Store interface {
	// ReadRows calls fn with each row of t, in the order of its key, as
	// neutral values in the order of t.Columns.
	ReadRows(ctx context.Context, t Table, fn func(row []any) error) error
	// CountRows returns how many rows t holds.
	CountRows(ctx context.Context, t Table) (int64, error)
	// WriteRows, in one transaction, empties t (append-only tables
	// included) and inserts every row that rows yields, and then numbers
	// new rows of a Serial table from the largest id. A failure leaves t
	// as it was.
	WriteRows(ctx context.Context, t Table, rows func(yield func(row []any) error) error) error
}

// CleanText returns s as every store can keep it: invalid UTF-8 becomes U+FFFD,
// as encoding/json does, and NUL is dropped (PostgreSQL's text holds
// neither). Stores pass text through it on the way in, and checksums are
// taken over it, so a copy of text that needed it still verifies.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}

// Result is what was copied of one table.
type Result struct {
	Table    string
	Rows     int64
	Checksum string // hex SHA-256, the same on both sides
}

// Empty returns the tables of s that hold rows, with their counts; the
// rows of Seeded tables do not count.
func Empty(ctx context.Context, s Store) (nonEmpty map[string]int64, err error) {
	nonEmpty = map[string]int64{}
	for _, t := range Tables {
		if t.Seeded {
			continue
		}
		n, err := s.CountRows(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", t.Name, err)
		}
		if n > 0 {
			nonEmpty[t.Name] = n
		}
	}
	return nonEmpty, nil
}

// Copy copies every table from one store to the other, each in one
// transaction of the target, and verifies each by reading it back: the
// count and checksum of the rows written must be those of the rows read.
// report is called after each table. It refuses a target that holds any
// data unless force is set, in which case the target's tables are
// replaced. A failure stops the copy at that table; the tables before it
// are copied and verified, and a new copy with force starts over.
func Copy(ctx context.Context, from, to Store, force bool, report func(Result)) ([]Result, error) {
	if !force {
		nonEmpty, err := Empty(ctx, to)
		if err != nil {
			return nil, fmt.Errorf("target: %w", err)
		}
		if len(nonEmpty) > 0 {
			var parts []string
			for _, t := range Tables {
				if n, ok := nonEmpty[t.Name]; ok {
					parts = append(parts, fmt.Sprintf("%s (%d rows)", t.Name, n))
				}
			}
			return nil, fmt.Errorf("the target already holds data: %s; copy into an empty database, or pass --force to replace it", strings.Join(parts, ", "))
		}
	}
	// With force, children are emptied before their parents, so that
	// writing a parent's rows never leaves a child pointing at none.
	if force {
		for i := len(Tables) - 1; i >= 0; i-- {
			t := Tables[i]
			if err := to.WriteRows(ctx, t, func(func([]any) error) error { return nil }); err != nil {
				return nil, fmt.Errorf("empty %s: %w", t.Name, err)
			}
		}
	}
	var out []Result
	for _, t := range Tables {
		read := NewSum(t)
		err := to.WriteRows(ctx, t, func(yield func([]any) error) error {
			return from.ReadRows(ctx, t, func(row []any) error {
				if err := read.Add(row); err != nil {
					return err
				}
				return yield(row)
			})
		})
		if err != nil {
			return out, fmt.Errorf("copy %s: %w", t.Name, err)
		}
		written := NewSum(t)
		if err := to.ReadRows(ctx, t, written.Add); err != nil {
			return out, fmt.Errorf("verify %s: %w", t.Name, err)
		}
		if written.Rows() != read.Rows() || written.Hex() != read.Hex() {
			return out, fmt.Errorf("verify %s: read %d rows (checksum %s), the target holds %d (checksum %s)",
				t.Name, read.Rows(), read.Hex()[:16], written.Rows(), written.Hex()[:16])
		}
		r := Result{Table: t.Name, Rows: read.Rows(), Checksum: read.Hex()}
		out = append(out, r)
		if report != nil {
			report(r)
		}
	}
	return out, nil
}

// Sum is the checksum of a table's rows: SHA-256 over the sorted SHA-256
// of each row, so that it does not depend on the order in which a store
// returns rows (text keys sort differently under different collations).
type Sum struct {
	t      Table
	hashes [][32]byte
}

// NewSum returns an empty checksum of rows of t.
func NewSum(t Table) *Sum { return &Sum{t: t} }

// Add adds one row, checking that its values are of the columns' kinds.
func (s *Sum) Add(row []any) error {
	if len(row) != len(s.t.Columns) {
		return fmt.Errorf("%s: row of %d values, want %d", s.t.Name, len(row), len(s.t.Columns))
	}
	h := sha256.New()
	var n [8]byte
	put := func(tag byte, b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write([]byte{tag})
		h.Write(n[:])
		h.Write(b)
	}
	for i, c := range s.t.Columns {
		v := row[i]
		if v == nil {
			if !c.Null {
				return fmt.Errorf("%s.%s: NULL in a column that holds none", s.t.Name, c.Name)
			}
			put('N', nil)
			continue
		}
		var ok bool
		switch c.Kind {
		case Int:
			var x int64
			if x, ok = v.(int64); ok {
				put('i', binary.BigEndian.AppendUint64(nil, uint64(x)))
			}
		case Text:
			var x string
			if x, ok = v.(string); ok {
				put('s', []byte(CleanText(x)))
			}
		case Bool:
			var x bool
			if x, ok = v.(bool); ok {
				b := byte(0)
				if x {
					b = 1
				}
				put('b', []byte{b})
			}
		case Float:
			var x float64
			if x, ok = v.(float64); ok {
				put('f', binary.BigEndian.AppendUint64(nil, math.Float64bits(x)))
			}
		case Time:
			var x time.Time
			if x, ok = v.(time.Time); ok {
				put('t', []byte(x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)))
			}
		case Bytes:
			var x []byte
			if x, ok = v.([]byte); ok {
				put('x', x)
			}
		}
		if !ok {
			return fmt.Errorf("%s.%s: a %T where the column's kind wants another", s.t.Name, c.Name, v)
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	s.hashes = append(s.hashes, sum)
	return nil
}

// Rows returns how many rows were added.
func (s *Sum) Rows() int64 { return int64(len(s.hashes)) }

// Hex returns the checksum in hex.
func (s *Sum) Hex() string {
	sorted := slices.Clone(s.hashes)
	slices.SortFunc(sorted, func(a, b [32]byte) int { return strings.Compare(string(a[:]), string(b[:])) })
	h := sha256.New()
	for _, x := range sorted {
		h.Write(x[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
