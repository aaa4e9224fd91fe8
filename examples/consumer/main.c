/* main.c -- a program that uses an installed libdemarc: open the embedded
 * Kazakhstan-Uzbekistan border and print its geodesic length.
 * Build it with CMakeLists.txt (find_package) or Makefile (pkg-config). */
#include <demarc.h>

#include <stdio.h>

int main(void)
{
    demarc_ctx *ctx = NULL;
    demarc_border *border = NULL;
    double length_m = 0.0;
    demarc_status rc = demarc_ctx_new(&ctx);
    if (rc) {
        fprintf(stderr, "consumer: %s\n", demarc_status_str(rc));
        return 1;
    }
    rc = demarc_border_open_default(ctx, &border, NULL);
    if (!rc) rc = demarc_border_length(ctx, border, &length_m);
    if (rc) {
        fprintf(stderr, "consumer: %s: %s\n", demarc_status_str(rc), demarc_ctx_errmsg(ctx));
    } else {
        const demarc_border_info *info = demarc_border_info_get(border);
        printf("libdemarc %s: %s, %zu vertices, %.3f m\n", demarc_version(), info->id,
               info->vertex_count, length_m);
    }
    demarc_border_free(border);
    demarc_ctx_free(ctx);
    return rc ? 1 : 0;
}
