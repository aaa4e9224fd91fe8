/* fuzz_locate_line.c -- the "lon,lat" line parser of `demarc locate -`
 * (examples/demarc/lonlat_line.c) on arbitrary bytes, handed over without
 * a terminating NUL so that any read past `len` is an ASan report.
 * Seeds: tests/fuzz/corpus/locate_line/. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lonlat_line.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size ? size : 1);
    if (!line) return 0;
    if (size) memcpy(line, data, size);
    double lon = NAN, lat = NAN;
    int r = cli_parse_lonlat_line(line, size, &lon, &lat);
    /* What it accepts is two finite numbers in range. */
    if (r == LONLAT_OK && !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) abort();
    if (r != LONLAT_OK && r != LONLAT_MALFORMED && r != LONLAT_RANGE) abort();
    free(line);
    return 0;
}
