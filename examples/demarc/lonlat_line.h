/* lonlat_line.h -- the parser of one "lon,lat" line of `demarc locate -`
 * (its own file so that tests/fuzz/fuzz_locate_line.c can reach it). */
#ifndef DEMARC_LONLAT_LINE_H
#define DEMARC_LONLAT_LINE_H

#include <stddef.h>

/* 1 when [s, end) is exactly one decimal number: an optional sign, digits
 * with an optional decimal point (at least one digit), an optional
 * exponent (e or E, optional sign, digits).  No blanks, no hexadecimal
 * (0x45), no inf or nan, nothing after it (12abc, 1e): what strtod accepts
 * beyond that is refused. */
int cli_is_decimal(const char *s, const char *end);

/* Parse a decimal number (cli_is_decimal) that must fill [s, end) exactly
 * (spaces around allowed); 1 on success with *v finite, else 0.  The one
 * number parser of the demarc command: its options (cli_number_arg), its
 * positional LON LAT and the points of `demarc locate -`. */
int cli_parse_number(const char *s, const char *end, double *v);

/* Results of cli_parse_lonlat_line. */
enum { LONLAT_OK = 0, LONLAT_MALFORMED = 1, LONLAT_RANGE = 2 };

/* Parse "lon,lat" (line[0..len), no line break): LONLAT_OK with the two
 * numbers, LONLAT_MALFORMED when it is not two numbers separated by one
 * comma, LONLAT_RANGE when they are outside [-180, 180] x [-90, 90]. */
int cli_parse_lonlat_line(const char *line, size_t len, double *lon, double *lat);

/* NULL when s is valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * at most U+10FFFF) without control characters (below U+0020, U+007F),
 * else what is wrong ("invalid UTF-8 (byte 0xFF at byte 3)") in buf. */
const char *cli_text_problem(const char *s, char *buf, size_t size);

/* One record of `demarc locate -` (and of the point files project reads):
 * fields separated by commas -- when the line has a comma outside quotes --
 * or else by runs of blanks; a field may be quoted ("a, b", "" for a
 * quote); blanks around comma-separated fields are dropped. */
#define CLI_RECORD_MAX_FIELDS 64
typedef struct cli_record {
    size_t n;                           /* fields */
    const char *f[CLI_RECORD_MAX_FIELDS]; /* each NUL-terminated, in buf */
    int comma;                          /* 1: comma-separated */
    char buf[4200];
} cli_record;

/* Results of cli_split_record. */
enum { RECORD_OK = 0, RECORD_QUOTE = 1, RECORD_TOO_MANY = 2, RECORD_TOO_LONG = 3 };

/* Split line[0..len) (no line break) into r.  RECORD_QUOTE: an unclosed
 * quote or text after a closing quote; RECORD_TOO_MANY: more than
 * CLI_RECORD_MAX_FIELDS fields; RECORD_TOO_LONG: longer than r->buf. */
int cli_split_record(const char *line, size_t len, cli_record *r);

#endif
