#!/usr/bin/env python3
# make_bad.py -- writes most of the bad-input corpus (tests/data/bad/MANIFEST).
# Deterministic (seeded garbage); run from anywhere: python3 make_bad.py
import os, random
d = os.path.dirname(os.path.abspath(__file__))
H = 'id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,provenance\n'
OK1 = '1,1,tripoint,60.0,40.0,,0.000,2775.872,0.000000,straight,fixture\n'
OK2 = '1A,2,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,fixture\n'
def fc(geom, props='{"id":"x"}'):
    return '{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":%s,"geometry":%s}\n]}\n' % (props, geom)
LINE = '{"type":"LineString","coordinates":[[60.0,40.0],[60.0,40.1],[60.1,40.1]]}'
rnd = random.Random(6)
garbage = bytes(rnd.randrange(256) for _ in range(4096))
files = {}
# ---- line files
files['line_binary.geojson'] = garbage
files['line_truncated.geojson'] = fc(LINE)[:70].encode()
files['line_polygon.geojson'] = fc('{"type":"Polygon","coordinates":[[[60,40],[60.1,40],[60.1,40.1],[60,40]]]}').encode()
files['line_one_vertex.geojson'] = fc('{"type":"LineString","coordinates":[[60.0,40.0]]}').encode()
files['line_no_coordinates.geojson'] = fc('{"type":"LineString","coordinates":[]}').encode()
files['line_multi_empty_parts.geojson'] = fc('{"type":"MultiLineString","coordinates":[[],[]]}').encode()  # fuzz_border_line: was a double free
files['line_null_geometry.geojson'] = fc('null').encode()
files['line_inf.geojson'] = fc('{"type":"LineString","coordinates":[[60.0,40.0],[1e999,40.1]]}').encode()
files['line_lon181.geojson'] = fc('{"type":"LineString","coordinates":[[60.0,40.0],[181.0,40.1]]}').encode()
files['line_lat_minus91.geojson'] = fc('{"type":"LineString","coordinates":[[60.0,40.0],[60.0,-91.0]]}').encode()
files['line_self_intersecting.geojson'] = fc('{"type":"LineString","coordinates":[[60.0,40.0],[60.1,40.1],[60.1,40.0],[60.0,40.1]]}').encode()
files['line_unknown_crs.geojson'] = ('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:999999"}},"features":[\n'
    '{"type":"Feature","properties":{},"geometry":%s}\n]}\n' % LINE).encode()
files['line_not_utf8.geojson'] = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"\xff\xfe\xc3"},"geometry":{"type":"LineString","coordinates":[[60.0,40.0],[6\xe9.0,40.1]]}}]}\n'
files['line_huge_line.geojson'] = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[60.0,40.0],[60.0,40.' + b'1' * (256 << 10) + b'x]]}}]}\n'
# ---- signs catalogues (against line.geojson)
files['signs_empty.csv'] = b''
files['signs_header_only.csv'] = H.encode()
files['signs_binary.csv'] = garbage[::-1]
files['signs_extra_column.csv'] = (H + OK1 + OK2.rstrip('\n') + ',surplus\n').encode()
files['signs_short_row.csv'] = (H + OK1 + '1A,2,intermediate\n').encode()
files['signs_nan_lon.csv'] = (H + OK1 + OK2.replace('60.0,40.025', 'NaN,40.025')).encode()
files['signs_inf_lat.csv'] = (H + OK1 + OK2.replace('60.0,40.025', '60.0,inf')).encode()
files['signs_lat91.csv'] = (H + OK1 + OK2.replace('60.0,40.025', '60.0,91.0')).encode()
files['signs_lon_minus181.csv'] = (H + OK1 + OK2.replace('60.0,40.025', '-181.0,40.025')).encode()
files['signs_azimuth_400.csv'] = (H + OK1.replace('0.000000,straight', '400.0,straight') + OK2).encode()
files['signs_bad_kind.csv'] = (H + OK1 + OK2.replace('intermediate', 'obelisk')).encode()
files['signs_bad_segment.csv'] = (H + OK1 + OK2.replace('straight', 'wiggly')).encode()
files['signs_empty_id.csv'] = (H + OK1 + OK2.replace('1A,2', ',2')).encode()
files['signs_seq_text.csv'] = (H + OK1 + OK2.replace('1A,2,', '1A,two,')).encode()
files['signs_trailing_garbage.csv'] = (H + OK1 + OK2.replace('60.0,40.025', '60.0abc,40.025')).encode()
files['signs_missing_id_column.csv'] = (H.replace('id,seq', 'ident,seq') + OK1 + OK2).encode()
files['signs_not_utf8.csv'] = (H + OK1).encode() + b'1\xffA,2,intermediate,60.0,4\xe9.025,,2775.872,2775.884,0.000000,straight,fixture\n'
files['signs_huge_line.csv'] = (H + OK1).encode() + b'x' * (256 << 10) + b'\n'
# ---- territories (against line.geojson; parties from the file)
def terr(*feats):
    return ('{"type":"FeatureCollection","features":[\n' + ',\n'.join(
        '{"type":"Feature","properties":%s,"geometry":%s}' % f for f in feats) + '\n]}\n').encode()
SQ = '{"type":"Polygon","coordinates":[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1],[59.9,40.0]]]}'
SQ2 = '{"type":"Polygon","coordinates":[[[60.0,40.0],[60.1,40.0],[60.1,40.1],[60.0,40.1],[60.0,40.0]]]}'
files['terr_empty_multipolygon.geojson'] = terr(('{"party":"AA"}', SQ), ('{"party":"BB"}', '{"type":"MultiPolygon","coordinates":[]}'))
files['terr_spike_lat.geojson'] = terr(('{"party":"AA"}', '{"type":"Polygon","coordinates":[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[60.05,4040.0],[60.0,40.1],[59.9,40.1],[59.9,40.0]]]}'), ('{"party":"BB"}', SQ2))
files['terr_unclosed.geojson'] = terr(('{"party":"AA"}', '{"type":"Polygon","coordinates":[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1]]]}'), ('{"party":"BB"}', SQ2))
files['terr_linestring.geojson'] = terr(('{"party":"AA"}', LINE), ('{"party":"BB"}', SQ2))
files['terr_three_parties.geojson'] = terr(('{"party":"AA"}', SQ), ('{"party":"BB"}', SQ2), ('{"party":"CC"}', SQ2))
files['terr_empty_party.geojson'] = terr(('{"party":""}', SQ), ('{"party":"BB"}', SQ2))
files['terr_nan.geojson'] = terr(('{"party":"AA"}', SQ.replace('[59.9,40.1]', '[NaN,40.1]')), ('{"party":"BB"}', SQ2))
files['terr_binary.geojson'] = garbage[1024:] + garbage[:1024]
files['terr_empty.geojson'] = b''
# ---- metadata (border.json)
files['meta_empty.json'] = b''
files['meta_binary.json'] = garbage[2048:]
files['meta_not_object.json'] = b'[1, 2, 3]\n'
files['meta_truncated_string.json'] = b'{"id": "kz-uz", "name": "Kazakhstan'
files['meta_bad_escape.json'] = b'{"id": "kz\\u12", "name": "x"}\n'
files['meta_length_is_text.json'] = b'{"id": "x", "declared_length_m": "long"}\n'
files['meta_deep_nesting.json'] = b'{"id": "x", "extra": ' + b'[' * 100000 + b']' * 100000 + b'}\n'
files['meta_not_utf8.json'] = b'{"id": "x", "name": "Kaz\xff\xfestan"}\n'
files['meta_trailing_garbage.json'] = b'{"id": "x"} {"id": "y"}\n'
files['meta_too_large.json'] = b'{"id": "x", "pad": "' + b'p' * (1 << 20) + b'"}\n'
files['meta_nan_length.json'] = b'{"id": "x", "declared_length_m": NaN}\n'
# ---- command-line arguments (one argument a line; CLI only)
files['args_unknown_command.args'] = b'frobnicate\n'
files['args_bad_edges.args'] = b'length\n--edges\ncurvy\n'
files['args_border_no_value.args'] = b'info\n--border\n'
files['args_from_without_to.args'] = b'length\n--from\n1\n'
files['args_unknown_option.args'] = b'report\n--colour\n'
for name, data in files.items():
    if isinstance(data, str): data = data.encode()
    open(os.path.join(d, name), 'wb').write(data)
print(len(files))
