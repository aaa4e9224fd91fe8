/* project_internal.h -- the layout of a demarc_transform, shared by
 * project.c, zones.c and export.c. */
#ifndef DEMARC_PROJECT_INTERNAL_H
#define DEMARC_PROJECT_INTERNAL_H

#include "context_internal.h"

#include <proj.h>

struct demarc_transform {
    PJ_CONTEXT *pj;        /* the context's PJ_CONTEXT the objects belong to */
    demarc__pj_share *pj_share; /* keeps pj alive after its demarc_ctx is freed */
    PJ *op;                /* the one operation used for every point,
                              normalised: lon/lat (east/north) order, degrees */
    char *from, *to;       /* the CRS texts as given, for messages (shortened) */
    char *op_name;         /* operation name, "" when none */
    char *op_code;         /* "EPSG:15865" or "" */
    double accuracy_m;     /* -1 when unknown */
    int identity;          /* 1 when source and target are the same CRS */
    /* Range checks (options check_range): */
    int check_range;       /* 1: demarc_transform_apply checks every point */
    int src_geographic;    /* 1: the input is lon/lat degrees */
    PJ *src_to_geo;        /* projected input -> its own lon/lat (normalised),
                              NULL when the input is geographic */
    double area[4];        /* west, south, east, north, degrees: where both
                              CRSs are defined (west > east: across 180) */
};

/* Create a CRS object from user text (EPSG code, WKT, PROJJSON, PROJ
 * string) with ctx's PJ_CONTEXT.  NULL with DEMARC_ERR_CRS naming `what`
 * and the text when PROJ does not accept it as a CRS. */
PJ *demarc__crs_create(demarc_ctx *ctx, const char *text, const char *what);

/* DEMARC_OK, or DEMARC_ERR_CRS naming `what` and `label` when obj (a CRS
 * or an operation) holds a transformation that PROJ 9.1 would abort the
 * process on when inverting it (see proj_guard.c).  depth: 0. */
demarc_status demarc__proj_guard(demarc_ctx *ctx, const PJ *obj, const char *what,
                                 const char *label, int depth);

/* The CRS text shortened for messages (first 60 characters, one line). */
void demarc__crs_label(char *buf, size_t size, const char *text);

#endif
