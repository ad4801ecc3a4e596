/*
 * arena.c — region allocator. Blocks are chained; large requests get a block of
 * their own. Nothing is freed individually.
 */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN _Alignof(max_align_t)

typedef struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	max_align_t data[];
} arena_block;

struct arena {
	arena_block *head;
	size_t total;
};

static void *arena_oom(size_t size)
{
	fprintf(stderr, "jalon: out of memory (%zu bytes)\n", size);
	abort();
}

static arena_block *arena_block_new(size_t size)
{
	arena_block *b = malloc(sizeof(*b) + size);
	if (!b)
		arena_oom(size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena *arena_new(void)
{
	arena *a = calloc(1, sizeof(*a));
	if (!a)
		arena_oom(sizeof(*a));
	return a;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	arena_block *b = a->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		arena_oom(size);
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	arena_block *b = a->head;
	if (!b || b->size - b->used < rounded) {
		if (rounded > ARENA_BLOCK_SIZE / 4) {
			/* A large request gets its own block, kept behind the current one so
			 * the current block's free space is not wasted. */
			arena_block *big = arena_block_new(rounded);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = rounded;
			a->total += rounded;
			memset(big->data, 0, rounded);
			return big->data;
		}
		b = arena_block_new(ARENA_BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += rounded;
	a->total += rounded;
	memset(p, 0, rounded);
	return p;
}

void *arena_realloc(arena *a, void *old, size_t old_size, size_t new_size)
{
	if (new_size <= old_size && old)
		return old;
	void *p = arena_alloc(a, new_size);
	if (old && old_size)
		memcpy(p, old, old_size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	/* Most messages fit a small buffer: format once there, copy once. */
	char small[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const arena *a)
{
	return a->total;
}
