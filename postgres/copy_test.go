package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// Every table and column of the schema is copied by ipdesk db copy, or
// is the store's own bookkeeping.
func TestCopyCoversTheSchema(t *testing.T) {
	db := openTest(t, pgtest.Schema(t))
	ctx := context.Background()
	schema := map[string][]string{}
	rows, err := db.pool.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		schema[table] = append(schema[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for table, cols := range schema {
		if slices.Contains(dbcopy.NotCopied, table) {
			continue
		}
		i := slices.IndexFunc(dbcopy.Tables, func(t dbcopy.Table) bool { return t.Name == table })
		if i < 0 {
			t.Errorf("table %s is not copied by ipdesk db copy", table)
			continue
		}
		if want := dbcopy.Tables[i].ColumnNames(); !slices.Equal(cols, want) {
			t.Errorf("table %s has columns %v; ipdesk db copy moves %v", table, cols, want)
		}
	}
	for _, tb := range dbcopy.Tables {
		if schema[tb.Name] == nil {
			t.Errorf("ipdesk db copy moves %s, which the schema lacks", tb.Name)
		}
	}
}
