/* pg_border.c -- the border itself: demarc_length, demarc_length_between,
 * demarc_signs(), demarc_border_vertices(), demarc_info(),
 * demarc_territory_wkt() (which demarc_postgis turns into a geometry). */
#include "demarc_pg.h"

#include <math.h>
#include <stdio.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#ifndef DEMARC_PG_EXTVERSION
#error "DEMARC_PG_EXTVERSION must be defined by the build"
#endif

PG_FUNCTION_INFO_V1(demarc_pg_length);
PG_FUNCTION_INFO_V1(demarc_pg_length_between);
PG_FUNCTION_INFO_V1(demarc_pg_signs);
PG_FUNCTION_INFO_V1(demarc_pg_border_vertices);
PG_FUNCTION_INFO_V1(demarc_pg_info);
PG_FUNCTION_INFO_V1(demarc_pg_territory_wkt);


static Datum text_or_null(const char *s, bool *isnull)
{
    *isnull = (s == NULL || s[0] == '\0');
    return *isnull ? (Datum)0 : PointerGetDatum(cstring_to_text(s));
}

static Datum float_or_null(double v, bool *isnull)
{
    *isnull = isnan(v);
    return *isnull ? (Datum)0 : Float8GetDatum(v);
}

/* demarc_length() -> float8: length of the line, m (geodesic edges). */
Datum demarc_pg_length(PG_FUNCTION_ARGS)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    double len;
    demarc_status rc = demarc_border_length(st->ctx, st->border, &len);

    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, "demarc_length");
    PG_RETURN_FLOAT8(len);
}

/* demarc_length_between(from_sign, to_sign) -> float8, m (negative backwards). */
Datum demarc_pg_length_between(PG_FUNCTION_ARGS)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    char *from = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char *to = text_to_cstring(PG_GETARG_TEXT_PP(1));
    double len;
    demarc_status rc = demarc_length_between(st->ctx, st->border, from, to, &len);

    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, "demarc_length_between");
    PG_RETURN_FLOAT8(len);
}

/* demarc_signs() -> setof (id, seq, kind, lon, lat, h_m, chainage_m,
 * next_dist_m, next_azimuth_deg, segment, provenance, line_chainage_m,
 * line_offset_m), catalogue order. */
#define SIGN_NATTS 13
Datum demarc_pg_signs(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    const demarc_pgi_state *st = demarc_pgi_state_get();
    size_t i;

    InitMaterializedSRF(fcinfo, 0);
    if (rsinfo->setDesc->natts != SIGN_NATTS)
        ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                        errmsg("demarc_signs: result has %d columns, not %d",
                               rsinfo->setDesc->natts, SIGN_NATTS)));
    for (i = 0; i < st->info->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(st->border, i);
        Datum v[SIGN_NATTS];
        bool n[SIGN_NATTS];

        memset(n, 0, sizeof n);
        v[0] = PointerGetDatum(cstring_to_text(s->id));
        v[1] = Int64GetDatum((int64)s->seq);
        v[2] = PointerGetDatum(cstring_to_text(demarc_sign_kind_name(s->kind)));
        v[3] = Float8GetDatum(s->lon);
        v[4] = Float8GetDatum(s->lat);
        v[5] = float_or_null(s->h_m, &n[5]);
        v[6] = float_or_null(s->chainage_m, &n[6]);
        v[7] = float_or_null(s->next_dist_m, &n[7]);
        v[8] = float_or_null(s->next_azimuth_deg, &n[8]);
        v[9] = text_or_null(s->segment == DEMARC_SEGMENT_NONE ? NULL
                                                             : demarc_segment_kind_name(s->segment),
                            &n[9]);
        v[10] = text_or_null(s->provenance, &n[10]);
        v[11] = float_or_null(s->line_chainage_m, &n[11]);
        v[12] = float_or_null(s->line_offset_m, &n[12]);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
    }
    return (Datum)0;
}

/* demarc_border_vertices() -> setof (i int, lon, lat), i from 0. */
Datum demarc_pg_border_vertices(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    const demarc_pgi_state *st = demarc_pgi_state_get();
    size_t i, count = 0;
    const double *xy = demarc_border_vertices(st->border, &count);

    InitMaterializedSRF(fcinfo, 0);
    for (i = 0; i < count; i++) {
        Datum v[3];
        bool n[3] = {false, false, false};

        v[0] = Int32GetDatum((int32)i);
        v[1] = Float8GetDatum(xy[2 * i]);
        v[2] = Float8GetDatum(xy[2 * i + 1]);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
    }
    return (Datum)0;
}

/* demarc_info() -> demarc_info (composite, see demarc--*.sql). */
#define INFO_NATTS 22
Datum demarc_pg_info(PG_FUNCTION_ARGS)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    const demarc_border_info *in = st->info;
    TupleDesc tupdesc;
    Datum v[INFO_NATTS];
    bool n[INFO_NATTS];
    double len;
    demarc_status rc;

    if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
        tupdesc->natts != INFO_NATTS)
        ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                        errmsg("demarc_info: result type is not demarc_info")));
    tupdesc = BlessTupleDesc(tupdesc);
    rc = demarc_border_length(st->ctx, st->border, &len);
    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, "demarc_info");
    memset(n, 0, sizeof n);
    v[0] = text_or_null(in->id, &n[0]);
    v[1] = text_or_null(in->name, &n[1]);
    v[2] = text_or_null(in->left_party, &n[2]);
    v[3] = text_or_null(in->right_party, &n[3]);
    v[4] = text_or_null(in->left_name, &n[4]);
    v[5] = text_or_null(in->right_name, &n[5]);
    v[6] = float_or_null(in->declared_length_m, &n[6]);
    n[7] = in->declared_signs < 0;
    v[7] = Int64GetDatum((int64)in->declared_signs);
    v[8] = Float8GetDatum(len);
    v[9] = Int64GetDatum((int64)in->vertex_count);
    v[10] = Int64GetDatum((int64)in->sign_count);
    v[11] = Int64GetDatum((int64)in->physical_sign_count);
    v[12] = Int64GetDatum((int64)in->territory_count);
    v[13] = text_or_null(demarc_edge_model_name(in->edge_model), &n[13]);
    v[14] = BoolGetDatum(in->signs_modelled != 0);
    v[15] = text_or_null(in->agreement_signed, &n[15]);
    v[16] = text_or_null(in->agreement_place, &n[16]);
    v[17] = text_or_null(in->demarcation_finalised, &n[17]);
    v[18] = text_or_null(in->source, &n[18]);
    v[19] = text_or_null(in->licence, &n[19]);
    v[20] = text_or_null(demarc_version(), &n[20]);
    v[21] = text_or_null(DEMARC_PG_EXTVERSION, &n[21]);
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, v, n)));
}

/* demarc_territory_wkt(party text) -> text: the party's territory as a WKT
 * MULTIPOLYGON in WGS 84 lon/lat, every coordinate with 17 significant
 * digits (exact round trip of a double); NULL for an unknown party. */
Datum demarc_pg_territory_wkt(PG_FUNCTION_ARGS)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    char *party = text_to_cstring(PG_GETARG_TEXT_PP(0));
    const demarc_territory *t = NULL;
    StringInfoData buf;
    size_t i, r;

    for (i = 0; i < st->info->territory_count; i++) {
        const demarc_territory *c = demarc_border_territory(st->border, i);

        if (c != NULL && strcmp(c->party, party) == 0)
            t = c;
    }
    if (t == NULL)
        PG_RETURN_NULL();
    if (t->ring_count == 0)
        PG_RETURN_TEXT_P(cstring_to_text("MULTIPOLYGON EMPTY"));
    initStringInfo(&buf);
    appendStringInfoString(&buf, "MULTIPOLYGON(");
    for (r = 0; r < t->ring_count; r++) {
        bool new_polygon = (r == 0 || t->ring_polygon[r] != t->ring_polygon[r - 1]);
        size_t p;

        if (r > 0)
            appendStringInfoString(&buf, new_polygon ? ")," : ",");
        if (new_polygon)
            appendStringInfoChar(&buf, '(');
        appendStringInfoChar(&buf, '(');
        for (p = t->ring_start[r]; p < t->ring_start[r + 1]; p++)
            appendStringInfo(&buf, "%s%.17g %.17g", p > t->ring_start[r] ? "," : "",
                             t->points[2 * p], t->points[2 * p + 1]);
        appendStringInfoChar(&buf, ')');
    }
    if (t->ring_count > 0)
        appendStringInfoChar(&buf, ')');
    appendStringInfoChar(&buf, ')');
    PG_RETURN_TEXT_P(cstring_to_text_with_len(buf.data, buf.len));
}
