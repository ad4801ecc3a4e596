/*
 * form.c — the fields of the server-rendered forms (form.h).
 */
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"
#include "web/form.h"
#include "web/html.h"

static const char *name_of(const form_field *f)
{
	return f->name ? f->name : f->id;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* aria-describedby for what has a hint and an error, named after `prefix`; and
 * aria-invalid when there is an error and `invalid`. */
static void described_by(buf *b, const char *prefix, const form_field *f, bool invalid)
{
	if (f->hint && f->error)
		html_printf(b, " aria-describedby=\"%s-hint %s-error\"", prefix, prefix);
	else if (f->hint)
		html_printf(b, " aria-describedby=\"%s-hint\"", prefix);
	else if (f->error)
		html_printf(b, " aria-describedby=\"%s-error\"", prefix);
	if (f->error && invalid)
		html_printf(b, " aria-invalid=\"true\"");
}

static void hint_and_error(buf *b, const char *prefix, const form_field *f)
{
	if (f->hint)
		html_printf(b, "<span class=\"hint\" id=\"%s-hint\">%s</span>", prefix, f->hint);
	if (f->error)
		html_printf(b, "<p class=\"error-message\" id=\"%s-error\">%s</p>", prefix, f->error);
}

/* The field's box and label, its hint and error; the control follows. */
static void field_begin(buf *b, const form_field *f)
{
	html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>", f->id, f->label);
	hint_and_error(b, f->id, f);
}

void form_input(buf *b, const form_field *f)
{
	field_begin(b, f);
	html_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"%r",
	            f->type ? f->type : "text", f->id, name_of(f), or_empty(f->value),
	            or_empty(f->attributes));
	described_by(b, f->id, f, true);
	html_printf(b, "></div>\n");
}

void form_text_field(buf *b, const char *name, const char *label, const char *hint,
                     const char *value, const diag_list *d)
{
	form_input(b, &(form_field){.id = name, .label = label, .hint = hint, .value = value,
	                            .error = form_error_of(d, name)});
}

void form_textarea(buf *b, const form_field *f)
{
	field_begin(b, f);
	html_printf(b, "<textarea id=\"%s\" name=\"%s\"%r", f->id, name_of(f),
	            or_empty(f->attributes));
	described_by(b, f->id, f, true);
	html_printf(b, ">%s</textarea></div>\n", or_empty(f->value));
}

void form_select(buf *b, const form_field *f, const form_choice *choices, size_t n)
{
	field_begin(b, f);
	html_printf(b, "<select id=\"%s\" name=\"%s\"%r", f->id, name_of(f), or_empty(f->attributes));
	described_by(b, f->id, f, true);
	html_printf(b, ">");
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<option value=\"%s\"%r>%s</option>\n", choices[i].value,
		            f->value && strcmp(f->value, choices[i].value) == 0 ? " selected" : "",
		            choices[i].label);
	html_printf(b, "</select></div>\n");
}

/* The group, not a control, is described by the hint and the error: each button
 * carries aria-invalid. */
void form_radio_group(buf *b, const form_field *f, const form_choice *choices, size_t n)
{
	const char *name = name_of(f);
	html_printf(b, "<fieldset id=\"%s\"%r", f->id, or_empty(f->attributes));
	described_by(b, name, f, false);
	html_printf(b, "><legend>%s</legend>", f->label);
	hint_and_error(b, name, f);
	html_printf(b, "\n");
	for (size_t i = 0; i < n; i++) {
		const char *value = choices[i].value;
		const char *id_suffix = *value ? value : "unset";
		html_printf(b, "<div class=\"choice\"><input type=\"radio\" id=\"%s-%s\" name=\"%s\" "
		               "value=\"%s\"%r%r><label for=\"%s-%s\">",
		            name, id_suffix, name, value,
		            strcmp(or_empty(f->value), value) == 0 ? " checked" : "",
		            f->error ? " aria-invalid=\"true\"" : "", name, id_suffix);
		if (choices[i].markup)
			html_printf(b, "%r", choices[i].markup);
		else
			html_printf(b, "%s", choices[i].label);
		html_printf(b, "</label></div>\n");
	}
	html_printf(b, "</fieldset>\n");
}

/* The shorthands below exist because every form page wrote them again: a field is
 * nearly always its id, its label and hint, and d's error about it. */
void form_text_input(buf *b, const char *id, const char *label, const char *hint,
                     const char *value, const diag_list *d, const char *attributes)
{
	form_input(b, &(form_field){.id = id, .label = label, .hint = hint, .value = value,
	                            .error = form_error_of(d, id), .attributes = attributes});
}

void form_date_input(buf *b, const char *id, const char *label, const char *value,
                     const diag_list *d)
{
	form_text_input(b, id, label, _("JJ/MM/AAAA ou AAAA-MM-JJ"), value, d,
	                " class=\"date\" autocomplete=\"off\"");
}

void form_textarea_input(buf *b, const char *id, const char *label, const char *hint,
                         const char *value, const diag_list *d, const char *attributes)
{
	form_textarea(b, &(form_field){.id = id, .label = label, .hint = hint, .value = value,
	                               .error = form_error_of(d, id), .attributes = attributes});
}

void form_select_input(buf *b, const char *id, const char *label, const char *hint,
                       const form_choice *choices, size_t n, const char *chosen,
                       const diag_list *d)
{
	form_select(b, &(form_field){.id = id, .label = label, .hint = hint, .value = chosen,
	                             .error = form_error_of(d, id)},
	            choices, n);
}

void form_buttons(buf *b, const char *submit, const char *cancel_url, const char *cancel)
{
	html_printf(b, "<div class=\"form-actions\"><button type=\"submit\">%s</button> "
	               "<a href=\"%s\">%s</a></div>\n</form>\n",
	            submit, cancel_url, cancel);
}

void form_conflict_begin(buf *b, const char *message)
{
	html_printf(b, "<div class=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><p>%s</p>\n",
	            _("Modification concurrente"), message);
}

jalon_date form_parse_date(arena *a, const char *text, const char *field, const char *label,
                           diag_list *d)
{
	const char *t = text_trim(a, text ? text : "");
	jalon_date out = DATE_NONE;
	const char *why;
	if (*t && !date_parse(t, &out, &why)) {
		diag_add(d, field, 0, _("%s : « %s » n'est pas une date lisible (%s)."), label, t, why);
		out = DATE_NONE;
	}
	return out;
}

const char *form_error_of(const diag_list *d, const char *field)
{
	for (size_t i = 0; d && i < d->count; i++)
		if (d->items[i].file && strcmp(d->items[i].file, field) == 0)
			return d->items[i].message;
	return NULL;
}

void form_diags_rename(diag_list *d, const char *from, const char *to, bool unnamed)
{
	for (size_t i = 0; d && i < d->count; i++) {
		const char *field = d->items[i].file;
		if ((field && strcmp(field, from) == 0) || (!field && unnamed))
			d->items[i].file = to;
	}
}

void form_error_summary(buf *b, const diag_list *d, const char *(*anchor)(const char *field))
{
	if (!d || !diag_has_errors(d))
		return;
	html_printf(b, "<div class=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><ul>\n",
	            _("Le formulaire contient des erreurs"));
	for (size_t i = 0; i < d->count; i++) {
		const diag_entry *e = &d->items[i];
		if (e->file)
			html_printf(b, "<li><a href=\"#%s\">%s</a></li>\n", anchor ? anchor(e->file) : e->file,
			            e->message);
		else
			html_printf(b, "<li>%s</li>\n", e->message);
	}
	html_printf(b, "</ul></div>\n");
}
