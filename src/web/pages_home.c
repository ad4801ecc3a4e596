/*
 * pages_home.c — the home page (organisations and their plans), importing a plan
 * from a CSV file through the browser, the static assets, and the shared error page.
 */
#include <string.h>

#include "io/plan_csv.h"
#include "store/plan_store.h"
#include "util/i18n.h"
#include "web/assets.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/pages.h"

void page_error(web_request *rq, web_response *rs, int status, const char *message)
{
	rs->status = status;
	buf_reset(&rs->body);
	html_page_begin(rq, rs, message);
	html_printf(&rs->body, "<h1>%s</h1>\n<p><a href=\"/\">%s</a></p>\n", message,
	            _("Retour à l'accueil"));
	html_page_end(rq, rs);
}

bool page_refuse_without_csrf(web_request *rq, web_response *rs)
{
	if (web_csrf_ok(rq))
		return false;
	page_error(rq, rs, 403,
	           _("Formulaire refusé : jeton de sécurité absent ou expiré. Rechargez la page "
	             "et recommencez."));
	return true;
}

void page_static(web_request *rq, web_response *rs)
{
	const web_asset *asset = web_asset_find(rq->params[0]);
	if (!asset) {
		page_error(rq, rs, 404, _("Page introuvable"));
		return;
	}
	web_header(rs, rq->arena, "ETag", asset->etag);
	web_header(rs, rq->arena, "Cache-Control", "public, max-age=3600");
	const char *match = web_header_in(rq, "If-None-Match");
	if (match && strcmp(match, asset->etag) == 0) {
		rs->status = 304;
		return;
	}
	rs->content_type = asset->content_type;
	buf_append(&rs->body, asset->data, asset->size);
}

static void period_text(buf *b, int start, int end)
{
	if (start && end && start != end)
		html_printf(b, "%d–%d", start, end);
	else if (start)
		html_printf(b, "%d", start);
	else
		html_printf(b, "—");
}

void page_home(web_request *rq, web_response *rs)
{
	diag_list d;
	diag_init(&d, rq->arena);
	plan_summary *plans;
	size_t count;
	if (!store_plan_list(rq->store, rq->arena, &plans, &count, &d) ||
	    !web_plans_readable(rq, plans, &count)) {
		page_error(rq, rs, 500, _("La base de données ne répond pas"));
		return;
	}
	buf *b = &rs->body;
	html_page_begin(rq, rs, _("Plans"));
	html_printf(b, "<h1>%s</h1>\n", _("Schémas directeurs du numérique"));
	if (count >= 2)
		html_printf(b, "<p><a href=\"/consolidated\">%s</a></p>\n", _("Vue consolidée"));
	if (count == 0 && web_may_import(rq))
		html_printf(b, "<p>%s</p>\n", _("Aucun plan pour l'instant : importez le premier."));
	else if (count == 0)
		html_printf(b, "<p>%s</p>\n", web_signed_in(rq)
		                                  ? _("Aucun plan ne vous est ouvert pour l'instant.")
		                                  : _("Aucun plan public : connectez-vous pour voir "
		                                      "les plans de votre organisation."));
	const char *current = NULL;
	bool open = false;
	for (size_t i = 0; i < count; i++) {
		const plan_summary *p = &plans[i];
		const char *org = p->organisation ? p->organisation : _("Sans organisation");
		if (!current || strcmp(current, org) != 0) {
			if (open)
				html_printf(b, "</tbody>\n</table>\n</section>\n");
			current = org;
			open = true;
			html_printf(b,
				"<section>\n<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				"<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
				org, _("Plan"), _("Période"), _("Version"), _("Statut"), _("Éléments"));
		}
		html_printf(b, "<tr><td><a href=\"/plans/%u\">%s</a></td><td>", p->slug, p->title);
		period_text(b, p->period_start, p->period_end);
		html_printf(b, "</td><td>%s</td><td>%s</td><td class=\"number\">%zu</td></tr>\n",
		            p->version_label ? p->version_label : "—", plan_status_label(p->status),
		            p->element_count);
	}
	if (open)
		html_printf(b, "</tbody>\n</table>\n</section>\n");
	if (web_may_import(rq))
		page_import_section(rq, b, NULL, NULL, "h2");
	html_page_end(rq, rs);
}

/* The import form, with the errors of a refused file listed next to the file field.
 * Shown on the home page, on each plan's overview and alone at /import. */
void page_import_section(web_request *rq, buf *b, const diag_list *errors,
                         const char *file_name, const char *heading_tag)
{
	html_printf(b, "<section aria-labelledby=\"import-heading\">\n<%r id=\"import-heading\">%s</%r>\n"
	               "<p>%s</p>\n",
	            heading_tag, _("Importer un plan"), heading_tag,
	            _("Un fichier CSV exporté d'Excel ou de LibreOffice : une ligne d'en-tête, puis "
	              "une ligne par élément (code, parent, niveau, intitulé…). Un fichier "
	              "comportant des erreurs est refusé en entier, et chaque erreur est indiquée "
	              "avec sa ligne."));
	bool failed = errors && diag_has_errors(errors);
	if (failed) {
		size_t total = diag_total(errors);
		html_printf(b, "<div class=\"errors\" id=\"import-errors\" role=\"alert\">\n<h2>");
		html_printf(b, i18n_count("%zu erreur dans « %s » : rien n'a été importé",
		                          "%zu erreurs dans « %s » : rien n'a été importé", total),
		            total, file_name);
		html_printf(b, "</h2>\n<ul>\n");
		for (size_t i = 0; i < errors->count; i++) {
			const diag_entry *e = &errors->items[i];
			if (e->line > 0)
				html_printf(b, "<li>%s:%d: %s</li>\n", e->file ? e->file : "", e->line,
				            e->message);
			else
				html_printf(b, "<li>%s</li>\n", e->message);
		}
		if (errors->dropped)
			html_printf(b, "<li>%s</li>\n", _("… et d'autres erreurs non affichées"));
		html_printf(b, "</ul>\n</div>\n");
	}
	html_printf(b,
		"<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\">\n");
	html_csrf_field(rq, b);
	html_printf(b,
		"<div class=\"field\"><label for=\"file\">%s</label>"
		"<span class=\"hint\" id=\"file-hint\">%s</span>"
		"<input type=\"file\" id=\"file\" name=\"file\" accept=\".csv,.txt,text/csv\" required "
		"aria-describedby=\"file-hint%r\"%r></div>\n",
		_("Fichier CSV"), _("Séparateur « ; », « , » ou tabulation ; UTF-8, ou Windows-1252 "
		                    "ci-dessous."),
		failed ? " import-errors" : "", failed ? " aria-invalid=\"true\"" : "");
	html_printf(b,
		"<div class=\"field\"><label for=\"encoding\">%s</label>"
		"<select id=\"encoding\" name=\"encoding\"><option value=\"utf-8\">UTF-8</option>"
		"<option value=\"cp1252\"%r>Windows-1252 (%s)</option></select></div>\n",
		_("Encodage"), strcmp(web_form(rq, "encoding"), "cp1252") == 0 ? " selected" : "",
		_("CSV d'Excel sous Windows"));
	html_printf(b,
		"<div class=\"field\"><label for=\"title\">%s</label>"
		"<span class=\"hint\" id=\"title-hint\">%s</span>"
		"<input type=\"text\" id=\"title\" name=\"title\" value=\"%s\" "
		"aria-describedby=\"title-hint\"></div>\n",
		_("Titre du plan"), _("Facultatif ; par défaut, le nom du fichier."), web_form(rq, "title"));
	html_printf(b,
		"<div class=\"field\"><label for=\"organisation\">%s</label>"
		"<input type=\"text\" id=\"organisation\" name=\"organisation\" value=\"%s\"></div>\n",
		_("Organisation"), web_form(rq, "organisation"));
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n</section>\n", _("Importer"));
}

static void import_form(web_request *rq, web_response *rs, const diag_list *errors,
                        const char *file_name)
{
	html_page_begin(rq, rs, _("Importer un plan"));
	page_import_section(rq, &rs->body, errors, file_name, "h1");
	html_page_end(rq, rs);
}

void page_import_form(web_request *rq, web_response *rs)
{
	import_form(rq, rs, NULL, NULL);
}

void page_import(web_request *rq, web_response *rs)
{
	if (page_refuse_without_csrf(rq, rs))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	const web_field *file = web_form_field(rq, "file");
	const char *name = file && file->filename && *file->filename ? file->filename : "import.csv";
	if (!file || file->length == 0) {
		diag_add(&d, NULL, 0, _("choisissez un fichier CSV à importer"));
		rs->status = 422;
		import_form(rq, rs, &d, name);
		return;
	}
	plan p = {0};
	p.organisation_kind = ORGANISATION_OTHER;
	const char *title = web_form(rq, "title");
	const char *organisation = web_form(rq, "organisation");
	if (!*title) {
		/* Like the command line: the file's name without its extension. */
		const char *dot = strrchr(name, '.');
		title = dot && dot != name ? arena_strndup(rq->arena, name, (size_t)(dot - name)) : name;
	}
	p.title = title;
	p.organisation = *organisation ? organisation : NULL;
	if (!web_may_create_plan(rq, p.organisation)) {
		web_forbidden(rq, rs);
		return;
	}
	p.source_name = name;
	plan_csv_options options = {.encoding = web_form(rq, "encoding")};
	if (!plan_csv_read(rq->arena, name, file->value, file->length, &options, &p, &d) ||
	    !store_plan_create(rq->store, rq->arena, &p, &d)) {
		rs->status = 422;
		import_form(rq, rs, &d, name);
		return;
	}
	web_redirect(rq, rs, arena_printf(rq->arena, "/plans/%s", p.slug));
}
