#!/usr/bin/env python3
"""Every raw MassGIS parcel address point with a house number, for PostGIS (bench/postgis/address.sh).
  parcels.py RAW_DIR > parcels.tsv
One line per point: "town<TAB>street<TAB>number<TAB>x<TAB>y" - town in lower case as
bench/address/sample.py spells it (massgis_urls.csv), street as the assessor wrote it, the
number's leading digits (rows without any are left out), x/y in EPSG:26986 metres."""
import os, re, sys

src = os.path.join(sys.argv[1], "massgis-l3-parcel-addresses-2011-2014")
towns = {}
with open(os.path.join(src, "massgis_urls.csv")) as fh:
    next(fh)
    for line in fh:
        c = line.rstrip("\n").split("\t")
        towns[c[2].lower().replace(" ", "")] = c[2].lower()
digits = re.compile(r"\d+")
out = sys.stdout
for folder, cols in (("csv", (1, 2, 4, 5)), ("not_needed", (7, 8, 4, 5))):
    for name in sorted(os.listdir(os.path.join(src, folder))):
        town = towns[name[6:-4]]
        with open(os.path.join(src, folder, name)) as fh:
            next(fh)
            for line in fh:
                c = line.rstrip("\n").split("\t")
                street, num = c[cols[0]].strip('"').strip(), c[cols[1]].strip('"').strip()
                m = digits.match(num)
                if not m or not street or "\t" in street or "\\" in street:
                    continue
                out.write(f"{town}\t{street}\t{int(m.group())}\t{c[cols[2]]}\t{c[cols[3]]}\n")
