#!/usr/bin/env python3
"""Helpers for bench/postgis/run.sh (standard library only).

  geo.py points BOUNDARIES_DIR N SEED > points.txt
      N deterministic random points "id lat lon": a town picked uniformly, then a point
      uniform in that town's bounding box (so most points are inside Massachusetts, some fall
      in a neighbour's territory, the sea or another state, where both engines must say none).
  geo.py sql BOUNDARIES_DIR > load.sql
      SQL that loads the same GeoJSON polygons (WGS84) into PostGIS, with a GiST index.
  geo.py compare POINTS MASSCIVIC_OUT POSTGIS_OUT DISAGREE_OUT
      per point and layer, compares the two engines; prints key=value counts and writes the
      disagreements and overlaps (PostGIS found several polygons, masscivic one of them) as
      "id layer lat lon masscivic postgis" lines (several PostGIS ids joined by "|").
"""
import json
import random
import sys

LAYERS = ["town", "congress", "governors_council", "senate", "house"]


def features(bdir, layer):
    with open(f"{bdir}/{layer}.geojson", encoding="utf-8") as f:
        return json.load(f)["features"]


def bbox(geom):
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for x in c:
                walk(x)

    walk(geom["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def points(bdir, n, seed):
    boxes = [bbox(f["geometry"]) for f in features(bdir, "town")]
    rnd = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        x0, y0, x1, y1 = boxes[rnd.randrange(len(boxes))]
        out.write(f"{i} {rnd.uniform(y0, y1):.6f} {rnd.uniform(x0, x1):.6f}\n")


def sql(bdir):
    out = sys.stdout
    out.write("CREATE EXTENSION IF NOT EXISTS postgis;\n"
              "DROP TABLE IF EXISTS boundaries;\n"
              "CREATE TABLE boundaries (layer text NOT NULL, id text NOT NULL,"
              " geom geometry(MultiPolygon, 4326) NOT NULL);\n"
              "BEGIN;\n")
    for layer in LAYERS:
        for f in features(bdir, layer):
            g = json.dumps(f["geometry"], separators=(",", ":")).replace("'", "''")
            fid = f["properties"]["id"].replace("'", "''")
            out.write(f"INSERT INTO boundaries VALUES ('{layer}', '{fid}', "
                      f"ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON('{g}'), 4326)));\n")
    out.write("COMMIT;\n"
              "CREATE INDEX boundaries_gist ON boundaries USING gist (geom);\n"
              "ANALYZE boundaries;\n")


def read_answers(path):
    got = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                got[parts[0]] = parts[1:]
    return got


def compare(points_path, ours_path, theirs_path, disagree_path):
    pts = {}
    with open(points_path, encoding="utf-8") as f:
        for line in f:
            i, lat, lon = line.split()
            pts[i] = (lat, lon)
    ours = read_answers(ours_path)
    # PostGIS rows: "id layer polygon_id" (several rows when polygons overlap)
    theirs = {}
    with open(theirs_path, encoding="utf-8") as f:
        for line in f:
            i, layer, pid = line.rstrip("\n").split("\t")
            theirs.setdefault((i, layer), set()).add(pid)
    agree = disagree = overlap_ok = inside = 0
    with open(disagree_path, "w", encoding="utf-8") as out:
        for i, (lat, lon) in pts.items():
            mine = ours.get(i, ["?"] * 5)
            if mine[0] != "-":
                inside += 1
            for layer, m in zip(LAYERS, mine):
                t = theirs.get((i, layer), set())
                if (m == "-" and not t) or (t == {m}):
                    agree += 1
                elif len(t) > 1 and m in t:
                    overlap_ok += 1  # overlapping polygons: masscivic picked one of them
                    out.write(f"{i} {layer} {lat} {lon} {m} {'|'.join(sorted(t))}\n")
                else:
                    disagree += 1
                    out.write(f"{i} {layer} {lat} {lon} {m} {'|'.join(sorted(t)) or '-'}\n")
    total = len(pts) * len(LAYERS)
    print(f"points={len(pts)} inside_a_town={inside} layer_answers={total} agree={agree} "
          f"overlap_one_of={overlap_ok} disagree={disagree}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "points":
        points(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "sql":
        sql(sys.argv[2])
    elif cmd == "compare":
        compare(*sys.argv[2:6])
    else:
        sys.exit(f"unknown command {cmd}")
