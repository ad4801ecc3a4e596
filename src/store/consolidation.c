/*
 * consolidation.c — each plan's headline figures, kept per store (see consolidation.h).
 *
 * The cache is an open-addressing table of plan id -> (data_version, figures), hung on
 * the store (store.figures_cache) the way steering_view.c hangs its view. It is
 * emptied when the date that decides lateness changes, and when another connection
 * committed (PRAGMA data_version): such a write (a second server, the command line,
 * sqlite3 by hand) may not go through the journal that bumps plan.data_version.
 */
#include "store/consolidation.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

void plan_figures_add(plan_figures *a, const plan_figures *b)
{
	a->plan_count += b->plan_count;
	a->element_count += b->element_count;
	a->planned_cents += b->planned_cents;
	a->committed_cents += b->committed_cents;
	a->paid_cents += b->paid_cents;
	a->milestone_count += b->milestone_count;
	a->milestone_reached += b->milestone_reached;
	a->milestone_late += b->milestone_late;
	a->weather_sun += b->weather_sun;
	a->weather_cloud += b->weather_cloud;
	a->weather_storm += b->weather_storm;
}

/* ---- the cache ---------------------------------------------------------------------------- */

typedef struct {
	int64_t plan_id; /* 0: an empty slot (plan ids start at 1) */
	int64_t data_version;
	plan_figures figures;
} figures_entry;

typedef struct {
	figures_entry *slots;
	size_t capacity; /* a power of two, or 0 */
	size_t used;
	jalon_date today;
	sqlite3_int64 connection_version; /* PRAGMA data_version when filled */
} figures_cache;

static void figures_cache_free(void *cache)
{
	figures_cache *c = cache;
	if (c)
		free(c->slots);
	free(c);
}

static size_t slot_of(const figures_cache *c, int64_t plan_id)
{
	uint64_t h = (uint64_t)plan_id * 0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 17) & (c->capacity - 1);
	while (c->slots[i].plan_id != 0 && c->slots[i].plan_id != plan_id)
		i = (i + 1) & (c->capacity - 1);
	return i;
}

static figures_entry *cache_find(figures_cache *c, int64_t plan_id)
{
	if (c->capacity == 0)
		return NULL;
	figures_entry *e = &c->slots[slot_of(c, plan_id)];
	return e->plan_id == plan_id ? e : NULL;
}

static void cache_put(figures_cache *c, int64_t plan_id, int64_t data_version,
                      const plan_figures *f)
{
	if ((c->used + 1) * 2 > c->capacity) {
		figures_cache grown = *c;
		grown.capacity = c->capacity ? c->capacity * 2 : 64;
		grown.slots = calloc(grown.capacity, sizeof(*grown.slots));
		if (!grown.slots)
			abort();
		for (size_t i = 0; i < c->capacity; i++)
			if (c->slots[i].plan_id != 0)
				grown.slots[slot_of(&grown, c->slots[i].plan_id)] = c->slots[i];
		free(c->slots);
		*c = grown;
	}
	figures_entry *e = &c->slots[slot_of(c, plan_id)];
	if (e->plan_id == 0)
		c->used++;
	*e = (figures_entry){plan_id, data_version, *f};
}

static void cache_clear(figures_cache *c)
{
	if (c->capacity)
		memset(c->slots, 0, c->capacity * sizeof(*c->slots));
	c->used = 0;
}

/* The cache of the store, created empty on first use. */
static figures_cache *cache_of(store *s)
{
	if (!s->figures_cache) {
		figures_cache *c = calloc(1, sizeof(*c));
		if (!c)
			abort();
		c->connection_version = -1;
		s->figures_cache = c;
		s->figures_cache_free = figures_cache_free;
	}
	return s->figures_cache;
}

/* Other connections' commits; -1 when it cannot be read (then nothing is reused). */
static sqlite3_int64 connection_version(store *s, diag_list *d)
{
	sqlite3_stmt *st = store_prepare_kept(s, STORE_KEPT_DATA_VERSION, "PRAGMA data_version", d);
	if (!st)
		return -1;
	sqlite3_int64 v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* ---- computing ---------------------------------------------------------------------------- */

enum { Q_VERSION, Q_ELEMENTS, Q_BUDGET, Q_MILESTONES, Q_COUNT };

/* Each query reads one plan through element(plan_id, position), then its rows by element. */
static const char *const queries[Q_COUNT] = {
	"SELECT data_version FROM plan WHERE id = ?1",
	"SELECT count(*),"
	" coalesce(sum(CASE WHEN es.weather = 'soleil' THEN 1 ELSE 0 END), 0),"
	" coalesce(sum(CASE WHEN es.weather = 'nuage' THEN 1 ELSE 0 END), 0),"
	" coalesce(sum(CASE WHEN es.weather = 'orage' THEN 1 ELSE 0 END), 0)"
	" FROM element e LEFT JOIN element_status es ON es.element_id = e.id"
	" WHERE e.plan_id = ?1",
	"SELECT coalesce(sum(b.planned_cents), 0), coalesce(sum(b.committed_cents), 0),"
	" coalesce(sum(b.paid_cents), 0)"
	" FROM element e JOIN budget_line b ON b.element_id = e.id WHERE e.plan_id = ?1",
	"SELECT count(*),"
	" coalesce(sum(CASE WHEN m.status = 'atteint' THEN 1 ELSE 0 END), 0),"
	" coalesce(sum(CASE WHEN m.status = 'a-venir'"
	"  AND coalesce(m.forecast_on, m.planned_on) < ?2 THEN 1 ELSE 0 END), 0)"
	" FROM element e JOIN milestone m ON m.element_id = e.id WHERE e.plan_id = ?1",
};

typedef struct {
	store *s;
	sqlite3_stmt *st[Q_COUNT];
	char today[11];
	diag_list *d;
} figures_batch;

/* Bind the plan (and today) to query q and step its one row; false on an error. */
static bool batch_row(figures_batch *b, int q, int64_t plan_id, bool *found)
{
	sqlite3_stmt *st = b->st[q];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, plan_id);
	if (q == Q_MILESTONES)
		sqlite3_bind_text(st, 2, b->today, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*found = rc == SQLITE_ROW;
		return true;
	}
	store_report(b->s, b->d, _("calcul des chiffres du plan impossible"));
	return false;
}

static int64_t column(figures_batch *b, int q, int i)
{
	return sqlite3_column_int64(b->st[q], i);
}

static bool batch_compute(figures_batch *b, int64_t plan_id, plan_figures *f)
{
	bool found;
	*f = (plan_figures){.plan_count = 1};
	if (!batch_row(b, Q_ELEMENTS, plan_id, &found))
		return false;
	if (found) {
		f->element_count = column(b, Q_ELEMENTS, 0);
		f->weather_sun = column(b, Q_ELEMENTS, 1);
		f->weather_cloud = column(b, Q_ELEMENTS, 2);
		f->weather_storm = column(b, Q_ELEMENTS, 3);
	}
	if (!batch_row(b, Q_BUDGET, plan_id, &found))
		return false;
	if (found) {
		f->planned_cents = column(b, Q_BUDGET, 0);
		f->committed_cents = column(b, Q_BUDGET, 1);
		f->paid_cents = column(b, Q_BUDGET, 2);
	}
	if (!batch_row(b, Q_MILESTONES, plan_id, &found))
		return false;
	if (found) {
		f->milestone_count = column(b, Q_MILESTONES, 0);
		f->milestone_reached = column(b, Q_MILESTONES, 1);
		f->milestone_late = column(b, Q_MILESTONES, 2);
	}
	return true;
}

static bool batch_run(figures_batch *b, figures_cache *c, const int64_t *ids, size_t count,
                      plan_figures *out, size_t *computed)
{
	for (int q = 0; q < Q_COUNT; q++)
		if (!(b->st[q] = store_prepare(b->s, queries[q], b->d)))
			return false;
	for (size_t i = 0; i < count; i++) {
		bool found;
		if (!batch_row(b, Q_VERSION, ids[i], &found))
			return false;
		if (!found) {
			out[i] = (plan_figures){0};
			continue;
		}
		int64_t version = column(b, Q_VERSION, 0);
		figures_entry *e = cache_find(c, ids[i]);
		if (e && e->data_version == version) {
			out[i] = e->figures;
			continue;
		}
		if (!batch_compute(b, ids[i], &out[i]))
			return false;
		cache_put(c, ids[i], version, &out[i]);
		(*computed)++;
	}
	return true;
}

/* ---- warming up ------------------------------------------------------------------------------ */

/* The warm-up's thread and what it hands over, shared with the serving thread. */
static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	bool running;
	atomic_bool stop;
	char *path;
	jalon_date today;
	figures_cache *ready; /* filled, not yet adopted */
} warm = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The serving connection takes the warm cache when it has none of its own yet (or an
 * empty one): its PRAGMA data_version from now on, the warm cache's day. */
static void warm_adopt(store *s)
{
	pthread_mutex_lock(&warm.lock);
	figures_cache *ready = warm.ready;
	warm.ready = NULL;
	pthread_mutex_unlock(&warm.lock);
	if (!ready)
		return;
	figures_cache *mine = s->figures_cache;
	if (mine && mine->used) {
		figures_cache_free(ready); /* already computed here: keep ours */
		return;
	}
	diag_list ignored;
	arena *a = arena_new();
	diag_init(&ignored, a);
	ready->connection_version = connection_version(s, &ignored);
	arena_free(a);
	if (mine)
		figures_cache_free(mine);
	s->figures_cache = ready;
	s->figures_cache_free = figures_cache_free;
}

static void *warm_run(void *arg)
{
	(void)arg;
	/* Behind the server's own work: lowest priority, and a quarter of a second for the
	 * first requests after start to be served alone. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
	for (int i = 0; i < 25 && !atomic_load(&warm.stop); i++)
		usleep(10 * 1000);
	arena *a = arena_new();
	diag_list d;
	diag_init(&d, a);
	store *other = store_open(warm.path, STORE_OPEN_EXISTING, &d);
	sqlite3_stmt *st = other ? store_prepare(other, "SELECT id FROM plan ORDER BY id", &d) : NULL;
	bool ok = st != NULL;
	/* A hundred plans at a time: one read transaction each, and a stop heard within
	 * a few tens of milliseconds. */
	enum { BATCH = 100 };
	int64_t ids[BATCH];
	plan_figures figures[BATCH];
	bool more = ok;
	while (ok && more && !atomic_load(&warm.stop)) {
		size_t n = 0;
		while (n < BATCH && (more = sqlite3_step(st) == SQLITE_ROW))
			ids[n++] = sqlite3_column_int64(st, 0);
		if (n)
			ok = store_plans_figures(other, ids, n, warm.today, figures, NULL, &d);
	}
	sqlite3_finalize(st);
	if (ok && !atomic_load(&warm.stop) && other && other->figures_cache) {
		pthread_mutex_lock(&warm.lock);
		warm.ready = other->figures_cache;
		pthread_mutex_unlock(&warm.lock);
		other->figures_cache = NULL;
		other->figures_cache_free = NULL;
	}
	store_close(other);
	arena_free(a);
	return NULL;
}

void store_figures_warm_start(const char *path, jalon_date today)
{
	if (warm.running || !path)
		return;
	warm.path = strdup(path);
	warm.today = today;
	atomic_store(&warm.stop, false);
	warm.running = warm.path && pthread_create(&warm.thread, NULL, warm_run, NULL) == 0;
}

void store_figures_warm_wait(void)
{
	if (warm.running) {
		pthread_join(warm.thread, NULL);
		warm.running = false;
	}
}

void store_figures_warm_stop(void)
{
	if (warm.running) {
		atomic_store(&warm.stop, true);
		pthread_join(warm.thread, NULL);
		warm.running = false;
	}
	free(warm.path);
	warm.path = NULL;
	pthread_mutex_lock(&warm.lock);
	figures_cache_free(warm.ready);
	warm.ready = NULL;
	pthread_mutex_unlock(&warm.lock);
}

bool store_plans_figures(store *s, const int64_t *ids, size_t count, jalon_date today,
                         plan_figures *out, size_t *computed, diag_list *d)
{
	size_t computed_here = 0;
	if (!computed)
		computed = &computed_here;
	*computed = 0;
	warm_adopt(s);
	figures_cache *c = cache_of(s);
	sqlite3_int64 version = connection_version(s, d);
	if (version < 0 || version != c->connection_version ||
	    date_compare(today, c->today) != 0) {
		cache_clear(c);
		c->today = today;
		c->connection_version = version;
	}
	/* One read transaction: one snapshot for every plan, and no lock taken per query. */
	bool own = sqlite3_get_autocommit(s->sqlite) &&
	           sqlite3_exec(s->sqlite, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	figures_batch b = {.s = s, .d = d};
	date_format_iso(today, b.today);
	bool ok = batch_run(&b, c, ids, count, out, computed);
	for (int q = 0; q < Q_COUNT; q++)
		sqlite3_finalize(b.st[q]);
	if (own)
		sqlite3_exec(s->sqlite, "COMMIT", NULL, NULL, NULL);
	if (!ok)
		cache_clear(c);
	return ok;
}

bool store_plan_figures(store *s, int64_t plan_id, jalon_date today, plan_figures *out,
                        diag_list *d)
{
	return store_plans_figures(s, &plan_id, 1, today, out, NULL, d);
}
