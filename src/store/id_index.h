/*
 * id_index.h — an index from database ids to a loaded plan's elements, for joining
 * side tables to elements on load (one query per table, rows matched here), inside
 * store/ only.
 *
 * Open addressing over a power-of-two table at most half full, so a lookup is one
 * or two probes.
 */
#ifndef JALON_ID_INDEX_H
#define JALON_ID_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "util/arena.h"

typedef struct {
	int64_t *keys;
	const plan_element **values;
	size_t mask;
} store_id_index;

static inline size_t store_id_slot(int64_t id, size_t mask)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 20) & mask;
}

/* Every element of p that has an id. */
static inline void store_id_index_build(arena *a, store_id_index *ix, const plan *p)
{
	size_t cap = 16;
	while (cap < p->element_count * 2)
		cap *= 2;
	ix->keys = arena_alloc(a, cap * sizeof(*ix->keys));
	ix->values = arena_alloc(a, cap * sizeof(*ix->values));
	ix->mask = cap - 1;
	for (size_t k = 0; k < p->element_count; k++) {
		const plan_element *e = &p->elements[k];
		if (!e->id)
			continue;
		size_t i = store_id_slot(e->id, ix->mask);
		while (ix->values[i])
			i = (i + 1) & ix->mask;
		ix->keys[i] = e->id;
		ix->values[i] = e;
	}
}

static inline const plan_element *store_id_index_get(const store_id_index *ix, int64_t id)
{
	size_t i = store_id_slot(id, ix->mask);
	while (ix->values[i]) {
		if (ix->keys[i] == id)
			return ix->values[i];
		i = (i + 1) & ix->mask;
	}
	return NULL;
}

#endif
