/* lonlat_line.c -- see lonlat_line.h. */
#include "lonlat_line.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_parse_number(const char *s, const char *end, double *v)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (s == end || end - s > 64) return 0;
    char buf[72];
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    char *e;
    errno = 0;
    *v = strtod(buf, &e);
    return *e == '\0' && errno == 0 && isfinite(*v);
}

int cli_parse_lonlat_line(const char *line, size_t len, double *lon, double *lat)
{
    const char *comma = memchr(line, ',', len);
    if (!comma || memchr(comma + 1, ',', len - (size_t)(comma + 1 - line)) ||
        !cli_parse_number(line, comma, lon) || !cli_parse_number(comma + 1, line + len, lat))
        return LONLAT_MALFORMED;
    if (*lon < -180 || *lon > 180 || *lat < -90 || *lat > 90) return LONLAT_RANGE;
    return LONLAT_OK;
}
