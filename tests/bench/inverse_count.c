/* inverse_count.c -- counts the exact geodesic inverse solutions a program
 * asks PROJ for (issue 17: "how many exact inverses each point costs").
 * An LD_PRELOAD library (glibc, Linux) that interposes geod_geninverse and
 * geod_inverse, forwards to PROJ's and prints the counts at exit:
 *
 *   LD_PRELOAD=build/tests/bench/libinverse_count.so \
 *       build/tests/bench/bench_instr DIR 20000 full
 *   LD_PRELOAD=... build/tests/bench/bench_instr DIR 0 full    (open only)
 *
 * Inverses per point = (geod_geninverse of the first - of the second) /
 * 20000.  PROJ's geod_inverse calls geod_geninverse through the PLT, so the
 * geod_geninverse count is every inverse solution, the geod_inverse count
 * those asked through it.  geod_inverseline's own solution is not seen
 * (libdemarc's queries start lines with geod_lineinit: no inverse). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

struct geod_geodesic;
typedef double (*geninverse_fn)(const struct geod_geodesic *, double, double, double, double,
                                double *, double *, double *, double *, double *, double *,
                                double *);
typedef void (*inverse_fn)(const struct geod_geodesic *, double, double, double, double,
                           double *, double *, double *);

/* Counters of this one measuring process (not thread-safe: run one thread). */
static long n_geninverse, n_inverse;

double geod_geninverse(const struct geod_geodesic *g, double lat1, double lon1, double lat2,
                       double lon2, double *s12, double *azi1, double *azi2, double *m12,
                       double *M12, double *M21, double *S12)
{
    geninverse_fn f = (geninverse_fn)dlsym(RTLD_NEXT, "geod_geninverse");
    n_geninverse++;
    return f(g, lat1, lon1, lat2, lon2, s12, azi1, azi2, m12, M12, M21, S12);
}

void geod_inverse(const struct geod_geodesic *g, double lat1, double lon1, double lat2,
                  double lon2, double *s12, double *azi1, double *azi2)
{
    inverse_fn f = (inverse_fn)dlsym(RTLD_NEXT, "geod_inverse");
    n_inverse++;
    f(g, lat1, lon1, lat2, lon2, s12, azi1, azi2);
}

__attribute__((destructor)) static void report(void)
{
    fprintf(stderr, "inverse_count: geod_geninverse %ld geod_inverse %ld\n", n_geninverse,
            n_inverse);
}
