/* fuzz_metadata.c -- the border.json parser (lib/metadata_json.c,
 * demarc__metadata_parse) on arbitrary bytes.  The text is handed over
 * exactly as read from a file: NOT NUL-terminated, so any read past `len`
 * is an ASan report.  Seeds: tests/fuzz/corpus/metadata/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "border_internal.h"
#include "demarc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static demarc_ctx *ctx;
    if (!ctx && demarc_ctx_new(&ctx)) abort();
    char *text = malloc(size ? size : 1);
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    demarc_border *b = demarc__border_alloc();
    if (!b) abort();
    demarc_status rc = demarc__metadata_parse(ctx, b, text, size, "fuzz.json");
    /* A failure always explains itself and names the file. */
    if (rc != DEMARC_OK && !strstr(demarc_ctx_errmsg(ctx), "fuzz.json")) abort();
    if (rc == DEMARC_OK) {
        /* whatever was parsed is readable (ASan checks the strings) */
        for (int k = 0; k < 12; k++)
            if (b->strings[k]) (void)strlen(b->strings[k]);
    }
    demarc_border_free(b);
    free(text);
    return 0;
}
