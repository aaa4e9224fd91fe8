/* inspect.c -- the joint inspection: a re-survey against the catalogue.
 * Displacements are geodesics on WGS 84 (PROJ geod_inverse, Karney 2013). */
#include "validate_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "geodesy_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct idpos { const char *id; size_t i; } idpos;

static int idpos_cmp(const void *x, const void *y)
{
    const idpos *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    if (c) return c;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* First row with id in the sorted table, or SIZE_MAX. */
static size_t find(const idpos *v, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(v[mid].id, id) < 0) lo = mid + 1; else hi = mid;
    }
    return lo < n && !strcmp(v[lo].id, id) ? v[lo].i : (size_t)-1;
}

#define ADD(...)                                                                   \
    do {                                                                           \
        rc = demarc__report_add(ctx, r, __VA_ARGS__);                              \
        if (rc) goto done;                                                         \
    } while (0)

demarc_status demarc_inspect(demarc_ctx *ctx, demarc_report **out,
                             const demarc_catalogue *cat, const demarc_catalogue *sur,
                             const demarc_inspect_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out || !cat || !sur)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "out, catalogue and re-survey must not be NULL");
    *out = NULL;
    demarc_inspect_options o = DEMARC_INSPECT_OPTIONS_INIT;
    if (opts && opts->version == 1) { /* the fields of version 1 only */
        o.tolerance_m = opts->tolerance_m;
        o.progress = opts->progress;
        o.progress_userdata = opts->progress_userdata;
    } else if (opts) {
        o = *opts;
    }
    if (o.version != DEMARC_INSPECT_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_inspect_options: version %u, expected 1 or %u",
                            opts->version, DEMARC_INSPECT_OPTIONS_VERSION);
    if (!o.section_from != !o.section_to)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_inspect_options: section_from and section_to go together");
    int by_chainage = !o.section_from && o.section_to_m > 0;
    if (by_chainage && !(o.section_from_m >= 0 && o.section_from_m <= o.section_to_m))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "section by chainage %g..%g m: it must run forwards from >= 0",
                            o.section_from_m, o.section_to_m);
    if (!(o.tolerance_m >= 0) || !isfinite(o.tolerance_m))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_inspect_options: tolerance_m = %g must be zero or positive",
                            o.tolerance_m);
    if (o.tolerance_m == 0) o.tolerance_m = 0.10;
    struct geod_geodesic g;
    demarc__wgs84(&g);
    demarc_status rc = DEMARC_OK;
    demarc_report *r = demarc__report_new(1);
    idpos *cv = demarc__malloc((cat->n + 1) * sizeof *cv), *sv = demarc__malloc((sur->n + 1) * sizeof *sv);
    unsigned char *used = demarc__calloc(sur->n + 1, 1), *insec = demarc__malloc(cat->n + 1);
    if (!r || !cv || !sv || !used || !insec) {
        rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory inspecting %zu signs", cat->n);
        goto done;
    }
    if ((rc = demarc__report_set_transformation(ctx, r, sur->transformation))) goto done;
    for (size_t i = 0; i < cat->n; i++) cv[i] = (idpos){cat->e[i].id, i};
    for (size_t i = 0; i < sur->n; i++) sv[i] = (idpos){sur->e[i].id, i};
    qsort(cv, cat->n, sizeof *cv, idpos_cmp);
    qsort(sv, sur->n, sizeof *sv, idpos_cmp);
    /* The section: every catalogue sign, or those between two ids in
     * catalogue order (seq, else file order), or within a chainage range. */
    memset(insec, 1, cat->n + 1);
    if (o.section_from) {
        size_t a = find(cv, cat->n, o.section_from), b = find(cv, cat->n, o.section_to);
        if (a == (size_t)-1 || b == (size_t)-1) {
            rc = demarc__fail(ctx, DEMARC_ERR_NOT_FOUND,
                              "section: no sign '%.40s' in the catalogue",
                              a == (size_t)-1 ? o.section_from : o.section_to);
            goto done;
        }
        long ka = cat->e[a].seq > 0 ? cat->e[a].seq : cat->e[a].row;
        long kb = cat->e[b].seq > 0 ? cat->e[b].seq : cat->e[b].row;
        if (ka > kb) {
            rc = demarc__fail(ctx, DEMARC_ERR_ARG,
                              "section %.40s..%.40s runs backwards: %s comes after %s in the "
                              "catalogue",
                              o.section_from, o.section_to, o.section_from, o.section_to);
            goto done;
        }
        for (size_t i = 0; i < cat->n; i++) {
            long k = cat->e[i].seq > 0 ? cat->e[i].seq : cat->e[i].row;
            insec[i] = k >= ka && k <= kb;
        }
    } else if (by_chainage) {
        for (size_t i = 0; i < cat->n; i++)
            insec[i] = cat->e[i].chainage_m >= o.section_from_m &&
                       cat->e[i].chainage_m <= o.section_to_m;
    }
    size_t outside = 0, nsec = 0;
    for (size_t i = 0; i < cat->n; i++) nsec += insec[i];
    if (sur->transformation && sur->transformation[0] && sur->accuracy_m > o.tolerance_m)
        ADD("inspect.accuracy", DEMARC_SEVERITY_WARNING, "", NAN, NAN, sur->accuracy_m,
            o.tolerance_m,
            "the re-survey was transformed to WGS 84 with %s, accurate to %g m: coarser than "
            "the tolerance %.3f m, so movements below about %g m cannot be told apart from "
            "the transformation's error",
            sur->transformation, sur->accuracy_m, o.tolerance_m, sur->accuracy_m);
    /* Re-survey rows: duplicates, unusable positions, unknown ids. */
    for (size_t k = 0; k < sur->n; k++) {
        const demarc_catalogue_entry *e = &sur->e[sv[k].i];
        int ctl = 0;
        for (const char *q = e->id; *q; q++) ctl |= (unsigned char)*q < 0x20 || *q == 0x7f;
        if (!e->id[0] || ctl || isspace((unsigned char)e->id[0]) ||
            isspace((unsigned char)e->id[strlen(e->id) - 1])) {
            ADD("inspect.id", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, NAN, NAN,
                "re-survey %s: the id is %s", WHERE(e),
                !e->id[0] ? "blank" : ctl ? "not text (a control character)"
                                          : "padded with spaces");
            used[sv[k].i] = 2;
            continue;
        }
        if (k > 0 && !strcmp(sv[k - 1].id, e->id)) {
            ADD("inspect.duplicate", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, (double)e->row,
                (double)sur->e[sv[k - 1].i].row,
                "re-survey %s measures sign %s again (first at %s); the first is used",
                WHERE(e), e->id, WHERE(&sur->e[sv[k - 1].i]));
            continue;
        }
        if (!isfinite(e->lon) || !isfinite(e->lat)) {
            ADD("inspect.position", DEMARC_SEVERITY_ERROR, e->id, NAN, NAN, NAN, NAN,
                "re-survey %s (sign %s): no usable position (missing, not finite, out of "
                "range or not transformable)",
                WHERE(e), e->id);
            used[sv[k].i] = 2;
            continue;
        }
        size_t ci = find(cv, cat->n, e->id);
        if (ci == (size_t)-1) {
            ADD("inspect.unknown", DEMARC_SEVERITY_WARNING, e->id, e->lon, e->lat, (double)e->row,
                NAN, "re-survey %s measures sign %s, which the catalogue does not know",
                WHERE(e), e->id);
        } else if (!insec[ci]) {
            outside++;
            used[sv[k].i] = 2;
            ADD("inspect.outside", DEMARC_SEVERITY_WARNING, e->id, e->lon, e->lat,
                (double)e->row, NAN,
                "re-survey %s measures sign %s, outside the section inspected; not compared",
                WHERE(e), e->id);
        } else {
            used[sv[k].i] = 1;
        }
    }
    size_t measured = 0, moved = 0, missing = 0, unknown = 0;
    double sum2 = 0, sum = 0, maxd = 0;
    for (size_t i = 0; i < cat->n; i++) {
        if (o.progress && i % 256 == 0 &&
            o.progress(o.progress_userdata, (double)i / (double)cat->n, "comparing")) {
            rc = demarc__fail(ctx, DEMARC_ERR_CANCELLED, "inspection cancelled");
            goto done;
        }
        const demarc_catalogue_entry *c = &cat->e[i];
        if (!insec[i]) continue; /* outside the section: neither missing nor compared */
        if (i > 0 && find(cv, cat->n, c->id) != i) continue; /* catalogue duplicate: first only */
        size_t j = find(sv, sur->n, c->id);
        if (j == (size_t)-1) {
            missing++;
            ADD("inspect.missing", DEMARC_SEVERITY_ERROR, c->id, c->lon, c->lat, NAN, NAN,
                "sign %s (catalogue %s) is missing from the re-survey", c->id, WHERE(c));
            continue;
        }
        if (used[j] != 1 || !isfinite(c->lon) || !isfinite(c->lat)) continue;
        const demarc_catalogue_entry *s = &sur->e[j];
        double dist, azi1;
        geod_inverse(&g, c->lat, c->lon, s->lat, s->lon, &dist, &azi1, NULL);
        demarc_displacement d = {c->id, c->lon, c->lat, s->lon, s->lat, dist,
                                 demarc__azimuth360(azi1), dist > o.tolerance_m};
        if (dist == 0) d.azimuth_deg = NAN;
        if ((rc = demarc__report_displacement(ctx, r, &d))) goto done;
        measured++;
        sum += dist;
        sum2 += dist * dist;
        if (dist > maxd) maxd = dist;
        if (d.moved) {
            moved++;
            ADD("inspect.moved", DEMARC_SEVERITY_ERROR, c->id, s->lon, s->lat, dist, o.tolerance_m,
                "sign %s moved %.3f m towards azimuth %.1f deg since the catalogue (more than "
                "%.3f m)",
                c->id, dist, d.azimuth_deg, o.tolerance_m);
        }
    }
    unknown = demarc__report_code_count(r, "inspect.unknown");
    demarc__report_stat(r, "signs", (double)nsec);
    demarc__report_stat(r, "measured", (double)measured);
    demarc__report_stat(r, "moved", (double)moved);
    demarc__report_stat(r, "missing", (double)missing);
    demarc__report_stat(r, "unknown", (double)unknown);
    demarc__report_stat(r, "outside", (double)outside);
    demarc__report_stat(r, "rms_m", measured ? sqrt(sum2 / (double)measured) : NAN);
    demarc__report_stat(r, "mean_m", measured ? sum / (double)measured : NAN);
    demarc__report_stat(r, "max_m", measured ? maxd : NAN);
    demarc__report_stat(r, "tolerance_m", o.tolerance_m);
    demarc__report_stat(r, "transformation_accuracy_m",
                        sur->transformation && sur->transformation[0] ? sur->accuracy_m : 0.0);
    rc = demarc__report_finish(ctx, r, nsec > sur->n ? nsec : sur->n);
done:
    demarc__free(cv);
    demarc__free(sv);
    demarc__free(used);
    demarc__free(insec);
    if (rc) {
        demarc_report_free(r);
        return rc;
    }
    *out = r;
    return DEMARC_OK;
}
