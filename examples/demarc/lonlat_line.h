/* lonlat_line.h -- the parser of one "lon,lat" line of `demarc locate -`
 * (its own file so that tests/fuzz/fuzz_locate_line.c can reach it). */
#ifndef DEMARC_LONLAT_LINE_H
#define DEMARC_LONLAT_LINE_H

#include <stddef.h>

/* Parse a number that must fill [s, end) exactly (spaces around allowed);
 * 1 on success with *v finite, else 0. */
int cli_parse_number(const char *s, const char *end, double *v);

/* Results of cli_parse_lonlat_line. */
enum { LONLAT_OK = 0, LONLAT_MALFORMED = 1, LONLAT_RANGE = 2 };

/* Parse "lon,lat" (line[0..len), no line break): LONLAT_OK with the two
 * numbers, LONLAT_MALFORMED when it is not two numbers separated by one
 * comma, LONLAT_RANGE when they are outside [-180, 180] x [-90, 90]. */
int cli_parse_lonlat_line(const char *line, size_t len, double *lon, double *lat);

#endif
