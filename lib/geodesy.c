/* geodesy.c -- lengths, points and nearest points of one edge on WGS 84
 * under the three edge models (geodesic, rhumb, planar lon/lat).
 *
 * Geodesics: Karney, "Algorithms for geodesics", J. Geodesy 87 (2013), via
 * PROJ's geodesic.h.  Rhumb lines: constant azimuth alpha with
 * tan(alpha) = dlambda / dpsi (psi the isometric latitude) and length
 * s = dM / cos(alpha), dM the meridian arc, taken exactly from a geodesic
 * along the meridian.  Planar edges: straight in (lon, lat); their length is
 * the integral of the ellipsoid's line element, by Gauss-Legendre. */
#include "geodesy_internal.h"

#include <math.h>

#define DEG (M_PI / 180.0)
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)

void demarc__wgs84(struct geod_geodesic *g) { geod_init(g, WGS84_A, WGS84_F); }

double demarc__azimuth360(double azi_deg)
{
    double a = fmod(azi_deg, 360.0);
    if (a < 0) a += 360.0;
    if (a >= 360.0) a = 0.0;
    return a;
}

/* Longitude difference b - a reduced to [-180, 180], degrees. */
static double dlon(double a, double b)
{
    double d = remainder(b - a, 360.0);
    return d;
}

double demarc__geodesic(const struct geod_geodesic *g, const double p[2], const double q[2],
                        double *azi_deg)
{
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(g, p[1], p[0], q[1], q[0], &s12, &azi1, &azi2);
    if (azi_deg) *azi_deg = demarc__azimuth360(azi1);
    return s12;
}

/* Edges whose chord is shorter than this take demarc__geodesic_edge's
 * short-line solution, m. */
#define SHORT_EDGE_M 500.0

/* Earth-centred coordinates of (lon, lat) on the ellipsoid, m. */
static void ecef(double lon, double lat, double out[3])
{
    double e2 = WGS84_F * (2 - WGS84_F), sp = sin(lat * DEG), cp = cos(lat * DEG);
    double n = WGS84_A / sqrt(1 - e2 * sp * sp);
    out[0] = n * cp * cos(lon * DEG);
    out[1] = n * cp * sin(lon * DEG);
    out[2] = n * (1 - e2) * sp;
}

/* A geodesic of length s and space curvature k (its normal curvature: a
 * geodesic has no geodesic curvature) spans the chord c = s - k^2 s^3 / 24
 * + O(s^4 k k') + O(s^5 k^4) (the expansion of a space curve; with k at the
 * midpoint the s^4 term cancels), so s = c + k^2 c^3 / 24, k = cos^2 a / M +
 * sin^2 a / N (Euler) at the mean latitude.  Its azimuth at p is the normal
 * section's, the chord projected on p's tangent plane, which differs from
 * the geodesic's by about e'^2 (s / N)^2 / 12 (Bowring 1971): 4e-12 rad at
 * 500 m.  Against geod_inverse on 1.2 M random edges of 1 cm to 500 m at all
 * latitudes: |ds| <= 4.5e-9 m and |da| s <= 4.3e-9 m, the rounding of the
 * earth-centred coordinates (6.4e6 m at 1e-16).  Longer chords, and
 * latitudes beyond 89.5 degrees (where the tangent frame turns fast), go to
 * geod_inverse. */
double demarc__geodesic_edge(const struct geod_geodesic *g, const double p[2],
                             const double q[2], double *azi_deg)
{
    if (fabs(p[1]) < 89.5 && fabs(q[1]) < 89.5) {
        double P[3], Q[3];
        ecef(p[0], p[1], P);
        ecef(q[0], q[1], Q);
        double d[3] = {Q[0] - P[0], Q[1] - P[1], Q[2] - P[2]};
        double c = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (c > 0 && c < SHORT_EDGE_M) {
            double sl = sin(p[0] * DEG), cl = cos(p[0] * DEG);
            double sp = sin(p[1] * DEG), cp = cos(p[1] * DEG);
            double east = -sl * d[0] + cl * d[1];
            double north = -sp * cl * d[0] - sp * sl * d[1] + cp * d[2];
            double a = atan2(east, north);
            double e2 = WGS84_F * (2 - WGS84_F), sm = sin(0.5 * (p[1] + q[1]) * DEG);
            double w2 = 1 - e2 * sm * sm, n = WGS84_A / sqrt(w2), m = n * (1 - e2) / w2;
            double ca = cos(a), sa = sin(a), k = ca * ca / m + sa * sa / n;
            if (azi_deg) *azi_deg = demarc__azimuth360(a / DEG);
            return c + c * c * c * k * k / 24.0;
        }
    }
    return demarc__geodesic(g, p, q, azi_deg);
}

/* ---- rhumb lines ---------------------------------------------------- */

/* Isometric latitude psi(phi), radians (phi in degrees). */
static double isometric_lat(const struct geod_geodesic *g, double phi_deg)
{
    double e = sqrt(g->f * (2 - g->f));
    double s = sin(phi_deg * DEG);
    return asinh(tan(phi_deg * DEG)) - e * atanh(e * s);
}

/* Signed meridian arc from latitude phi1 to phi2, m (a geodesic along a
 * meridian is the meridian itself, so this is exact). */
static double meridian_arc(const struct geod_geodesic *g, double phi1, double phi2)
{
    double s12 = 0;
    geod_inverse(g, phi1, 0.0, phi2, 0.0, &s12, NULL, NULL);
    return phi2 >= phi1 ? s12 : -s12;
}

/* Radius of the parallel N(phi) cos(phi), m. */
static double parallel_radius(const struct geod_geodesic *g, double phi_deg)
{
    double e2 = g->f * (2 - g->f);
    double s = sin(phi_deg * DEG);
    return g->a / sqrt(1 - e2 * s * s) * cos(phi_deg * DEG);
}

/* Below this |dpsi| (rad; about 60 m of latitude) dM/dpsi is taken as the
 * parallel radius at the mid latitude: the error is O(dphi^2) < 1e-11
 * relative, where the divided difference would lose digits. */
#define RHUMB_FLAT_DPSI 1e-5

static double rhumb_length(const struct geod_geodesic *g, const double a[2], const double b[2])
{
    double dl = dlon(a[0], b[0]) * DEG;
    double dpsi = isometric_lat(g, b[1]) - isometric_lat(g, a[1]);
    double ratio; /* dM / dpsi, m per radian */
    if (fabs(dpsi) < RHUMB_FLAT_DPSI)
        ratio = parallel_radius(g, 0.5 * (a[1] + b[1]));
    else
        ratio = meridian_arc(g, a[1], b[1]) / dpsi;
    return fabs(ratio) * hypot(dl, dpsi);
}

static void rhumb_point(const struct geod_geodesic *g, const double a[2], const double b[2],
                        double t, double out[2])
{
    double dM = meridian_arc(g, a[1], b[1]);
    double lat = a[1], lon = 0, azi = 0;
    if (dM != 0) /* latitude where the meridian arc has advanced t * dM */
        geod_direct(g, a[1], 0.0, dM > 0 ? 0.0 : 180.0, t * fabs(dM), &lat, &lon, &azi);
    double psi1 = isometric_lat(g, a[1]);
    double dpsi = isometric_lat(g, b[1]) - psi1;
    /* Longitude advances in proportion to psi; when psi barely changes the
     * ratio is ill-conditioned and longitude advances with t (1e-8 balances
     * the two errors at about 1e-8 of the edge). */
    double f = fabs(dpsi) > 1e-8 ? (isometric_lat(g, lat) - psi1) / dpsi : t;
    out[0] = a[0] + f * dlon(a[0], b[0]);
    out[1] = lat;
}

/* ---- planar lon/lat edges ------------------------------------------ */

/* 8-point Gauss-Legendre nodes and weights on [-1, 1] (roots of P8,
 * w = 2 / ((1 - x^2) P8'(x)^2), computed by Newton to full precision). */
static const double GL_X[4] = {0.18343464249564981, 0.52553240991632899,
                               0.79666647741362684, 0.96028985649753629};
static const double GL_W[4] = {0.36268378337836199, 0.31370664587788738,
                               0.22238103445337445, 0.10122853629037618};

/* |d position / dt| for the planar edge at latitude phi, m per unit t:
 * sqrt((rho dphi)^2 + (N cos phi dlambda)^2). */
static double planar_speed(const struct geod_geodesic *g, double phi_deg, double dphi,
                           double dlam)
{
    double e2 = g->f * (2 - g->f);
    double s = sin(phi_deg * DEG);
    double w2 = 1 - e2 * s * s;
    double n = g->a / sqrt(w2);
    double rho = n * (1 - e2) / w2;
    return hypot(rho * dphi, n * cos(phi_deg * DEG) * dlam);
}

static double planar_length(const struct geod_geodesic *g, const double a[2], const double b[2])
{
    double dphi = (b[1] - a[1]) * DEG, dlam = dlon(a[0], b[0]) * DEG;
    /* Split long edges so that each piece spans at most 2 degrees: the
     * integrand is then smooth to well below 1e-12 relative. */
    double span = fmax(fabs(b[1] - a[1]), fabs(dlon(a[0], b[0])));
    int pieces = span > 2.0 ? (int)ceil(span / 2.0) : 1;
    double sum = 0;
    for (int k = 0; k < pieces; k++) {
        double t0 = (double)k / pieces, h = 1.0 / pieces;
        for (int i = 0; i < 4; i++) {
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double t = t0 + h * 0.5 * (1 + sgn * GL_X[i]);
                double phi = a[1] + t * (b[1] - a[1]);
                sum += GL_W[i] * 0.5 * h * planar_speed(g, phi, dphi, dlam);
            }
        }
    }
    return sum;
}

/* ---- the three models behind one interface -------------------------- */

double demarc__edge_length(const struct geod_geodesic *g, demarc_edge_model m,
                           const double a[2], const double b[2])
{
    switch (m) {
    case DEMARC_EDGE_RHUMB: return rhumb_length(g, a, b);
    case DEMARC_EDGE_PLANAR: return planar_length(g, a, b);
    case DEMARC_EDGE_GEODESIC:
    default: return demarc__geodesic(g, a, b, NULL);
    }
}

void demarc__edge_point(const struct geod_geodesic *g, demarc_edge_model m,
                        const double a[2], const double b[2], double t, double out[2])
{
    if (t <= 0) { out[0] = a[0]; out[1] = a[1]; return; }
    if (t >= 1) { out[0] = b[0]; out[1] = b[1]; return; }
    switch (m) {
    case DEMARC_EDGE_RHUMB: rhumb_point(g, a, b, t, out); return;
    case DEMARC_EDGE_PLANAR:
        out[0] = a[0] + t * dlon(a[0], b[0]);
        out[1] = a[1] + t * (b[1] - a[1]);
        return;
    case DEMARC_EDGE_GEODESIC:
    default: {
        struct geod_geodesicline l;
        geod_inverseline(&l, g, a[1], a[0], b[1], b[0],
                         GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
        geod_position(&l, t * l.s13, &out[1], &out[0], NULL);
        return;
    }
    }
}

/* Unit vector of (lon, lat) on the conformal sphere (conformal latitude
 * chi = gd(psi), psi the isometric latitude): a starting guess only. */
static void conformal_uv(const struct geod_geodesic *g, const double ll[2], double out[3])
{
    double chi = atan(sinh(isometric_lat(g, ll[1])));
    double c = cos(chi);
    out[0] = c * cos(ll[0] * DEG);
    out[1] = c * sin(ll[0] * DEG);
    out[2] = sin(chi);
}

/* Geodesic edge: Newton-like iteration in the gnomonic projection centred
 * at the current foot X.  Geodesics through X are straight there, so the
 * foot of the perpendicular from P lies rho cos(omega) further along, with
 * rho = m12 / M12 the gnomonic radius of P and omega the angle at X between
 * the edge and the geodesic to P (Karney 2013, sec. 8).  Converges
 * quadratically: after a step h the foot is off by about
 * h (h^2 + d^2) / R^2, so the loop stops once that is below 0.1 mm (or h
 * below 0.1 mm); the distance from the final foot is then taken from the
 * right triangle X, foot, P (spherical Pythagoras, error of order
 * h^2 d / R^2, below a micrometre), which saves an inverse problem.  The
 * starting guess is the foot on the conformal sphere, usually within a
 * metre of the answer. */
static void geodesic_nearest(const struct geod_geodesic *g, const double a[2],
                             const double b[2], const double p[2], double *t_out,
                             double *dist_out)
{
    struct geod_geodesicline l;
    geod_inverseline(&l, g, a[1], a[0], b[1], b[0],
                     GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
    double len = l.s13;
    if (!(len > 0)) {
        *t_out = 0;
        *dist_out = demarc__geodesic(g, a, p, NULL);
        return;
    }
    double ua[3], ub[3], up[3];
    conformal_uv(g, a, ua);
    conformal_uv(g, b, ub);
    conformal_uv(g, p, up);
    double n[3] = {ua[1] * ub[2] - ua[2] * ub[1], ua[2] * ub[0] - ua[0] * ub[2],
                   ua[0] * ub[1] - ua[1] * ub[0]};
    double ta[3] = {n[1] * ua[2] - n[2] * ua[1], n[2] * ua[0] - n[0] * ua[2],
                    n[0] * ua[1] - n[1] * ua[0]};
    double arc = atan2(sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]),
                       ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]);
    double along = atan2((up[0] * ta[0] + up[1] * ta[1] + up[2] * ta[2]) /
                             fmax(1e-300, sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2])),
                         up[0] * ua[0] + up[1] * ua[1] + up[2] * ua[2]);
    double s = arc > 0 ? fmin(fmax(along / arc, 0.0), 1.0) * len : 0;
    double d = 0;
    for (int it = 0; it < 60; it++) {
        double lat, lon, azi, d12, azx, m12, M12;
        geod_genposition(&l, 0, s, &lat, &lon, &azi, NULL, NULL, NULL, NULL, NULL);
        geod_geninverse(g, lat, lon, p[1], p[0], &d12, &azx, NULL, &m12, &M12, NULL, NULL);
        double cosw = cos((azx - azi) * DEG);
        double step = (M12 > 0 ? m12 / M12 : d12) * cosw;
        double s_new = fmin(fmax(s + step, 0.0), len);
        double h = s_new - s;
        int clamped = s + step < 0 || s + step > len; /* at an end: evaluate there next */
        d = d12;
        s = s_new;
        /* Quadratic convergence: after a step h the foot is off by about
         * h^2 (1 + d / 100 km) / R or less (from a 5 m error one step leaves
         * well under a micrometre at 1 km; tests/check_locate.c checks the
         * chainage of perpendicular feet to 1 mm out to 100 km).  Stop when
         * that is below 0.1 mm (or the step below 0.1 mm), and take the
         * distance from the right triangle X, foot, P (spherical
         * Pythagoras in its half-angle form, exact to rounding for small
         * sides: sin^2(d/2) = (sin^2(d12/2) - sin^2(h/2)) / cos(h)). */
        if (h == 0 || (!clamped && (fabs(h) < 1e-4 || h * h * (1.0 + d12 / 1e5) / 6.37e6 < 1e-4))) {
            if (h != 0) {
                const double R = 6371000.0;
                double s1 = sin(0.5 * d12 / R), s2 = sin(0.5 * h / R);
                double q = (s1 * s1 - s2 * s2) / cos(h / R);
                d = q > 0 ? 2.0 * R * asin(sqrt(q)) : 0.0;
            }
            break;
        }
    }
    *dist_out = d;
    *t_out = s / len;
}

/* Rhumb and planar edges: golden-section search of the geodesic distance
 * over t, to 1e-11 of the edge (1 micrometre on a 100 km edge). */
static void generic_nearest(const struct geod_geodesic *g, demarc_edge_model m,
                            const double a[2], const double b[2], const double p[2],
                            double *t_out, double *dist_out)
{
    const double r = 0.5 * (sqrt(5.0) - 1.0);
    double lo = 0, hi = 1, x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo), q[2];
    demarc__edge_point(g, m, a, b, x1, q);
    double f1 = demarc__geodesic(g, q, p, NULL);
    demarc__edge_point(g, m, a, b, x2, q);
    double f2 = demarc__geodesic(g, q, p, NULL);
    while (hi - lo > 1e-11) {
        if (f1 <= f2) {
            hi = x2; x2 = x1; f2 = f1; x1 = hi - r * (hi - lo);
            demarc__edge_point(g, m, a, b, x1, q);
            f1 = demarc__geodesic(g, q, p, NULL);
        } else {
            lo = x1; x1 = x2; f1 = f2; x2 = lo + r * (hi - lo);
            demarc__edge_point(g, m, a, b, x2, q);
            f2 = demarc__geodesic(g, q, p, NULL);
        }
    }
    double t = 0.5 * (lo + hi), best;
    demarc__edge_point(g, m, a, b, t, q);
    best = demarc__geodesic(g, q, p, NULL);
    /* The minimum may sit at an end the bracket only approaches. */
    double da = demarc__geodesic(g, a, p, NULL), db = demarc__geodesic(g, b, p, NULL);
    if (da < best) { best = da; t = 0; }
    if (db < best) { best = db; t = 1; }
    *t_out = t;
    *dist_out = best;
}

void demarc__edge_nearest(const struct geod_geodesic *g, demarc_edge_model m,
                          const double a[2], const double b[2], const double p[2],
                          double *t, double *dist_m)
{
    if (m == DEMARC_EDGE_GEODESIC)
        geodesic_nearest(g, a, b, p, t, dist_m);
    else
        generic_nearest(g, m, a, b, p, t, dist_m);
}
