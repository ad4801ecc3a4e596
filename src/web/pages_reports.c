/*
 * pages_reports.c — the reports of a plan on the web: the reports page (links to the
 * plan's steering report as PDF and workbook, to the summary table, and to each
 * meeting's report), the downloads themselves, the summary table as an HTML page, and
 * the same documents under the JSON API (/api/v1/…), with the summary as JSON.
 *
 * Every document comes from the model of report/report.h, as on the command line
 * (`jalon report`, `jalon summary`), so a download and a command give the same file.
 * Downloads carry a Content-Disposition with a plain file name and a strong ETag (a
 * hash of the bytes: the PDF's dates are the report's, so the same data gives the
 * same bytes) answered by 304 when the browser has it. ?today=AAAA-MM-JJ fixes the
 * date that decides lateness, as on the dashboard; ?level= chooses the summary's level.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/governance.h"
#include "report/report.h"
#include "report/report_pdf.h"
#include "report/report_xlsx.h"
#include "store/governance_store.h"
#include "store/plan_store.h"
#include "store/steering_view.h"
#include "util/i18n.h"
#include "web/api_common.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/plan_view.h"

#define PDF_TYPE "application/pdf"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

typedef enum { AS_PAGE, AS_API } answer_kind;
typedef enum { DOC_PDF, DOC_XLSX } doc_format;

/* An error as the caller expects it: the HTML error page, or a problem document. */
static void fail(web_request *rq, web_response *rs, answer_kind how, int status,
                 const char *message, const char *field)
{
	if (how == AS_API)
		api_field_problem(rs, status, field, message);
	else
		page_error(rq, rs, status, message);
}

/* ?today= (AAAA-MM-JJ or JJ/MM/AAAA), today by default; false with 400 sent. */
static bool today_of(web_request *rq, web_response *rs, answer_kind how, jalon_date *today)
{
	const char *q = web_query(rq, "today");
	if (steering_view_today(q && *q ? q : NULL, today))
		return true;
	fail(rq, rs, how, 400, _("Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)"), "today");
	return false;
}

/* FNV-1a over the bytes: a strong validator of the document. */
static const char *etag_of(arena *a, const buf *b)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < b->len; i++) {
		h ^= (unsigned char)b->data[i];
		h *= 1099511628211ULL;
	}
	return arena_printf(a, "\"r-%016llx-%zu\"", (unsigned long long)h, b->len);
}

/* Render r and answer it as a download (or 304 when the browser's copy is current). */
static void document_send(web_request *rq, web_response *rs, answer_kind how, const report *r,
                          doc_format format)
{
	diag_list d;
	diag_init(&d, rq->arena);
	buf out = {0};
	bool ok = format == DOC_PDF ? report_pdf_render(r, rq->arena, &out, &d)
	                            : report_xlsx_render(r, rq->arena, &out, &d);
	if (!ok) {
		buf_free(&out);
		fail(rq, rs, how, 500, api_first_message(&d), NULL);
		return;
	}
	const char *etag = etag_of(rq->arena, &out);
	bool unchanged = api_not_modified(rq, rs, etag);
	web_header(rs, rq->arena, "Cache-Control", "private, no-cache");
	if (unchanged) {
		buf_free(&out);
		return;
	}
	rs->status = 200;
	rs->content_type = format == DOC_PDF ? PDF_TYPE : XLSX_TYPE;
	web_header(rs, rq->arena, "Content-Disposition",
	           arena_printf(rq->arena, "attachment; filename=\"%s.%s\"", r->file_stem,
	                        format == DOC_PDF ? "pdf" : "xlsx"));
	buf_free(&rs->body);
	rs->body = out;
}

/* ---- the steering reports ----------------------------------------------------------------- */

static void plan_report(web_request *rq, web_response *rs, answer_kind how, doc_format format)
{
	jalon_date today;
	if (!today_of(rq, rs, how, &today))
		return;
	diag_list d;
	diag_init(&d, rq->arena);
	report r;
	bool not_found;
	if (!report_build_plan(rq->store, rq->arena, rq->params[0], today, &r, &not_found, &d)) {
		fail(rq, rs, how, not_found ? 404 : 500,
		     not_found ? _("Plan introuvable") : _("La base de données ne répond pas"), NULL);
		return;
	}
	document_send(rq, rs, how, &r, format);
}

static void meeting_report(web_request *rq, web_response *rs, answer_kind how, doc_format format)
{
	jalon_date today;
	if (!today_of(rq, rs, how, &today))
		return;
	int64_t id = web_id_parse(rq->params[1]);
	if (!id) {
		fail(rq, rs, how, 404, _("Séance introuvable"), NULL);
		return;
	}
	diag_list d;
	diag_init(&d, rq->arena);
	report r;
	bool not_found;
	if (!report_build_meeting(rq->store, rq->arena, rq->params[0], id, today, &r, &not_found,
	                          &d)) {
		fail(rq, rs, how, not_found ? 404 : 500,
		     not_found ? api_first_message(&d) : _("La base de données ne répond pas"), NULL);
		return;
	}
	document_send(rq, rs, how, &r, format);
}

void page_plan_report_pdf(web_request *rq, web_response *rs) { plan_report(rq, rs, AS_PAGE, DOC_PDF); }
void page_plan_report_xlsx(web_request *rq, web_response *rs) { plan_report(rq, rs, AS_PAGE, DOC_XLSX); }
void page_meeting_report_pdf(web_request *rq, web_response *rs) { meeting_report(rq, rs, AS_PAGE, DOC_PDF); }
void page_meeting_report_xlsx(web_request *rq, web_response *rs) { meeting_report(rq, rs, AS_PAGE, DOC_XLSX); }
void api_plan_report_pdf(web_request *rq, web_response *rs) { plan_report(rq, rs, AS_API, DOC_PDF); }
void api_plan_report_xlsx(web_request *rq, web_response *rs) { plan_report(rq, rs, AS_API, DOC_XLSX); }
void api_meeting_report_pdf(web_request *rq, web_response *rs) { meeting_report(rq, rs, AS_API, DOC_PDF); }
void api_meeting_report_xlsx(web_request *rq, web_response *rs) { meeting_report(rq, rs, AS_API, DOC_XLSX); }

/* ---- the summary table ---------------------------------------------------------------------- */

/* Load the plan and its summary at ?level=; false with 404 (plan) sent; *level_error
 * set (nothing sent) when the level is unknown, for the caller to answer. */
static bool summary_load(web_request *rq, web_response *rs, answer_kind how, plan *p,
                         summary *sm, diag_list *d, bool *level_error)
{
	*level_error = false;
	if (how == AS_API ? !api_plan_load(rq, rs, p) : !page_load_plan(rq, rs, p))
		return false;
	const char *level = web_query(rq, "level");
	if (!summary_build(rq->arena, p, level, sm, d)) {
		*level_error = true;
		/* Still a table to show: the default level's, under the error. */
		summary_build(rq->arena, p, NULL, sm, NULL);
	}
	return true;
}

static void summary_document(web_request *rq, web_response *rs, answer_kind how,
                             doc_format format)
{
	jalon_date today;
	if (!today_of(rq, rs, how, &today))
		return;
	plan p;
	summary sm;
	diag_list d;
	diag_init(&d, rq->arena);
	bool level_error;
	if (!summary_load(rq, rs, how, &p, &sm, &d, &level_error))
		return;
	if (level_error) {
		fail(rq, rs, how, how == AS_API ? 422 : 400, api_first_message(&d), "level");
		return;
	}
	report r;
	summary_report(rq->arena, &sm, today, &r);
	document_send(rq, rs, how, &r, format);
}

void page_summary_pdf(web_request *rq, web_response *rs) { summary_document(rq, rs, AS_PAGE, DOC_PDF); }
void page_summary_xlsx(web_request *rq, web_response *rs) { summary_document(rq, rs, AS_PAGE, DOC_XLSX); }
void api_summary_pdf(web_request *rq, web_response *rs) { summary_document(rq, rs, AS_API, DOC_PDF); }
void api_summary_xlsx(web_request *rq, web_response *rs) { summary_document(rq, rs, AS_API, DOC_XLSX); }

void api_summary(web_request *rq, web_response *rs)
{
	plan p;
	summary sm;
	diag_list d;
	diag_init(&d, rq->arena);
	bool level_error;
	if (!summary_load(rq, rs, AS_API, &p, &sm, &d, &level_error))
		return;
	if (level_error) {
		api_refused(rq, rs, &d, false);
		return;
	}
	api_json(rs, 200, summary_json(&sm));
}

/* Home › plan › (reports ›) this page. */
static void breadcrumb(buf *b, const plan *p, const char *label, bool under_reports)
{
	html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><ol>\n"
	               "<li><a href=\"/\">%s</a></li>\n<li><a href=\"/plans/%u\">%s</a></li>\n",
	            _("Fil d'Ariane"), _("Accueil"), p->slug, p->title);
	if (under_reports)
		html_printf(b, "<li><a href=\"/plans/%u/reports\">%s</a></li>\n", p->slug, _("Rapports"));
	html_printf(b, "<li aria-current=\"page\">%s</li>\n</ol></nav>\n", label);
}

/* The level <select> and the download links of the summary (level kept in them). */
static void summary_form(web_request *rq, buf *b, const plan *p, const summary *sm,
                         const char *error, const char *asked)
{
	arena *a = rq->arena;
	form_choice *choices = arena_alloc(a, (sm->level_count + 1) * sizeof(*choices));
	for (size_t i = 0; i < sm->level_count; i++)
		choices[i] = (form_choice){sm->levels[i], sm->levels[i], NULL};
	html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/plans/%u/summary\">\n",
	            p->slug);
	form_select(b,
	            &(form_field){.id = "level", .label = _("Niveau"),
	                          .hint = _("Les éléments de ce niveau, avec leur parent et leurs "
	                                    "sous-éléments."),
	                          .error = error, .value = error ? asked : sm->level},
	            choices, sm->level_count);
	html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", _("Afficher"));
}

static void summary_links(buf *b, const plan *p, const summary *sm)
{
	html_printf(b, "<ul class=\"actions\">\n"
	               "<li><a href=\"/plans/%u/summary.pdf?level=%u\" type=\"" PDF_TYPE "\">%s</a></li>\n"
	               "<li><a href=\"/plans/%u/summary.xlsx?level=%u\" type=\"" XLSX_TYPE "\">%s</a></li>\n"
	               "</ul>\n",
	            p->slug, sm->level ? sm->level : "", _("Télécharger en PDF"), p->slug,
	            sm->level ? sm->level : "", _("Télécharger en classeur (XLSX)"));
}

static void summary_table(buf *b, const summary *sm)
{
	if (sm->row_count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucun élément à ce niveau."));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table class=\"summary-table\">\n<caption>");
	html_printf(b, _("Éléments de niveau « %s » (%zu)"), sm->level, sm->row_count);
	html_printf(b, "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead>\n<tbody>\n",
	            _("Élément"), _("Parent"), _("Sous-éléments"), _("Porteur"), _("Partenaires"));
	for (size_t i = 0; i < sm->row_count; i++) {
		const summary_row *x = &sm->rows[i];
		const plan_element *e = x->element;
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/plans/%u/elements/%lld\">"
		               "<span class=\"code\">%s</span> — %s</a></th><td>",
		            sm->plan->slug, (long long)e->id, e->code, e->title);
		if (x->parent)
			html_printf(b, "<span class=\"code\">%s</span> — %s", x->parent->code, x->parent->title);
		else
			html_printf(b, "—");
		html_printf(b, "</td><td>");
		if (x->child_count) {
			html_printf(b, "<ul>");
			for (size_t k = 0; k < x->child_count; k++)
				html_printf(b, "<li><span class=\"code\">%s</span> — %s</li>", x->children[k]->code,
				            x->children[k]->title);
			html_printf(b, "</ul>");
		} else {
			html_printf(b, "—");
		}
		html_printf(b, "</td><td>%s</td><td>", e->owner ? e->owner : "—");
		for (size_t k = 0; k < e->partner_count; k++)
			html_printf(b, "%r%s", k ? ", " : "", e->partners[k]);
		if (e->partner_count == 0)
			html_printf(b, "—");
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody></table></div>\n");
}

void page_summary(web_request *rq, web_response *rs)
{
	plan p;
	summary sm;
	diag_list d;
	diag_init(&d, rq->arena);
	bool level_error;
	if (!summary_load(rq, rs, AS_PAGE, &p, &sm, &d, &level_error))
		return;
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", _("Tableau de synthèse"), p.title));
	breadcrumb(b, &p, _("Tableau de synthèse"), true);
	page_steering_nav(b, &p, "-");
	html_printf(b, "<h1>%s <span class=\"sub\">%s</span></h1>\n", _("Tableau de synthèse"),
	            p.title);
	if (level_error) {
		/* A 400 whose page still works: the summary of the default level below. */
		rs->status = 400;
		form_error_summary(b, &d, NULL);
	}
	summary_form(rq, b, &p, &sm, level_error ? form_error_of(&d, "level") : NULL,
	             web_query(rq, "level"));
	if (!level_error) {
		summary_links(b, &p, &sm);
		summary_table(b, &sm);
	}
	html_page_end(rq, rs);
}

/* ---- the reports page ------------------------------------------------------------------------ */

static void meetings_table(web_request *rq, buf *b, const plan *p, const char *today_q)
{
	diag_list d;
	diag_init(&d, rq->arena);
	meeting *items = NULL;
	size_t count = 0;
	if (store_meetings_load(rq->store, rq->arena, p, 0, &items, &count, &d) != STORE_OK) {
		html_printf(b, "<p>%s</p>\n", _("Les séances n'ont pas pu être lues."));
		return;
	}
	if (count == 0) {
		html_printf(b, "<p>%s</p>\n", _("Aucune séance n'est enregistrée pour ce plan."));
		return;
	}
	html_printf(b, "<div class=\"table-wrap\"><table>\n<caption>%s</caption>\n"
	               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	            _("Séances du plan et leur rapport"), _("Séance"), _("Date"), _("Statut"),
	            _("Rapport"));
	for (size_t i = 0; i < count; i++) {
		const meeting *m = &items[i];
		char day[11];
		date_format_fr(m->date, day);
		const char *label = arena_printf(rq->arena, _("%s du %s"), m->instance_name, day);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>"
		               "<a href=\"/plans/%u/meetings/%lld/report.pdf%r%s\" aria-label=\"%s\">PDF</a>, "
		               "<a href=\"/plans/%u/meetings/%lld/report.xlsx%r%s\" aria-label=\"%s\">XLSX</a>"
		               "</td></tr>\n",
		            m->instance_name, day, _(meeting_status_label(m->status)), p->slug,
		            (long long)m->id, today_q ? "?today=" : "", today_q ? today_q : "",
		            arena_printf(rq->arena, _("Rapport de la séance %s en PDF"), label), p->slug,
		            (long long)m->id, today_q ? "?today=" : "", today_q ? today_q : "",
		            arena_printf(rq->arena, _("Rapport de la séance %s en classeur XLSX"), label));
	}
	html_printf(b, "</tbody></table></div>\n");
}

void page_reports(web_request *rq, web_response *rs)
{
	plan p;
	if (!page_load_plan(rq, rs, &p))
		return;
	const char *today_q = web_query(rq, "today");
	jalon_date today;
	if (!steering_view_today(today_q && *today_q ? today_q : NULL, &today)) {
		page_error(rq, rs, 400, _("Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA)"));
		return;
	}
	if (today_q && !*today_q)
		today_q = NULL;
	summary sm;
	summary_build(rq->arena, &p, NULL, &sm, NULL);
	buf *b = &rs->body;
	html_page_begin(rq, rs, arena_printf(rq->arena, "%s — %s", _("Rapports"), p.title));
	breadcrumb(b, &p, _("Rapports"), false);
	page_steering_nav(b, &p, "reports");
	html_printf(b, "<h1>%s <span class=\"sub\">%s</span></h1>\n", _("Rapports"), p.title);

	html_printf(b, "<section aria-labelledby=\"plan-report\">\n<h2 id=\"plan-report\">%s</h2>\n"
	               "<p>%s</p>\n",
	            _("Rapport de pilotage du plan"),
	            _("Chiffres clés, météo des axes, feuille de route, budget, indicateurs, "
	              "risques, changements des 30 derniers jours, décisions à prendre et actions "
	              "en cours, sur des pages A4 à imprimer ou dans un classeur."));
	html_printf(b, "<ul class=\"actions\">\n"
	               "<li><a href=\"/plans/%u/report.pdf%r%s\" type=\"" PDF_TYPE "\">%s</a></li>\n"
	               "<li><a href=\"/plans/%u/report.xlsx%r%s\" type=\"" XLSX_TYPE "\">%s</a></li>\n"
	               "</ul>\n</section>\n",
	            p.slug, today_q ? "?today=" : "", today_q ? today_q : "",
	            _("Rapport de pilotage en PDF"), p.slug, today_q ? "?today=" : "",
	            today_q ? today_q : "", _("Rapport de pilotage en classeur (XLSX)"));

	html_printf(b, "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">%s</h2>\n<p>%s</p>\n",
	            _("Tableau de synthèse"),
	            _("Pour chaque élément d'un niveau : son parent, ses sous-éléments, son porteur "
	              "et ses partenaires."));
	html_printf(b, "<p><a href=\"/plans/%u/summary\">%s</a></p>\n", p.slug,
	            _("Voir le tableau de synthèse"));
	summary_links(b, &p, &sm);
	html_printf(b, "</section>\n");

	html_printf(b, "<section aria-labelledby=\"meeting-reports\">\n<h2 id=\"meeting-reports\">%s</h2>\n",
	            _("Rapports de séance"));
	meetings_table(rq, b, &p, today_q);
	html_printf(b, "</section>\n");
	html_page_end(rq, rs);
}
