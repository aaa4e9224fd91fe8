-- demarc_validate / demarc_inspect: a catalogue table, faults planted with
-- sizes computed by GeodSolve, findings checked against those sizes.
CREATE TABLE cat AS
SELECT id, seq, kind, lon, lat, h_m, chainage_m, next_dist_m, next_azimuth_deg, segment,
       provenance FROM demarc_signs();
-- The shipped catalogue against its own border: no error.
SELECT count(*) FILTER (WHERE severity = 'error') AS errors FROM demarc_validate('cat');

-- Sign 25C (seq 200) moved 5 m across the line: its run to 25D leaves at
-- azimuth 139.483385 (signs.csv), so 139.483385 + 90 is perpendicular:
--   GeodSolve -p 12: 43.901039487 61.542060123 229.483385 5
--   -> 43.901010251695567 61.542012810139418
UPDATE cat SET lon = 61.542012810139418, lat = 43.901010251695567 WHERE id = '25C';
-- Sign 7B (seq 100) with longitude and latitude swapped.
UPDATE cat SET lon = lat, lat = lon WHERE id = '7B';
-- Sign 1A twice.
INSERT INTO cat SELECT * FROM cat WHERE id = '1A';
SELECT code, severity, sign,
       CASE WHEN code = 'sign.off_line' THEN round(value::numeric, 3) END AS off_line_m,
       CASE WHEN code = 'sign.off_line' THEN "limit" END AS limit_m
  FROM demarc_validate('cat')
 WHERE code IN ('sign.off_line', 'sign.latlon_swapped', 'sign.duplicate_id', 'catalogue.count')
 ORDER BY code, sign;
-- Every finding names its sign in the message.
SELECT bool_and(sign IS NULL OR position(sign IN message) > 0) AS messages_name_signs
  FROM demarc_validate('cat');

-- In another CRS: the same table labelled Pulkovo 1942 (EPSG:4284) is moved
-- by EPSG:15865 (~100 m here): the signs leave the line, all by about the
-- same shift, which the library reports as one datum finding.
SELECT code, count(*) FROM demarc_validate('cat', 'EPSG:4284')
 WHERE severity = 'error' GROUP BY code ORDER BY code;

-- Joint inspection: the re-survey is the catalogue with sign 7B moved
-- 0.25 m north-east (GeodSolve -p 12: 45.201587410 56.846804446 45 0.25 ->
-- 45.201589000637988 56.846806695930070), sign 1 missing, one unknown id.
CREATE TABLE resurvey AS SELECT id, lon, lat FROM demarc_signs() WHERE id <> '1';
UPDATE resurvey SET lon = 56.846806695930070, lat = 45.201589000637988 WHERE id = '7B';
INSERT INTO resurvey VALUES ('999Z', 60, 42);
SELECT code, severity, sign,
       CASE WHEN code = 'inspect.moved' THEN round(value::numeric, 4) END AS moved_m,
       CASE WHEN code = 'inspect.moved' THEN "limit" END AS limit_m
  FROM demarc_inspect('resurvey') ORDER BY code, sign;
-- A tolerance above the displacement: 7B no longer moved.
SELECT count(*) AS moved FROM demarc_inspect('resurvey', NULL, 'EPSG:4326', 0.3)
 WHERE code = 'inspect.moved';
-- Against a catalogue table instead of the border's own.
-- (cat has 25C moved 5 m and 7B swapped: both differ from the re-survey.)
SELECT sign FROM demarc_inspect('resurvey', 'cat') WHERE code = 'inspect.moved' ORDER BY sign;
