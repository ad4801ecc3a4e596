/*
 * csv.c — the CSV reader and field writer declared in io/csv.h.
 *
 * The importers (io/plan_csv.c) feed it a whole UTF-8 buffer exported by Excel or
 * LibreOffice and get records back one at a time, each with the physical line it
 * starts on so that diagnostics can point at the spreadsheet row to fix. The
 * exporters use csv_write_field() to produce files those programs read back.
 *
 * Reading a record is done in two steps: a scan that only records where each field
 * lies in the input (into a scratch array reused from record to record), then a
 * single arena allocation that holds the record's pointer array and all its field
 * strings, filled by copying each field once. Unquoted fields are copied as is;
 * quoted fields are unescaped while copying ("" becomes ", CRLF and lone CR become
 * LF). Each record owns its memory, so a caller may keep the header record while
 * reading the rest.
 */
#include "io/csv.h"

#include <string.h>

#include "util/i18n.h"

typedef struct {
	const char *start; /* first byte of the content (after the opening quote) */
	size_t raw_len;    /* bytes of input content (excluding the quotes) */
	size_t out_len;    /* bytes once unescaped */
	bool quoted;
} csv_span;

struct csv_reader {
	arena *a;
	const char *data;
	size_t len;
	size_t pos;  /* next byte to read */
	int line;    /* physical line of data[pos] */
	char sep;
	unsigned char stops[256]; /* 1 for bytes ending an unquoted field */
	csv_status status; /* CSV_RECORD while reading, then sticky END or ERROR */
	int error_line;
	const char *error_message;
	csv_span *spans; /* scratch, reused for every record */
	size_t spans_cap;
};

static bool is_separator_candidate(char c)
{
	return c == ';' || c == ',' || c == '\t';
}

/* Count the candidate separators outside quotes on the first record. The separator
 * is not known yet, so a quote opens a quoted field when it starts the line or
 * follows any candidate. */
static char detect_separator(const char *data, size_t len)
{
	size_t semicolons = 0, commas = 0, tabs = 0;
	bool at_field_start = true;
	size_t i = 0;
	while (i < len) {
		char c = data[i];
		if (c == '"' && at_field_start) {
			i++;
			while (i < len) {
				if (data[i] == '"') {
					if (i + 1 < len && data[i + 1] == '"') {
						i += 2;
						continue;
					}
					break;
				}
				i++;
			}
			if (i >= len)
				break;
			i++; /* closing quote */
			at_field_start = false;
			continue;
		}
		if (c == '\n' || c == '\r')
			break;
		if (c == ';')
			semicolons++;
		else if (c == ',')
			commas++;
		else if (c == '\t')
			tabs++;
		at_field_start = is_separator_candidate(c);
		i++;
	}
	if (semicolons == 0 && commas == 0 && tabs == 0)
		return ';';
	if (semicolons >= tabs && semicolons >= commas)
		return ';';
	if (tabs >= commas)
		return '\t';
	return ',';
}

csv_reader *csv_open(arena *a, const char *data, size_t len, char separator)
{
	csv_reader *r = arena_alloc(a, sizeof(*r));
	r->a = a;
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->line = 1;
	r->status = CSV_RECORD;
	if (!is_separator_candidate(separator))
		separator = detect_separator(r->data, r->len);
	r->sep = separator;
	r->stops[(unsigned char)separator] = 1;
	r->stops['\n'] = 1;
	r->stops['\r'] = 1;
	r->stops['\0'] = 1;
	return r;
}

char csv_separator(const csv_reader *r)
{
	return r->sep;
}

static csv_span *push_span(csv_reader *r, size_t count)
{
	if (count == r->spans_cap) {
		size_t cap = r->spans_cap ? r->spans_cap * 2 : 32;
		r->spans = arena_realloc(r->a, r->spans, r->spans_cap * sizeof(csv_span),
					 cap * sizeof(csv_span));
		r->spans_cap = cap;
	}
	return &r->spans[count];
}

static csv_status fail(csv_reader *r, int line, const char *message)
{
	r->status = CSV_ERROR;
	r->error_line = line;
	r->error_message = message;
	return CSV_ERROR;
}

/* Copy a quoted field's content, unescaping doubled quotes and line breaks. */
static void copy_quoted(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	while (i < n) {
		char c = src[i];
		if (c == '"') {
			*dst++ = '"';
			i += 2; /* the scan guaranteed it is doubled */
		} else if (c == '\r') {
			*dst++ = '\n';
			i += (i + 1 < n && src[i + 1] == '\n') ? 2 : 1;
		} else {
			*dst++ = c;
			i++;
		}
	}
}

/* Scan one record starting at r->pos into r->spans. Returns the field count, or 0
 * after setting an error. On success r->pos and r->line are past the record's line
 * end (or at the end of input). */
static size_t scan_record(csv_reader *r)
{
	const char *p = r->data + r->pos;
	const char *end = r->data + r->len;
	const char sep = r->sep;
	int line = r->line;
	size_t count = 0;

	for (;;) {
		csv_span *f = push_span(r, count);
		count++;
		if (p < end && *p == '"') {
			int start_line = line;
			size_t out_len = 0;
			bool closed = false;
			p++;
			f->start = p;
			while (p < end) {
				char c = *p;
				if (c == '"') {
					if (p + 1 < end && p[1] == '"') {
						p += 2;
						out_len++;
						continue;
					}
					closed = true;
					break;
				}
				if (c == '\n') {
					line++;
				} else if (c == '\r') {
					line++;
					if (p + 1 < end && p[1] == '\n')
						p++;
				} else if (c == '\0') {
					fail(r, line, _("octet nul dans le fichier"));
					return 0;
				}
				out_len++;
				p++;
			}
			if (!closed) {
				fail(r, start_line,
				     _("guillemet ouvrant sans guillemet fermant (le champ commence ici)"));
				return 0;
			}
			f->raw_len = (size_t)(p - f->start);
			f->out_len = out_len;
			f->quoted = true;
			p++; /* closing quote */
			while (p < end && (*p == ' ' || *p == '\t') && *p != sep)
				p++;
			if (p < end && *p != sep && *p != '\n' && *p != '\r') {
				if (*p == '\0')
					fail(r, line, _("octet nul dans le fichier"));
				else
					fail(r, line, _("caractère inattendu après un guillemet fermant"));
				return 0;
			}
		} else {
			f->start = p;
			while (p < end && !r->stops[(unsigned char)*p])
				p++;
			if (p < end && *p == '\0') {
				fail(r, line, _("octet nul dans le fichier"));
				return 0;
			}
			f->raw_len = f->out_len = (size_t)(p - f->start);
			f->quoted = false;
		}
		/* p is at a separator, a line end or the end of input. */
		if (p == end)
			break;
		if (*p == sep) {
			p++;
			continue;
		}
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
			p++;
		p++;
		line++;
		break;
	}
	r->pos = (size_t)(p - r->data);
	r->line = line;
	return count;
}

csv_status csv_next(csv_reader *r, csv_record *out, int *error_line, const char **error_message)
{
	out->fields = NULL;
	out->count = 0;
	out->line = r->line;
	if (r->status == CSV_RECORD && r->pos >= r->len)
		r->status = CSV_END;
	if (r->status == CSV_END)
		return CSV_END;
	if (r->status == CSV_ERROR) {
		if (error_line)
			*error_line = r->error_line;
		if (error_message)
			*error_message = r->error_message;
		return CSV_ERROR;
	}

	int start_line = r->line;
	size_t count = scan_record(r);
	if (count == 0)
		return csv_next(r, out, error_line, error_message);

	size_t chars = 0;
	for (size_t i = 0; i < count; i++)
		chars += r->spans[i].out_len + 1;
	char **fields = arena_alloc(r->a, count * sizeof(char *) + chars);
	char *dst = (char *)(fields + count);
	for (size_t i = 0; i < count; i++) {
		const csv_span *f = &r->spans[i];
		fields[i] = dst;
		if (f->quoted)
			copy_quoted(dst, f->start, f->raw_len);
		else
			memcpy(dst, f->start, f->raw_len);
		dst[f->out_len] = '\0';
		dst += f->out_len + 1;
	}
	out->fields = fields;
	out->count = count;
	out->line = start_line;
	return CSV_RECORD;
}

void csv_write_field(buf *out, const char *field, char separator)
{
	if (!field || !*field)
		return;
	size_t n = strlen(field);
	bool quote = field[0] == ' ' || field[0] == '\t' ||
		     field[n - 1] == ' ' || field[n - 1] == '\t';
	for (size_t i = 0; i < n && !quote; i++) {
		char c = field[i];
		quote = c == separator || c == '"' || c == '\r' || c == '\n';
	}
	if (!quote) {
		buf_append(out, field, n);
		return;
	}
	buf_putc(out, '"');
	const char *p = field;
	const char *q;
	while ((q = strchr(p, '"')) != NULL) {
		buf_append(out, p, (size_t)(q - p + 1));
		buf_putc(out, '"');
		p = q + 1;
	}
	buf_puts(out, p);
	buf_putc(out, '"');
}
