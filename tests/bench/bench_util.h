/* bench_util.h -- timing helpers for the benchmarks: monotonic clock and
 * the median of repeated runs (the machine is shared and noisy). */
#ifndef DEMARC_BENCH_UTIL_H
#define DEMARC_BENCH_UTIL_H

#include <stddef.h>

/* Seconds on a monotonic clock. */
double bench_now(void);

/* Median of n values (sorts v in place). */
double bench_median(double *v, size_t n);

/* Deterministic uniform [0, 1) numbers (xorshift64*) from *state. */
double bench_urand(unsigned long long *state);

/* n points uniform over lon 55-72, lat 37-47 (the bench region). */
void bench_uniform(double *lon, double *lat, size_t n, unsigned long long seed);

/* n points along tracks, as GPS traces: walks of 1,000 points with steps
 * of up to ~25 m, each starting at a uniform point of the bench region, or
 * with xy (nv vertices) within 0.025 degrees of a random vertex of that
 * line (tracks along the border: most points then need the line). */
void bench_tracks(const double *xy, size_t nv, double *lon, double *lat, size_t n,
                  unsigned long long seed);

#endif
