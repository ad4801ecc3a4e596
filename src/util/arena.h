/*
 * arena.h — region allocator: one arena per command or per request.
 *
 * Everything allocated from an arena is freed at once by arena_free(). Allocation
 * never fails silently: on out-of-memory the process aborts with a message, since a
 * half-built model is worse than a clean exit (the database is only written inside a
 * transaction that is then rolled back by SQLite).
 */
#ifndef JALON_ARENA_H
#define JALON_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* Zero-filled, aligned for any type. */
void *arena_alloc(arena *a, size_t size);
/* Grow an array allocated from the arena: returns a new block holding the old bytes. */
void *arena_realloc(arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for tests and benchmarks). */
size_t arena_used(const arena *a);

#endif
