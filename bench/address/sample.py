#!/usr/bin/env python3
"""Draws N street addresses from the raw MassGIS parcel points, as people would type them.
   sample.py RAW_DIR N SEED > addresses.tsv
One line per address: "lon lat<TAB>NUMBER STREET, Town" (the parcel's own point, converted from
EPSG:26986 with the same Lambert conformal conic as geocode/state_plane.cpp)."""
import math, os, random, sys

raw, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
src = os.path.join(raw, "massgis-l3-parcel-addresses-2011-2014")

a, f = 6378137.0, 1 / 298.257222101
e = math.sqrt(2 * f - f * f)
d = math.pi / 180
lat1, lat2, lat0, lon0 = (42 + 41 / 60) * d, (41 + 43 / 60) * d, 41 * d, -71.5 * d
m = lambda p: math.cos(p) / math.sqrt(1 - e * e * math.sin(p) ** 2)
t = lambda p: math.tan(math.pi / 4 - p / 2) / ((1 - e * math.sin(p)) / (1 + e * math.sin(p))) ** (e / 2)
nn = (math.log(m(lat1)) - math.log(m(lat2))) / (math.log(t(lat1)) - math.log(t(lat2)))
F = m(lat1) / (nn * t(lat1) ** nn)
rho0 = a * F * t(lat0) ** nn

def lonlat(x, y):
    x, y = x - 200000, rho0 - (y - 750000)
    rho = math.hypot(x, y)
    tt = (rho / (a * F)) ** (1 / nn)
    phi = math.pi / 2 - 2 * math.atan(tt)
    for _ in range(8):
        es = e * math.sin(phi)
        phi = math.pi / 2 - 2 * math.atan(tt * ((1 - es) / (1 + es)) ** (e / 2))
    return (math.atan2(x, y) / nn + lon0) / d, phi / d

towns = {}
with open(os.path.join(src, "massgis_urls.csv")) as fh:
    next(fh)
    for line in fh:
        c = line.rstrip("\n").split("\t")
        towns[c[2].lower().replace(" ", "")] = c[2].title()

rows = []
for folder, cols in (("csv", (1, 2, 4, 5)), ("not_needed", (7, 8, 4, 5))):
    for name in sorted(os.listdir(os.path.join(src, folder))):
        town = towns[name[6:-4]]
        with open(os.path.join(src, folder, name)) as fh:
            next(fh)
            for line in fh:
                c = line.rstrip("\n").split("\t")
                street, num = c[cols[0]].strip('"').strip(), c[cols[1]].strip('"').strip()
                if not num.isdigit() or int(num) == 0 or not street:
                    continue
                rows.append((float(c[cols[2]]), float(c[cols[3]]), f"{num} {street}, {town}"))
random.Random(seed).shuffle(rows)
for x, y, text in rows[:n]:
    lon, lat = lonlat(x, y)
    print(f"{lon:.6f} {lat:.6f}\t{text}")
