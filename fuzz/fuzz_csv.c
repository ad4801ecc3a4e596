/*
 * fuzz_csv.c — libFuzzer target for the CSV reader and writer (io/csv.c).
 *
 * Reads the input with separator detection and with each fixed separator, and
 * aborts when an invariant breaks: line numbers start at 1 and never go back nor
 * past the input's last line, fields are non-NULL strings without embedded NUL,
 * END and ERROR are sticky, and (when the whole input was read without error)
 * writing the records back with csv_write_field and reading that gives the same
 * records on the same lines. Built as a libFuzzer binary with -Dfuzzing=true, or
 * linked with replay.c to replay fuzz/corpus/csv in the test suite.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_harness.h"
#include "io/csv.h"
#include "util/arena.h"
#include "util/buf.h"


typedef struct {
	csv_record *recs;
	size_t count, cap;
	csv_status final;
} record_list;

/* Physical lines: every LF, CRLF or lone CR ends one. */
static int count_lines(const char *s, size_t n)
{
	int lines = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
			lines++;
	}
	return lines;
}

static void read_all(arena *a, const char *s, size_t n, char sep, record_list *out)
{
	csv_reader *r = csv_open(a, s, n, sep);
	char used = csv_separator(r);
	CHECK(used == ';' || used == ',' || used == '\t');
	if (sep)
		CHECK(used == sep);
	int max_line = count_lines(s, n);
	int prev_line = 1;
	size_t text_bytes = 0;
	csv_record rec;
	int eline = 0;
	const char *emsg = NULL;
	csv_status st;
	memset(out, 0, sizeof(*out));
	while ((st = csv_next(r, &rec, &eline, &emsg)) == CSV_RECORD) {
		CHECK(rec.line >= prev_line && rec.line <= max_line);
		CHECK(rec.count >= 1 && rec.fields != NULL);
		/* Unescaping only shrinks a field and separators are bytes of their
		 * own, so a record's text never outgrows the input: a field holding an
		 * embedded NUL (strlen shorter than its copy) or running past its end
		 * (strlen longer) shows up here or in the round trip. */
		for (size_t i = 0; i < rec.count; i++) {
			CHECK(rec.fields[i] != NULL);
			text_bytes += strlen(rec.fields[i]) + (i ? 1 : 0);
		}
		CHECK(text_bytes <= n);
		prev_line = rec.line;
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			out->recs = arena_realloc(a, out->recs, out->cap * sizeof(csv_record),
						  cap * sizeof(csv_record));
			out->cap = cap;
		}
		out->recs[out->count++] = rec;
	}
	out->final = st;
	if (st == CSV_ERROR) {
		CHECK(emsg != NULL && *emsg);
		CHECK(eline >= prev_line && eline <= max_line);
		int eline2 = 0;
		const char *emsg2 = NULL;
		CHECK(csv_next(r, &rec, &eline2, &emsg2) == CSV_ERROR);
		CHECK(eline2 == eline && emsg2 == emsg);
	} else {
		CHECK(st == CSV_END);
		CHECK(csv_next(r, &rec, &eline, &emsg) == CSV_END);
	}
}

/* Write the records back, read them again with the same separator, and compare. */
static void check_round_trip(arena *a, const record_list *in, char sep)
{
	buf b = {0};
	for (size_t i = 0; i < in->count; i++) {
		for (size_t j = 0; j < in->recs[i].count; j++) {
			if (j)
				buf_putc(&b, sep);
			csv_write_field(&b, in->recs[i].fields[j], sep);
		}
		buf_putc(&b, '\n');
	}
	record_list back;
	read_all(a, b.data ? b.data : "", b.len, sep, &back);
	CHECK(back.final == CSV_END);
	CHECK(back.count == in->count);
	for (size_t i = 0; i < in->count; i++) {
		const csv_record *x = &in->recs[i], *y = &back.recs[i];
		CHECK(x->count == y->count);
		CHECK(x->line == y->line);
		for (size_t j = 0; j < x->count; j++) {
			size_t lx = strlen(x->fields[j]);
			CHECK(lx == strlen(y->fields[j]));
			CHECK(memcmp(x->fields[j], y->fields[j], lx) == 0);
			CHECK(memchr(x->fields[j], '\r', lx) == NULL);
		}
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = {0, ';', ',', '\t'};
	const char *text = (const char *)data;
	bool has_nul = size && memchr(text, '\0', size) != NULL;
	for (size_t k = 0; k < sizeof(seps); k++) {
		arena *a = arena_new();
		csv_reader *probe = csv_open(a, text, size, seps[k]);
		char sep = csv_separator(probe);
		record_list recs;
		read_all(a, text, size, seps[k], &recs);
		if (has_nul)
			CHECK(recs.final == CSV_ERROR);
		if (recs.final == CSV_END)
			check_round_trip(a, &recs, sep);
		arena_free(a);
	}
	return 0;
}
