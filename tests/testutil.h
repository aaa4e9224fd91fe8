/* testutil.h -- helpers shared by the Check suites (not a suite itself). */
#ifndef DEMARC_TESTUTIL_H
#define DEMARC_TESTUTIL_H

#include <stddef.h>
#include <string.h>

#include <check.h>

#include "demarc.h"

/* The suites, one per tests/check_<concern>.c. */
/* Every suite's constructor, from the generated list of check_*.c files. */
#define DEMARC_SUITE(name) Suite *name##_suite(void);
#include "suites.inc"
#undef DEMARC_SUITE

/* The fixture most suites share: a new context and the embedded border
 * (fails the test when either cannot be made), and its release. */
void tu_open_default(demarc_ctx **ctx, demarc_border **border);
void tu_close(demarc_ctx **ctx, demarc_border **border);

/* A fresh directory /tmp/demarc-NAME-XXXXXX into buf (fails the test on
 * error), and its removal with everything in it. */
void tu_tmpdir(char *buf, size_t size, const char *name);
void tu_rm_rf(const char *path);

/* Runs `GeodSolve ARGS < IN > OUT` (GeographicLib's, through sh); fails
 * the test when it fails. */
void tu_geodsolve(const char *args, const char *in, const char *out);

/* tests/data (env DEMARC_TEST_DATA_DIR, else the compile-time default). */
const char *tu_test_data_dir(void);
/* data/ of the repository (env DEMARC_DATA_DIR, else the compile-time default). */
const char *tu_data_dir(void);
/* dir + "/" + rel into a static per-call-site-free buffer owned by the caller. */
char *tu_path(char *buf, size_t size, const char *dir, const char *rel);

/* A reference file written by tests/data/make_reference.sh:
 * rows "i lon1 lat1 lon2 lat2 s12_m" and a final "total <m>". */
typedef struct tu_edge_ref {
    size_t n;
    double *lon1, *lat1, *lon2, *lat2, *s12;
    double total;
} tu_edge_ref;
/* Returns 0 on success; fails the running test on any error. */
int tu_edge_ref_load(tu_edge_ref *ref, const char *path);
void tu_edge_ref_free(tu_edge_ref *ref);

/* reference_signs.txt: rows "i from_id to_id segment azi1_deg s12_m". */
typedef struct tu_sign_ref {
    size_t n;
    char (*from_id)[16];
    char (*to_id)[16];
    char (*segment)[16];
    double *azi1, *s12;
} tu_sign_ref;
int tu_sign_ref_load(tu_sign_ref *ref, const char *path);
void tu_sign_ref_free(tu_sign_ref *ref);

/* Assert that the context's message contains `needle`, printing both. */
#define tu_assert_msg_has(ctx, needle)                                          \
    ck_assert_msg(strstr(demarc_ctx_errmsg(ctx), (needle)) != NULL,             \
                  "error message \"%s\" does not contain \"%s\"",              \
                  demarc_ctx_errmsg(ctx), (needle))

/* Assert a status with both names in the failure text. */
#define tu_assert_status(got, want)                                             \
    do {                                                                        \
        demarc_status tu_g_ = (got), tu_w_ = (want);                            \
        ck_assert_msg(tu_g_ == tu_w_, "status %d (%s), expected %d (%s)",       \
                      (int)tu_g_, demarc_status_str(tu_g_), (int)tu_w_,         \
                      demarc_status_str(tu_w_));                                \
    } while (0)

/* |a - b| <= tol with the numbers in the failure text. */
#define tu_assert_near(a, b, tol)                                               \
    do {                                                                        \
        double tu_a_ = (a), tu_b_ = (b), tu_t_ = (tol);                         \
        ck_assert_msg(tu_a_ - tu_b_ <= tu_t_ && tu_b_ - tu_a_ <= tu_t_,         \
                      "%s = %.9f, expected %.9f +- %g (diff %.3g)", #a, tu_a_,  \
                      tu_b_, tu_t_, tu_a_ - tu_b_);                             \
    } while (0)

#endif /* DEMARC_TESTUTIL_H */
