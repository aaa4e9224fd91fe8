/* fuzz_locate_line.c -- the number parser of the demarc command
 * (cli_parse_number in examples/demarc/cli_text_fields.c: every option value,
 * LON LAT, each field of `demarc locate -` and of `demarc project`) on
 * arbitrary bytes, handed over without a terminating NUL so that any read
 * past `len` is an ASan report.  Seeds: tests/fuzz/corpus/locate_line/
 * ("lon,lat" lines: each side of the first comma is parsed). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_text_fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What it accepts is a finite number whose text, blanks trimmed, is one
 * decimal number: no 0x45, inf, nan or 12abc. */
static void parse(const char *s, const char *end)
{
    double v = NAN;
    if (!cli_parse_number(s, end, &v)) return;
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (!isfinite(v) || !cli_is_decimal(s, end)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size ? size : 1);
    if (!line) return 0;
    if (size) memcpy(line, data, size);
    const char *comma = memchr(line, ',', size);
    parse(line, line + size);
    if (comma) {
        parse(line, comma);
        parse(comma + 1, line + size);
    }
    free(line);
    return 0;
}
