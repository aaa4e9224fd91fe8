/* check_faults.c -- issue 18: every public operation with its Nth allocation
 * failing, N = 1, 2, 3, ... until it succeeds, and with its progress
 * callback cancelling at the k-th call, k = 1, 2, ... until it completes
 * (SQLite's OOM and cancellation loops, https://sqlite.org/testing.html).
 *
 * Links demarc_faulty, the test-only build of the library with the hook of
 * lib/alloc_fault.h; libdemarc.so/.a have no such hook.  At every fault
 * point the test checks:
 *   - the status is DEMARC_ERR_NOMEM (the documented status of an
 *     allocation failure, demarc.h) and the context has a message;
 *   - nothing leaked: the allocator's count of live blocks is back where it
 *     was once the outputs are freed (LeakSanitizer, in .ci/hardening.sh's
 *     ASan build, also sees what GEOS and json-c may have leaked on those
 *     paths);
 *   - nothing is left on disk: the folder holding the output lists the
 *     same names as before, and a previous output at that path has the same
 *     bytes;
 *   - the context and the border still work: a locate on both succeeds.
 * The loop ends at the first N the operation no longer reaches: it then
 * succeeds, and N - 1 is the number of its fault points.
 *
 * Out of reach: the allocations of GDAL, PROJ, GEOS and json-c (their own
 * malloc and C++ new).  Where their failures surface (read from the code):
 *   - PROJ: proj_create* returns NULL; demarc__crs_create and
 *     demarc_transform_new report DEMARC_ERR_CRS with PROJ's logged message
 *     (project.c, context.c's logger) -- not NOMEM, PROJ does not say why.
 *   - GEOS: its C API catches std::bad_alloc and returns NULL through the
 *     context's error handler; the line's simplicity check is then
 *     DEMARC_ERR_INTERNAL "GEOS cannot build the line" (border_ogr.c), the
 *     GEOS message in the context.
 *   - json-c: a NULL from json_object_new_* while rendering a report is
 *     DEMARC_ERR_NOMEM (report.c's oom flag); json_tokener (border.json)
 *     has no memory error in json-c 0.16 (json_tokener_error_memory is
 *     0.17's): its failure reads as DEMARC_ERR_FORMAT "invalid JSON" or
 *     NOMEM when json_tokener_new_ex itself fails (metadata_json.c).
 *   - GDAL/OGR: a dataset, layer or feature GDAL cannot create is
 *     DEMARC_ERR_IO with CPLGetLastErrorMsg (export.c gdal_fail,
 *     locate_file.c); an unchecked OGR_F_Create / OGR_G_CreateGeometry NULL
 *     makes OGR_L_CreateFeature fail its pointer check, so DEMARC_ERR_IO too;
 *     a dataset that cannot be opened is DEMARC_ERR_IO (ogr_util.c).  Where
 *     GDAL's C++ new throws past its C API the process ends; libdemarc
 *     cannot catch a C++ exception.
 * The I/O-failure loop of issue 18 (faults-io) drives the GDAL paths.
 *
 * Fault points per operation are printed ("faults: <op>: N fault points"),
 * and how many were tried (DEMARC_FAULT_MAX, see stride_for).  By default
 * only the Nth allocation fails (the caller must pass the failure on);
 * with DEMARC_FAULT_PERSISTENT=1 every allocation from the Nth on fails
 * (the clean-up must need no memory).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc_fault.h"
#include "alloc_internal.h"
#include "testutil.h"

static demarc_ctx *ctx;
static demarc_border *border;
static char dir[256];        /* per-suite scratch folder */
static char gpkg_path[512];  /* the embedded border exported once, reopened */
static char utm_path[512];   /* ... and in UTM 41N, undensified */
static demarc_catalogue *cat;       /* data/kz-uz/signs.csv */
static demarc_catalogue *resurvey;  /* a re-survey written by setup */
static demarc_catalogue *sk42;      /* Pulkovo 1942 values labelled WGS 84 */
static demarc_report *vreport;      /* a validation report with findings */
static unsigned long total_points, total_tested, total_ops, total_cancels;

/* ---- disk state ------------------------------------------------------- */

/* FNV-1a over the names and bytes of everything under path (a file or a
 * folder, recursively, in sorted order); 0 when path does not exist. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211ull;
    return h;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a folder ("." and ".." left out), malloc'd, NULL-ended. */
static char **names_of(const char *path, size_t *count)
{
    DIR *d = opendir(path);
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n + 1 >= cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = strdup(e->d_name);
    }
    if (d) closedir(d);
    qsort(v, n, sizeof *v, cmp_str);
    v[n] = NULL;
    if (count) *count = n;
    return v;
}

static void names_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

static uint64_t tree_hash(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return 0;
    uint64_t h = 1469598103934665603ull;
    if (S_ISDIR(st.st_mode)) {
        char **v = names_of(path, NULL), sub[1024];
        for (size_t i = 0; v[i]; i++) {
            snprintf(sub, sizeof sub, "%s/%s", path, v[i]);
            h = fnv(h, v[i], strlen(v[i]) + 1);
            uint64_t s = tree_hash(sub);
            h = fnv(h, &s, sizeof s);
        }
        names_free(v);
        return h;
    }
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) h = fnv(h, buf, n);
    fclose(f);
    return h;
}

/* What the folder of an output looks like: its names, and the hash of the
 * output itself (0: absent). */
typedef struct disk_state {
    char parent[512];
    char **names;
    uint64_t out_hash;
} disk_state;

static void disk_snap(disk_state *s, const char *out)
{
    snprintf(s->parent, sizeof s->parent, "%s", out);
    char *slash = strrchr(s->parent, '/');
    ck_assert_ptr_nonnull(slash);
    *slash = '\0';
    s->names = names_of(s->parent, NULL);
    s->out_hash = tree_hash(out);
}

/* The folder and the output are as they were (nothing half-written, no
 * temporary left, an old output intact). */
static void disk_same(const disk_state *s, const char *out, const char *what)
{
    char **now = names_of(s->parent, NULL);
    size_t i = 0;
    for (; now[i] && s->names[i]; i++)
        ck_assert_msg(!strcmp(now[i], s->names[i]), "%s: %s holds %s, had %s", what, s->parent,
                      now[i], s->names[i]);
    ck_assert_msg(!now[i] && !s->names[i], "%s: %s now holds %s (had %s)", what, s->parent,
                  now[i] ? now[i] : "nothing more", s->names[i] ? s->names[i] : "nothing more");
    names_free(now);
    ck_assert_msg(tree_hash(out) == s->out_hash, "%s: %s was changed", what, out);
}

/* ---- the loops -------------------------------------------------------- */

/* One public operation: runs it once on ctx (and border) and frees what it
 * made; the status is its status. */
typedef demarc_status (*op_fn)(void *arg);

/* The context and the border still answer. */
static void still_usable(const char *what, unsigned long n)
{
    demarc_location loc;
    demarc_status rc = demarc_locate(ctx, border, 64.5, 41.7, NULL, &loc);
    ck_assert_msg(rc == DEMARC_OK && loc.party >= 0, "%s: after fault %lu, locate: %s (%s)",
                  what, n, demarc_status_str(rc), demarc_ctx_errmsg(ctx));
    double len;
    rc = demarc_border_length(ctx, border, &len);
    ck_assert_msg(rc == DEMARC_OK && len > 2.3e6, "%s: after fault %lu, length: %s", what, n,
                  demarc_status_str(rc));
}

/* Which N of an operation's m allocation points are tried.  All of them
 * when m <= DEMARC_FAULT_MAX (environment; default 200, 0: no limit), else
 * the first and last 64 and every k-th between, k odd (the readers of
 * border_ogr.c and catalogue.c make 2 or 4 allocations a row: an odd k
 * meets each of them) and chosen so that about DEMARC_FAULT_MAX are tried.
 * Every N (DEMARC_FAULT_MAX=0; FAULT_MAX=0 for .ci/hardening.sh): 37,521
 * runs, about 4 minutes of CPU without ASan, most of it in the opens of
 * data/kz-uz (~2,700 points at ~45 ms) and of the GPKG exports. */
static unsigned long stride_for(unsigned long m)
{
    const char *s = getenv("DEMARC_FAULT_MAX");
    long max = s ? strtol(s, NULL, 10) : 200;
    if (max <= 0 || m <= (unsigned long)max || max <= 128) return 1;
    unsigned long k = (m - 128 + (unsigned long)max - 129) / ((unsigned long)max - 128);
    return k | 1u;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* No output at out before a run of a "new" case (rm -r). */
static void make_fresh(const char *out, int fresh)
{
    if (!out || !fresh) return;
    tu_rm_rf(out);
    struct stat st;
    ck_assert_msg(lstat(out, &st) != 0, "cannot remove %s", out);
}

/* Fail allocation n = 1, 2, ... of op until op no longer reaches it; out
 * (may be NULL) is the path op writes, removed before each run when fresh
 * (else the previous run's output is there to be kept).  Returns the
 * fault points. */
static unsigned long alloc_loop(const char *what, op_fn op, void *arg, const char *out,
                                int fresh)
{
    double t0 = now_s();
    /* one counting run: how many allocations (the loop goes past it when a
     * run takes another path) */
    make_fresh(out, fresh);
    long live0 = demarc__fault_live();
    demarc__fault_arm(0);
    demarc_status rc = op(arg);
    unsigned long m = demarc__fault_count();
    demarc__fault_disarm();
    ck_assert_msg(rc == DEMARC_OK, "%s: fails without a fault: %s (%s)", what,
                  demarc_status_str(rc), demarc_ctx_errmsg(ctx));
    ck_assert_msg(demarc__fault_live() == live0, "%s: %ld blocks leaked without a fault", what,
                  demarc__fault_live() - live0);
    unsigned long k = stride_for(m), tested = 0, n;
    const char *ps = getenv("DEMARC_FAULT_PERSISTENT");
    int persistent = ps && ps[0] == '1';
    for (n = 1;; n++) {
        if (k > 1 && n > 64 && n + 64 <= m && (n - 64) % k) continue;
        disk_state ds = {0};
        make_fresh(out, fresh);
        if (out) disk_snap(&ds, out);
        live0 = demarc__fault_live();
        if (persistent) demarc__fault_arm_persistent(n);
        else demarc__fault_arm(n);
        rc = op(arg);
        int fired = demarc__fault_fired();
        demarc__fault_disarm();
        ck_assert_msg(demarc__fault_live() == live0, "%s: allocation %lu failed: %ld blocks leaked",
                      what, n, demarc__fault_live() - live0);
        if (!fired) {
            ck_assert_msg(rc == DEMARC_OK, "%s: no fault at %lu but %s (%s)", what, n,
                          demarc_status_str(rc), demarc_ctx_errmsg(ctx));
            if (out) names_free(ds.names);
            break;
        }
        tested++;
        ck_assert_msg(rc == DEMARC_ERR_NOMEM,
                      "%s: allocation %lu of %lu failed, status %s (%s), not out of memory", what,
                      n, m, demarc_status_str(rc), demarc_ctx_errmsg(ctx));
        ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "%s: allocation %lu failed, no message",
                      what, n);
        ck_assert_msg(demarc_ctx_errcode(ctx) == rc, "%s: allocation %lu: errcode %d", what, n,
                      (int)demarc_ctx_errcode(ctx));
        if (out) {
            disk_same(&ds, out, what);
            names_free(ds.names);
        }
        still_usable(what, n);
    }
    if (k > 1) printf("faults: %s: %lu fault points (%lu tested, 1 in %lu), %.2f s\n",
                      what, n - 1, tested, k, now_s() - t0);
    else printf("faults: %s: %lu fault points (all tested), %.2f s\n", what, n - 1,
                now_s() - t0);
    fflush(stdout);
    total_points += n - 1;
    total_tested += tested;
    total_ops++;
    return n - 1;
}

/* Progress callback cancelling at its k-th call. */
typedef struct cancel_at {
    unsigned long k, calls;
} cancel_at;

static int cancel_cb(void *userdata, double fraction, const char *stage)
{
    cancel_at *c = userdata;
    ck_assert_msg(fraction >= 0.0 && fraction <= 1.0 && stage && stage[0],
                  "progress(%g, %s) out of range", fraction, stage ? stage : "NULL");
    return ++c->calls == c->k;
}

/* One cancellable operation: runs it with progress = cancel_cb, userdata c. */
typedef demarc_status (*cancel_fn)(void *arg, cancel_at *c);

static unsigned long cancel_loop(const char *what, cancel_fn op, void *arg, const char *out,
                                 int fresh)
{
    unsigned long k;
    for (k = 1;; k++) {
        disk_state ds = {0};
        make_fresh(out, fresh);
        if (out) disk_snap(&ds, out);
        long live0 = demarc__fault_live();
        cancel_at c = {k, 0};
        demarc_status rc = op(arg, &c);
        ck_assert_msg(demarc__fault_live() == live0, "%s: cancelled at %lu: %ld blocks leaked",
                      what, k, demarc__fault_live() - live0);
        if (c.calls < k) {
            ck_assert_msg(rc == DEMARC_OK, "%s: not cancelled at %lu, but %s (%s)", what, k,
                          demarc_status_str(rc), demarc_ctx_errmsg(ctx));
            if (out) names_free(ds.names);
            break;
        }
        ck_assert_msg(c.calls == k, "%s: progress called %lu times after cancelling at %lu",
                      what, c.calls, k);
        ck_assert_msg(rc == DEMARC_ERR_CANCELLED, "%s: cancelled at call %lu: %s (%s)", what, k,
                      demarc_status_str(rc), demarc_ctx_errmsg(ctx));
        ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "%s: cancelled, no message", what);
        if (out) {
            disk_same(&ds, out, what);
            names_free(ds.names);
        }
        still_usable(what, k);
    }
    ck_assert_msg(k > 1, "%s: progress never called", what);
    printf("cancel: %s: %lu cancellation points\n", what, k - 1);
    fflush(stdout);
    total_cancels += k - 1;
    return k - 1;
}

/* ---- fixtures --------------------------------------------------------- */

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(dir, sizeof dir, "faults");
    snprintf(gpkg_path, sizeof gpkg_path, "%s/border.gpkg", dir);
    demarc_export_options eo = DEMARC_EXPORT_OPTIONS_INIT;
    eo.densify_m = -1;
    ck_assert_msg(demarc_border_export(ctx, border, gpkg_path, &eo) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    snprintf(utm_path, sizeof utm_path, "%s/border_utm.gpkg", dir);
    eo.crs = "EPSG:32641";
    ck_assert_msg(demarc_border_export(ctx, border, utm_path, &eo) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    char path[512];
    ck_assert_msg(demarc_catalogue_open(ctx, &cat,
                                        tu_path(path, sizeof path, tu_data_dir(),
                                                "kz-uz/signs.csv"),
                                        NULL) == DEMARC_OK,
                  "%s", demarc_ctx_errmsg(ctx));
    /* a re-survey: sign 5 moved ~1.1 m north, sign 7 missing, one unknown */
    snprintf(path, sizeof path, "%s/resurvey.csv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,lon,lat\n");
    for (size_t i = 0; i < demarc_catalogue_count(cat); i++) {
        const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, i);
        if (!strcmp(e->id, "7")) continue;
        fprintf(f, "%s,%.9f,%.9f\n", e->id, e->lon, e->lat + (strcmp(e->id, "5") ? 0 : 1e-5));
    }
    fprintf(f, "X1,64.5,41.7\n");
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(demarc_catalogue_open(ctx, &resurvey, path, NULL), DEMARC_OK);
    /* the catalogue.datum case of validate.h: every sign taken WGS 84 ->
     * Pulkovo 1942 (EPSG:15865 inverted, ~100 m) and written as lon/lat with
     * no CRS */
    demarc_transform *t = NULL;
    ck_assert_int_eq(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", NULL), DEMARC_OK);
    snprintf(path, sizeof path, "%s/sk42.csv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,kind,lon,lat\n");
    for (size_t i = 0; i < demarc_catalogue_count(cat); i++) {
        const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, i);
        double x = e->lon, y = e->lat;
        ck_assert_int_eq(demarc_transform_apply(ctx, t, 1, &x, 0, &y, 0, NULL, 0), DEMARC_OK);
        fprintf(f, "%s,%s,%.9f,%.9f\n", e->id, e->kind_text, x, y);
    }
    ck_assert_int_eq(fclose(f), 0);
    demarc_transform_free(t);
    ck_assert_int_eq(demarc_catalogue_open(ctx, &sk42, path, NULL), DEMARC_OK);
    /* a validation report with findings: every run longer than 1 km is a
     * sign.gap warning (the summarised list of validate.h) */
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = 1000;
    ck_assert_int_eq(demarc_catalogue_validate(ctx, &vreport, border, cat, &vo), DEMARC_OK);
    ck_assert_uint_gt(demarc_report_count(vreport), 100);
}

static void teardown(void)
{
    demarc_report_free(vreport);
    demarc_catalogue_free(resurvey);
    demarc_catalogue_free(cat);
    demarc_catalogue_free(sk42);
    vreport = NULL, resurvey = cat = sk42 = NULL;
    tu_rm_rf(dir);
    tu_close(&ctx, &border);
}

/* ---- the operations --------------------------------------------------- */

static demarc_status op_open_default(void *arg)
{
    const demarc_open_options *o = arg;
    demarc_border *b = NULL;
    demarc_status rc = demarc_border_open_default(ctx, &b, o);
    ck_assert_msg((rc == DEMARC_OK) == (b != NULL), "open_default: *out with %d", (int)rc);
    demarc_border_free(b);
    return rc;
}

static demarc_status op_open_path(void *arg)
{
    demarc_border *b = NULL;
    demarc_status rc = demarc_border_open(ctx, &b, arg, NULL);
    ck_assert_msg((rc == DEMARC_OK) == (b != NULL), "open %s: *out with %d", (char *)arg,
                  (int)rc);
    if (!rc) ck_assert_uint_gt(demarc_border_info_get(b)->vertex_count, 1);
    demarc_border_free(b);
    return rc;
}

static demarc_status op_length(void *arg)
{
    (void)arg;
    double len = 0, between = 0;
    demarc_status rc = demarc_border_length(ctx, border, &len);
    if (!rc) rc = demarc_length_between(ctx, border, "1", "100", &between);
    if (!rc) rc = demarc_sign_segment(ctx, border, 10, &between, NULL);
    demarc_length_report lr;
    if (!rc) rc = demarc_length_check(ctx, border, NULL, &lr);
    size_t idx;
    if (!rc) rc = demarc_sign_find(ctx, border, "17", &idx);
    return rc;
}

#define NPTS 1000
static demarc_status op_locate(void *arg)
{
    (void)arg;
    static double lon[NPTS], lat[NPTS];
    static demarc_location out[NPTS];
    static int party[NPTS];
    for (int i = 0; i < NPTS; i++) {
        lon[i] = 56.0 + 15.0 * i / NPTS;
        lat[i] = 37.2 + 8.3 * ((i * 37) % NPTS) / NPTS;
    }
    demarc_location loc;
    demarc_status rc = demarc_locate(ctx, border, 64.5, 41.7, NULL, &loc);
    if (!rc) rc = demarc_locate_batch(ctx, border, NPTS, lon, 0, lat, 0, NULL, out, 0);
    if (!rc) rc = demarc_party_batch(ctx, border, NPTS, lon, 0, lat, 0, party, 0);
    return rc;
}

static demarc_status op_catalogue_open(void *arg)
{
    const demarc_catalogue_options *o = ((void **)arg)[1];
    demarc_catalogue *c = NULL;
    demarc_status rc = demarc_catalogue_open(ctx, &c, ((void **)arg)[0], o);
    ck_assert_msg((rc == DEMARC_OK) == (c != NULL), "catalogue_open: *out with %d", (int)rc);
    demarc_catalogue_free(c);
    return rc;
}

static demarc_status op_catalogue_from_border(void *arg)
{
    (void)arg;
    demarc_catalogue *c = NULL;
    demarc_status rc = demarc_catalogue_from_border(ctx, &c, border);
    ck_assert_msg((rc == DEMARC_OK) == (c != NULL), "from_border: *out with %d", (int)rc);
    demarc_catalogue_free(c);
    return rc;
}

/* arg: NULL the catalogue, 1 with max_gap_m 1 km (findings), 2 the SK-42 one */
static demarc_status op_validate(void *arg)
{
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = arg == (void *)1 ? 1000 : 0;
    demarc_report *r = NULL;
    demarc_status rc = demarc_catalogue_validate(ctx, &r, border, arg == (void *)2 ? sk42 : cat,
                                                 &vo);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "validate: *out with %d", (int)rc);
    if (!rc && arg == (void *)2)
        ck_assert_msg(demarc_report_count(r) >= 1 &&
                          !strcmp(demarc_report_finding(r, 0)->code, "catalogue.datum"),
                      "validate: no catalogue.datum finding for the SK-42 catalogue");
    demarc_report_free(r);
    return rc;
}

static demarc_status op_inspect(void *arg)
{
    (void)arg;
    demarc_report *r = NULL;
    demarc_status rc = demarc_inspect(ctx, &r, cat, resurvey, NULL);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "inspect: *out with %d", (int)rc);
    if (!rc) ck_assert_uint_ge(demarc_report_count(r), 3);
    demarc_report_free(r);
    return rc;
}

static demarc_status op_render(void *arg)
{
    int json = arg != NULL;
    char *buf = NULL;
    size_t len = 0;
    demarc_status rc = demarc_report_render(ctx, vreport, json, 0, &buf, &len);
    ck_assert_msg((rc == DEMARC_OK) == (buf != NULL), "render: *out with %d", (int)rc);
    if (buf) ck_assert_uint_eq(strlen(buf), len);
    /* free() is the contract; the JSON buffer comes from the library's
     * allocator (demarc__malloc, malloc underneath), the text one from
     * open_memstream: each freed where its block is counted */
    if (json) demarc__free(buf);
    else free(buf);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    if (!rc) rc = json ? demarc_report_write_json(ctx, vreport, f, DEMARC_REPORT_JSON_MEMBERS)
                       : demarc_report_write_text(ctx, vreport, f);
    fclose(f);
    return rc;
}

static demarc_status op_transform(void *arg)
{
    (void)arg;
    demarc_transform *t = NULL;
    demarc_status rc = demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:28411", NULL);
    double x[2] = {63.5, 64.0}, y[2] = {41.5, 41.7};
    if (!rc) rc = demarc_transform_apply(ctx, t, 2, x, sizeof *x, y, sizeof *y, NULL, 0);
    demarc_transform_free(t);
    int geo = 0;
    if (!rc) rc = demarc_crs_geographic(ctx, "EPSG:32641", &geo);
    demarc_grid_factors gf;
    if (!rc) rc = demarc_grid_factors_at(ctx, "EPSG:32641", 63.0, 41.5, &gf);
    return rc;
}

static demarc_status op_project(void *arg)
{
    (void)arg;
    const demarc_border_info *in = demarc_border_info_get(border);
    size_t cap = in->vertex_count > in->sign_count ? in->vertex_count : in->sign_count;
    double *xy = malloc(2 * cap * sizeof *xy);
    demarc_status rc = demarc_border_project_signs(ctx, border, "EPSG:32641", NULL, xy, cap);
    if (!rc) rc = demarc_border_project_vertices(ctx, border, "EPSG:28411", NULL, xy, cap);
    free(xy);
    return rc;
}

/* An export case: format, output name, options. */
typedef struct export_case {
    const char *format, *name, *crs;
    int with_report;
    double densify_m;
    char out[512];
    cancel_at *cancel;
} export_case;

static demarc_status do_export(export_case *e)
{
    demarc_export_options eo = DEMARC_EXPORT_OPTIONS_INIT;
    eo.format = e->format;
    eo.crs = e->crs;
    eo.report = e->with_report ? vreport : NULL;
    eo.densify_m = e->densify_m;
    if (e->cancel) {
        eo.progress = cancel_cb;
        eo.progress_userdata = e->cancel;
    }
    return demarc_border_export(ctx, border, e->out, &eo);
}

static demarc_status op_export(void *arg) { return do_export(arg); }

static demarc_status op_locate_file(void *arg)
{
    demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    o.flags = DEMARC_LOCATE_FILE_REPLACE;
    size_t n = 0;
    demarc_status rc = demarc_locate_file(ctx, border, ((char **)arg)[0], ((char **)arg)[1],
                                          &o, &n);
    if (!rc) ck_assert_uint_eq(n, 3);
    return rc;
}

/* ---- allocation-failure tests ----------------------------------------- */

START_TEST(test_alloc_ctx_new)
{
    /* demarc_ctx_new has no context to carry a message: only the status
     * (DEMARC_ERR_NOMEM, *out NULL) is checked, by op_ctx_new */
    unsigned long m = 0;
    for (unsigned long n = 1;; n++) {
        long live0 = demarc__fault_live();
        demarc__fault_arm(n);
        demarc_ctx *c = NULL;
        demarc_status rc = demarc_ctx_new(&c);
        int fired = demarc__fault_fired();
        demarc__fault_disarm();
        ck_assert_msg((rc == DEMARC_OK) == (c != NULL), "ctx_new: %d with %p", (int)rc,
                      (void *)c);
        demarc_ctx_free(c);
        ck_assert_int_eq(demarc__fault_live(), live0);
        if (!fired) {
            tu_assert_status(rc, DEMARC_OK);
            m = n - 1;
            break;
        }
        tu_assert_status(rc, DEMARC_ERR_NOMEM);
    }
    printf("faults: ctx_new: %lu fault points (all tested)\n", m);
    total_points += m;
    total_tested += m;
    total_ops++;
}
END_TEST

START_TEST(test_alloc_open)
{
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    alloc_loop("open_default", op_open_default, NULL, NULL, 0);
    o.edge_model = DEMARC_EDGE_RHUMB;
    alloc_loop("open_default rhumb", op_open_default, &o, NULL, 0);
    char path[512];
    alloc_loop("open data/kz-uz", op_open_path,
               tu_path(path, sizeof path, tu_data_dir(), "kz-uz"), NULL, 0);
    alloc_loop("open export.gpkg", op_open_path, gpkg_path, NULL, 0);
    alloc_loop("open export UTM 41N .gpkg", op_open_path, utm_path, NULL, 0);
    /* no border.json: the parties from the territories' file */
    alloc_loop("open tests/data/small", op_open_path,
               tu_path(path, sizeof path, tu_test_data_dir(), "small"), NULL, 0);
}
END_TEST

START_TEST(test_alloc_queries)
{
    alloc_loop("length, length_between, segment, check, find", op_length, NULL, NULL, 0);
    alloc_loop("locate, locate_batch, party_batch", op_locate, NULL, NULL, 0);
    alloc_loop("transform, crs_geographic, grid_factors", op_transform, NULL, NULL, 0);
    alloc_loop("project signs, vertices", op_project, NULL, NULL, 0);
}
END_TEST

START_TEST(test_alloc_catalogue)
{
    char path[512];
    void *args[2] = {tu_path(path, sizeof path, tu_data_dir(), "kz-uz/signs.csv"), NULL};
    alloc_loop("catalogue_open signs.csv", op_catalogue_open, args, NULL, 0);
    char gk[512];
    demarc_catalogue_options co = DEMARC_CATALOGUE_OPTIONS_INIT;
    co.crs = "EPSG:28411";
    void *args2[2] = {tu_path(gk, sizeof gk, tu_test_data_dir(), "validate/gk11.csv"), &co};
    alloc_loop("catalogue_open gk11.csv EPSG:28411", op_catalogue_open, args2, NULL, 0);
    void *args3[2] = {gpkg_path, NULL};
    alloc_loop("catalogue_open export.gpkg", op_catalogue_open, args3, NULL, 0);
    alloc_loop("catalogue_from_border", op_catalogue_from_border, NULL, NULL, 0);
}
END_TEST

START_TEST(test_alloc_validate_inspect)
{
    alloc_loop("validate", op_validate, NULL, NULL, 0);
    alloc_loop("validate with findings", op_validate, (void *)1, NULL, 0);
    alloc_loop("validate SK-42 labelled WGS 84", op_validate, (void *)2, NULL, 0);
    alloc_loop("inspect", op_inspect, NULL, NULL, 0);
    alloc_loop("report render text", op_render, NULL, NULL, 0);
    alloc_loop("report render json", op_render, (void *)1, NULL, 0);
}
END_TEST

/* Every kind of finding, so that every site that adds one fails once: a
 * catalogue of the first 12 signs of data/kz-uz/signs.csv with one defect a
 * row (the comments name the finding each must give), and a re-survey of it
 * with every kind of bad row.  Small, so that every allocation is failed. */
static demarc_catalogue *bad_cat, *bad_sur;

static void write_findings_files(void)
{
    char path[512], line[1024];
    FILE *in = fopen(tu_path(path, sizeof path, tu_data_dir(), "kz-uz/signs.csv"), "r");
    ck_assert_ptr_nonnull(in);
    snprintf(path, sizeof path, "%s/findings.csv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    char prev_id[64] = "";
    for (int r = -1; r < 12 && fgets(line, sizeof line, in); r++) {
        line[strcspn(line, "\r\n")] = 0;
        if (r < 0) {
            fprintf(f, "%s\n", line);
            continue;
        }
        char *fld[11] = {0}, *p = line;
        for (int c = 0; c < 11; c++) {
            fld[c] = p;
            p += strcspn(p, ",");
            if (*p) *p++ = '\0';
        }
        char id[64];
        snprintf(id, sizeof id, "%.63s", fld[0]);
        char *tmp;
        switch (r) {
        case 1: fld[3] = ""; break;                  /* sign.coord_missing */
        case 2: fld[4] = "nan"; break;               /* sign.coord_not_finite */
        case 3: fld[4] = "91"; break;                /* sign.coord_range */
        case 4: fld[0] = ""; break;                  /* sign.id: blank */
        case 5: fld[0] = "\"X\x01\""; break;         /* sign.id: control character */
        case 6: fld[0] = "\" P\""; break;            /* sign.id: padded */
        case 7: fld[5] = "12.5m"; break;             /* sign.field */
        case 8: fld[2] = "cairn"; break;             /* sign.kind */
        case 9: fld[0] = prev_id; break;             /* sign.duplicate */
        case 10: tmp = fld[3], fld[3] = fld[4], fld[4] = tmp; break; /* lat/lon swapped */
        default: break;
        }
        snprintf(prev_id, sizeof prev_id, "%.63s", id);
        for (int c = 0; c < 11; c++) fprintf(f, "%s%c", fld[c], c < 10 ? ',' : '\n');
    }
    fclose(in);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(demarc_catalogue_open(ctx, &bad_cat, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_catalogue_count(bad_cat), 12);
    /* the re-survey: 1 moved ~1.1 m north, 1A twice, a blank, a padded and
     * a control-character id, 1B with no position, an unknown sign; 1J and
     * 1K outside the section 1..1H, 1E..1H missing */
    snprintf(path, sizeof path, "%s/findings_sur.csv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,lon,lat\n1,56.001790000,41.324290000\n1A,56.001732760,41.369270675\n"
               "1A,56.001732760,41.369270675\n,56,41\n\" P\",56,41\n\"Q\x01\",56,41\n"
               "1B,,\nZZ,56,41\n1J,56.001,41.7\n1K,56.001,41.7\n");
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(demarc_catalogue_open(ctx, &bad_sur, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
}

static int has_code(const demarc_report *r, const char *code)
{
    for (size_t i = 0; i < demarc_report_count(r); i++)
        if (!strcmp(demarc_report_finding(r, i)->code, code)) return 1;
    return 0;
}

static demarc_status op_validate_findings(void *arg)
{
    (void)arg;
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = 1000;
    demarc_report *r = NULL;
    demarc_status rc = demarc_catalogue_validate(ctx, &r, border, bad_cat, &vo);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "validate: *out with %d", (int)rc);
    static const char *const codes[] = {"sign.coord_missing", "sign.coord_not_finite",
                                        "sign.coord_range", "sign.id", "sign.field",
                                        "sign.kind", "catalogue.count"};
    for (size_t i = 0; !rc && i < sizeof codes / sizeof codes[0]; i++)
        ck_assert_msg(has_code(r, codes[i]), "validate: no %s finding", codes[i]);
    demarc_report_free(r);
    return rc;
}

static demarc_status op_inspect_findings(void *arg)
{
    (void)arg;
    demarc_inspect_options io = DEMARC_INSPECT_OPTIONS_INIT;
    io.section_from = "1";
    io.section_to = "1H";
    demarc_report *r = NULL;
    demarc_status rc = demarc_inspect(ctx, &r, bad_cat, bad_sur, &io);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "inspect: *out with %d", (int)rc);
    static const char *const codes[] = {"inspect.id", "inspect.duplicate", "inspect.position",
                                        "inspect.unknown", "inspect.outside",
                                        "inspect.missing", "inspect.moved"};
    for (size_t i = 0; !rc && i < sizeof codes / sizeof codes[0]; i++)
        ck_assert_msg(has_code(r, codes[i]), "inspect: no %s finding", codes[i]);
    demarc_report_free(r);
    return rc;
}

START_TEST(test_alloc_every_finding)
{
    write_findings_files();
    alloc_loop("validate with every kind of finding", op_validate_findings, NULL, NULL, 0);
    alloc_loop("inspect with every kind of finding", op_inspect_findings, NULL, NULL, 0);
    demarc_catalogue_free(bad_sur);
    demarc_catalogue_free(bad_cat);
    bad_sur = bad_cat = NULL;
}
END_TEST

static export_case EXPORTS[] = {
    {"GPKG", "out.gpkg", NULL, 0, 0, "", NULL},
    {"GPKG", "utm.gpkg", "EPSG:32641", 1, 0, "", NULL},
    {"GeoJSON", "gj", NULL, 1, 0, "", NULL},
    {"KML", "out.kml", NULL, 0, 0, "", NULL},
    {"SHP", "shp", NULL, 0, -1, "", NULL},
    {"FGB", "fgb", NULL, 0, 0, "", NULL},
    {"CSV", "csv", "EPSG:28411", 0, 0, "", NULL},
};
#define NEXPORTS (sizeof EXPORTS / sizeof EXPORTS[0])

static void export_name(char *buf, size_t size, const export_case *e, const char *when)
{
    snprintf(buf, size, "export %s%s%s%s%s (%s)", e->format, e->crs ? " " : "",
             e->crs ? e->crs : "", e->with_report ? " +findings" : "",
             e->densify_m < 0 ? " undensified" : "", when);
}

START_TEST(test_alloc_export)
{
    export_case *e = &EXPORTS[_i];
    char what[160];
    snprintf(e->out, sizeof e->out, "%s/%s", dir, e->name);
    e->cancel = NULL;
    export_name(what, sizeof what, e, "new");
    alloc_loop(what, op_export, e, e->out, 1);
    /* the loop's last run wrote it: now every fault must keep it */
    export_name(what, sizeof what, e, "replacing");
    alloc_loop(what, op_export, e, e->out, 0);
}
END_TEST

START_TEST(test_alloc_locate_file)
{
    char in[512], out[512];
    snprintf(in, sizeof in, "%s/points.geojson", dir);
    FILE *f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[64.5,41.7]}},\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"b\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[69.2,41.3]}},\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"c\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[66.0,43.0]}}]}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    snprintf(out, sizeof out, "%s/located.gpkg", dir);
    char *args[2] = {in, out};
    alloc_loop("locate_file (new)", op_locate_file, args, out, 1);
    alloc_loop("locate_file (replacing)", op_locate_file, args, out, 0);
    /* in UTM 41N (GeoJSON 2008's crs member): the one operation to WGS 84.
     * 541731.4508 4594384.8790 is 63.5 E 41.5 N (tests/data/validate/README.md,
     * cs2cs); the others are near it */
    snprintf(in, sizeof in, "%s/points_utm.geojson", dir);
    f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
          "{\"name\":\"urn:ogc:def:crs:EPSG::32641\"}},\"features\":[\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[541731.4508,4594384.8790]}},\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"b\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[551731.4508,4604384.8790]}},\n"
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"c\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[531731.4508,4584384.8790]}}]}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    snprintf(out, sizeof out, "%s/located_utm.csv", dir);
    alloc_loop("locate_file UTM (new)", op_locate_file, args, out, 1);
    alloc_loop("locate_file UTM (replacing)", op_locate_file, args, out, 0);
    /* the same file as a re-survey: the layer's CRS, not the caller's */
    void *cargs[2] = {in, NULL};
    alloc_loop("catalogue_open points_utm.geojson", op_catalogue_open, cargs, NULL, 0);
}
END_TEST

/* ---- cancellation tests ----------------------------------------------- */

static demarc_status cancel_export(void *arg, cancel_at *c)
{
    export_case *e = arg;
    e->cancel = c;
    demarc_status rc = do_export(e);
    e->cancel = NULL;
    return rc;
}

START_TEST(test_cancel_export)
{
    export_case *e = &EXPORTS[_i];
    char what[160];
    snprintf(e->out, sizeof e->out, "%s/%s", dir, e->name);
    export_name(what, sizeof what, e, "new");
    cancel_loop(what, cancel_export, e, e->out, 1);
    export_name(what, sizeof what, e, "replacing");
    cancel_loop(what, cancel_export, e, e->out, 0);
}
END_TEST

static demarc_status cancel_validate(void *arg, cancel_at *c)
{
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = arg == (void *)1 ? 1000 : 0;
    vo.progress = cancel_cb;
    vo.progress_userdata = c;
    demarc_report *r = NULL;
    demarc_status rc = demarc_catalogue_validate(ctx, &r, border, arg == (void *)2 ? sk42 : cat,
                                                 &vo);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "validate: *out with %d", (int)rc);
    demarc_report_free(r);
    return rc;
}

static demarc_status cancel_inspect(void *arg, cancel_at *c)
{
    (void)arg;
    demarc_inspect_options io = DEMARC_INSPECT_OPTIONS_INIT;
    io.progress = cancel_cb;
    io.progress_userdata = c;
    demarc_report *r = NULL;
    demarc_status rc = demarc_inspect(ctx, &r, cat, resurvey, &io);
    ck_assert_msg((rc == DEMARC_OK) == (r != NULL), "inspect: *out with %d", (int)rc);
    demarc_report_free(r);
    return rc;
}

/* 140,000 points: progress at 65,536, 131,072 and the end (locate.h). */
#define NBATCH 140000
static demarc_status cancel_locate_batch(void *arg, cancel_at *c)
{
    static double lon[NBATCH], lat[NBATCH];
    static demarc_location out[NBATCH];
    for (int i = 0; i < NBATCH; i++) {
        lon[i] = 56.0 + 15.0 * i / NBATCH;
        lat[i] = 37.2 + 8.3 * ((i * 37) % NBATCH) / NBATCH;
    }
    demarc_locate_options lo = DEMARC_LOCATE_OPTIONS_INIT;
    lo.flags = arg ? DEMARC_LOCATE_PARTY_ONLY : 0;
    lo.progress = cancel_cb;
    lo.progress_userdata = c;
    return demarc_locate_batch(ctx, border, NBATCH, lon, 0, lat, 0, &lo, out, 0);
}

START_TEST(test_cancel_others)
{
    cancel_loop("validate", cancel_validate, NULL, NULL, 0);
    cancel_loop("validate with findings", cancel_validate, (void *)1, NULL, 0);
    cancel_loop("validate SK-42 labelled WGS 84", cancel_validate, (void *)2, NULL, 0);
    cancel_loop("inspect", cancel_inspect, NULL, NULL, 0);
    cancel_loop("locate_batch", cancel_locate_batch, NULL, NULL, 0);
    cancel_loop("locate_batch party only", cancel_locate_batch, (void *)1, NULL, 0);
}
END_TEST

START_TEST(test_totals)
{
    printf("faults: total: %lu allocation fault points in %lu operations (%lu tried, %s), "
           "%lu cancellation points\n",
           total_points, total_ops, total_tested,
           getenv("DEMARC_FAULT_PERSISTENT") && getenv("DEMARC_FAULT_PERSISTENT")[0] == '1'
               ? "persistent"
               : "one-shot",
           total_cancels);
    ck_assert_uint_gt(total_points, 0);
    ck_assert_uint_gt(total_cancels, 0);
}
END_TEST

Suite *faults_suite(void)
{
    Suite *s = suite_create("faults");
    TCase *tc = tcase_create("loops");
    /* the totals add up over the tests: run in one process (CK_FORK=no) */
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, test_alloc_ctx_new);
    tcase_add_test(tc, test_alloc_open);
    tcase_add_test(tc, test_alloc_queries);
    tcase_add_test(tc, test_alloc_catalogue);
    tcase_add_test(tc, test_alloc_validate_inspect);
    tcase_add_test(tc, test_alloc_every_finding);
    tcase_add_loop_test(tc, test_alloc_export, 0, NEXPORTS);
    tcase_add_test(tc, test_alloc_locate_file);
    tcase_add_loop_test(tc, test_cancel_export, 0, NEXPORTS);
    tcase_add_test(tc, test_cancel_others);
    tcase_add_test(tc, test_totals);
    suite_add_tcase(s, tc);
    return s;
}
