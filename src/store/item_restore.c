/*
 * item_restore.c — the one-click restore of a journalled value (item_restore.h): the
 * general entry point, which sends an element's own fields to element_store.c, and the
 * restore of what an element carries — its status, milestones, budget lines, risks.
 *
 * Each of those four is described by a table (item_entity): how to find the record in
 * the steering data (steering_store.h), how to write it back (item_store.h, or the
 * status writer), and its fields, each with the type that says how it reads as the
 * journal writes it and how it is set back from that text. A restore then reads the
 * journal row, loads the record as it is now, checks the field still holds the value
 * the change wrote (formatted exactly as the writer journals it: ISO dates, integers,
 * enum keys, NULL for none), sets the value before on a copy and calls the writer with
 * the record's current version: the writer checks, writes and journals, or refuses and
 * writes nothing.
 */
#include "store/item_restore.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/steering.h"
#include "store/change_log.h"
#include "store/item_store.h"
#include "store/steering_store.h"
#include "util/i18n.h"

/* ---- the fields ------------------------------------------------------------------------ */

/* How a field is held in its record, and so how it reads as journal text and is set back
 * from it. */
typedef enum {
	FIELD_TEXT,             /* const char *; NULL for none */
	FIELD_DATE,             /* jalon_date, ISO; unset for none */
	FIELD_YEAR,             /* int */
	FIELD_CENTS,            /* int64_t */
	FIELD_LEVEL,            /* int 1..4, 0 (none) when not assessed */
	FIELD_MILESTONE_STATUS, /* milestone_status, by key */
	FIELD_RISK_STATUS,      /* risk_status, by key */
	FIELD_NATURE,           /* budget_nature, by key */
	FIELD_WEATHER,          /* weather, by key; WEATHER_UNSET for none */
	FIELD_PROGRESS,         /* element_status's has_progress and progress_pct */
} field_type;

typedef struct {
	const char *name;       /* as the journal (and the API) names it */
	field_type type;
	size_t offset;          /* of the member in the record */
} item_field;

/* An integer written the way store_change_int writes it, nothing else around it. */
static bool integer_read(const char *v, long long min, long long max, long long *out)
{
	if (!v || !*v)
		return false;
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	if (*end || n < min || n > max)
		return false;
	*out = n;
	return true;
}

/* The field of record `item` as the journal writes it (NULL: none). */
static const char *field_get(arena *a, const item_field *f, const void *item)
{
	const char *at = (const char *)item + f->offset;
	switch (f->type) {
	case FIELD_TEXT: {
		const char *v = *(const char *const *)(const void *)at;
		return v && *v ? v : NULL;
	}
	case FIELD_DATE:
		return store_change_date(a, *(const jalon_date *)(const void *)at);
	case FIELD_YEAR:
		return store_change_int(a, *(const int *)(const void *)at);
	case FIELD_CENTS:
		return store_change_int(a, *(const int64_t *)(const void *)at);
	case FIELD_LEVEL: {
		int v = *(const int *)(const void *)at;
		return v ? store_change_int(a, v) : NULL;
	}
	case FIELD_MILESTONE_STATUS:
		return milestone_status_key(*(const milestone_status *)(const void *)at);
	case FIELD_RISK_STATUS:
		return risk_status_key(*(const risk_status *)(const void *)at);
	case FIELD_NATURE:
		return budget_nature_key(*(const budget_nature *)(const void *)at);
	case FIELD_WEATHER: {
		weather w = *(const weather *)(const void *)at;
		return w != WEATHER_UNSET ? weather_key(w) : NULL;
	}
	case FIELD_PROGRESS: {
		const element_status *x = item;
		return x->has_progress ? store_change_int(a, x->progress_pct) : NULL;
	}
	}
	return NULL;
}

/* Set the field of `item` from its journal text (NULL or "": none); false when the text
 * does not read back. The range of a value is the writer's to check (its message names
 * the rule), except where the type itself cannot hold it. */
static bool field_set(const item_field *f, void *item, const char *value)
{
	const char *v = value && *value ? value : NULL;
	char *at = (char *)item + f->offset;
	long long n = 0;
	switch (f->type) {
	case FIELD_TEXT:
		*(const char **)(void *)at = v;
		return true;
	case FIELD_DATE: {
		jalon_date day = DATE_NONE;
		const char *why;
		if (v && !date_parse(v, &day, &why))
			return false;
		*(jalon_date *)(void *)at = day;
		return true;
	}
	case FIELD_YEAR:
		if (!integer_read(v, 0, 99999, &n))
			return false;
		*(int *)(void *)at = (int)n;
		return true;
	case FIELD_CENTS:
		if (!integer_read(v, 0, INT64_MAX, &n))
			return false;
		*(int64_t *)(void *)at = n;
		return true;
	case FIELD_LEVEL:
		if (v && !integer_read(v, 1, 4, &n))
			return false;
		*(int *)(void *)at = (int)n;
		return true;
	case FIELD_MILESTONE_STATUS:
		return v && milestone_status_parse(v, (milestone_status *)(void *)at);
	case FIELD_RISK_STATUS:
		return v && risk_status_parse(v, (risk_status *)(void *)at);
	case FIELD_NATURE:
		return v && budget_nature_parse(v, (budget_nature *)(void *)at);
	case FIELD_WEATHER:
		if (!v) {
			*(weather *)(void *)at = WEATHER_UNSET;
			return true;
		}
		return weather_parse(v, (weather *)(void *)at);
	case FIELD_PROGRESS: {
		element_status *x = item;
		if (v && !integer_read(v, 0, 100, &n))
			return false;
		x->has_progress = v != NULL;
		x->progress_pct = (int)n;
		return true;
	}
	}
	return false;
}

/* ---- the four kinds of records -------------------------------------------------------- */

#define FIELD(type_, name, kind, member) {name, kind, offsetof(type_, member)}

static const item_field status_fields[] = {
	FIELD(element_status, "progress", FIELD_PROGRESS, progress_pct),
	FIELD(element_status, "weather", FIELD_WEATHER, weather),
	FIELD(element_status, "phase", FIELD_TEXT, phase),
};

static const item_field milestone_fields[] = {
	FIELD(milestone, "title", FIELD_TEXT, title),
	FIELD(milestone, "planned", FIELD_DATE, planned),
	FIELD(milestone, "forecast", FIELD_DATE, forecast),
	FIELD(milestone, "actual", FIELD_DATE, actual),
	FIELD(milestone, "status", FIELD_MILESTONE_STATUS, status),
	FIELD(milestone, "deliverable", FIELD_TEXT, deliverable),
	FIELD(milestone, "validated_by", FIELD_TEXT, validated_by),
	FIELD(milestone, "validated_on", FIELD_DATE, validated_on),
	FIELD(milestone, "minutes_ref", FIELD_TEXT, minutes_ref),
};

static const item_field budget_line_fields[] = {
	FIELD(budget_line, "year", FIELD_YEAR, year),
	FIELD(budget_line, "nature", FIELD_NATURE, nature),
	FIELD(budget_line, "source", FIELD_TEXT, source),
	FIELD(budget_line, "planned_cents", FIELD_CENTS, planned_cents),
	FIELD(budget_line, "committed_cents", FIELD_CENTS, committed_cents),
	FIELD(budget_line, "paid_cents", FIELD_CENTS, paid_cents),
};

static const item_field risk_fields[] = {
	FIELD(element_risk, "description", FIELD_TEXT, description),
	FIELD(element_risk, "probability", FIELD_LEVEL, probability),
	FIELD(element_risk, "impact", FIELD_LEVEL, impact),
	FIELD(element_risk, "mitigation", FIELD_TEXT, mitigation),
	FIELD(element_risk, "owner", FIELD_TEXT, owner),
	FIELD(element_risk, "status", FIELD_RISK_STATUS, status),
};

/* Where one kind of record is found and how it is written back. find returns the record
 * of id in the plan's steering data (NULL: gone); write saves the whole record, expecting
 * the version it was loaded with. */
typedef struct {
	const char *entity;                  /* as the journal names it */
	const item_field *fields;
	size_t field_count;
	size_t size;                         /* of the record */
	size_t element_offset;               /* of its `const plan_element *element` */
	void *(*find)(arena *a, const plan *p, const steering_data *sd, int64_t id);
	store_result (*write)(store *s, arena *a, const plan *p, void *item, diag_list *d);
	const char *gone;                    /* msgids */
	const char *moved;                   /* "%s": the code of its element now */
} item_entity;

/* A status is found by its element's id (the journal's entity_id); an element that
 * never had one has an empty one. */
static void *status_find(arena *a, const plan *p, const steering_data *sd, int64_t id)
{
	for (size_t i = 0; i < sd->status_count; i++)
		if (sd->statuses[i].element && sd->statuses[i].element->id == id)
			return &sd->statuses[i];
	const plan_element *e = plan_find_id(p, id);
	if (!e)
		return NULL;
	element_status *x = arena_alloc(a, sizeof(*x));
	*x = (element_status){.element = e, .weather = WEATHER_UNSET};
	return x;
}

static void *milestone_find(arena *a, const plan *p, const steering_data *sd, int64_t id)
{
	(void)a, (void)p;
	for (size_t i = 0; i < sd->milestone_count; i++)
		if (sd->milestones[i].id == id)
			return &sd->milestones[i];
	return NULL;
}

static void *budget_line_find(arena *a, const plan *p, const steering_data *sd, int64_t id)
{
	(void)a, (void)p;
	for (size_t i = 0; i < sd->line_count; i++)
		if (sd->lines[i].id == id)
			return &sd->lines[i];
	return NULL;
}

static void *risk_find(arena *a, const plan *p, const steering_data *sd, int64_t id)
{
	(void)a, (void)p;
	for (size_t i = 0; i < sd->risk_count; i++)
		if (sd->risks[i].id == id)
			return &sd->risks[i];
	return NULL;
}

/* The status writer answers true or false: a refusal it names by a field (an unknown
 * phase…) is a broken rule, one it names by nothing is the database's. A new weather
 * goes to the weather history, dated today, with no comment. */
static store_result status_write(store *s, arena *a, const plan *p, void *item, diag_list *d)
{
	(void)a;
	size_t before = d->count;
	if (store_element_status_set(s, p, item, DATE_NONE, NULL, d))
		return STORE_OK;
	return d->count > before && d->items[before].file ? STORE_INVALID : STORE_FAILED;
}

static store_result milestone_write(store *s, arena *a, const plan *p, void *item,
                                    diag_list *d)
{
	(void)a;
	milestone *m = item;
	return store_milestone_update(s, p, m, m->version, d);
}

static store_result budget_line_write(store *s, arena *a, const plan *p, void *item,
                                      diag_list *d)
{
	budget_line *l = item;
	return store_budget_line_update(s, a, p, l, l->version, d);
}

static store_result risk_write(store *s, arena *a, const plan *p, void *item, diag_list *d)
{
	(void)a;
	element_risk *r = item;
	return store_risk_update(s, p, r, r->version, d);
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const item_entity item_entities[] = {
	{"status", status_fields, COUNT(status_fields), sizeof(element_status),
	 offsetof(element_status, element), status_find, status_write,
	 N_("l'élément de ce changement n'existe plus"), NULL},
	{"milestone", milestone_fields, COUNT(milestone_fields), sizeof(milestone),
	 offsetof(milestone, element), milestone_find, milestone_write,
	 N_("le jalon de ce changement n'existe plus"),
	 N_("ce jalon a changé d'élément depuis (il est maintenant sous %s) : rien n'est "
	    "rétabli")},
	{"budget_line", budget_line_fields, COUNT(budget_line_fields), sizeof(budget_line),
	 offsetof(budget_line, element), budget_line_find, budget_line_write,
	 N_("la ligne budgétaire de ce changement n'existe plus"),
	 N_("cette ligne budgétaire a changé d'élément depuis (elle est maintenant sous %s) : "
	    "rien n'est rétabli")},
	{"risk", risk_fields, COUNT(risk_fields), sizeof(element_risk),
	 offsetof(element_risk, element), risk_find, risk_write,
	 N_("le risque de ce changement n'existe plus"),
	 N_("ce risque a changé d'élément depuis (il est maintenant sous %s) : rien n'est "
	    "rétabli")},
};

static const item_entity *entity_find(const char *entity)
{
	for (size_t i = 0; entity && i < COUNT(item_entities); i++)
		if (strcmp(item_entities[i].entity, entity) == 0)
			return &item_entities[i];
	return NULL;
}

static const item_field *entity_field(const item_entity *k, const char *field)
{
	for (size_t i = 0; k && field && i < k->field_count; i++)
		if (strcmp(k->fields[i].name, field) == 0)
			return &k->fields[i];
	return NULL;
}

bool store_change_restorable(const plan *p, const char *entity, const char *field,
                             const char *action)
{
	if (!entity || !field || !action || strcmp(action, "update") != 0)
		return false;
	if (strcmp(entity, "element") == 0)
		return store_element_change_restorable(p, entity, field, action);
	return entity_field(entity_find(entity), field) != NULL;
}

/* ---- restoring ------------------------------------------------------------------------- */

/* One journal row, as much of it as a restore needs. */
typedef struct {
	const char *entity, *action, *field, *old_value, *new_value;
	int64_t element_id, entity_id;
} journal_row;

static store_result row_read(store *s, arena *a, const plan *p, int64_t change_id,
                             journal_row *out, diag_list *d)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT entity, action, field, old_value, new_value, element_id, entity_id"
		" FROM change_log WHERE id = ?1 AND plan_id = ?2", d);
	if (!st)
		return STORE_FAILED;
	sqlite3_bind_int64(st, 1, change_id);
	sqlite3_bind_int64(st, 2, p->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (journal_row){
			store_column_text(a, st, 0), store_column_text(a, st, 1),
			store_column_text(a, st, 2), store_column_text(a, st, 3),
			store_column_text(a, st, 4), sqlite3_column_int64(st, 5),
			sqlite3_column_int64(st, 6),
		};
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		diag_add(d, "change", 0, _("changement %lld introuvable dans ce plan"),
		         (long long)change_id);
		return STORE_NOT_FOUND;
	}
	if (rc != SQLITE_ROW) {
		store_report(s, d, _("lecture du journal des modifications impossible"));
		return STORE_FAILED;
	}
	return STORE_OK;
}

/* Journal text, NULL and "" both meaning none. */
static bool same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

/* The restore of row (restorable, of entity k) on the record as it is now. */
static store_result item_restore(store *s, arena *a, plan *p, const item_entity *k,
                                 const journal_row *row, int64_t *element_id, diag_list *d)
{
	const item_field *f = entity_field(k, row->field);
	steering_data sd;
	if (!store_steering_load_parts(s, a, p, 0, &sd, d))
		return STORE_FAILED;
	const void *now = k->find(a, p, &sd, row->entity_id);
	if (!now) {
		diag_add(d, "change", 0, "%s", _(k->gone));
		return STORE_NOT_FOUND;
	}
	const plan_element *e =
		*(const plan_element *const *)(const void *)((const char *)now + k->element_offset);
	*element_id = e->id;
	/* The right to restore was checked on the row's element (WEB_ACCESS_CHANGE): a
	 * record that has moved since is restored from nowhere else. */
	if (k->moved && e->id != row->element_id) {
		diag_add(d, "change", 0, _(k->moved), e->code);
		return STORE_CONFLICT;
	}
	const char *current = field_get(a, f, now);
	if (!same_text(current, row->new_value)) {
		diag_add(d, f->name, 0, _("%s a changé depuis (valeur actuelle : « %s ») : rien n'est "
		                          "rétabli"),
		         f->name, current ? current : "—");
		return STORE_CONFLICT;
	}
	void *copy = arena_alloc(a, k->size);
	memcpy(copy, now, k->size);
	if (!field_set(f, copy, row->old_value)) {
		diag_add(d, f->name, 0, _("la valeur d'avant « %s » ne se relit pas"),
		         row->old_value ? row->old_value : "");
		return STORE_INVALID;
	}
	return k->write(s, a, p, copy, d);
}

store_result store_change_restore(store *s, arena *a, plan *p, int64_t change_id,
                                  int64_t *element_id, diag_list *d)
{
	*element_id = 0;
	journal_row row;
	store_result r = row_read(s, a, p, change_id, &row, d);
	if (r != STORE_OK)
		return r;
	if (!store_change_restorable(p, row.entity, row.field, row.action)) {
		diag_add(d, "change", 0, "%s",
		         _("ce changement ne se rétablit pas d'un clic (seuls se rétablissent les "
		           "champs modifiés un à un d'un élément, de son état, de ses jalons, lignes "
		           "budgétaires et risques ; pas une création, une suppression, un import ni "
		           "un commentaire)"));
		return STORE_INVALID;
	}
	if (strcmp(row.entity, "element") == 0)
		return store_element_restore_value(s, a, p, change_id, element_id, d);
	return item_restore(s, a, p, entity_find(row.entity), &row, element_id, d);
}
