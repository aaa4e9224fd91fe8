/* length.c -- lengths along the line and their check against the
 * declared figures.  Chainages were computed once when the border was
 * opened (border.c), so every length here is a difference of two. */
#include "border_internal.h"
#include "context_internal.h"
#include "geodesy_internal.h"

#include <math.h>

demarc_status demarc_border_length(demarc_ctx *ctx, const demarc_border *b, double *length_m)
{
    DEMARC__ENTER(ctx);
    if (!b || !length_m) return demarc__fail(ctx, DEMARC_ERR_ARG, "border_length: NULL argument");
    *length_m = b->chain[b->nvert - 1];
    return DEMARC_OK;
}

demarc_status demarc_length_between(demarc_ctx *ctx, const demarc_border *b,
                                    const char *from_id, const char *to_id, double *length_m)
{
    DEMARC__ENTER(ctx);
    if (!b || !from_id || !to_id || !length_m)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "length_between: NULL argument");
    size_t i, j;
    demarc_status rc = demarc_sign_find(ctx, b, from_id, &i);
    if (!rc) rc = demarc_sign_find(ctx, b, to_id, &j);
    if (rc) return rc;
    *length_m = b->signs[j].line_chainage_m - b->signs[i].line_chainage_m;
    return DEMARC_OK;
}

demarc_status demarc_sign_segment(demarc_ctx *ctx, const demarc_border *b, size_t i,
                                  double *length_m, double *azimuth_deg)
{
    DEMARC__ENTER(ctx);
    if (!b) return demarc__fail(ctx, DEMARC_ERR_ARG, "sign_segment: NULL border");
    if (b->nsign < 2 || i > b->nsign - 2)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "sign_segment: index %zu has no next sign (%zu signs)", i, b->nsign);
    const demarc_sign *s = &b->signs[i], *n = &b->signs[i + 1];
    if (length_m) *length_m = n->line_chainage_m - s->line_chainage_m;
    if (azimuth_deg) {
        const double p[2] = {s->lon, s->lat}, q[2] = {n->lon, n->lat};
        demarc__geodesic(&b->geod, p, q, azimuth_deg);
    }
    return DEMARC_OK;
}

static double or_default(double v, double def) { return v > 0 ? v : def; }

/* Signed angle a - b reduced to (-180, 180], degrees. */
static double angle_diff(double a, double b)
{
    double d = remainder(a - b, 360.0);
    return d == -180.0 ? 180.0 : d;
}

demarc_status demarc_length_check(demarc_ctx *ctx, const demarc_border *b,
                                  const demarc_length_options *opts, demarc_length_report *r)
{
    DEMARC__ENTER(ctx);
    if (!b || !r) return demarc__fail(ctx, DEMARC_ERR_ARG, "length_check: NULL argument");
    if (opts && opts->version != DEMARC_LENGTH_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "length_check: options version %u, expected %u",
                            opts->version, DEMARC_LENGTH_OPTIONS_VERSION);
    if (opts && (opts->total_tolerance_rel < 0 || opts->segment_tolerance_m < 0 ||
                 opts->azimuth_tolerance_deg < 0 || opts->closure_tolerance_m < 0))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "length_check: negative tolerance (total_tolerance_rel %g, "
                            "segment_tolerance_m %g, azimuth_tolerance_deg %g, "
                            "closure_tolerance_m %g)",
                            opts->total_tolerance_rel, opts->segment_tolerance_m,
                            opts->azimuth_tolerance_deg, opts->closure_tolerance_m);
    const double tol_rel = or_default(opts ? opts->total_tolerance_rel : 0, 0.005);
    const double tol_seg = or_default(opts ? opts->segment_tolerance_m : 0, 1.0);
    const double tol_azi = or_default(opts ? opts->azimuth_tolerance_deg : 0, 0.01);
    const double tol_clo = or_default(opts ? opts->closure_tolerance_m : 0, 0.001);

    demarc_length_report z = {0};
    *r = z;
    r->computed_m = b->chain[b->nvert - 1];
    r->declared_m = b->info.declared_length_m;
    r->tolerance_rel = tol_rel;
    r->deviation_m = r->computed_m - r->declared_m;
    r->deviation_rel = r->deviation_m / r->declared_m;
    r->total_ok = isfinite(r->declared_m) ? fabs(r->deviation_rel) <= tol_rel : 1;

    double declared_sum = 0;
    int all_declared = b->nsign > 1;
    for (size_t i = 0; i + 1 < b->nsign; i++) {
        const demarc_sign *s = &b->signs[i];
        double len, azi;
        demarc_sign_segment(ctx, b, i, &len, &azi);
        if (isfinite(s->next_dist_m)) {
            double dev = s->next_dist_m - len;
            r->segments_checked++;
            declared_sum += s->next_dist_m;
            if (fabs(dev) > tol_seg) r->segment_mismatches++;
            if (r->segments_checked == 1 || fabs(dev) > fabs(r->worst_segment_m)) {
                r->worst_segment = i;
                r->worst_segment_m = dev;
            }
        } else {
            all_declared = 0;
        }
        if (isfinite(s->next_azimuth_deg)) {
            double dev = angle_diff(s->next_azimuth_deg, azi);
            r->azimuths_checked++;
            if (fabs(dev) > tol_azi) r->azimuth_mismatches++;
            if (r->azimuths_checked == 1 || fabs(dev) > fabs(r->worst_azimuth_deg)) {
                r->worst_azimuth = i;
                r->worst_azimuth_deg = dev;
            }
        }
    }
    if (b->nsign > 0) {
        double first = b->signs[0].line_chainage_m, last = b->signs[b->nsign - 1].line_chainage_m;
        r->declared_sum_m = all_declared ? declared_sum : NAN;
        r->closure_m = r->declared_sum_m - (last - first);
        r->uncovered_m = first + (r->computed_m - last);
    } else {
        r->declared_sum_m = r->closure_m = NAN;
        r->uncovered_m = r->computed_m;
    }
    /* With no catalogue there is nothing to close. */
    r->closure_ok = b->nsign == 0 ||
                    ((!isfinite(r->closure_m) || fabs(r->closure_m) <= tol_clo) &&
                     r->uncovered_m <= tol_clo);
    r->ok = r->total_ok && r->closure_ok && r->segment_mismatches == 0 &&
            r->azimuth_mismatches == 0;
    return DEMARC_OK;
}
