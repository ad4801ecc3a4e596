/*
 * swot.c — the SWOT quadrants' keys, labels and parser (swot.h).
 */
#include "core/swot.h"

#include "util/enum_table.h"
#include "util/i18n.h"

/* Order is the reading order of the 2×2 table: internal (forces, faiblesses) on the
 * first row, external (opportunités, menaces) on the second. */
static const enum_entry quadrants[SWOT_QUADRANT_COUNT] = {
	[SWOT_STRENGTHS] = {"forces", N_("forces"), {"force", "strengths", "strength", "s", NULL}},
	[SWOT_WEAKNESSES] = {"faiblesses", N_("faiblesses"),
	                     {"faiblesse", "weaknesses", "weakness", "w", NULL}},
	[SWOT_OPPORTUNITIES] = {"opportunites", N_("opportunités"),
	                        {"opportunite", "opportunities", "opportunity", "o", NULL}},
	[SWOT_THREATS] = {"menaces", N_("menaces"), {"menace", "threats", "threat", "t", NULL}},
};

const char *swot_quadrant_key(swot_quadrant q)
{
	return enum_table_key(quadrants, SWOT_QUADRANT_COUNT, q, SWOT_STRENGTHS);
}

const char *swot_quadrant_label(swot_quadrant q)
{
	return _(enum_table_label(quadrants, SWOT_QUADRANT_COUNT, q, SWOT_STRENGTHS));
}

bool swot_quadrant_parse(const char *s, swot_quadrant *out)
{
	int i;
	if (!enum_table_parse(quadrants, SWOT_QUADRANT_COUNT, s, &i))
		return false;
	*out = (swot_quadrant)i;
	return true;
}

size_t swot_table_size(const swot_table *t)
{
	size_t n = 0;
	for (int q = 0; q < SWOT_QUADRANT_COUNT; q++)
		n += t->count[q];
	return n;
}
