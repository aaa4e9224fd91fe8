/* make_embedded.c -- build-time tool: opens a border directory (data/kz-uz)
 * with the library's own GDAL reader, which validates it, and writes its
 * content as C source (embedded_internal.h layout), so that
 * demarc_border_open_default() needs no file at run time.
 *
 * usage: make_embedded DATA_DIR OUT.c SYMBOL
 * Doubles are written with 17 significant digits, which round-trips every
 * IEEE 754 double exactly.  Output goes to OUT.c.tmp, renamed on success. */
#include "border_internal.h"
#include "locate_internal.h"
#include "demarc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f) fprintf(f, "\\%03o", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

static void put_double(FILE *f, double v)
{
    if (v != v) fputs("NAN", f);
    else fprintf(f, "%.17g", v);
}

static void put_doubles(FILE *f, const char *name, const double *v, size_t n)
{
    fprintf(f, "static const double %s[%zu] = {\n", name, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        put_double(f, v[i]);
        fputs(i % 4 == 3 ? ",\n" : ", ", f);
    }
    fputs(n ? "};\n" : "0};\n", f);
}

static void put_sizes(FILE *f, const char *name, const size_t *v, size_t n)
{
    fprintf(f, "static const size_t %s[%zu] = {\n", name, n ? n : 1);
    for (size_t i = 0; i < n; i++) fprintf(f, "%zu,%s", v[i], i % 12 == 11 ? "\n" : " ");
    fputs(n ? "};\n" : "0};\n", f);
}

static void put_u8(FILE *f, const char *name, const unsigned char *v, size_t n)
{
    fprintf(f, "static const unsigned char %s[%zu] = {\n", name, n ? n : 1);
    for (size_t i = 0; i < n; i++) fprintf(f, "%u,%s", v[i], i % 24 == 23 ? "\n" : "");
    fputs(n ? "};\n" : "0};\n", f);
}

static void put_u32(FILE *f, const char *name, const uint32_t *v, size_t n)
{
    fprintf(f, "static const uint32_t %s[%zu] = {\n", name, n ? n : 1);
    for (size_t i = 0; i < n; i++) fprintf(f, "%lu,%s", (unsigned long)v[i], i % 12 == 11 ? "\n" : "");
    fputs(n ? "};\n" : "0};\n", f);
}

static void put_u64(FILE *f, const char *name, const uint64_t *v, size_t n)
{
    fprintf(f, "static const uint64_t %s[%zu] = {\n", name, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "UINT64_C(0x%llx),%s", (unsigned long long)v[i], i % 4 == 3 ? "\n" : "");
    fputs(n ? "};\n" : "0};\n", f);
}

/* The query index (locate_internal.h) as static arrays and one struct
 * pointing at them, so that opening the embedded border under the geodesic
 * model copies nothing of it (issue 17).  The pointers are cast from const:
 * the library never writes an index after building it. */
static void write_index(FILE *f, const demarc_border *b, const char *symbol)
{
    const struct demarc_border_index *x = b->index;
    size_t nv = b->nvert, ne = nv - 1, nc = (size_t)x->gnx * (size_t)x->gny;
    size_t nsg = b->nsign ? b->nsign : 1, ncap = x->lstart[x->nlevel];
    fputs("\n/* The query index, built by demarc__border_index at compile time. */\n", f);
    if (x->has_grid) {
        put_u8(f, "ix_cell", x->cell, nc);
        put_u32(f, "ix_cell_start", x->cell_start, nc + 1);
        put_u32(f, "ix_cell_edge", x->cell_edge, x->cell_start[nc]);
    }
    if (x->has_grid && x->cellw) {
        put_u32(f, "ix_cellw", x->cellw, nc);
        put_u64(f, "ix_sub", x->sub, 2 * x->nsub);
        size_t nsc = x->nsub * SUBN * SUBN;
        put_u8(f, "ix_scin", x->scin, nsc);
        put_u32(f, "ix_sstart", x->sstart, nsc + 1);
        put_u32(f, "ix_sedge", x->sedge, x->sstart[nsc]);
    }
    size_t nnear = x->near ? ((size_t)x->nnx * (size_t)x->nny + 7) / 8 : 0;
    if (x->near) put_u8(f, "ix_near", x->near, nnear);
    put_doubles(f, "ix_band_m", x->band_m, ne);
    put_doubles(f, "ix_len", x->len, ne);
    put_doubles(f, "ix_uv", x->uv, 3 * nv);
    put_doubles(f, "ix_nrm", x->nrm, 9 * ne);
    put_doubles(f, "ix_slack_m", x->slack_m, ne);
    fprintf(f, "static const struct demarc_cap ix_cap[%zu] = {\n", ncap);
    for (size_t k = 0; k < ncap; k++) {
        const struct demarc_cap *c = &x->cap[k];
        fputs("{{", f);
        for (int q = 0; q < 3; q++) { put_double(f, c->c[q]); fputs(q < 2 ? ", " : "}, ", f); }
        put_double(f, c->cosr);
        fputs(", ", f);
        put_double(f, c->sinr);
        fputs("},\n", f);
    }
    fputs("};\n", f);
    fprintf(f, "static const struct demarc_band ix_band[%zu] = {\n", ncap);
    for (size_t k = 0; k < ncap; k++) {
        const struct demarc_band *d = &x->band[k];
        const double *v[5] = {d->a, d->b, d->n, d->ta, d->tb};
        fputs("{", f);
        for (int j = 0; j < 5; j++) {
            fputs("{", f);
            for (int q = 0; q < 3; q++) { put_double(f, v[j][q]); fputs(q < 2 ? ", " : "}, ", f); }
        }
        put_double(f, d->cosw);
        fputs(", ", f);
        put_double(f, d->sinw);
        fputs("},\n", f);
    }
    fputs("};\n", f);
    put_sizes(f, "ix_bsign_start", x->bsign_start, x->nblock + 1);
    put_sizes(f, "ix_bsign", x->bsign, nsg);
    put_doubles(f, "ix_suv", x->suv, 3 * nsg);
    fprintf(f, "\nstatic const struct demarc_border_index ix = {\n  .has_grid = %d,\n", x->has_grid);
    const char *dn[] = {"gx0", "gy0", "gdx", "gdy", "ginv", "near_m", "nx0", "ny0", "ninv",
                        "maxslack"};
    const double dv[] = {x->gx0, x->gy0, x->gdx, x->gdy, x->ginv, x->near_m, x->nx0, x->ny0,
                         x->ninv, x->maxslack};
    for (int k = 0; k < 10; k++) {
        fprintf(f, "  .%s = ", dn[k]);
        put_double(f, dv[k]);
        fputs(",\n", f);
    }
    fprintf(f, "  .gnx = %d, .gny = %d, .nnx = %d, .nny = %d,\n", x->gnx, x->gny, x->nnx, x->nny);
    if (x->has_grid)
        fputs("  .cell = (unsigned char *)ix_cell, .cell_start = (uint32_t *)ix_cell_start,\n"
              "  .cell_edge = (uint32_t *)ix_cell_edge,\n", f);
    if (x->has_grid && x->cellw)
        fputs("  .cellw = (uint32_t *)ix_cellw, .sub = (uint64_t *)ix_sub,\n"
              "  .scin = (unsigned char *)ix_scin, .sstart = (uint32_t *)ix_sstart,\n"
              "  .sedge = (uint32_t *)ix_sedge,\n", f);
    if (x->near) fputs("  .near = (unsigned char *)ix_near,\n", f);
    fputs("  .band_m = (double *)ix_band_m, .len = (double *)ix_len, .uv = (double *)ix_uv,\n"
          "  .nrm = (double *)ix_nrm, .slack_m = (double *)ix_slack_m,\n"
          "  .cap = (struct demarc_cap *)ix_cap, .band = (struct demarc_band *)ix_band,\n"
          "  .bsign_start = (size_t *)ix_bsign_start,\n"
          "  .bsign = (size_t *)ix_bsign, .suv = (double *)ix_suv,\n", f);
    fprintf(f, "  .bs = %zu, .nblock = %zu, .nlevel = %zu, .nsub = %zu, .borrowed = 1,\n  .lstart = {",
            x->bs, x->nblock, x->nlevel, x->nsub);
    for (size_t l = 0; l <= x->nlevel; l++) fprintf(f, "%zu, ", x->lstart[l]);
    fprintf(f, "}\n};\nconst struct demarc_border_index *const %s_index = &ix;\n", symbol);
}

static void write_source(FILE *f, const demarc_border *b, const char *symbol)
{
    const demarc_border_info *in = &b->info;
    fputs("/* Generated by lib/embed/make_embedded.c from data/: do not edit. */\n"
          "#include \"embedded_internal.h\"\n#include \"locate_internal.h\"\n"
          "#include <math.h>\n#include <stdint.h>\n\n", f);
    put_doubles(f, "vertices", b->xy, 2 * b->nvert);
    put_doubles(f, "chain", b->chain, b->nvert);
    put_doubles(f, "edge_azi", b->edge_azi, b->nvert - 1);
    fprintf(f, "static const demarc_embedded_sign signs[%zu] = {\n", b->nsign ? b->nsign : 1);
    for (size_t i = 0; i < b->nsign; i++) {
        const demarc_sign *s = &b->signs[i];
        fputs("{", f);
        put_string(f, s->id);
        fprintf(f, ", %ld, %d, ", s->seq, (int)s->kind);
        const double nums[] = {s->lon, s->lat, s->h_m, s->chainage_m, s->next_dist_m,
                               s->next_azimuth_deg};
        for (int k = 0; k < 6; k++) { put_double(f, nums[k]); fputs(", ", f); }
        fprintf(f, "%d, ", (int)s->segment);
        put_string(f, s->provenance);
        fputs("},\n", f);
    }
    if (!b->nsign) fputs("{0}\n", f);
    fputs("};\n", f);
    for (size_t t = 0; t < b->nterr; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        char name[64];
        snprintf(name, sizeof name, "t%zu_points", t);
        put_doubles(f, name, tp->points, 2 * tp->point_count);
        snprintf(name, sizeof name, "t%zu_ring_start", t);
        put_sizes(f, name, tp->ring_start, tp->ring_count + 1);
        snprintf(name, sizeof name, "t%zu_ring_polygon", t);
        put_sizes(f, name, tp->ring_polygon, tp->ring_count);
        fprintf(f, "static const unsigned char t%zu_ring_is_hole[%zu] = {", t, tp->ring_count);
        for (size_t r = 0; r < tp->ring_count; r++) fprintf(f, "%d,", tp->ring_is_hole[r]);
        fputs("};\n", f);
    }
    fprintf(f, "\nconst demarc_embedded %s = {\n  {", symbol);
    const char *strs[12] = {in->id, in->name, in->left_party, in->right_party, in->left_name,
                            in->right_name, in->demarcation_finalised, in->agreement_signed,
                            in->agreement_place, in->source, in->licence, in->attribution};
    for (int k = 0; k < 12; k++) { put_string(f, strs[k]); fputs(k < 11 ? ", " : "},\n  ", f); }
    put_double(f, in->declared_length_m);
    fprintf(f, ", %ld, %d, %d,\n  %zu, vertices, %zu, signs, %zu,\n  {", in->declared_signs,
            in->inspection_interval_years, in->signs_modelled, b->nvert, b->nsign, b->nterr);
    for (size_t t = 0; t < b->nterr; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        fputs("{", f);
        put_string(f, tp->party);
        fputs(", ", f);
        put_string(f, tp->name);
        fprintf(f, ", %zu, %zu, %zu, t%zu_ring_start, t%zu_ring_polygon, t%zu_ring_is_hole, "
                   "t%zu_points},\n   ",
                tp->polygon_count, tp->ring_count, tp->point_count, t, t, t, t);
    }
    if (!b->nterr) fputs("{0}", f);
    fputs("},\n  chain, edge_azi\n};\n", f);
    write_index(f, b, symbol);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s DATA_DIR OUT.c SYMBOL\n", argv[0]);
        return 2;
    }
    demarc_ctx *ctx;
    demarc_border *b;
    if (demarc_ctx_new(&ctx)) return 1;
    demarc_status rc = demarc_border_open(ctx, &b, argv[1], NULL);
    if (rc) {
        fprintf(stderr, "make_embedded: %s: %s\n", demarc_status_str(rc), demarc_ctx_errmsg(ctx));
        demarc_ctx_free(ctx);
        return 1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *f = fopen(tmp, "w");
    if (!f) { perror(tmp); return 1; }
    write_source(f, b, argv[3]);
    int bad = ferror(f) | fclose(f);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    if (bad || rename(tmp, argv[2]) != 0) {
        perror(argv[2]);
        remove(tmp);
        return 1;
    }
    return 0;
}
