/* geojson_line.c -- the border line of a GeoJSON file in one pass.
 *
 * GDAL 3.6's GeoJSON driver reads a FeatureCollection file twice (a first
 * pass at open for the schema and feature count, a second one feature by
 * feature) and builds a json-c tree of every coordinate on each pass: 2.1 G
 * instructions per pass for a 200,000-vertex line, two thirds of opening
 * it (issue 17).  This reader handles the one shape a border line file has:
 *
 *   {"type": "FeatureCollection", ["name": S,] ["crs": CRS84,] ["bbox": [..],]
 *    "features": [{"type": "Feature", ["id": ..,] ["properties": {..},]
 *                  ["bbox": [..],] "geometry": {"type": "LineString",
 *                  "coordinates": [[lon, lat(, h)], ...]}}]}
 *
 * in strict RFC 8259 JSON, members in any order.  Numbers are converted by
 * CPLStrtod, as GDAL converts them, so the doubles are GDAL's bit for bit.
 * Anything else (another layout, a member it does not know, a CRS other
 * than OGC CRS84, heights without a "crs" (GDAL then says EPSG:4979),
 * MultiLineString, fewer than two positions, a syntax
 * error, a non-finite number, a file that GDAL's ESRIJSON or TopoJSON
 * drivers would claim) is not handled: the caller then reads the file
 * through GDAL, which gives the same points or its usual error. */
#define _LARGEFILE64_SOURCE 1 /* struct stat64: GDAL's VSIStatBufL */
#include "geojson_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Files larger than this go through GDAL's streaming reader (bytes). */
#define GEOJSON_LINE_MAX_BYTES ((vsi_l_offset)1 << 30)
/* GDAL's identification looks at the start of a file (TryToIngest 6000). */
#define HEAD_BYTES 6000

typedef struct scan {
    const char *p, *end;
    double *xy;
    size_t n, cap;
    int nomem, has_z, has_crs;
} scan;

static void ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int lit(scan *s, char c)
{
    ws(s);
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

/* A string; *k, *kn its raw bytes (without escapes: 0 when it has one). */
static int string(scan *s, const char **k, size_t *kn)
{
    if (!lit(s, '"')) return 0;
    const char *a = s->p;
    int escaped = 0;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        if (c < 0x20) return 0;
        if (c == '\\') {
            escaped = 1;
            if (++s->p == s->end) return 0;
            c = (unsigned char)*s->p;
            if (c == 'u') {
                for (int i = 0; i < 4; i++)
                    if (++s->p == s->end || !strchr("0123456789abcdefABCDEF", *s->p) || !*s->p)
                        return 0;
            } else if (!strchr("\"\\/bfnrt", c) || !c) {
                return 0;
            }
        }
        s->p++;
    }
    if (s->p == s->end) return 0;
    if (k) {
        *k = escaped ? NULL : a;
        *kn = escaped ? 0 : (size_t)(s->p - a);
    }
    s->p++;
    return 1;
}

static int is_key(const char *k, size_t kn, const char *want)
{
    return k && kn == strlen(want) && !memcmp(k, want, kn);
}

/* Exact powers of ten (10^22 is the largest double that is one). */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The double nearest to d * 10^e (d < 10^18), or -1 when this quick
 * path cannot prove it (the caller then asks CPLStrtod).  Clinger 1990:
 * d < 2^53 and |e| <= 22 take one correctly rounded IEEE operation.  For
 * 2^54 <= d (17 or 18 digits, as %.17g writes them) and -22 <= e < 0,
 * q = fl(fl(d) / 10^-e) is checked: with q * P = hi + lo exactly (fma),
 * r = d - q P = (d - hi) - lo (d - hi an exact small integer); |r| below
 * half an ulp of q times P, with margin for the one rounding of r, means
 * q is the nearest double (q not a power of two, where the ulp below
 * halves). */
static double decimal_to_double(uint64_t d, int e)
{
    const uint64_t two53 = (uint64_t)1 << 53;
    if (e < -22 || e > 22) return -1;
    if (d < two53) return e >= 0 ? (double)d * POW10[e] : (double)d / POW10[-e];
    if (e >= 0 || d < 2 * two53) return -1;
    double P = POW10[-e], q = (double)d / P;
    double hi = q * P, lo = fma(q, P, -hi);
    if (!(hi >= 9007199254740992.0 && hi < 2305843009213693952.0)) return -1; /* 2^53, 2^61 */
    uint64_t h = (uint64_t)hi;
    int64_t dh = d >= h ? (int64_t)(d - h) : -(int64_t)(h - d);
    if (dh > 4096 || dh < -4096) return -1;
    double r = (double)dh - lo;
    int ex;
    double m = frexp(q, &ex); /* q = m 2^ex, m in [0.5, 1) */
    if (m == 0.5) return -1;
    double half_ulp_p = ldexp(P, ex - 54); /* ulp(q) = 2^(ex - 53) */
    return fabs(r) < half_ulp_p * (1 - 1.0 / 1048576) ? q : -1;
}

/* A number (RFC 8259 grammar), finite only: the double CPLStrtod (and so
 * GDAL) gives for it. */
static int number(scan *s, double *out)
{
    ws(s);
    const char *a = s->p, *q = s->p;
    int neg = 0, digits = 0, frac = 0, integer = 1;
    uint64_t d = 0;
    if (q < s->end && *q == '-') {
        neg = 1;
        q++;
    }
    if (q == s->end) return 0;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9')
        for (; q < s->end && *q >= '0' && *q <= '9'; q++) {
            if (digits < 19) d = 10 * d + (uint64_t)(*q - '0');
            digits++;
        }
    else return 0;
    if (q < s->end && *q == '.') {
        integer = 0;
        if (++q == s->end || !(*q >= '0' && *q <= '9')) return 0;
        for (; q < s->end && *q >= '0' && *q <= '9'; q++) {
            if (d == 0 && *q == '0') { frac++; continue; } /* leading zeros */
            if (digits < 19) d = 10 * d + (uint64_t)(*q - '0');
            digits++;
            frac++;
        }
    }
    long ex = 0;
    if (q < s->end && (*q == 'e' || *q == 'E')) {
        integer = 0;
        int eneg = 0;
        if (++q < s->end && (*q == '+' || *q == '-')) eneg = *q++ == '-';
        if (q == s->end || !(*q >= '0' && *q <= '9')) return 0;
        for (; q < s->end && *q >= '0' && *q <= '9'; q++)
            if (ex < 100000) ex = 10 * ex + (*q - '0');
        if (eneg) ex = -ex;
    }
    if (digits <= 18) {
        double v = decimal_to_double(d, (int)(ex - frac < -99999 ? -99999 : ex - frac));
        if (v >= 0) {
            s->p = q;
            if (out) *out = neg ? -v : v;
            return 1;
        }
    }
    /* json-c keeps long integers as int64: leave those to GDAL. */
    if (integer && q - a > 15) return 0;
    /* CPLStrtod copies the rest of its string when the locale's decimal
     * point is not '.': give it the token alone. */
    char tok[48], *e;
    if ((size_t)(q - a) >= sizeof tok) return 0;
    memcpy(tok, a, (size_t)(q - a));
    tok[q - a] = '\0';
    double v = CPLStrtod(tok, &e);
    if (e != tok + (q - a) || !isfinite(v)) return 0;
    s->p = q;
    if (out) *out = v;
    return 1;
}

/* Any value, skipped (depth-limited). */
static int skip(scan *s, int depth)
{
    ws(s);
    if (s->p == s->end || depth > 64) return 0;
    char c = *s->p;
    if (c == '"') return string(s, NULL, NULL);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        s->p++;
        if (lit(s, close)) return 1;
        do {
            if (c == '{' && !(string(s, NULL, NULL) && lit(s, ':'))) return 0;
            if (!skip(s, depth + 1)) return 0;
        } while (lit(s, ','));
        return lit(s, close);
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(s->end - s->p) >= n && !memcmp(s->p, words[i], n)) {
            s->p += n;
            return 1;
        }
    }
    return number(s, NULL);
}

/* "coordinates": [[x, y(, z)], ...], into s->xy. */
static int positions(scan *s)
{
    if (!lit(s, '[')) return 0;
    if (lit(s, ']')) return 1;
    do {
        double v[3];
        int k = 0;
        if (!lit(s, '[')) return 0;
        do {
            if (k == 3 || !number(s, &v[k++])) return 0;
        } while (lit(s, ','));
        if (!lit(s, ']') || k < 2) return 0;
        s->has_z |= k == 3;
        if (s->n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 1024;
            double *xy = demarc__realloc(s->xy, 2 * cap * sizeof *xy);
            if (!xy) {
                s->nomem = 1;
                return 0;
            }
            s->xy = xy;
            s->cap = cap;
        }
        s->xy[2 * s->n] = v[0];
        s->xy[2 * s->n + 1] = v[1];
        s->n++;
    } while (lit(s, ','));
    return lit(s, ']');
}

/* An object whose members are all named in `keys` (each at most once);
 * member i is handed to each(s, i), which reads its value. */
typedef int (*member_fn)(scan *s, int key, void *arg);

static int object(scan *s, const char *const *keys, int nkeys, member_fn each, void *arg)
{
    unsigned seen = 0;
    if (!lit(s, '{')) return 0;
    if (lit(s, '}')) return 1;
    do {
        const char *k;
        size_t kn;
        if (!string(s, &k, &kn) || !lit(s, ':')) return 0;
        int i = 0;
        while (i < nkeys && !is_key(k, kn, keys[i])) i++;
        if (i == nkeys || (seen & (1u << i))) return 0;
        seen |= 1u << i;
        if (!each(s, i, arg)) return 0;
    } while (lit(s, ','));
    return lit(s, '}');
}

/* The string value must be `want`. */
static int string_is(scan *s, const char *want)
{
    const char *k;
    size_t kn;
    return string(s, &k, &kn) && is_key(k, kn, want);
}

typedef struct seen {
    int type, body; /* "type" right; the feature list / geometry / coordinates read */
} seen;

static int geometry_member(scan *s, int key, void *arg)
{
    seen *w = arg;
    switch (key) {
    case 0: return (w->type = string_is(s, "LineString"));
    case 1: return (w->body = positions(s));
    default: return skip(s, 0); /* bbox */
    }
}

static int crs_props_member(scan *s, int key, void *arg)
{
    (void)key;
    return (*(int *)arg = string_is(s, "urn:ogc:def:crs:OGC:1.3:CRS84"));
}

static int crs_member(scan *s, int key, void *arg)
{
    static const char *const keys[] = {"name"};
    seen *w = arg;
    if (key == 0) return (w->type = string_is(s, "name"));
    int ok = 0;
    return object(s, keys, 1, crs_props_member, &ok) && (w->body = ok);
}

static int feature_member(scan *s, int key, void *arg)
{
    static const char *const keys[] = {"type", "coordinates", "bbox"};
    seen *w = arg;
    switch (key) {
    case 0: return (w->type = string_is(s, "Feature"));
    case 1: {
        seen g = {0, 0};
        return object(s, keys, 3, geometry_member, &g) && g.type && (w->body = g.body);
    }
    default: return skip(s, 0); /* id, properties, bbox */
    }
}

static int root_member(scan *s, int key, void *arg)
{
    static const char *const fkeys[] = {"type", "geometry", "id", "properties", "bbox"};
    static const char *const ckeys[] = {"type", "properties"};
    seen *w = arg;
    switch (key) {
    case 0: return (w->type = string_is(s, "FeatureCollection"));
    case 1: { /* features: exactly one */
        seen f = {0, 0};
        return lit(s, '[') && object(s, fkeys, 5, feature_member, &f) && f.type && f.body &&
               lit(s, ']') && (w->body = 1);
    }
    case 2: {
        seen c = {0, 0};
        return object(s, ckeys, 2, crs_member, &c) && c.type && c.body && (s->has_crs = 1);
    }
    default: return skip(s, 0); /* name, bbox */
    }
}

/* Would GDAL hand this file to its ESRIJSON or TopoJSON driver?  (Their
 * identification looks for these words near the start of the file.) */
static int other_driver(const char *text, size_t n)
{
    static const char *const words[] = {"\"fieldAliases\"", "\"esriGeometry", "\"esriFieldType",
                                        "\"geometryType\"", "\"Topology\"", "\"arcs\""};
    char head[HEAD_BYTES + 1];
    if (n > HEAD_BYTES) n = HEAD_BYTES;
    memcpy(head, text, n);
    head[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!head[i]) head[i] = ' ';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(head, words[i])) return 1;
    return 0;
}

int demarc__geojson_line_read(demarc_ctx *ctx, const char *path, double **xy, size_t *n,
                              demarc_status *rc)
{
    *rc = DEMARC_OK;
    *xy = NULL;
    *n = 0;
    VSIStatBufL st;
    if (VSIStatL(path, &st) != 0 || !VSI_ISREG(st.st_mode) || st.st_size < 2 ||
        (vsi_l_offset)st.st_size > GEOJSON_LINE_MAX_BYTES)
        return 0;
    size_t size = (size_t)st.st_size;
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f) return 0;
    char *text = demarc__malloc(size + 1);
    if (!text) {
        VSIFCloseL(f);
        *rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for %s", path);
        return -1;
    }
    size_t got = VSIFReadL(text, 1, size, f);
    VSIFCloseL(f);
    text[got] = '\0';
    static const char *const keys[] = {"type", "features", "crs", "name", "bbox"};
    scan s = {text, text + got, NULL, 0, 0, 0, 0, 0};
    seen w = {0, 0};
    int ok = got == size && !other_driver(text, got) && object(&s, keys, 5, root_member, &w) &&
             w.type && w.body;
    if (ok) {
        ws(&s);
        /* GDAL gives a layer with heights and no "crs" EPSG:4979 */
        ok = s.p == s.end && s.n >= 2 && (s.has_crs || !s.has_z);
    }
    demarc__free(text);
    if (s.nomem) {
        demarc__free(s.xy);
        *rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for the line of %s", path);
        return -1;
    }
    if (!ok) {
        demarc__free(s.xy);
        return 0;
    }
    *xy = s.xy;
    *n = s.n;
    return 1;
}
