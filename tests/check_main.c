/* check_main.c -- runs the libdemarc Check suites.
 *
 * With CK_RUN_SUITE=<name> (what ctest sets) only that suite runs; the
 * runner fails when the name is unknown or no test ran, so a misspelt
 * suite cannot pass silently.  CK_FORK=yes isolates crashes per test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef Suite *(*suite_fn)(void);

static const struct {
    const char *name;
    suite_fn make;
} suites[] = {
#define DEMARC_SUITE(name) {#name, name##_suite},
#include "suites.inc"
#undef DEMARC_SUITE
};

int main(void)
{
    const char *only = getenv("CK_RUN_SUITE");
    size_t i, n = sizeof suites / sizeof suites[0];
    SRunner *sr = NULL;
    int known = only == NULL || *only == '\0', failed, run;

    for (i = 0; i < n; i++) {
        Suite *s = suites[i].make();
        if (only && strcmp(only, suites[i].name) == 0)
            known = 1;
        if (sr == NULL)
            sr = srunner_create(s);
        else
            srunner_add_suite(sr, s);
    }
    if (!known) {
        fprintf(stderr, "check_demarc: unknown suite CK_RUN_SUITE=%s\n", only);
        srunner_free(sr);
        return EXIT_FAILURE;
    }
    srunner_run_all(sr, CK_NORMAL); /* honours CK_RUN_SUITE / CK_RUN_CASE */
    failed = srunner_ntests_failed(sr);
    run = srunner_ntests_run(sr);
    srunner_free(sr);
    if (run == 0) {
        fprintf(stderr, "check_demarc: no test ran\n");
        return EXIT_FAILURE;
    }
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
