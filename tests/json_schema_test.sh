#!/bin/sh
# json_schema_test.sh -- every --json output of the demarc command against
# the one JSON Schema (examples/demarc/demarc.schema.json, draft 2020-12),
# validated by python3-jsonschema, not by the code that writes it.
#
# usage: sh json_schema_test.sh DEMARC DATA_DIR SCHEMA [PYTHON]
#
# Checked for each output: strict UTF-8, one JSON object (RFC 8259, no NaN),
# first two members "schema_version" then "command" (the command run), and
# the schema.  Also: every subcommand whose --help offers --json is run
# here (a new one fails until it is added), the schema itself rejects a
# document with a member missing, renamed or of the wrong type (so that the
# test can fail), and bytes that are not UTF-8 in a path come out as U+FFFD
# with a warning.
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 DEMARC DATA_DIR SCHEMA [PYTHON]" >&2
    exit 2
fi
DEMARC=$1
DATA=$2
SCHEMA=$3
PY=${4:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
pass=0
fail=0
covered=""

# out NAME COMMAND ARGS...: run `demarc COMMAND ARGS... --json` into
# $WORK/NAME.json; exit status 0 or 1 (findings) expected.
out() {
    name=$1
    shift
    set +e
    "$DEMARC" "$@" --json >"$WORK/$name.json" 2>"$WORK/$name.err"
    rc=$?
    set -e
    if [ "$rc" -gt 1 ]; then
        echo "FAIL: demarc $* --json exited $rc: $(head -c 300 "$WORK/$name.err")"
        fail=$((fail + 1))
        return
    fi
    echo "$name $1" >>"$WORK/list"
    covered="$covered $1"
}

# a re-survey of the first 40 signs (id, lon, lat), sign 3 moved 0.5 m north
awk -F, 'NR == 1 { print "id,lon,lat"; next }
         NR <= 41 { lat = $5; if ($1 == "3") lat = lat + 0.0000045; print $1 "," $4 "," lat }' \
    "$DATA/kz-uz/signs.csv" >"$WORK/resurvey.csv"
cat >"$WORK/points.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "A"},
 "geometry": {"type": "Point", "coordinates": [62.5, 43.2]}},
{"type": "Feature", "properties": {"name": "B"},
 "geometry": {"type": "Point", "coordinates": [64.0, 41.0]}}]}
JSON
bad=$(printf 'pts\377.geojson')
cp "$WORK/points.geojson" "$WORK/$bad"

out report report
out info info
out info_dir info --border "$DATA/kz-uz"
out length length
out length_between length --from 1 --to 3
out validate validate
out validate_file validate "$DATA/kz-uz/signs.csv"
out inspect inspect "$WORK/resurvey.csv"
out inspect_section inspect "$WORK/resurvey.csv" --section 1..20
out locate locate 62.5 43.2
out locate_far locate 10 10
out locate_file locate "$WORK/points.geojson" -o "$WORK/located.gpkg"
out locate_badname locate "$WORK/$bad" -o "$WORK/located2.gpkg"
out zones zones 64 42
out zones_south zones -70 -33
out export export "$WORK/out.gpkg" --validate
out render render "$WORK/map.svg"
# the tool fed its own output: inspect's findings drawn by render
out render_findings render "$WORK/map.png" --findings "$WORK/inspect.json"
# numbers that round-trip exactly or not at all (json.loads reads them)
out locate_tiny locate 0.1 1e-300
out locate_negzero locate -0.0 -0.0

"$PY" - "$SCHEMA" "$WORK" <<'PYEOF' || fail=$((fail + 1))
import copy, json, sys
import jsonschema

schema_path, work = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0

def refuse(const):  # RFC 8259 has no NaN or Infinity
    raise ValueError("not JSON: " + const)

def load(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")  # strict: a byte that is not UTF-8 fails
    pairs = json.loads(text, object_pairs_hook=lambda p: p, parse_constant=refuse)
    doc = json.loads(text, parse_constant=refuse)
    return pairs, doc

docs = {}
for line in open(f"{work}/list"):
    name, command = line.split()
    try:
        pairs, doc = load(f"{work}/{name}.json")
        keys = [k for k, _ in pairs]
        assert keys[:2] == ["schema_version", "command"], f"first members {keys[:2]}"
        assert doc["command"] == command, f"command {doc['command']!r}, ran {command}"
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        assert not errors, "; ".join(
            f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message[:200]}" for e in errors[:5])
        docs[name] = doc
        print(f"ok: {name} ({command}) matches the schema")
    except Exception as e:  # report every output, then fail
        print(f"FAIL: {name} ({command}): {e}")
        bad += 1

# The schema can fail: each output loses a member, gains an unknown one, and
# has a number replaced by text; each must be refused.
for name, doc in docs.items():
    key = [k for k in doc if k not in ("schema_version", "command")][0]
    for what, mutate in (
        ("without " + key, lambda d: d.pop(key)),
        ("with an unknown member", lambda d: d.update(undocumented=1)),
        ("with schema_version 2", lambda d: d.update(schema_version=2)),
    ):
        d = copy.deepcopy(doc)
        mutate(d)
        if validator.is_valid(d):
            print(f"FAIL: the schema accepts {name} {what}")
            bad += 1
    nums = [k for k, v in doc.items() if isinstance(v, float)]
    if nums:
        d = copy.deepcopy(doc)
        d[nums[0]] = "1.5"
        if validator.is_valid(d):
            print(f"FAIL: the schema accepts {name} with {nums[0]} as text")
            bad += 1

# full precision: the coordinates come back exactly as given
loc = docs.get("locate")
if loc and (loc["lon"] != 62.5 or loc["lat"] != 43.2):
    print(f"FAIL: locate lon/lat {loc['lon']}, {loc['lat']}")
    bad += 1
import math
t = docs.get("locate_tiny")
if t and (t["lon"] != 0.1 or t["lat"] != 1e-300):
    print(f"FAIL: locate 0.1 1e-300: lon/lat {t['lon']!r}, {t['lat']!r}")
    bad += 1
nz = docs.get("locate_negzero")
if nz and not (isinstance(nz["lon"], float) and math.copysign(1, nz["lon"]) < 0):
    print(f"FAIL: locate -0.0 -0.0: lon {nz['lon']!r}, not -0.0")
    bad += 1
rf = docs.get("render_findings")
n_in = len(docs["inspect"]["findings"]) if "inspect" in docs else -1
if rf and (n_in < 1 or rf["findings"] != n_in or rf["findings_drawn"] < 1):
    print(f"FAIL: render --findings inspect.json: {rf['findings']} findings "
          f"({rf['findings_drawn']} drawn), inspect wrote {n_in}")
    bad += 1
z = docs.get("zones_south")
if z and z["utm"]["hemisphere"] != "S":
    print("FAIL: zones -70 -33 not in the southern hemisphere")
    bad += 1
# a path that is not UTF-8: U+FFFD in its place, never the byte
b = docs.get("locate_badname")
if b and "pts\ufffd.geojson" not in b["input"]:
    print(f"FAIL: locate input {b['input']!r}: no U+FFFD for byte 0xFF")
    bad += 1
sys.exit(1 if bad else 0)
PYEOF

if grep -q 'U+FFFD' "$WORK/locate_badname.err" && grep -q '"input"' "$WORK/locate_badname.err"
then pass=$((pass + 1))
else echo "FAIL: locate with a non-UTF-8 path: no warning naming \"input\""; fail=$((fail + 1))
fi

# the GeoJSON stream (RFC 7946, not a --json object) keeps every digit of
# the coordinates it was given
printf '62.123456789012,43.2\n' | "$DEMARC" locate - --format geojson >"$WORK/stream.json"
if "$PY" -c 'import json, sys
f = json.load(open(sys.argv[1]))["features"][0]["geometry"]["coordinates"]
sys.exit(f != [62.123456789012, 43.2])' "$WORK/stream.json"
then pass=$((pass + 1))
else echo "FAIL: locate - --format geojson: coordinates not as given"; fail=$((fail + 1))
fi

# every subcommand that offers --json was run above
for cmd in $("$DEMARC" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }
                                      on && /^$/ { on = 0 }'); do
    if "$DEMARC" "$cmd" --help 2>&1 | grep -q -- '--json'; then
        case " $covered " in
        *" $cmd "*) pass=$((pass + 1)) ;;
        *) echo "FAIL: $cmd offers --json but this test does not run it"; fail=$((fail + 1)) ;;
        esac
    fi
done

echo "json_schema_test: $pass subcommand checks passed, $fail failed (outputs: see above)"
[ "$fail" -eq 0 ]
