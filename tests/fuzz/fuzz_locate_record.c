/* fuzz_locate_record.c -- the record splitter and the text check of
 * `demarc locate -` (examples/demarc/cli_text_fields.c, lib/text.c) on arbitrary bytes,
 * handed over without a terminating NUL so that any read past `len` is an
 * ASan report.  What it accepts must hold together: every field lies in the
 * record's buffer, and a field the UTF-8 check passes is made of whole
 * sequences.  Seeds: tests/fuzz/corpus/locate_record/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_text_fields.h"
#include "text_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size ? size : 1);
    cli_record *r = malloc(sizeof *r);
    if (!line || !r) { free(line); free(r); return 0; }
    if (size) memcpy(line, data, size);
    int rc = cli_split_record(line, size, r);
    if (rc != RECORD_OK && rc != RECORD_QUOTE && rc != RECORD_TOO_MANY && rc != RECORD_TOO_LONG &&
        rc != RECORD_OPEN)
        abort();
    if (rc == RECORD_OK) {
        if (r->n > CLI_RECORD_MAX_FIELDS) abort();
        for (size_t k = 0; k < r->n; k++) {
            const char *f = r->f[k];
            if (f < r->buf || f >= r->buf + sizeof r->buf) abort();
            size_t n = strlen(f);
            if (f + n >= r->buf + sizeof r->buf) abort();
            char why[96];
            int fatal;
            const char *p = demarc__text_problem(f, why, sizeof why, &fatal);
            /* valid text: every sequence is whole */
            if (!p)
                for (size_t i = 0; i < n;) {
                    size_t l = demarc__utf8_len(f + i);
                    if (!l) abort();
                    i += l;
                }
        }
    }
    free(line);
    free(r);
    return 0;
}
