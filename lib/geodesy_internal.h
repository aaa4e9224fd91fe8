/* geodesy_internal.h -- one edge of a line under an edge model.
 *
 * An edge runs from vertex a to vertex b (lon, lat degrees).  A point on it
 * is named by a parameter t in [0, 1]: for geodesic and rhumb edges t is the
 * fraction of the edge's length, for planar edges the fraction of the
 * straight lon/lat segment.  All lengths are metres on WGS 84.
 */
#ifndef DEMARC_GEODESY_INTERNAL_H
#define DEMARC_GEODESY_INTERNAL_H

#include "demarc.h"

#include <geodesic.h>

/* WGS 84 ellipsoid, initialised once by the caller (geod_init is pure). */
void demarc__wgs84(struct geod_geodesic *g);

/* Length of the edge a->b, m. */
double demarc__edge_length(const struct geod_geodesic *g, demarc_edge_model m,
                           const double a[2], const double b[2]);

/* The point at parameter t of the edge a->b, written to out (lon, lat). */
void demarc__edge_point(const struct geod_geodesic *g, demarc_edge_model m,
                        const double a[2], const double b[2], double t, double out[2]);

/* Nearest point of the edge a->b to p: its parameter *t, and the geodesic
 * distance from p to it, m.  Geodesic edges: iterated gnomonic intercept
 * (Karney 2013, "Algorithms for geodesics", sec. 8); rhumb and planar edges:
 * Brent-free golden-section refined by the same distance function. */
void demarc__edge_nearest(const struct geod_geodesic *g, demarc_edge_model m,
                          const double a[2], const double b[2], const double p[2],
                          double *t, double *dist_m);

/* Geodesic distance p->q, m, and forward azimuth at p in [0, 360) (may be NULL). */
double demarc__geodesic(const struct geod_geodesic *g, const double p[2], const double q[2],
                        double *azi_deg);

/* The same for an edge of the line, to 5e-9 m and 5e-9 m / s in azimuth:
 * a chord shorter than 500 m takes a closed short-line solution (about a
 * tenth of geod_inverse's cost; geodesy.c), any other geod_inverse. */
double demarc__geodesic_edge(const struct geod_geodesic *g, const double p[2],
                             const double q[2], double *azi_deg);

/* Normalise an azimuth to [0, 360). */
double demarc__azimuth360(double azi_deg);

#endif
