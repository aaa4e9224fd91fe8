/* geojson_read.c -- the border line and the territories of GeoJSON files
 * in one pass.
 *
 * GDAL 3.6's GeoJSON driver reads a FeatureCollection file twice (a first
 * pass at open for the schema and feature count, a second one feature by
 * feature) and builds a json-c tree of every coordinate on each pass: 2.1 G
 * instructions per pass for a 200,000-vertex line, two thirds of opening
 * it (issue 17).  This reader handles the one shape a border line file has
 * (and the territories file the same way: features whose geometry is a
 * Polygon or MultiPolygon and whose properties "party" and "name" are
 * strings without escapes, no heights, every ring closed with >= 4 points;
 * demarc__geojson_territories_read below):
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
#include "text_internal.h"

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
    /* hi = d (1 + e0)(1 + e1)(1 + e2) with |ei| <= 2^-53 (fl(d), the
     * division, the product), so |hi - d| < 3.01 2^-53 d < 335 for d <
     * 10^18: hi is an integer (>= 2^53) in [2^53, 2^61) and dh is exact. */
    uint64_t h = (uint64_t)hi;
    int64_t dh = d >= h ? (int64_t)(d - h) : -(int64_t)(h - d);
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
            /* json-c keeps "-0" as the integer 0: GDAL gives +0.0 */
            if (out) *out = neg && !(integer && d == 0) ? -v : v;
            return 1;
        }
    }
    /* json-c keeps long integers as int64: leave those to GDAL (an integer
     * gets here only with >= 16 digits: fewer give d < 2^53 above). */
    if (integer) return 0;
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

/* The whole file into a NUL-terminated buffer: 1, 0 (not readable: leave
 * it to GDAL), -1 (out of memory, *rc set). */
static int slurp(demarc_ctx *ctx, const char *path, char **text, size_t *len, demarc_status *rc)
{
    VSIStatBufL st;
    if (VSIStatL(path, &st) != 0 || !VSI_ISREG(st.st_mode) || st.st_size < 2 ||
        (vsi_l_offset)st.st_size > GEOJSON_LINE_MAX_BYTES)
        return 0;
    size_t size = (size_t)st.st_size;
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f) return 0;
    char *t = demarc__malloc(size + 1);
    if (!t) {
        VSIFCloseL(f);
        *rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for %s", path);
        return -1;
    }
    size_t got = VSIFReadL(t, 1, size, f);
    VSIFCloseL(f);
    t[got] = '\0';
    if (got != size || other_driver(t, got)) {
        demarc__free(t);
        return 0;
    }
    *text = t;
    *len = got;
    return 1;
}

/* Members of the root object, as root_member and troot_member number them. */
static const char *const root_keys[] = {"type", "features", "crs", "name", "bbox"};

int demarc__geojson_line_read(demarc_ctx *ctx, const char *path, double **xy, size_t *n,
                              demarc_status *rc)
{
    *rc = DEMARC_OK;
    *xy = NULL;
    *n = 0;
    char *text;
    size_t got;
    int r = slurp(ctx, path, &text, &got, rc);
    if (r <= 0) return r;
    scan s = {text, text + got, NULL, 0, 0, 0, 0, 0};
    seen w = {0, 0};
    int ok = object(&s, root_keys, 5, root_member, &w) && w.type && w.body;
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

/* ---- territories ------------------------------------------------------ */

typedef struct terr_scan {
    demarc_geojson_territory *t; /* features read so far */
    size_t n, cap;
    const char *party, *name; /* raw strings of the feature being read */
    size_t nparty, nname;
    OGRGeometryH g;
    int is_feature, ok_geom;
} terr_scan;

/* A ring into a new OGR linear ring added to poly (closed, >= 4 points;
 * fewer than INT_MAX, as a file of at most 1 GiB holds: >= 6 bytes each). */
static int ring(scan *s, OGRGeometryH poly)
{
    s->n = 0;
    if (!positions(s) || s->n < 4 || s->has_z || s->xy[0] != s->xy[2 * s->n - 2] ||
        s->xy[1] != s->xy[2 * s->n - 1])
        return 0;
    OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
    if (!r) return 0;
    OGR_G_SetPoints(r, (int)s->n, s->xy, 2 * sizeof *s->xy, s->xy + 1, 2 * sizeof *s->xy, NULL, 0);
    return OGR_G_AddGeometryDirectly(poly, r) == OGRERR_NONE;
}

/* [ring, ...] (at least one) into a new polygon added to `into`, or (into
 * NULL) returned in *out. */
static int polygon(scan *s, OGRGeometryH into, OGRGeometryH *out)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    if (!poly) return 0;
    int ok = lit(s, '[');
    if (ok) {
        do ok = ring(s, poly);
        while (ok && lit(s, ','));
        ok = ok && lit(s, ']');
    }
    if (ok && into) ok = OGR_G_AddGeometryDirectly(into, poly) == OGRERR_NONE;
    else if (ok) *out = poly;
    if (!ok) OGR_G_DestroyGeometry(poly); /* not taken by `into` on failure */
    return ok;
}

typedef struct geom_read {
    int type; /* 1 Polygon, 2 MultiPolygon, 0 unknown yet */
    OGRGeometryH g;
    const char *coords; /* where "coordinates" starts when it came before "type" */
} geom_read;

static int coordinates(scan *s, geom_read *w)
{
    if (w->type == 1) return polygon(s, NULL, &w->g);
    OGRGeometryH m = OGR_G_CreateGeometry(wkbMultiPolygon);
    if (!m) return 0;
    int ok = lit(s, '[');
    if (ok) {
        do ok = polygon(s, m, NULL);
        while (ok && lit(s, ','));
        ok = ok && lit(s, ']');
    }
    if (ok) w->g = m;
    else OGR_G_DestroyGeometry(m);
    return ok;
}

static int tgeometry_member(scan *s, int key, void *arg)
{
    geom_read *w = arg;
    switch (key) {
    case 0: {
        const char *k;
        size_t kn;
        if (!string(s, &k, &kn)) return 0;
        w->type = is_key(k, kn, "Polygon") ? 1 : is_key(k, kn, "MultiPolygon") ? 2 : -1;
        if (w->type < 0) return 0;
        if (w->coords) { /* coordinates came first: read them now */
            const char *here = s->p;
            s->p = w->coords;
            int ok = coordinates(s, w);
            s->p = here;
            return ok;
        }
        return 1;
    }
    case 1:
        if (w->type) return coordinates(s, w);
        ws(s);
        w->coords = s->p; /* after "type" */
        return skip(s, 0);
    default: return skip(s, 0); /* bbox */
    }
}

static int tprops_member(scan *s, int key, void *arg)
{
    terr_scan *w = arg;
    if (key == 0) return string(s, &w->party, &w->nparty) && w->party;
    return string(s, &w->name, &w->nname) && w->name; /* key 1 */
}

/* properties: "party", "name" and any other member (skipped). */
static int tproperties(scan *s, terr_scan *w)
{
    if (!lit(s, '{')) return 0;
    if (lit(s, '}')) return 1;
    do {
        const char *k;
        size_t kn;
        if (!string(s, &k, &kn) || !k || !lit(s, ':')) return 0;
        int key = is_key(k, kn, "party") ? 0 : is_key(k, kn, "name") ? 1 : 2;
        if ((key == 0 && w->party) || (key == 1 && w->name)) return 0; /* twice */
        if (!(key < 2 ? tprops_member(s, key, w) : skip(s, 0))) return 0;
    } while (lit(s, ','));
    return lit(s, '}');
}

static int tfeature_member(scan *s, int key, void *arg)
{
    static const char *const gkeys[] = {"type", "coordinates", "bbox"};
    terr_scan *w = arg;
    switch (key) {
    case 0: return (w->is_feature = string_is(s, "Feature"));
    case 1: {
        geom_read g = {0, NULL, NULL};
        int ok = object(s, gkeys, 3, tgeometry_member, &g) && g.g;
        if (ok) w->g = g.g;
        else if (g.g) OGR_G_DestroyGeometry(g.g);
        return ok;
    }
    case 3: return tproperties(s, w);
    default: return skip(s, 0); /* id, bbox */
    }
}

static void territories_free(demarc_geojson_territory *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        demarc__free(t[i].party);
        demarc__free(t[i].name);
        OGR_G_DestroyGeometry(t[i].geometry); /* never NULL: tfeature requires one */
    }
    demarc__free(t);
}

void demarc__geojson_territories_free(demarc_geojson_territory *t, size_t n)
{
    territories_free(t, n);
}

static char *copy_raw(const char *p, size_t n)
{
    char *c = demarc__malloc(n + 1);
    if (c) {
        memcpy(c, p, n);
        c[n] = '\0';
    }
    return c;
}

/* Well-formed UTF-8 (RFC 3629), no NUL: what GDAL passes on unchanged.
 * p[0..n) lies in the file's text before a closing quote, which no
 * sequence can take as a continuation byte, so demarc__utf8_len (which
 * reads up to a NUL) never looks past the string. */
static int utf8_ok(const char *p, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = demarc__utf8_len(p + i)) || k > n - i) return 0;
    return 1;
}

/* One feature into w->t[w->n]. */
static int tfeature(scan *s, terr_scan *w)
{
    static const char *const fkeys[] = {"type", "geometry", "id", "properties", "bbox"};
    w->party = w->name = NULL;
    w->nparty = w->nname = 0;
    w->g = NULL;
    w->is_feature = 0;
    int ok = object(s, fkeys, 5, tfeature_member, w) && w->is_feature && w->g && w->party &&
             w->nparty > 0 && utf8_ok(w->party, w->nparty) &&
             (!w->name || utf8_ok(w->name, w->nname));
    if (ok && w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 4;
        demarc_geojson_territory *t = demarc__realloc(w->t, cap * sizeof *t);
        if (!t) s->nomem = 1;
        else {
            w->t = t;
            w->cap = cap;
        }
        ok = t != NULL;
    }
    if (ok) {
        demarc_geojson_territory *t = &w->t[w->n];
        t->party = copy_raw(w->party, w->nparty);
        t->name = copy_raw(w->name ? w->name : "", w->name ? w->nname : 0);
        t->geometry = w->g;
        w->n++; /* freed with the others from here on */
        if (!t->party || !t->name) s->nomem = 1;
        return !s->nomem;
    }
    if (w->g) OGR_G_DestroyGeometry(w->g);
    return 0;
}

typedef struct troot {
    terr_scan *w;
    int type, body;
} troot;

static int troot_member(scan *s, int key, void *arg)
{
    static const char *const ckeys[] = {"type", "properties"};
    troot *r = arg;
    switch (key) {
    case 0: return (r->type = string_is(s, "FeatureCollection"));
    case 1: {
        if (!lit(s, '[')) return 0;
        do
            if (!tfeature(s, r->w)) return 0;
        while (lit(s, ','));
        return lit(s, ']') && (r->body = 1);
    }
    case 2: {
        seen c = {0, 0};
        return object(s, ckeys, 2, crs_member, &c) && c.type && c.body;
    }
    default: return skip(s, 0); /* name, bbox */
    }
}

int demarc__geojson_territories_read(demarc_ctx *ctx, const char *path,
                                     demarc_geojson_territory **out, size_t *n,
                                     demarc_status *rc)
{
    *rc = DEMARC_OK;
    *out = NULL;
    *n = 0;
    char *text;
    size_t len;
    int r = slurp(ctx, path, &text, &len, rc);
    if (r <= 0) return r;
    scan s = {text, text + len, NULL, 0, 0, 0, 0, 0};
    terr_scan w = {NULL, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0};
    troot root = {&w, 0, 0};
    int ok = object(&s, root_keys, 5, troot_member, &root) && root.type && root.body;
    if (ok) {
        ws(&s);
        /* a body read has >= 1 feature, and ring() refuses heights */
        ok = s.p == s.end;
    }
    demarc__free(text);
    demarc__free(s.xy);
    if (s.nomem || !ok) {
        territories_free(w.t, w.n);
        if (!s.nomem) return 0;
        *rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for the territories of %s",
                           path);
        return -1;
    }
    *out = w.t;
    *n = w.n;
    return 1;
}
