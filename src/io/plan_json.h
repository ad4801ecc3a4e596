/*
 * plan_json.h — the plan JSON export (schema in docs/plan.schema.json).
 */
#ifndef JALON_PLAN_JSON_H
#define JALON_PLAN_JSON_H

#include "core/plan.h"
#include "util/buf.h"

#define PLAN_JSON_FORMAT_VERSION 1

/* Write a linked plan as an indented JSON document ending with a newline. */
void plan_json_write(const plan *p, buf *out);

/* The plan's own record (the export's "plan" object), a new jansson reference: the
 * JSON API (web/api.c) serves the same object, so the two cannot drift apart. */
struct json_t;
struct json_t *plan_json_record(const plan *p);

#endif
