/*
 * access.c — roles and the rules that turn them into rights (access.h).
 */
#include "core/access.h"

#include <string.h>

#include "util/enum_table.h"
#include "util/i18n.h"
#include "util/text.h"

static const enum_entry roles[] = {
	[ROLE_ADMINISTRATEUR] = {"administrateur", N_("administrateur"),
	                         {"admin", "administratrice", "administrator", NULL}},
	[ROLE_PILOTAGE] = {"pilotage", N_("pilotage"),
	                   {"PMO", "bureau de projets", "pilote", "steering", NULL}},
	[ROLE_PORTEUR] = {"porteur", N_("porteur"),
	                  {"porteuse", "owner", "chef de projet", NULL}},
	[ROLE_MEMBRE_INSTANCE] = {"membre-instance", N_("membre d'instance"),
	                          {"membre", "membre de comité", "committee member", "member",
	                           NULL}},
	[ROLE_LECTEUR] = {"lecteur", N_("lecteur"), {"lectrice", "reader", "viewer", NULL}},
};

const char *access_role_key(access_role r)
{
	return enum_table_key(roles, ROLE_COUNT, r, ROLE_LECTEUR);
}

const char *access_role_label(access_role r)
{
	return enum_table_label(roles, ROLE_COUNT, r, ROLE_LECTEUR);
}

bool access_role_parse(const char *s, access_role *out)
{
	int i;
	if (!enum_table_parse(roles, ROLE_COUNT, s, &i))
		return false;
	*out = (access_role)i;
	return true;
}

unsigned access_roles(const access_subject *subject, const int64_t *chain, size_t count)
{
	if (!subject)
		return 0;
	if (subject->everything)
		return (1u << ROLE_COUNT) - 1;
	unsigned mask = 0;
	for (size_t g = 0; g < subject->grant_count; g++) {
		const access_grant *grant = &subject->grants[g];
		bool applies = grant->organisation_id == 0;
		for (size_t i = 0; !applies && i < count; i++)
			applies = chain[i] == grant->organisation_id;
		if (applies)
			mask |= ACCESS_BIT(grant->role);
	}
	return mask;
}

unsigned access_roles_anywhere(const access_subject *subject)
{
	if (!subject)
		return 0;
	if (subject->everything)
		return (1u << ROLE_COUNT) - 1;
	unsigned mask = 0;
	for (size_t g = 0; g < subject->grant_count; g++)
		mask |= ACCESS_BIT(subject->grants[g].role);
	return mask;
}

bool access_may_read(unsigned roles_held, bool public_plan)
{
	return roles_held != 0 || public_plan;
}

bool access_may_steer(unsigned roles_held)
{
	return (roles_held & (ACCESS_BIT(ROLE_ADMINISTRATEUR) | ACCESS_BIT(ROLE_PILOTAGE))) != 0;
}

bool access_is_admin(unsigned roles_held)
{
	return (roles_held & ACCESS_BIT(ROLE_ADMINISTRATEUR)) != 0;
}

char *access_label_fold(arena *a, const char *label)
{
	if (!label)
		return NULL;
	/* "Directeur du numérique (secrétaire)": the role in the committee is not part
	 * of the name. Only a parenthesis that ends the text is dropped. */
	size_t len = strlen(label);
	while (len && (label[len - 1] == ' ' || label[len - 1] == '\t'))
		len--;
	if (len && label[len - 1] == ')') {
		const char *open = NULL;
		for (size_t i = 0; i < len; i++)
			if (label[i] == '(')
				open = label + i;
		if (open && open > label)
			len = (size_t)(open - label);
	}
	char *folded = text_fold(a, arena_strndup(a, label, len));
	/* Squeeze spaces, drop them at both ends. */
	char *w = folded;
	bool space = true;
	for (const char *r = folded; *r; r++) {
		bool is_space = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r';
		if (is_space) {
			if (!space)
				*w++ = ' ';
			space = true;
		} else {
			*w++ = *r;
			space = false;
		}
	}
	if (w > folded && w[-1] == ' ')
		w--;
	*w = '\0';
	return *folded ? folded : NULL;
}

bool access_label_matches(const access_subject *subject, arena *a, const char *name)
{
	if (!subject || !name || !subject->label_count)
		return false;
	const char *folded = access_label_fold(a, name);
	if (!folded)
		return false;
	for (size_t i = 0; i < subject->label_count; i++)
		if (strcmp(subject->labels[i], folded) == 0)
			return true;
	return false;
}
