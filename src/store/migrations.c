/*
 * migrations.c — the numbered schema migrations.
 *
 * store_migrations[i] brings a database from version i to version i + 1; each runs
 * in its own transaction with its version recorded in schema_migration. Never edit a
 * migration that has shipped: add a new one.
 *
 * The SQL is kept portable (PostgreSQL will run it through a small dialect switch in
 * store/ for the identity columns). Dates are ISO text, amounts integer cents.
 * Identifiers are AUTOINCREMENT so a deleted plan's or element's number is never
 * given to another: numbers appear in URLs, exports and the audit trail.
 */
#include "store/db.h"

const char *const store_migrations[] = {
	/* 1: organisations, plans, elements, custom columns, partners, contributions. */
	"CREATE TABLE organisation (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (name <> ''),\n"
	"  kind TEXT NOT NULL DEFAULT 'autre'\n"
	"    CHECK (kind IN ('universite', 'ecole', 'comue', 'region', 'autre')),\n"
	"  parent_id INTEGER REFERENCES organisation(id) ON DELETE RESTRICT\n"
	");\n"
	"CREATE TABLE plan (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  slug TEXT NOT NULL UNIQUE CHECK (slug <> ''),\n"
	"  title TEXT NOT NULL CHECK (title <> ''),\n"
	"  organisation_id INTEGER REFERENCES organisation(id) ON DELETE RESTRICT,\n"
	"  period_start INTEGER,\n"
	"  period_end INTEGER,\n"
	"  version_label TEXT,\n"
	"  status TEXT NOT NULL DEFAULT 'brouillon'\n"
	"    CHECK (status IN ('brouillon', 'en-consultation', 'adopte', 'en-revision', 'clos')),\n"
	"  adopted_on TEXT,\n"
	"  adopted_by TEXT,\n"
	"  deliberation_number TEXT,\n"
	"  votes_for INTEGER CHECK (votes_for >= 0),\n"
	"  votes_against INTEGER CHECK (votes_against >= 0),\n"
	"  abstentions INTEGER CHECK (abstentions >= 0),\n"
	"  source_name TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)\n"
	");\n"
	"CREATE INDEX plan_organisation ON plan(organisation_id);\n"
	"CREATE TABLE plan_custom_column (\n"
	"  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  header TEXT NOT NULL CHECK (header <> ''),\n"
	"  PRIMARY KEY (plan_id, position),\n"
	"  UNIQUE (plan_id, header)\n"
	");\n"
	"CREATE TABLE element (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,\n"
	"  parent_id INTEGER REFERENCES element(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  code TEXT NOT NULL CHECK (code <> ''),\n"
	"  level TEXT NOT NULL CHECK (level <> ''),\n"
	"  title TEXT NOT NULL CHECK (title <> ''),\n"
	"  description TEXT,\n"
	"  owner TEXT,\n"
	"  beneficiaries TEXT,\n"
	"  start_date TEXT,\n"
	"  end_date TEXT,\n"
	"  budget_cents INTEGER CHECK (budget_cents >= 0),\n"
	"  status TEXT,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  UNIQUE (plan_id, code),\n"
	"  CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)\n"
	");\n"
	"CREATE INDEX element_parent ON element(parent_id);\n"
	"CREATE INDEX element_plan_position ON element(plan_id, position);\n"
	"CREATE TABLE element_partner (\n"
	"  element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL CHECK (name <> ''),\n"
	"  PRIMARY KEY (element_id, position)\n"
	");\n"
	"CREATE TABLE element_contribution (\n"
	"  element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,\n"
	"  target_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  PRIMARY KEY (element_id, target_id),\n"
	"  CHECK (element_id <> target_id)\n"
	");\n"
	"CREATE INDEX element_contribution_target ON element_contribution(target_id);\n"
	"CREATE TABLE element_attribute (\n"
	"  element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,\n"
	"  column_position INTEGER NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  PRIMARY KEY (element_id, column_position)\n"
	");\n",
};

const int store_migration_count = sizeof(store_migrations) / sizeof(store_migrations[0]);
