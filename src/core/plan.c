/*
 * plan.c — the plan model: enumerations, tree linking and structural checks.
 *
 * plan_link() is the one place where a plan's structure is judged, whatever it came
 * from (a CSV file, the database, later a form): codes unique, parents known, no
 * cycle, contributions known, dates ordered. It reports every problem, then builds
 * the children lists and a depth-first order used by every export and display.
 * plan_check_element() applies the same rules to one element about to be saved from
 * a form, against a plan already linked, naming the field of each problem.
 */
#include "core/plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"

/* ---- enumerations ---------------------------------------------------------- */

static const struct {
	const char *key;
	const char *label;
	const char *alias; /* English, matched like the key */
} plan_statuses[PLAN_STATUS_COUNT] = {
	[PLAN_STATUS_DRAFT] = {"brouillon", N_("brouillon"), "draft"},
	[PLAN_STATUS_CONSULTATION] = {"en-consultation", N_("en consultation"), "consultation"},
	[PLAN_STATUS_ADOPTED] = {"adopte", N_("adopté"), "adopted"},
	[PLAN_STATUS_REVISION] = {"en-revision", N_("en révision"), "revision"},
	[PLAN_STATUS_CLOSED] = {"clos", N_("clos"), "closed"},
};

static const struct {
	const char *key;
	const char *label;
	const char *alias;
} organisation_kinds[ORGANISATION_KIND_COUNT] = {
	[ORGANISATION_UNIVERSITY] = {"universite", N_("université"), "university"},
	[ORGANISATION_SCHOOL] = {"ecole", N_("école"), "school"},
	[ORGANISATION_COMUE] = {"comue", N_("ComUE"), "federation"},
	[ORGANISATION_REGION] = {"region", N_("région"), "region"},
	[ORGANISATION_OTHER] = {"autre", N_("autre"), "other"},
};

const char *plan_status_key(plan_status s)
{
	return s < PLAN_STATUS_COUNT ? plan_statuses[s].key : "brouillon";
}

const char *plan_status_label(plan_status s)
{
	return _(plan_statuses[s < PLAN_STATUS_COUNT ? s : 0].label);
}

const char *organisation_kind_key(organisation_kind k)
{
	return k < ORGANISATION_KIND_COUNT ? organisation_kinds[k].key : "autre";
}

const char *organisation_kind_label(organisation_kind k)
{
	return _(organisation_kinds[k < ORGANISATION_KIND_COUNT ? k : ORGANISATION_OTHER].label);
}

/* Match a user's word against a key and an alias, ignoring case, accents and
 * separators ("En consultation", "en-consultation", "EN_CONSULTATION"). */
static bool enum_matches(arena *a, const char *typed_key, const char *key, const char *alias)
{
	return strcmp(typed_key, text_match_key(a, key)) == 0 ||
	       strcmp(typed_key, text_match_key(a, alias)) == 0;
}

bool plan_status_parse(const char *s, plan_status *out)
{
	if (!s)
		return false;
	for (int i = 0; i < PLAN_STATUS_COUNT; i++) { /* stored keys, without folding */
		if (strcmp(s, plan_statuses[i].key) == 0) {
			*out = (plan_status)i;
			return true;
		}
	}
	arena *a = arena_new();
	const char *k = text_match_key(a, s);
	bool found = false;
	for (int i = 0; i < PLAN_STATUS_COUNT && !found; i++) {
		if (enum_matches(a, k, plan_statuses[i].key, plan_statuses[i].alias)) {
			*out = (plan_status)i;
			found = true;
		}
	}
	arena_free(a);
	return found;
}

bool organisation_kind_parse(const char *s, organisation_kind *out)
{
	if (!s)
		return false;
	for (int i = 0; i < ORGANISATION_KIND_COUNT; i++) { /* stored keys, without folding */
		if (strcmp(s, organisation_kinds[i].key) == 0) {
			*out = (organisation_kind)i;
			return true;
		}
	}
	arena *a = arena_new();
	const char *k = text_match_key(a, s);
	bool found = false;
	for (int i = 0; i < ORGANISATION_KIND_COUNT && !found; i++) {
		if (enum_matches(a, k, organisation_kinds[i].key, organisation_kinds[i].alias)) {
			*out = (organisation_kind)i;
			found = true;
		}
	}
	arena_free(a);
	return found;
}

/* ---- code index: open addressing over element pointers --------------------- */

typedef struct {
	plan_element **slots;
	size_t mask;
} code_index;


static void code_index_init(arena *a, code_index *ix, size_t count)
{
	size_t cap = 16;
	while (cap < count * 2)
		cap *= 2;
	ix->slots = arena_alloc(a, cap * sizeof(*ix->slots));
	ix->mask = cap - 1;
}

/* Returns the element already holding this code, or inserts e and returns NULL. */
static plan_element *code_index_insert(code_index *ix, plan_element *e)
{
	size_t i = text_hash(e->code) & ix->mask;
	while (ix->slots[i]) {
		if (strcmp(ix->slots[i]->code, e->code) == 0)
			return ix->slots[i];
		i = (i + 1) & ix->mask;
	}
	ix->slots[i] = e;
	return NULL;
}

static plan_element *code_index_find(const code_index *ix, const char *code)
{
	size_t i = text_hash(code) & ix->mask;
	while (ix->slots[i]) {
		if (strcmp(ix->slots[i]->code, code) == 0)
			return ix->slots[i];
		i = (i + 1) & ix->mask;
	}
	return NULL;
}

/* A code differing only by case or accents, to suggest when a reference is unknown. */
const char *plan_code_suggestion(arena *a, const plan *p, const char *code)
{
	const char *want = text_fold(a, code);
	for (size_t i = 0; i < p->element_count; i++) {
		const char *c = p->elements[i].code;
		if (c && *c && strcmp(text_fold(a, c), want) == 0)
			return c;
	}
	return NULL;
}

static void report_unknown_code(arena *a, const plan *p, diag_list *d, const char *file,
                                int line, const char *what, const char *code)
{
	const char *near = plan_code_suggestion(a, p, code);
	if (near)
		diag_add(d, file, line, _("%s inconnu « %s » (vouliez-vous dire « %s » ?)"), what,
		         code, near);
	else
		diag_add(d, file, line, _("%s inconnu « %s » : aucun élément n'a ce code"), what, code);
}

/* ---- linking ----------------------------------------------------------------- */

static bool is_blank(const char *s)
{
	return !s || !*s;
}

/* Walk parent links from every element; a walk that comes back to an element on the
 * current path is a cycle. Colours: 0 unvisited, 1 on the current path, 2 done. */
static bool check_cycles(arena *a, plan *p, const char *file, diag_list *d)
{
	size_t n = p->element_count;
	unsigned char *colour = arena_alloc(a, n ? n : 1);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (colour[i])
			continue;
		plan_element *e = &p->elements[i];
		while (e && colour[e - p->elements] == 0) {
			colour[e - p->elements] = 1;
			e = e->parent;
		}
		if (e && colour[e - p->elements] == 1) {
			/* e is on a cycle: describe it from its first line in the file. */
			plan_element *first = e;
			size_t length = 0;
			plan_element *c = e;
			do {
				if (c->source_line < first->source_line)
					first = c;
				c = c->parent;
				length++;
			} while (c != e);
			/* Built in one allocation: appending code by code would copy the path
			 * again for every element, quadratic on a long cycle. */
			static const char arrow[] = " → ";
			size_t size = strlen(first->code) + 1;
			c = first;
			for (size_t k = 0; k < length; k++, c = c->parent)
				size += sizeof(arrow) - 1 + strlen(c->parent->code);
			char *path = arena_alloc(a, size);
			char *end = stpcpy(path, first->code);
			c = first;
			for (size_t k = 0; k < length; k++, c = c->parent)
				end = stpcpy(stpcpy(end, arrow), c->parent->code);
			diag_add(d, file, first->source_line,
			         _("cycle dans les liens de parenté : %s"), path);
			ok = false;
		}
		/* Mark the whole walked path done. */
		for (plan_element *m = &p->elements[i]; m && colour[m - p->elements] == 1; m = m->parent)
			colour[m - p->elements] = 2;
	}
	return ok;
}

static void build_order(arena *a, plan *p)
{
	size_t n = p->element_count;
	/* Children in source order: count, allocate, fill. */
	size_t roots = 0;
	for (size_t i = 0; i < n; i++) {
		plan_element *e = &p->elements[i];
		if (e->parent)
			e->parent->child_count++;
		else
			roots++;
	}
	for (size_t i = 0; i < n; i++) {
		plan_element *e = &p->elements[i];
		if (e->child_count)
			e->children = arena_alloc(a, e->child_count * sizeof(*e->children));
		e->child_count = 0;
	}
	p->roots = arena_alloc(a, (roots ? roots : 1) * sizeof(*p->roots));
	p->root_count = 0;
	for (size_t i = 0; i < n; i++) {
		plan_element *e = &p->elements[i];
		if (e->parent)
			e->parent->children[e->parent->child_count++] = e;
		else
			p->roots[p->root_count++] = e;
	}
	/* Depth-first order with an explicit stack: plans may be deep. */
	p->ordered = arena_alloc(a, (n ? n : 1) * sizeof(*p->ordered));
	plan_element **stack = arena_alloc(a, (n ? n : 1) * sizeof(*stack));
	size_t top = 0, out = 0;
	for (size_t r = p->root_count; r-- > 0;)
		stack[top++] = p->roots[r];
	while (top) {
		plan_element *e = stack[--top];
		e->depth = e->parent ? e->parent->depth + 1 : 0;
		p->ordered[out++] = e;
		for (size_t c = e->child_count; c-- > 0;)
			stack[top++] = e->children[c];
	}
}

bool plan_link(arena *a, plan *p, const char *file, diag_list *d)
{
	size_t errors_before = diag_total(d);
	code_index ix;
	code_index_init(a, &ix, p->element_count);

	for (size_t i = 0; i < p->element_count; i++) {
		plan_element *e = &p->elements[i];
		e->parent = NULL;
		e->children = NULL;
		e->child_count = 0;
		int line = e->source_line;
		if (is_blank(e->code)) {
			diag_add(d, file, line, _("le code est vide : chaque élément doit avoir un code"));
			continue;
		}
		if (is_blank(e->level))
			diag_add(d, file, line, _("le niveau de « %s » est vide"), e->code);
		if (is_blank(e->title))
			diag_add(d, file, line, _("l'intitulé de « %s » est vide"), e->code);
		plan_element *twin = code_index_insert(&ix, e);
		if (twin) {
			if (twin->source_line > 0)
				diag_add(d, file, line, _("code « %s » en double (déjà utilisé ligne %d)"),
				         e->code, twin->source_line);
			else
				diag_add(d, file, line, _("code « %s » en double"), e->code);
		}
		if (date_is_set(e->start) && date_is_set(e->end) &&
		    date_compare(e->end, e->start) < 0) {
			char s[11], f[11];
			date_format_fr(e->start, s);
			date_format_fr(e->end, f);
			diag_add(d, file, line, _("la fin (%s) précède le début (%s) pour « %s »"), f, s,
			         e->code);
		}
		if (e->has_budget && e->budget_cents < 0)
			diag_add(d, file, line, _("le budget de « %s » est négatif"), e->code);
	}

	for (size_t i = 0; i < p->element_count; i++) {
		plan_element *e = &p->elements[i];
		if (is_blank(e->code) || is_blank(e->parent_code))
			continue;
		if (strcmp(e->parent_code, e->code) == 0) {
			diag_add(d, file, e->source_line, _("« %s » ne peut pas être son propre parent"),
			         e->code);
			continue;
		}
		e->parent = code_index_find(&ix, e->parent_code);
		if (!e->parent)
			report_unknown_code(a, p, d, file, e->source_line, _("parent"), e->parent_code);
	}
	/* Unresolved parents are NULL, so cycles among the others are still found: the
	 * user sees every problem in one pass. */
	check_cycles(a, p, file, d);

	for (size_t i = 0; i < p->element_count; i++) {
		plan_element *e = &p->elements[i];
		if (!e->contribution_count)
			continue;
		e->contributions = arena_alloc(a, e->contribution_count * sizeof(*e->contributions));
		size_t kept = 0;
		for (size_t k = 0; k < e->contribution_count; k++) {
			const char *code = e->contributes_to[k];
			plan_element *target = code_index_find(&ix, code);
			if (!target) {
				report_unknown_code(a, p, d, file, e->source_line, _("contribue_a : code"),
				                    code);
				continue;
			}
			if (target == e) {
				diag_add(d, file, e->source_line,
				         _("« %s » ne peut pas contribuer à lui-même"), e->code);
				continue;
			}
			bool seen = false;
			for (size_t j = 0; j < kept && !seen; j++)
				seen = e->contributions[j] == target;
			if (!seen) {
				e->contributes_to[kept] = code;
				e->contributions[kept++] = target;
			}
		}
		e->contribution_count = kept;
	}

	if (diag_total(d) != errors_before)
		return false;
	build_order(a, p);
	return true;
}

size_t plan_level_counts(arena *a, const plan *p, plan_level_count **out)
{
	plan_level_count *levels = arena_alloc(a, (p->element_count + 1) * sizeof(*levels));
	size_t n = 0;
	for (size_t i = 0; i < p->element_count; i++) {
		const plan_element *e = p->ordered ? p->ordered[i] : &p->elements[i];
		size_t k = 0;
		while (k < n && strcmp(levels[k].label, e->level) != 0)
			k++;
		if (k == n)
			levels[n++].label = e->level;
		levels[k].count++;
	}
	*out = levels;
	return n;
}

plan_element *plan_find(const plan *p, const char *code)
{
	for (size_t i = 0; i < p->element_count; i++)
		if (strcmp(p->elements[i].code, code) == 0)
			return &p->elements[i];
	return NULL;
}

plan_element *plan_find_id(const plan *p, int64_t id)
{
	for (size_t i = 0; i < p->element_count; i++)
		if (p->elements[i].id == id)
			return &p->elements[i];
	return NULL;
}

/* An explicit stack rather than recursion: a branch may be thousands deep. The stack
 * never holds more than the descendants themselves. */
size_t plan_descendant_count(const plan_element *e)
{
	if (!e || !e->child_count)
		return 0;
	size_t capacity = 16, top = 0, count = 0;
	const plan_element **stack = malloc(capacity * sizeof(*stack));
	if (!stack)
		abort(); /* as arena_alloc: out of memory is not a recoverable state */
	stack[top++] = e;
	while (top) {
		const plan_element *x = stack[--top];
		count += x->child_count;
		if (top + x->child_count > capacity) {
			while (top + x->child_count > capacity)
				capacity *= 2;
			const plan_element **grown = realloc(stack, capacity * sizeof(*stack));
			if (!grown)
				abort();
			stack = grown;
		}
		for (size_t c = 0; c < x->child_count; c++)
			stack[top++] = x->children[c];
	}
	free(stack);
	return count;
}

/* ---- checking one element (a form) --------------------------------------------- */

/* Is `e` a descendant of `ancestor`? Walks parent links up, so it costs the depth. */
static bool is_descendant(const plan_element *e, const plan_element *ancestor)
{
	for (const plan_element *x = e ? e->parent : NULL; x; x = x->parent)
		if (x == ancestor)
			return true;
	return false;
}

/* Does `code` designate the element being checked? Either it is a code of p, naming
 * `existing` (its old code still names it in p until the change is saved), or it is
 * nobody's code in p but the candidate's own new one. A code held by another element
 * names that element, even when the candidate wants it too (that is reported on the
 * code field). */
static bool names_itself(const plan *p, const plan_element *candidate,
                         const plan_element *existing, const char *code)
{
	const plan_element *holder = plan_find(p, code);
	if (holder)
		return holder == existing;
	return !is_blank(candidate->code) && strcmp(code, candidate->code) == 0;
}

bool plan_check_element(arena *a, const plan *p, const plan_element *c,
                        const plan_element *existing, diag_list *d)
{
	size_t errors_before = diag_total(d);

	if (is_blank(c->code)) {
		diag_add(d, "code", 0, _("obligatoire"));
	} else {
		const plan_element *twin = plan_find(p, c->code);
		if (twin && twin != existing)
			diag_add(d, "code", 0, _("ce code est déjà celui d'un autre élément (« %s »)"),
			         twin->title);
	}
	if (is_blank(c->level))
		diag_add(d, "level", 0, _("obligatoire"));
	if (is_blank(c->title))
		diag_add(d, "title", 0, _("obligatoire"));

	if (!is_blank(c->parent_code)) {
		const plan_element *parent = plan_find(p, c->parent_code);
		if (names_itself(p, c, existing, c->parent_code))
			diag_add(d, "parent", 0, _("« %s » ne peut pas être son propre parent"),
			         is_blank(c->code) ? c->parent_code : c->code);
		else if (!parent)
			report_unknown_code(a, p, d, "parent", 0, _("parent"), c->parent_code);
		else if (existing && is_descendant(parent, existing))
			diag_add(d, "parent", 0,
			         _("« %s » est un descendant de cet élément : le déplacer dessous "
			           "créerait une boucle"),
			         c->parent_code);
	}

	bool self_reported = false;
	for (size_t k = 0; k < c->contribution_count; k++) {
		const char *code = c->contributes_to[k];
		if (is_blank(code))
			continue; /* an empty entry of a form: nothing to link */
		if (names_itself(p, c, existing, code)) {
			if (!self_reported)
				diag_add(d, "contributes_to", 0,
				         _("« %s » ne peut pas contribuer à lui-même"),
				         is_blank(c->code) ? code : c->code);
			self_reported = true;
		} else if (!plan_find(p, code)) {
			report_unknown_code(a, p, d, "contributes_to", 0, _("code"), code);
		}
	}

	if (date_is_set(c->start) && date_is_set(c->end) && date_compare(c->end, c->start) < 0)
		diag_add(d, "end", 0, _("la fin précède le début"));
	if (c->has_budget && c->budget_cents < 0)
		diag_add(d, "budget", 0, _("le budget ne peut pas être négatif"));

	return diag_total(d) == errors_before;
}

plan_element plan_element_copy(arena *a, const plan *p, const plan_element *from)
{
	plan_element e = {0};
	if (from) {
		e = *from;
		e.parent = NULL;
		e.children = NULL;
		e.child_count = 0;
		e.contributions = NULL;
		e.depth = 0;
	}
	const char **attributes = arena_alloc(a, (p->custom_column_count + 1) * sizeof(*attributes));
	for (size_t k = 0; from && from->attributes && k < p->custom_column_count; k++)
		attributes[k] = from->attributes[k];
	e.attributes = attributes;
	return e;
}
