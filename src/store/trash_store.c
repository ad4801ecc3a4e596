/*
 * trash_store.c — the trash: a deleted branch kept whole as JSON, put back with its own
 * ids until an administrator empties the trash (see trash_store.h).
 *
 * Nothing here names the tables that hang on an element: the schema says it. The
 * tables are read from sqlite_master and their foreign keys from PRAGMA
 * foreign_key_list, then the rows are collected by a walk from the top element: a row
 * whose foreign key cascades from a collected row is collected in turn (the element's
 * children by parent_id, its milestones, the milestones' dependencies…); a row whose
 * foreign key is ON DELETE SET NULL only gets a link noted (an agenda item loses its
 * element, and gets it back on restore if nobody set another since). A table added by a
 * later migration is thus kept without changing this file.
 *
 * Table and column names are the schema's own, never user input; they are still quoted
 * as identifiers in the statements built here. Values are always bound.
 *
 * Restoring inserts rows in the order the content lists them (referenced rows first).
 * Before each insert the row's foreign keys are checked against today's data: a row
 * that cascaded from a row gone since (a contribution from an element deleted later) is
 * left out, as the cascade would have removed it; a SET NULL reference to a row gone is
 * put back as NULL; anything else refuses the restore. The parent element and the codes
 * are checked first, so that the usual refusals name what to do.
 *
 * The steering view's cache (steering_view.c) sees this connection's writes through
 * sqlite3_total_changes64(), so a restore invalidates it like any element write.
 */
#include "store/trash_store.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/change_log.h"
#include "util/buf.h"
#include "util/i18n.h"

#define TRASH_FORMAT 1

/* ---- a set of rowids ------------------------------------------------------------------ */

/* Open addressing, at most half full; rowid 0 never marks an empty slot (a flag does). */
typedef struct {
	int64_t *keys;
	unsigned char *used;
	size_t mask, count;
	int64_t *order; /* the rowids in the order they were added */
	size_t order_cap;
} rowid_set;

static size_t rowid_slot(int64_t id, size_t mask)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 20) & mask;
}

static bool rowid_set_has(const rowid_set *set, int64_t id)
{
	if (!set->keys)
		return false;
	for (size_t i = rowid_slot(id, set->mask);; i = (i + 1) & set->mask) {
		if (!set->used[i])
			return false;
		if (set->keys[i] == id)
			return true;
	}
}

static void rowid_set_place(rowid_set *set, int64_t id)
{
	size_t i = rowid_slot(id, set->mask);
	while (set->used[i])
		i = (i + 1) & set->mask;
	set->used[i] = 1;
	set->keys[i] = id;
}

/* Add id; false when it was there already. */
static bool rowid_set_add(arena *a, rowid_set *set, int64_t id)
{
	if (rowid_set_has(set, id))
		return false;
	if (!set->keys || (set->count + 1) * 2 > set->mask + 1) {
		size_t cap = set->keys ? (set->mask + 1) * 2 : 16;
		rowid_set grown = {.keys = arena_alloc(a, cap * sizeof(int64_t)),
		                   .used = arena_alloc(a, cap), .mask = cap - 1};
		for (size_t k = 0; k < set->count; k++)
			rowid_set_place(&grown, set->order[k]);
		set->keys = grown.keys;
		set->used = grown.used;
		set->mask = grown.mask;
	}
	rowid_set_place(set, id);
	if (set->count == set->order_cap) {
		size_t cap = set->order_cap ? set->order_cap * 2 : 16;
		set->order = arena_realloc(a, set->order, set->order_cap * sizeof(int64_t),
		                           cap * sizeof(int64_t));
		set->order_cap = cap;
	}
	set->order[set->count++] = id;
	return true;
}

/* ---- the schema ------------------------------------------------------------------------ */

typedef struct schema_table schema_table;

typedef struct {
	schema_table *from;          /* the referencing table */
	const char *to_name;         /* the referenced table's name */
	schema_table *to;            /* NULL when not a table of the schema */
	size_t column_count;
	const char **from_columns, **to_columns; /* to_columns[i] NULL: the primary key */
	const char *on_delete;       /* "CASCADE", "SET NULL", "RESTRICT"… */
} foreign_key;

struct schema_table {
	const char *name;
	const char **columns;
	size_t column_count;
	const char *rowid_alias;     /* the INTEGER PRIMARY KEY column; NULL when none */
	const char **primary_key;    /* columns, in key order */
	size_t primary_key_count;
	foreign_key *keys;           /* its own foreign keys */
	size_t key_count;
	rowid_set rows;              /* collected */
	bool emitted;                /* placed in the content's order */
};

typedef struct {
	schema_table *tables;
	size_t count;
} schema;

static bool is_cascade(const foreign_key *k)
{
	return strcasecmp(k->on_delete, "CASCADE") == 0;
}

static bool is_set_null(const foreign_key *k)
{
	return strcasecmp(k->on_delete, "SET NULL") == 0;
}

/* Tables whose rows are not part of a branch even if they named it. */
static bool table_skipped(const char *name)
{
	return strcmp(name, "change_log") == 0 || strcmp(name, "trash") == 0 ||
	       strcmp(name, "audit_log") == 0 || strcmp(name, "schema_migration") == 0;
}

static schema_table *schema_find(schema *sc, const char *name)
{
	for (size_t k = 0; k < sc->count; k++)
		if (strcmp(sc->tables[k].name, name) == 0)
			return &sc->tables[k];
	return NULL;
}

static bool schema_columns_load(store *s, arena *a, schema_table *t, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT name, upper(coalesce(type, '')), pk FROM pragma_table_info(?1) ORDER BY cid", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	int rc;
	const char *integer_key = NULL;
	size_t pk_columns = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = store_column_text(a, st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		int64_t pk = sqlite3_column_int64(st, 2);
		t->columns = arena_realloc(a, t->columns, t->column_count * sizeof(char *),
		                           (t->column_count + 1) * sizeof(char *));
		t->columns[t->column_count++] = name;
		if (pk > 0) {
			pk_columns++;
			if (type && strcmp(type, "INTEGER") == 0)
				integer_key = name;
			if ((size_t)pk > t->primary_key_count) {
				t->primary_key = arena_realloc(a, t->primary_key,
				                               t->primary_key_count * sizeof(char *),
				                               (size_t)pk * sizeof(char *));
				t->primary_key_count = (size_t)pk;
			}
			t->primary_key[pk - 1] = name;
		}
	}
	t->rowid_alias = pk_columns == 1 ? integer_key : NULL;
	return store_read_end(s, st, rc, d, _("lecture du schéma de la base impossible"));
}

static bool schema_keys_load(store *s, arena *a, schema_table *t, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1)"
		" ORDER BY id, seq", d);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	int rc;
	int64_t last_id = -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id != last_id) {
			t->keys = arena_realloc(a, t->keys, t->key_count * sizeof(foreign_key),
			                        (t->key_count + 1) * sizeof(foreign_key));
			foreign_key *k = &t->keys[t->key_count++];
			k->from = t;
			k->to_name = store_column_text(a, st, 1);
			k->on_delete = store_column_text(a, st, 4);
			if (!k->on_delete)
				k->on_delete = "NO ACTION";
			last_id = id;
		}
		foreign_key *k = &t->keys[t->key_count - 1];
		k->from_columns = arena_realloc(a, k->from_columns, k->column_count * sizeof(char *),
		                                (k->column_count + 1) * sizeof(char *));
		k->to_columns = arena_realloc(a, k->to_columns, k->column_count * sizeof(char *),
		                              (k->column_count + 1) * sizeof(char *));
		k->from_columns[k->column_count] = store_column_text(a, st, 2);
		k->to_columns[k->column_count] = store_column_text(a, st, 3);
		k->column_count++;
	}
	return store_read_end(s, st, rc, d, _("lecture du schéma de la base impossible"));
}

/* Every table of the database but SQLite's own, with columns and foreign keys; the
 * referenced columns left implicit (REFERENCES t) resolved to t's primary key. */
static bool schema_load(store *s, arena *a, schema *sc, diag_list *d)
{
	*sc = (schema){0};
	sqlite3_stmt *st = store_prepare(s,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
		" AND upper(sql) NOT LIKE '%WITHOUT ROWID%' ORDER BY name", d);
	if (!st)
		return false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = store_column_text(a, st, 0);
		if (table_skipped(name))
			continue;
		sc->tables = arena_realloc(a, sc->tables, sc->count * sizeof(schema_table),
		                           (sc->count + 1) * sizeof(schema_table));
		sc->tables[sc->count++] = (schema_table){.name = name};
	}
	if (!store_read_end(s, st, rc, d, _("lecture du schéma de la base impossible")))
		return false;
	for (size_t k = 0; k < sc->count; k++)
		if (!schema_columns_load(s, a, &sc->tables[k], d) ||
		    !schema_keys_load(s, a, &sc->tables[k], d))
			return false;
	for (size_t k = 0; k < sc->count; k++) {
		schema_table *t = &sc->tables[k];
		for (size_t j = 0; j < t->key_count; j++) {
			foreign_key *fk = &t->keys[j];
			fk->from = t;
			fk->to = schema_find(sc, fk->to_name);
			for (size_t c = 0; c < fk->column_count; c++)
				if (!fk->to_columns[c] && fk->to && c < fk->to->primary_key_count)
					fk->to_columns[c] = fk->to->primary_key[c];
			for (size_t c = 0; c < fk->column_count; c++)
				if (!fk->to_columns[c])
					fk->to = NULL; /* cannot be followed: left alone */
		}
	}
	return true;
}

/* "name" quoted as an SQL identifier. */
static void put_identifier(buf *b, const char *name)
{
	buf_putc(b, '"');
	for (const char *c = name; *c; c++) {
		if (*c == '"')
			buf_putc(b, '"');
		buf_putc(b, *c);
	}
	buf_putc(b, '"');
}

/* ---- collecting a branch ---------------------------------------------------------------- */

typedef struct {
	schema_table *table;
	int64_t rowid;
} row_ref;

typedef struct {
	row_ref *items;
	size_t count, cap;
} row_queue;

static void queue_push(arena *a, row_queue *q, schema_table *t, int64_t rowid)
{
	if (q->count == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		q->items = arena_realloc(a, q->items, q->cap * sizeof(row_ref), cap * sizeof(row_ref));
		q->cap = cap;
	}
	q->items[q->count++] = (row_ref){t, rowid};
}

typedef struct {
	const foreign_key *key;
	int64_t rowid;
	int64_t value;
} link_note;

typedef struct {
	link_note *items;
	size_t count, cap;
} link_list;

/* The rows of fk->from whose foreign key fk names row `rowid` of fk->to: the referenced
 * columns are read from that row, then matched. */
static bool referencing_rows(store *s, arena *a, const foreign_key *fk, int64_t rowid,
                             int64_t **out, size_t *count, int64_t *single_value,
                             diag_list *d)
{
	*count = 0;
	buf sql = {0};
	buf_puts(&sql, "SELECT r.rowid");
	if (fk->column_count == 1) {
		buf_puts(&sql, ", t.");
		put_identifier(&sql, fk->to_columns[0]);
	} else {
		buf_puts(&sql, ", 0");
	}
	buf_puts(&sql, " FROM ");
	put_identifier(&sql, fk->from->name);
	buf_puts(&sql, " r JOIN ");
	put_identifier(&sql, fk->to->name);
	buf_puts(&sql, " t ON ");
	for (size_t c = 0; c < fk->column_count; c++) {
		if (c)
			buf_puts(&sql, " AND ");
		buf_puts(&sql, "r.");
		put_identifier(&sql, fk->from_columns[c]);
		buf_puts(&sql, " = t.");
		put_identifier(&sql, fk->to_columns[c]);
	}
	buf_puts(&sql, " WHERE t.rowid = ?1 ORDER BY r.rowid");
	sqlite3_stmt *st = store_prepare(s, sql.data, d);
	buf_free(&sql);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, rowid);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			size_t grown = cap ? cap * 2 : 16;
			*out = arena_realloc(a, *out, cap * sizeof(int64_t), grown * sizeof(int64_t));
			cap = grown;
		}
		(*out)[(*count)++] = sqlite3_column_int64(st, 0);
		*single_value = sqlite3_column_int64(st, 1);
	}
	return store_read_end(s, st, rc, d, _("lecture de la branche supprimée impossible"));
}

/* Walk from the top element: every row that cascades from a collected one is
 * collected; SET NULL references are noted as links. */
static bool branch_collect(store *s, arena *a, schema *sc, int64_t element_id,
                           link_list *links, diag_list *d)
{
	schema_table *elements = schema_find(sc, "element");
	if (!elements)
		return true;
	row_queue queue = {0};
	rowid_set_add(a, &elements->rows, element_id);
	queue_push(a, &queue, elements, element_id);
	for (size_t next = 0; next < queue.count; next++) {
		row_ref at = queue.items[next];
		for (size_t k = 0; k < sc->count; k++) {
			schema_table *t = &sc->tables[k];
			for (size_t j = 0; j < t->key_count; j++) {
				const foreign_key *fk = &t->keys[j];
				if (fk->to != at.table || !(is_cascade(fk) || is_set_null(fk)))
					continue;
				int64_t *rows = NULL;
				size_t count = 0;
				int64_t value = 0;
				if (!referencing_rows(s, a, fk, at.rowid, &rows, &count, &value, d))
					return false;
				for (size_t r = 0; r < count; r++) {
					if (is_cascade(fk)) {
						if (rowid_set_add(a, &t->rows, rows[r]))
							queue_push(a, &queue, t, rows[r]);
					} else if (fk->column_count == 1) {
						if (links->count == links->cap) {
							size_t cap = links->cap ? links->cap * 2 : 16;
							links->items = arena_realloc(a, links->items,
							                             links->cap * sizeof(link_note),
							                             cap * sizeof(link_note));
							links->cap = cap;
						}
						links->items[links->count++] = (link_note){fk, rows[r], value};
					}
				}
			}
		}
	}
	return true;
}

/* ---- values between SQLite and JSON --------------------------------------------------- */

static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT: {
		double v = sqlite3_column_double(st, i);
		return isfinite(v) ? json_real(v) : json_null();
	}
	case SQLITE_TEXT:
		return json_stringn((const char *)sqlite3_column_text(st, i),
		                    (size_t)sqlite3_column_bytes(st, i));
	case SQLITE_BLOB: {
		const unsigned char *bytes = sqlite3_column_blob(st, i);
		size_t n = (size_t)sqlite3_column_bytes(st, i);
		buf hex = {0};
		for (size_t k = 0; k < n; k++)
			buf_printf(&hex, "%02x", bytes[k]);
		json_t *v = json_pack("{s:s}", "hex", hex.data ? hex.data : "");
		buf_free(&hex);
		return v;
	}
	default:
		return json_null();
	}
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void bind_json(arena *a, sqlite3_stmt *st, int i, const json_t *v)
{
	if (json_is_integer(v)) {
		sqlite3_bind_int64(st, i, json_integer_value(v));
	} else if (json_is_real(v)) {
		sqlite3_bind_double(st, i, json_real_value(v));
	} else if (json_is_string(v)) {
		sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v),
		                  SQLITE_STATIC);
	} else if (json_is_object(v) && json_is_string(json_object_get(v, "hex"))) {
		const char *hex = json_string_value(json_object_get(v, "hex"));
		size_t n = strlen(hex) / 2;
		unsigned char *bytes = arena_alloc(a, n + 1);
		for (size_t k = 0; k < n; k++) {
			int hi = hex_digit(hex[2 * k]), lo = hex_digit(hex[2 * k + 1]);
			bytes[k] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
		}
		sqlite3_bind_blob(st, i, bytes, (int)n, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, i);
	}
}

/* ---- writing an entry ------------------------------------------------------------------- */

/* Row `rowid` of t, every column, as a JSON object; "_rowid_" added when the table has
 * no INTEGER PRIMARY KEY (its rowid would otherwise not come back). */
static json_t *row_json(store *s, const schema_table *t, int64_t rowid, diag_list *d)
{
	buf sql = {0};
	buf_puts(&sql, "SELECT ");
	for (size_t c = 0; c < t->column_count; c++) {
		if (c)
			buf_puts(&sql, ", ");
		put_identifier(&sql, t->columns[c]);
	}
	buf_puts(&sql, ", _rowid_ FROM ");
	put_identifier(&sql, t->name);
	buf_puts(&sql, " WHERE _rowid_ = ?");
	sqlite3_stmt *st = store_prepare(s, sql.data, d);
	buf_free(&sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, rowid);
	json_t *row = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row = json_object();
		for (size_t c = 0; c < t->column_count; c++)
			json_object_set_new(row, t->columns[c], column_json(st, (int)c));
		if (!t->rowid_alias)
			json_object_set_new(row, "_rowid_", json_integer(sqlite3_column_int64(
			                                        st, (int)t->column_count)));
		rc = sqlite3_step(st);
	}
	if (!store_read_end(s, st, rc, d, _("lecture de la branche supprimée impossible"))) {
		json_decref(row);
		return NULL;
	}
	return row ? row : json_object();
}

/* Is table t ready to be listed: every other collected table it references listed? */
static bool table_ready(const schema_table *t)
{
	for (size_t j = 0; j < t->key_count; j++) {
		const schema_table *to = t->keys[j].to;
		if (to && to != t && to->rows.count && !to->emitted)
			return false;
	}
	return true;
}

/* The rows of a table referencing itself (element.parent_id), ordered so that a row
 * comes after the row it references: passes over the rows, each taking those whose
 * referenced row is outside the set or already taken (a branch's depth in passes).
 * Keys are integers (ids); a reference that is not one is read as outside. */
static json_t *rows_ordered(arena *a, const schema_table *t, json_t *rows)
{
	const foreign_key *self[8];
	size_t self_count = 0;
	for (size_t j = 0; j < t->key_count && self_count < 8; j++)
		if (t->keys[j].to == t && t->keys[j].column_count == 1)
			self[self_count++] = &t->keys[j];
	size_t n = json_array_size(rows);
	if (!self_count || n < 2)
		return json_incref(rows);
	rowid_set all[8] = {{0}}, taken_keys[8] = {{0}};
	for (size_t k = 0; k < self_count; k++)
		for (size_t r = 0; r < n; r++) {
			json_t *key = json_object_get(json_array_get(rows, r), self[k]->to_columns[0]);
			if (json_is_integer(key))
				rowid_set_add(a, &all[k], json_integer_value(key));
		}
	json_t *ordered = json_array();
	unsigned char *taken = arena_alloc(a, n);
	size_t done = 0;
	while (done < n) {
		size_t before = done;
		for (size_t r = 0; r < n; r++) {
			if (taken[r])
				continue;
			json_t *row = json_array_get(rows, r);
			bool ready = true;
			for (size_t k = 0; k < self_count && ready; k++) {
				const json_t *ref = json_object_get(row, self[k]->from_columns[0]);
				if (!json_is_integer(ref))
					continue;
				int64_t v = json_integer_value(ref);
				json_t *own = json_object_get(row, self[k]->to_columns[0]);
				bool itself = json_is_integer(own) && json_integer_value(own) == v;
				ready = itself || !rowid_set_has(&all[k], v) ||
				        rowid_set_has(&taken_keys[k], v);
			}
			if (ready) {
				taken[r] = 1;
				done++;
				json_array_append(ordered, row);
				for (size_t k = 0; k < self_count; k++) {
					json_t *key = json_object_get(row, self[k]->to_columns[0]);
					if (json_is_integer(key))
						rowid_set_add(a, &taken_keys[k], json_integer_value(key));
				}
			}
		}
		if (done == before) /* a cycle: cannot happen in a tree; keep the rest as is */
			for (size_t r = 0; r < n; r++)
				if (!taken[r]) {
					taken[r] = 1;
					done++;
					json_array_append(ordered, json_array_get(rows, r));
				}
	}
	return ordered;
}

/* The content: every collected row, tables in an order where referenced ones come
 * first, then the links. */
static json_t *content_build(store *s, arena *a, schema *sc, const link_list *links,
                             size_t *row_count, diag_list *d)
{
	json_t *content = json_object();
	json_t *tables = json_object();
	json_object_set_new(content, "format", json_integer(TRASH_FORMAT));
	json_object_set_new(content, "tables", tables);
	*row_count = 0;
	size_t left = 0;
	for (size_t k = 0; k < sc->count; k++)
		left += sc->tables[k].rows.count ? 1 : 0;
	while (left) {
		schema_table *next = NULL;
		for (size_t k = 0; k < sc->count && !next; k++) {
			schema_table *t = &sc->tables[k];
			if (t->rows.count && !t->emitted && table_ready(t))
				next = t;
		}
		for (size_t k = 0; k < sc->count && !next; k++) /* a cycle between tables */
			if (sc->tables[k].rows.count && !sc->tables[k].emitted)
				next = &sc->tables[k];
		next->emitted = true;
		left--;
		/* Rows by rowid: the order they were created in. */
		int64_t *ids = malloc(next->rows.count * sizeof(int64_t));
		if (!ids)
			abort();
		memcpy(ids, next->rows.order, next->rows.count * sizeof(int64_t));
		for (size_t i = 1; i < next->rows.count; i++) /* insertion sort: mostly sorted */
			for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
				int64_t x = ids[j];
				ids[j] = ids[j - 1];
				ids[j - 1] = x;
			}
		json_t *rows = json_array();
		bool ok = true;
		for (size_t i = 0; ok && i < next->rows.count; i++) {
			json_t *row = row_json(s, next, ids[i], d);
			ok = row != NULL;
			if (ok)
				json_array_append_new(rows, row);
		}
		free(ids);
		if (!ok) {
			json_decref(rows);
			json_decref(content);
			return NULL;
		}
		*row_count += json_array_size(rows);
		json_object_set_new(tables, next->name, rows_ordered(a, next, rows));
		json_decref(rows);
	}
	json_t *list = json_array();
	for (size_t k = 0; k < links->count; k++) {
		const link_note *l = &links->items[k];
		if (rowid_set_has(&l->key->from->rows, l->rowid))
			continue; /* comes back whole */
		json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:I}", "table",
		                                      l->key->from->name, "id", (json_int_t)l->rowid,
		                                      "column", l->key->from_columns[0], "value",
		                                      (json_int_t)l->value));
	}
	json_object_set_new(content, "links", list);
	return content;
}

bool store_trash_put(store *s, int64_t plan_id, int64_t id, int64_t *trash_id, diag_list *d)
{
	if (trash_id)
		*trash_id = 0;
	arena *a = arena_new();
	bool ok = false;
	json_t *content = NULL;
	char *text = NULL;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT parent_id, code, level, title FROM element WHERE id = ? AND plan_id = ?", d);
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, plan_id);
	int rc = sqlite3_step(st);
	int64_t parent_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	const char *code = rc == SQLITE_ROW ? store_column_text(a, st, 1) : NULL;
	const char *level = rc == SQLITE_ROW ? store_column_text(a, st, 2) : NULL;
	const char *title = rc == SQLITE_ROW ? store_column_text(a, st, 3) : NULL;
	bool found = rc == SQLITE_ROW;
	if (found)
		rc = SQLITE_DONE;
	if (!store_read_end(s, st, rc, d, _("lecture de l'élément impossible")))
		goto done;
	if (!found) { /* the delete then says the element is not there */
		ok = true;
		goto done;
	}

	schema sc;
	link_list links = {0};
	size_t row_count = 0;
	if (!schema_load(s, a, &sc, d) || !branch_collect(s, a, &sc, id, &links, d) ||
	    !(content = content_build(s, a, &sc, &links, &row_count, d)))
		goto done;
	size_t element_count = json_array_size(
		json_object_get(json_object_get(content, "tables"), "element"));
	text = json_dumps(content, JSON_COMPACT);
	if (!text)
		abort();
	st = store_prepare(s,
		"INSERT INTO trash (plan_id, element_id, parent_id, code, level, title, element_count,"
		" deleted_at, deleted_by, content)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?)", d);
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, plan_id);
	sqlite3_bind_int64(st, 2, id);
	if (parent_id)
		sqlite3_bind_int64(st, 3, parent_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (int64_t)(element_count ? element_count : 1));
	store_bind_text(st, 8, s->actor);
	sqlite3_bind_text(st, 9, text, -1, SQLITE_STATIC);
	ok = store_step_done(s, st, d, _("mise à la corbeille impossible"));
	sqlite3_finalize(st);
	if (ok && trash_id)
		*trash_id = sqlite3_last_insert_rowid(s->sqlite);
done:
	free(text);
	json_decref(content);
	arena_free(a);
	return ok;
}

/* ---- reading entries --------------------------------------------------------------------- */

#define ENTRY_COLUMNS                                                                        \
	"SELECT t.id, t.plan_id, t.element_id, coalesce(t.parent_id, 0), parent.code, t.code,"   \
	" t.level, t.title, t.element_count, t.deleted_at, t.deleted_by, t.content FROM trash t" \
	" LEFT JOIN element parent ON parent.id = t.parent_id AND parent.plan_id = t.plan_id"

/* Rows kept in an entry's content, elements included. */
static size_t content_row_count(const char *text)
{
	json_t *content = text ? json_loads(text, 0, NULL) : NULL;
	size_t count = 0;
	const char *name;
	json_t *rows;
	json_object_foreach(json_object_get(content, "tables"), name, rows)
		count += json_array_size(rows);
	json_decref(content);
	return count;
}

static void entry_read(arena *a, sqlite3_stmt *st, trash_entry *e)
{
	e->id = sqlite3_column_int64(st, 0);
	e->plan_id = sqlite3_column_int64(st, 1);
	e->element_id = sqlite3_column_int64(st, 2);
	e->parent_id = sqlite3_column_int64(st, 3);
	e->parent_code = store_column_text(a, st, 4);
	e->code = store_column_text(a, st, 5);
	e->level = store_column_text(a, st, 6);
	e->title = store_column_text(a, st, 7);
	e->element_count = (size_t)sqlite3_column_int64(st, 8);
	e->deleted_at = store_column_text(a, st, 9);
	e->deleted_by = store_column_text(a, st, 10);
	e->row_count = content_row_count((const char *)sqlite3_column_text(st, 11));
}

bool store_trash_list(store *s, arena *a, int64_t plan_id, trash_entry **out, size_t *count,
                      diag_list *d)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = store_prepare(s, ENTRY_COLUMNS " WHERE t.plan_id = ? ORDER BY t.id DESC", d);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, plan_id);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			size_t grown = cap ? cap * 2 : 8;
			*out = arena_realloc(a, *out, cap * sizeof(trash_entry), grown * sizeof(trash_entry));
			cap = grown;
		}
		entry_read(a, st, &(*out)[(*count)++]);
	}
	return store_read_end(s, st, rc, d, _("lecture de la corbeille impossible"));
}

store_result store_trash_get(store *s, arena *a, int64_t plan_id, int64_t trash_id,
                             trash_entry *out, diag_list *d)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = store_prepare(s, ENTRY_COLUMNS " WHERE t.plan_id = ? AND t.id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, plan_id);
	sqlite3_bind_int64(st, 2, trash_id);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW;
	if (found) {
		entry_read(a, st, out);
		rc = SQLITE_DONE;
	}
	if (!store_read_end(s, st, rc, d, _("lecture de la corbeille impossible")))
		return STORE_FAILED;
	if (!found) {
		diag_add(d, NULL, 0, _("aucune entrée n° %lld dans la corbeille de ce plan"),
		         (long long)trash_id);
		return STORE_NOT_FOUND;
	}
	return STORE_OK;
}

/* ---- restoring ------------------------------------------------------------------------------ */

/* One integer from a statement with its parameters bound; `missing` when no row. */
static bool step_integer(store *s, sqlite3_stmt *st, int64_t *out, int64_t missing,
                         diag_list *d)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	} else {
		*out = missing;
	}
	return store_read_end(s, st, rc, d, _("lecture de la corbeille impossible"));
}

/* The parent is gone: name the trash entry that holds it, if one does. */
static void report_parent_gone(store *s, arena *a, int64_t plan_id, int64_t trash_id,
                               int64_t parent_id, const char *code, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, code, content FROM trash WHERE plan_id = ? AND id <> ? ORDER BY id DESC",
		d);
	int64_t holder = 0;
	const char *holder_code = NULL;
	int rc = SQLITE_DONE;
	if (st) {
		sqlite3_bind_int64(st, 1, plan_id);
		sqlite3_bind_int64(st, 2, trash_id);
		while (!holder && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *content = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
			json_t *rows = json_object_get(json_object_get(content, "tables"), "element");
			size_t i;
			json_t *row;
			json_array_foreach(rows, i, row)
				if (json_integer_value(json_object_get(row, "id")) == parent_id) {
					holder = sqlite3_column_int64(st, 0);
					holder_code = store_column_text(a, st, 1);
					break;
				}
			json_decref(content);
		}
		sqlite3_finalize(st);
	}
	if (holder)
		diag_add(d, NULL, 0, _("l'élément parent de « %s » est dans la corbeille : restaurez "
		                       "d'abord l'entrée n° %lld (« %s »)"),
		         code, (long long)holder, holder_code);
	else
		diag_add(d, NULL, 0, _("l'élément parent de « %s » n'existe plus : cette branche ne "
		                       "peut plus être restaurée à sa place"),
		         code);
}

/* Every element code of the branch must be free in the plan; each one taken is named. */
static store_result codes_check(store *s, int64_t plan_id, json_t *elements, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT count(*) FROM element WHERE plan_id = ? AND code = ?", d);
	if (!st)
		return STORE_FAILED;
	store_result r = STORE_OK;
	size_t i;
	json_t *row;
	json_array_foreach(elements, i, row) {
		const char *code = json_string_value(json_object_get(row, "code"));
		if (!code)
			continue;
		sqlite3_bind_int64(st, 1, plan_id);
		sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			store_report(s, d, _("lecture de la corbeille impossible"));
			r = STORE_FAILED;
			break;
		}
		if (sqlite3_column_int64(st, 0) > 0) {
			diag_add(d, NULL, 0, _("le code « %s » est maintenant celui d'un autre élément "
			                         "du plan : changez-le avant de restaurer cette branche"),
			         code);
			r = STORE_INVALID;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return r;
}

/* Element positions order siblings (plan-wide numbers, store_element_create). The
 * branch keeps its own when none is taken since; otherwise it is renumbered after every
 * other element, its inner order kept: it comes back last among its siblings. */
static store_result positions_settle(store *s, int64_t plan_id, json_t *elements, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT count(*) FROM element WHERE plan_id = ? AND position = ?", d);
	if (!st)
		return STORE_FAILED;
	bool taken = false;
	int rc = SQLITE_DONE;
	size_t i;
	json_t *row;
	json_array_foreach(elements, i, row) {
		json_t *position = json_object_get(row, "position");
		if (!json_is_integer(position))
			continue;
		sqlite3_bind_int64(st, 1, plan_id);
		sqlite3_bind_int64(st, 2, json_integer_value(position));
		if ((rc = sqlite3_step(st)) != SQLITE_ROW)
			break;
		rc = SQLITE_DONE;
		taken = sqlite3_column_int64(st, 0) > 0;
		sqlite3_reset(st);
		if (taken)
			break;
	}
	if (!store_read_end(s, st, rc, d, _("lecture de la corbeille impossible")))
		return STORE_FAILED;
	if (!taken)
		return STORE_OK;
	st = store_prepare(s, "SELECT coalesce(max(position), -1) + 1 FROM element WHERE plan_id = ?",
	                   d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, plan_id);
	int64_t first;
	if (!step_integer(s, st, &first, 0, d))
		return STORE_FAILED;
	size_t n = json_array_size(elements);
	json_t **sorted = calloc(n ? n : 1, sizeof(json_t *));
	if (!sorted)
		abort();
	for (size_t k = 0; k < n; k++)
		sorted[k] = json_array_get(elements, k);
	for (size_t k = 1; k < n; k++) /* by (position, id), as plans load */
		for (size_t j = k; j > 0; j--) {
			json_t *x = sorted[j - 1], *y = sorted[j];
			json_int_t px = json_integer_value(json_object_get(x, "position"));
			json_int_t py = json_integer_value(json_object_get(y, "position"));
			json_int_t ix = json_integer_value(json_object_get(x, "id"));
			json_int_t iy = json_integer_value(json_object_get(y, "id"));
			if (px < py || (px == py && ix <= iy))
				break;
			sorted[j - 1] = y;
			sorted[j] = x;
		}
	for (size_t k = 0; k < n; k++)
		json_object_set_new(sorted[k], "position", json_integer(first + (json_int_t)k));
	free(sorted);
	return STORE_OK;
}

/* Whether the row fk->to holds the values `row` gives fk's columns; *null when one of
 * them is NULL (the reference is then not checked). */
static bool reference_exists(store *s, const foreign_key *fk, json_t *row, bool *exists,
                             bool *null, diag_list *d)
{
	*null = false;
	*exists = true;
	for (size_t c = 0; c < fk->column_count; c++) {
		json_t *v = json_object_get(row, fk->from_columns[c]);
		if (!v || json_is_null(v)) {
			*null = true;
			return true;
		}
	}
	buf sql = {0};
	buf_puts(&sql, "SELECT count(*) FROM ");
	put_identifier(&sql, fk->to->name);
	buf_puts(&sql, " WHERE ");
	for (size_t c = 0; c < fk->column_count; c++) {
		if (c)
			buf_puts(&sql, " AND ");
		put_identifier(&sql, fk->to_columns[c]);
		buf_puts(&sql, " = ?");
	}
	sqlite3_stmt *st = store_prepare(s, sql.data, d);
	buf_free(&sql);
	if (!st)
		return false;
	arena *a = arena_new();
	for (size_t c = 0; c < fk->column_count; c++)
		bind_json(a, st, (int)c + 1, json_object_get(row, fk->from_columns[c]));
	int64_t n;
	bool ok = step_integer(s, st, &n, 0, d);
	arena_free(a);
	*exists = n > 0;
	return ok;
}

static bool table_has_column(const schema_table *t, const char *name)
{
	for (size_t c = 0; c < t->column_count; c++)
		if (strcmp(t->columns[c], name) == 0)
			return true;
	return false;
}

/* Put one row back. *skipped when it cascaded from a row gone since. */
static store_result row_insert(store *s, schema_table *t, json_t *row, bool *skipped,
                               diag_list *d)
{
	*skipped = false;
	for (size_t j = 0; j < t->key_count; j++) {
		const foreign_key *fk = &t->keys[j];
		if (!fk->to)
			continue;
		bool exists, null;
		if (!reference_exists(s, fk, row, &exists, &null, d))
			return STORE_FAILED;
		if (null || exists)
			continue;
		if (is_cascade(fk)) {
			*skipped = true;
			return STORE_OK;
		}
		if (is_set_null(fk)) {
			for (size_t c = 0; c < fk->column_count; c++)
				json_object_set_new(row, fk->from_columns[c], json_null());
			continue;
		}
		diag_add(d, NULL, 0, _("une ligne de la table %s ne peut pas revenir : elle désigne "
		                       "dans %s une ligne qui n'existe plus"),
		         t->name, fk->to->name);
		return STORE_INVALID;
	}

	/* The rowid comes back too when nothing took it since. */
	json_t *rowid = json_object_get(row, "_rowid_");
	bool with_rowid = false;
	if (json_is_integer(rowid) && !t->rowid_alias) {
		buf q = {0};
		buf_puts(&q, "SELECT count(*) FROM ");
		put_identifier(&q, t->name);
		buf_puts(&q, " WHERE _rowid_ = ?");
		sqlite3_stmt *st = store_prepare(s, q.data, d);
		buf_free(&q);
		if (!st)
			return STORE_FAILED;
		sqlite3_bind_int64(st, 1, json_integer_value(rowid));
		int64_t n;
		if (!step_integer(s, st, &n, 0, d))
			return STORE_FAILED;
		with_rowid = n == 0;
	}

	buf sql = {0}, values = {0};
	buf_puts(&sql, "INSERT INTO ");
	put_identifier(&sql, t->name);
	buf_puts(&sql, " (");
	const char **names = calloc(json_object_size(row) + 1, sizeof(char *));
	if (!names)
		abort();
	size_t count = 0;
	const char *key;
	json_t *value;
	json_object_foreach(row, key, value) {
		bool is_rowid = strcmp(key, "_rowid_") == 0;
		if (is_rowid ? !with_rowid : !table_has_column(t, key))
			continue; /* a column dropped since: left out */
		if (count) {
			buf_puts(&sql, ", ");
			buf_puts(&values, ", ");
		}
		put_identifier(&sql, key);
		buf_putc(&values, '?');
		names[count++] = key;
	}
	buf_puts(&sql, ") VALUES (");
	buf_puts(&sql, values.data ? values.data : "");
	buf_puts(&sql, ")");
	buf_free(&values);
	sqlite3_stmt *st = store_prepare(s, sql.data, d);
	buf_free(&sql);
	if (!st) {
		free(names);
		return STORE_FAILED;
	}
	arena *a = arena_new();
	for (size_t c = 0; c < count; c++)
		bind_json(a, st, (int)c + 1, json_object_get(row, names[c]));
	free(names);
	store_result r = STORE_OK;
	if (sqlite3_step(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(s->sqlite) & 0xff) == SQLITE_CONSTRAINT) {
			diag_add(d, NULL, 0, _("une ligne de la table %s ne peut pas revenir (%s) : "
			                       "rien n'est restauré"),
			         t->name, sqlite3_errmsg(s->sqlite));
			r = STORE_INVALID;
		} else {
			store_report(s, d, _("restauration impossible"));
			r = STORE_FAILED;
		}
	}
	sqlite3_finalize(st);
	arena_free(a);
	return r;
}

/* A SET NULL reference put back when its row is still there and nobody set it since. */
static store_result link_restore(store *s, schema *sc, json_t *link, diag_list *d)
{
	const char *table = json_string_value(json_object_get(link, "table"));
	const char *column = json_string_value(json_object_get(link, "column"));
	json_t *id = json_object_get(link, "id");
	json_t *value = json_object_get(link, "value");
	schema_table *t = table ? schema_find(sc, table) : NULL;
	if (!t || !column || !json_is_integer(id) || !table_has_column(t, column))
		return STORE_OK; /* a table or column gone since */
	const foreign_key *fk = NULL;
	for (size_t j = 0; j < t->key_count && !fk; j++)
		if (t->keys[j].column_count == 1 && t->keys[j].to &&
		    strcmp(t->keys[j].from_columns[0], column) == 0)
			fk = &t->keys[j];
	if (fk) {
		json_t *probe = json_object();
		json_object_set(probe, column, value);
		bool exists, null;
		bool ok = reference_exists(s, fk, probe, &exists, &null, d);
		json_decref(probe);
		if (!ok)
			return STORE_FAILED;
		if (!exists || null)
			return STORE_OK;
	}
	buf sql = {0};
	buf_puts(&sql, "UPDATE ");
	put_identifier(&sql, table);
	buf_puts(&sql, " SET ");
	put_identifier(&sql, column);
	buf_puts(&sql, " = ? WHERE _rowid_ = ? AND ");
	put_identifier(&sql, column);
	buf_puts(&sql, " IS NULL");
	sqlite3_stmt *st = store_prepare(s, sql.data, d);
	buf_free(&sql);
	if (!st)
		return STORE_FAILED;
	arena *a = arena_new();
	bind_json(a, st, 1, value);
	sqlite3_bind_int64(st, 2, json_integer_value(id));
	bool ok = store_step_done(s, st, d, _("restauration impossible"));
	sqlite3_finalize(st);
	arena_free(a);
	return ok ? STORE_OK : STORE_FAILED;
}

/* Everything of the restore after reading the entry, inside the transaction. */
static store_result content_restore(store *s, arena *a, int64_t plan_id, int64_t trash_id,
                                    int64_t parent_id, const char *code, json_t *content,
                                    diag_list *d)
{
	json_t *tables = json_object_get(content, "tables");
	json_t *elements = json_object_get(tables, "element");
	if (json_integer_value(json_object_get(content, "format")) != TRASH_FORMAT ||
	    !json_is_array(elements)) {
		diag_add(d, NULL, 0, _("cette entrée de la corbeille est illisible"));
		return STORE_INVALID;
	}
	if (parent_id) {
		sqlite3_stmt *st = store_prepare(s,
			"SELECT count(*) FROM element WHERE id = ? AND plan_id = ?", d);
		if (!st)
			return STORE_FAILED;
		sqlite3_bind_int64(st, 1, parent_id);
		sqlite3_bind_int64(st, 2, plan_id);
		int64_t n;
		if (!step_integer(s, st, &n, 0, d))
			return STORE_FAILED;
		if (!n) {
			report_parent_gone(s, a, plan_id, trash_id, parent_id, code, d);
			return STORE_INVALID;
		}
	}
	store_result r = codes_check(s, plan_id, elements, d);
	if (r != STORE_OK)
		return r;
	if ((r = positions_settle(s, plan_id, elements, d)) != STORE_OK)
		return r;

	schema sc;
	if (!schema_load(s, a, &sc, d))
		return STORE_FAILED;
	const char *name;
	json_t *rows;
	json_object_foreach(tables, name, rows) {
		schema_table *t = schema_find(&sc, name);
		if (!t) { /* a table dropped since: its rows have nowhere to go */
			diag_add(d, NULL, 0, _("la table %s n'existe plus : rien n'est restauré"), name);
			return STORE_INVALID;
		}
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row) {
			bool skipped;
			if ((r = row_insert(s, t, row, &skipped, d)) != STORE_OK)
				return r;
		}
	}
	size_t i;
	json_t *link;
	json_array_foreach(json_object_get(content, "links"), i, link)
		if ((r = link_restore(s, &sc, link, d)) != STORE_OK)
			return r;

	sqlite3_stmt *st = store_prepare(s, "DELETE FROM trash WHERE id = ?", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, trash_id);
	bool ok = store_step_done(s, st, d, _("restauration impossible"));
	sqlite3_finalize(st);
	if (!ok)
		return STORE_FAILED;

	size_t n = json_array_size(elements);
	int64_t top = json_integer_value(json_object_get(json_array_get(elements, 0), "id"));
	plan_element ref = {.id = top, .code = code};
	const char *summary = n == 1 ? "1 élément restauré de la corbeille"
	                             : arena_printf(a, "%zu éléments restaurés de la corbeille", n);
	if (!store_change_record(s, plan_id, &ref, "element", top, CHANGE_RESTORE, NULL, NULL,
	                         summary, d))
		return STORE_FAILED;
	return STORE_OK;
}

store_result store_trash_restore(store *s, int64_t plan_id, int64_t trash_id, diag_list *d)
{
	if (!store_begin(s, d))
		return STORE_FAILED;
	arena *a = arena_new();
	json_t *content = NULL;
	store_result r = STORE_FAILED;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT coalesce(parent_id, 0), code, content FROM trash WHERE id = ? AND plan_id = ?",
		d);
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, trash_id);
	sqlite3_bind_int64(st, 2, plan_id);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW;
	int64_t parent_id = 0;
	const char *code = NULL;
	if (found) {
		parent_id = sqlite3_column_int64(st, 0);
		code = store_column_text(a, st, 1);
		json_error_t error;
		content = json_loads((const char *)sqlite3_column_text(st, 2), 0, &error);
		rc = SQLITE_DONE;
	}
	if (!store_read_end(s, st, rc, d, _("lecture de la corbeille impossible")))
		goto done;
	if (!found) {
		diag_add(d, NULL, 0, _("aucune entrée n° %lld dans la corbeille de ce plan"),
		         (long long)trash_id);
		r = STORE_NOT_FOUND;
		goto done;
	}
	if (!content) {
		diag_add(d, NULL, 0, _("cette entrée de la corbeille est illisible"));
		r = STORE_INVALID;
		goto done;
	}
	r = content_restore(s, a, plan_id, trash_id, parent_id, code, content, d);
done:
	json_decref(content);
	arena_free(a);
	if (r != STORE_OK) {
		store_rollback(s);
		return r;
	}
	return store_commit(s, d) ? STORE_OK : STORE_FAILED;
}

/* ---- emptying ------------------------------------------------------------------------------ */

bool store_trash_empty(store *s, int64_t plan_id, size_t *removed, diag_list *d)
{
	if (removed)
		*removed = 0;
	if (!store_begin(s, d))
		return false;
	arena *a = arena_new();
	bool ok = false;
	size_t total = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT plan_id, count(*) FROM trash WHERE ?1 = 0 OR plan_id = ?1"
		" GROUP BY plan_id ORDER BY plan_id", d);
	if (!st)
		goto done;
	sqlite3_bind_int64(st, 1, plan_id);
	int64_t *plans = NULL, *counts = NULL;
	size_t plan_count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		plans = arena_realloc(a, plans, plan_count * sizeof(int64_t),
		                      (plan_count + 1) * sizeof(int64_t));
		counts = arena_realloc(a, counts, plan_count * sizeof(int64_t),
		                       (plan_count + 1) * sizeof(int64_t));
		plans[plan_count] = sqlite3_column_int64(st, 0);
		counts[plan_count++] = sqlite3_column_int64(st, 1);
	}
	if (!store_read_end(s, st, rc, d, _("lecture de la corbeille impossible")))
		goto done;
	ok = true;
	for (size_t k = 0; ok && k < plan_count; k++) {
		const char *summary = counts[k] == 1
			? "1 branche supprimée définitivement"
			: arena_printf(a, "%lld branches supprimées définitivement", (long long)counts[k]);
		ok = store_change_record(s, plans[k], NULL, "trash", 0, CHANGE_DELETE, NULL, summary,
		                         NULL, d);
		total += (size_t)counts[k];
	}
	if (ok) {
		st = store_prepare(s, "DELETE FROM trash WHERE ?1 = 0 OR plan_id = ?1", d);
		ok = st != NULL;
		if (ok) {
			sqlite3_bind_int64(st, 1, plan_id);
			ok = store_step_done(s, st, d, _("vidage de la corbeille impossible"));
			sqlite3_finalize(st);
		}
	}
done:
	arena_free(a);
	if (!ok) {
		store_rollback(s);
		return false;
	}
	if (!store_commit(s, d))
		return false;
	if (removed)
		*removed = total;
	return true;
}
