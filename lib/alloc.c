/* alloc.c -- the library's allocator (see alloc_internal.h). */
#include "alloc_internal.h"

#include <stdlib.h>

void *demarc__malloc(size_t size)
{
    return malloc(size);
}

void *demarc__calloc(size_t count, size_t size)
{
    return calloc(count, size);
}

void *demarc__realloc(void *ptr, size_t size)
{
    return realloc(ptr, size);
}

void demarc__free(void *ptr)
{
    free(ptr);
}
