/*
 * plan_json.h — plans and elements as JSON: the export (schema in
 * docs/plan.schema.json), the API's element records, and reading an element from JSON.
 */
#ifndef JALON_PLAN_JSON_H
#define JALON_PLAN_JSON_H

#include "core/plan.h"
#include "util/buf.h"
#include "util/diag.h"

#define PLAN_JSON_FORMAT_VERSION 1

struct json_t;

/* Write a linked plan as an indented JSON document ending with a newline. */
void plan_json_write(const plan *p, buf *out);

/* Element records: the export's (options 0), or the API's with its database id and
 * version (PLAN_JSON_IDENTITY) and every custom column, null when empty, so a client
 * learns their names (PLAN_JSON_EVERY_ATTRIBUTE). A new jansson reference. */
enum { PLAN_JSON_IDENTITY = 1, PLAN_JSON_EVERY_ATTRIBUTE = 2 };
struct json_t *plan_json_element(const plan *p, const plan_element *e, unsigned options);

/* Set e's fields from a JSON object (POST and PATCH bodies of the API): code, parent,
 * level, title, description, owner, partners, beneficiaries, start, end (ISO dates),
 * budget_cents, status, contributes_to, attributes. Returns NULL when every value has
 * the right type; else why (French) with *field naming it (NULL when `object` is not
 * an object). Values of the right type that break a rule (an impossible date, an
 * unknown custom column) go to `invalid`, each under its field's name. Strings are
 * copied to the arena. e->attributes must hold p->custom_column_count slots. */
const char *plan_json_read_element(arena *a, const plan *p, struct json_t *object,
                                   plan_element *e, diag_list *invalid, const char **field);

/* null for NULL or "", else the string; null for year 0, else the year; an array of
 * strings; the level labels with their counts ([{label, count}], first-seen order). */
struct json_t *plan_json_text(const char *s);
struct json_t *plan_json_year(int year);
struct json_t *plan_json_texts(const char *const *items, size_t count);
struct json_t *plan_json_levels(const plan *p);

/* The plan's own record (the export's "plan" object), a new jansson reference: the
 * JSON API (web/api.c) serves the same object, so the two cannot drift apart. */
struct json_t *plan_json_record(const plan *p);

#endif
