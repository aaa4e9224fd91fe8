/* io_faults_api.c -- the library's side of tests/io_faults_test.sh: one
 * write through the public API, its status printed as a number, so that
 * the script checks the exact code (DEMARC_ERR_IO = 3) where the command
 * line shows only its exit status.
 *   io_faults_api export OUT [FORMAT]   demarc_border_export, embedded border
 *   io_faults_api locate IN OUT         demarc_locate_file (REPLACE)
 * Prints "status N: MESSAGE" and exits 0 when N is DEMARC_OK, else 1. */
#include "demarc.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "export") && strcmp(argv[1], "locate")) ||
        (!strcmp(argv[1], "locate") && argc < 4)) {
        fprintf(stderr, "usage: io_faults_api export OUT [FORMAT] | locate IN OUT\n");
        return 2;
    }
    /* a file-size limit must fail the write, not kill the process */
    signal(SIGXFSZ, SIG_IGN);
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    demarc_status rc = demarc_ctx_new(&ctx);
    if (!rc) rc = demarc_border_open_default(ctx, &b, NULL);
    if (!rc && !strcmp(argv[1], "export")) {
        demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
        o.format = argc > 3 ? argv[3] : NULL;
        rc = demarc_border_export(ctx, b, argv[2], &o);
    } else if (!rc) {
        demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
        o.flags = DEMARC_LOCATE_FILE_REPLACE;
        rc = demarc_locate_file(ctx, b, argv[2], argv[3], &o, NULL);
    }
    printf("status %d: %s\n", (int)rc, ctx ? demarc_ctx_errmsg(ctx) : "no context");
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return rc ? 1 : 0;
}
