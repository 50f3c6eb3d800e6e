package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/ipdesk/ipdesk/dbcopy"
)

// Every table and column of the schema is copied by ipdesk db copy, or
// is the store's own bookkeeping: a migration that adds one must add it to
// dbcopy.Tables (and to the PostgreSQL schema) too.
func TestCopyCoversTheSchema(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	schema := map[string][]string{}
	rows, err := db.db.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`)
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
	for table, cols := range schema {
		if slices.Contains(dbcopy.NotCopied, table) {
			continue
		}
		i := slices.IndexFunc(dbcopy.Tables, func(t dbcopy.Table) bool { return t.Name == table })
		if i < 0 {
			t.Errorf("table %s is not copied by ipdesk db copy", table)
			continue
		}
		want := dbcopy.Tables[i].ColumnNames()
		slices.Sort(want)
		slices.Sort(cols)
		if !slices.Equal(cols, want) {
			t.Errorf("table %s has columns %v; ipdesk db copy moves %v", table, cols, want)
		}
	}
	for _, tb := range dbcopy.Tables {
		if schema[tb.Name] == nil {
			t.Errorf("ipdesk db copy moves %s, which the schema lacks", tb.Name)
		}
	}
}
