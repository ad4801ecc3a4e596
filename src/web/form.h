/*
 * form.h — the fields of the server-rendered forms, written the same way on every page.
 *
 * A field is a labelled control in <div class="field">: its hint and its error message
 * come between the label and the control, and both describe the control
 * (aria-describedby "ID-hint ID-error", aria-invalid when there is an error). A radio
 * group is a fieldset whose legend names it, its hint and error describing the group.
 * The store's diags name the field they are about (diag_entry.file): form_error_of
 * finds a field's message, form_error_summary lists every message at the top of the
 * page, each linking to its field.
 */
#ifndef JALON_FORM_H
#define JALON_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/diag.h"

/* A field, as the functions below write it. */
typedef struct {
	/* The control's id, and the prefix of its hint's and error's ids (ID-hint,
	 * ID-error); a radio group's fieldset id. */
	const char *id;
	/* The form field's name; NULL: the id. A radio group's buttons are NAME-VALUE
	 * (NAME-unset for the value ""), its hint and error NAME-hint and NAME-error. */
	const char *name;
	const char *label;      /* a radio group's legend */
	const char *hint;       /* NULL: none */
	const char *error;      /* NULL: none */
	const char *value;      /* as typed or stored; the chosen value of a select or group */
	const char *type;       /* an <input>'s; NULL: text */
	/* NULL, or raw markup this program wrote, put after the id and name (class,
	 * inputmode, rows…); on a radio group, the fieldset's. */
	const char *attributes;
} form_field;

/* A choice of a select or radio group; "" is a value like any other. */
typedef struct {
	const char *value;
	const char *label;
	const char *markup; /* NULL, or trusted markup a radio button shows instead of label */
} form_choice;

/* <input>, <textarea>, <select>, and radio buttons in a fieldset. */
void form_input(buf *b, const form_field *f);
/* The common input: text, id and name `name`, its error the one d has about it. */
void form_text_field(buf *b, const char *name, const char *label, const char *hint,
                     const char *value, const diag_list *d);
void form_textarea(buf *b, const form_field *f);
void form_select(buf *b, const form_field *f, const form_choice *choices, size_t n);
void form_radio_group(buf *b, const form_field *f, const form_choice *choices, size_t n);

/* The shorthands the form pages write their fields with: id and name `id`, the error
 * the one d has about it; `attributes` is NULL or raw markup the caller wrote (class,
 * inputmode, rows…). */
void form_text_input(buf *b, const char *id, const char *label, const char *hint,
                     const char *value, const diag_list *d, const char *attributes);
/* A text input for a date, with the hint of the formats it reads. */
void form_date_input(buf *b, const char *id, const char *label, const char *value,
                     const diag_list *d);
void form_textarea_input(buf *b, const char *id, const char *label, const char *hint,
                         const char *value, const diag_list *d, const char *attributes);
void form_select_input(buf *b, const char *id, const char *label, const char *hint,
                       const form_choice *choices, size_t n, const char *chosen,
                       const diag_list *d);
/* The submit button and the cancel link, and the end of the form. */
void form_buttons(buf *b, const char *submit, const char *cancel_url, const char *cancel);

/* A date field as posted: unset when empty; otherwise parsed, or an error on `field`
 * that names it by `label`. */
jalon_date form_parse_date(arena *a, const char *text, const char *field, const char *label,
                           diag_list *d);

/* Opens the alert above a form sent over a newer version: "Modification concurrente"
 * and `message` (the input is kept; saving again replaces the stored version). The
 * caller may show what is stored, then closes the <div>. */
void form_conflict_begin(buf *b, const char *message);

/* The message of the first diag about `field`, NULL when there is none (or no d). */
const char *form_error_of(const diag_list *d, const char *field);
/* The store names fields as the API spells them; a form may give them other ids: name
 * `to` (NULL: no field, the summary alone) the diags about `from`, and the unnamed ones
 * too when `unnamed`. */
void form_diags_rename(diag_list *d, const char *from, const char *to, bool unnamed);
/* "The form has errors", each message linking to its field: to #FIELD, or to what
 * `anchor` gives for it (NULL: the field itself). Nothing when d has no error. */
void form_error_summary(buf *b, const diag_list *d, const char *(*anchor)(const char *field));

#endif
