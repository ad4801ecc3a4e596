/*
 * buf.h — growable byte buffer for building output (CSV, JSON, reports).
 *
 * Always NUL-terminated after any append, so data can be used as a C string when
 * it holds text. Memory comes from malloc; release with buf_free().
 */
#ifndef JALON_BUF_H
#define JALON_BUF_H

#include <stddef.h>

typedef struct {
	char *data;
	size_t len;
	size_t cap;
} buf;

void buf_append(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(buf *b);
void buf_free(buf *b);

#endif
