/* locate_index.c -- query indexes of a border, built once at open.
 * (Placeholder until the locate work lands: no index, queries scan.) */
#include "border_internal.h"

demarc_status demarc__border_index(demarc_ctx *ctx, demarc_border *b)
{
    (void)ctx;
    b->index = NULL;
    return DEMARC_OK;
}

void demarc__border_index_free(demarc_border *b) { (void)b; }
