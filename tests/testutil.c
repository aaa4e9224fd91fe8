/* testutil.c -- helpers shared by the Check suites. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */
#include "testutil.h"

#include <ftw.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>

#ifndef DEMARC_TEST_DATA_DIR
#error "DEMARC_TEST_DATA_DIR must be defined (tests/CMakeLists.txt does it)"
#endif
#ifndef DEMARC_DATA_DIR
#error "DEMARC_DATA_DIR must be defined (tests/CMakeLists.txt does it)"
#endif

const char *tu_test_data_dir(void)
{
    const char *e = getenv("DEMARC_TEST_DATA_DIR");
    return (e && *e) ? e : DEMARC_TEST_DATA_DIR;
}

const char *tu_data_dir(void)
{
    const char *e = getenv("DEMARC_DATA_DIR");
    return (e && *e) ? e : DEMARC_DATA_DIR;
}

char *tu_path(char *buf, size_t size, const char *dir, const char *rel)
{
    int n = snprintf(buf, size, "%s/%s", dir, rel);
    ck_assert_msg(n > 0 && (size_t)n < size, "path too long: %s/%s", dir, rel);
    return buf;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    ck_assert_msg(q != NULL, "out of memory");
    return q;
}

int tu_edge_ref_load(tu_edge_ref *ref, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    size_t cap = 0, lineno = 0;
    int have_total = 0;

    memset(ref, 0, sizeof *ref);
    ck_assert_msg(f != NULL, "cannot open reference %s (run tests/data/make_reference.sh)",
                  path);
    while (fgets(line, sizeof line, f)) {
        size_t i;
        double v[5], s;
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "total %lf", &s) == 1) {
            ref->total = s;
            have_total = 1;
            continue;
        }
        ck_assert_msg(sscanf(line, "%zu %lf %lf %lf %lf %lf", &i, &v[0], &v[1], &v[2],
                             &v[3], &v[4]) == 6 && i == ref->n,
                      "%s:%zu: malformed reference row", path, lineno);
        if (ref->n == cap) {
            cap = cap ? 2 * cap : 1024;
            ref->lon1 = xrealloc(ref->lon1, cap * sizeof(double));
            ref->lat1 = xrealloc(ref->lat1, cap * sizeof(double));
            ref->lon2 = xrealloc(ref->lon2, cap * sizeof(double));
            ref->lat2 = xrealloc(ref->lat2, cap * sizeof(double));
            ref->s12 = xrealloc(ref->s12, cap * sizeof(double));
        }
        ref->lon1[ref->n] = v[0];
        ref->lat1[ref->n] = v[1];
        ref->lon2[ref->n] = v[2];
        ref->lat2[ref->n] = v[3];
        ref->s12[ref->n] = v[4];
        ref->n++;
    }
    fclose(f);
    ck_assert_msg(have_total && ref->n > 0, "%s: no rows or no total line", path);
    return 0;
}

void tu_edge_ref_free(tu_edge_ref *ref)
{
    free(ref->lon1);
    free(ref->lat1);
    free(ref->lon2);
    free(ref->lat2);
    free(ref->s12);
    memset(ref, 0, sizeof *ref);
}

int tu_sign_ref_load(tu_sign_ref *ref, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    size_t cap = 0, lineno = 0;

    memset(ref, 0, sizeof *ref);
    ck_assert_msg(f != NULL, "cannot open reference %s (run tests/data/make_reference.sh)",
                  path);
    while (fgets(line, sizeof line, f)) {
        size_t i;
        char a[16], b[16], seg[16];
        double azi, s;
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        ck_assert_msg(sscanf(line, "%zu %15s %15s %15s %lf %lf", &i, a, b, seg, &azi, &s) == 6
                          && i == ref->n,
                      "%s:%zu: malformed reference row", path, lineno);
        if (ref->n == cap) {
            cap = cap ? 2 * cap : 1024;
            ref->from_id = xrealloc(ref->from_id, cap * sizeof *ref->from_id);
            ref->to_id = xrealloc(ref->to_id, cap * sizeof *ref->to_id);
            ref->segment = xrealloc(ref->segment, cap * sizeof *ref->segment);
            ref->azi1 = xrealloc(ref->azi1, cap * sizeof(double));
            ref->s12 = xrealloc(ref->s12, cap * sizeof(double));
        }
        memcpy(ref->from_id[ref->n], a, sizeof a);
        memcpy(ref->to_id[ref->n], b, sizeof b);
        memcpy(ref->segment[ref->n], seg, sizeof seg);
        ref->azi1[ref->n] = azi;
        ref->s12[ref->n] = s;
        ref->n++;
    }
    fclose(f);
    ck_assert_msg(ref->n > 0, "%s: no rows", path);
    return 0;
}

void tu_sign_ref_free(tu_sign_ref *ref)
{
    free(ref->from_id);
    free(ref->to_id);
    free(ref->segment);
    free(ref->azi1);
    free(ref->s12);
    memset(ref, 0, sizeof *ref);
}

void tu_open_default(demarc_ctx **ctx, demarc_border **border)
{
    ck_assert_int_eq(demarc_ctx_new(ctx), DEMARC_OK);
    ck_assert_msg(demarc_border_open_default(*ctx, border, NULL) == DEMARC_OK,
                  "open_default: %s", demarc_ctx_errmsg(*ctx));
    ck_assert_ptr_nonnull(*border);
}

void tu_close(demarc_ctx **ctx, demarc_border **border)
{
    demarc_border_free(*border);
    demarc_ctx_free(*ctx);
    *border = NULL;
    *ctx = NULL;
}

void tu_tmpdir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "/tmp/demarc-%s-XXXXXX", name);
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void tu_rm_rf(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_geodsolve(const char *args, const char *in, const char *out)
{
    char cmd[12288];
    snprintf(cmd, sizeof cmd, "GeodSolve %s < '%s' > '%s'", args, in, out);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}
