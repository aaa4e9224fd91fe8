/* bench_util.h -- timing helpers for the benchmarks: monotonic clock and
 * the median of repeated runs (the machine is shared and noisy). */
#ifndef DEMARC_BENCH_UTIL_H
#define DEMARC_BENCH_UTIL_H

#include <stddef.h>

/* Seconds on a monotonic clock. */
double bench_now(void);

/* Median of n values (sorts v in place). */
double bench_median(double *v, size_t n);

#endif
