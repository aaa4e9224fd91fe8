/* alloc_internal.h -- the one allocator every allocation of lib/ goes through.
 *
 * libdemarc allocates only through these four calls (and demarc__strdup), so
 * that a test build can make the Nth allocation fail and check that every
 * path ends in DEMARC_ERR_NOMEM with nothing leaked (SQLite's approach,
 * https://sqlite.org/testing.html#oom).  Memory that GDAL, PROJ, GEOS or
 * json-c allocate is theirs and is freed with their own calls.
 * demarc__free(NULL) is a no-op, as free(NULL) is. */
#ifndef DEMARC_ALLOC_INTERNAL_H
#define DEMARC_ALLOC_INTERNAL_H

#include <stddef.h>

void *demarc__malloc(size_t size);
void *demarc__calloc(size_t count, size_t size);
void *demarc__realloc(void *ptr, size_t size);
void demarc__free(void *ptr);

#endif
