/* bench_util.c -- see bench_util.h. */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"

#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double bench_urand(unsigned long long *state)
{
    unsigned long long r = *state;
    r ^= r >> 12;
    r ^= r << 25;
    r ^= r >> 27;
    *state = r;
    return (double)((r * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
}

void bench_uniform(double *lon, double *lat, size_t n, unsigned long long seed)
{
    for (size_t i = 0; i < n; i++) {
        lon[i] = 55.0 + 17.0 * bench_urand(&seed);
        lat[i] = 37.0 + 10.0 * bench_urand(&seed);
    }
}

void bench_tracks(const double *xy, size_t nv, double *lon, double *lat, size_t n,
                  unsigned long long seed)
{
    for (size_t i = 0; i < n; i++) {
        if (i % 1000 == 0 && !xy) {
            lon[i] = 55.0 + 17.0 * bench_urand(&seed);
            lat[i] = 37.0 + 10.0 * bench_urand(&seed);
        } else if (i % 1000 == 0) {
            size_t v = (size_t)(bench_urand(&seed) * (double)(nv - 1));
            lon[i] = xy[2 * v] + 0.05 * (bench_urand(&seed) - 0.5);
            lat[i] = xy[2 * v + 1] + 0.05 * (bench_urand(&seed) - 0.5);
        } else {
            lon[i] = lon[i - 1] + 0.0006 * (bench_urand(&seed) - 0.5);
            lat[i] = lat[i - 1] + 0.00045 * (bench_urand(&seed) - 0.5);
        }
    }
}
