#!/usr/bin/python3
"""Google's own Python client (Debian python3-googleapi), unchanged, against a real
masscivic-server on loopback: the civicinfo v2 representatives methods through a
discovery document written from Google's published reference (discovery_v2.json), and
every answer validated against representatives.schema.json.

Usage: google_client_test.py SERVER_BIN IMPORT_BIN SNAPSHOT_DIR TOOLKITS_FILE
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import httplib2
import jsonschema
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = None  # base URL, set in main


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(server_bin, import_bin, snapshot, toolkits, workdir):
    db = os.path.join(workdir, "masscivic.db")
    subprocess.run([import_bin, "--snapshot", snapshot, "--db", db], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([server_bin, "--db", db, "--port", str(port), "--toolkits",
                             toolkits, "--threads", "4", "--quiet"])
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 120  # a Debug+ASan server loads the database in 10-40 s
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return proc, url
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("masscivic-server did not start")


def service():
    with open(os.path.join(HERE, "discovery_v2.json")) as f:
        doc = json.load(f)
    doc["rootUrl"] = SERVER + "/"
    doc["baseUrl"] = SERVER + "/"
    # developerKey: the client then always sends key=..., as real integrations did.
    return build_from_document(doc, developerKey="any-key", http=httplib2.Http(timeout=30))


with open(os.path.join(HERE, "representatives.schema.json")) as f:
    SCHEMA = json.load(f)


def check_shape(test, answer):
    jsonschema.validate(answer, SCHEMA)
    offices = answer.get("offices", [])
    officials = answer.get("officials", [])
    for div_id, div in answer["divisions"].items():
        for i in div.get("officeIndices", []):
            test.assertLess(i, len(offices))
            test.assertEqual(offices[i]["divisionId"], div_id)
    for o in offices:
        test.assertIn(o["divisionId"], answer["divisions"])
        for i in o["officialIndices"]:
            test.assertLess(i, len(officials))


class ByAddress(unittest.TestCase):
    def setUp(self):
        self.reps = service().representatives()

    def test_full_answer_with_structured_addresses(self):
        a = self.reps.representativeInfoByAddress(
            address="Ward 1 Precinct 1, Cambridge MA").execute()
        check_shape(self, a)
        self.assertEqual(a["kind"], "civicinfo#representativeInfoResponse")
        self.assertEqual(a["normalizedInput"]["city"], "Cambridge")
        self.assertEqual(a["normalizedInput"]["state"], "MA")
        for div in ["ocd-division/country:us", "ocd-division/country:us/state:ma",
                    "ocd-division/country:us/state:ma/county:middlesex",
                    "ocd-division/country:us/state:ma/cd:7"]:
            self.assertIn(div, a["divisions"])
        names = [o["name"] for o in a["offices"]]
        for office in ["U.S. Senator", "U.S. Representative", "Governor", "State Senator",
                       "State Representative"]:
            self.assertIn(office, names)
        # What datamade/my-reps reads: official.address[0].city / .state / .zip.
        with_address = [o for o in a["officials"] if "address" in o]
        self.assertGreater(len(with_address), 5)
        for o in with_address:
            first = o["address"][0]
            self.assertTrue(first.get("line1"), o)
            self.assertTrue(first.get("city"), o)
            self.assertRegex(first.get("state", ""), r"^[A-Z]{2}$")
            self.assertRegex(first.get("zip", ""), r"^\d{5}(-\d{4})?$")
        senate = next(o for o in a["offices"] if o["name"] == "U.S. Senator")
        self.assertEqual(senate["levels"], ["country"])
        self.assertEqual(senate["roles"], ["legislatorUpperBody"])
        self.assertEqual(len(senate["officialIndices"]), 2)
        self.assertTrue(any("photoUrl" in o and o.get("urls") for o in a["officials"]))
        self.assertIn("masscivic", a)
        self.assertTrue(any(o.get("channels") for o in a["officials"]))
        markey = next(o for o in a["officials"] if o["name"] == "Edward J. Markey")
        self.assertIn({"type": "Twitter", "id": "SenMarkey"}, markey.get("channels", []))

    def test_levels_and_roles_filter(self):
        a = self.reps.representativeInfoByAddress(
            address="Cambridge, MA 02139", levels=["country"]).execute()
        check_shape(self, a)
        self.assertTrue(a["offices"])
        for o in a["offices"]:
            self.assertEqual(o["levels"], ["country"])
        for div in a["divisions"].values():  # divisions without a matching office are dropped
            self.assertTrue(div.get("officeIndices"))
        b = self.reps.representativeInfoByAddress(
            address="Acton", roles=["legislatorUpperBody", "headOfGovernment"]).execute()
        check_shape(self, b)
        self.assertEqual({r for o in b["offices"] for r in o["roles"]},
                         {"legislatorUpperBody", "headOfGovernment"})

    def test_include_offices_false(self):
        a = self.reps.representativeInfoByAddress(address="Acton",
                                                  includeOffices=False).execute()
        check_shape(self, a)
        self.assertNotIn("offices", a)
        self.assertNotIn("officials", a)
        self.assertIn("ocd-division/country:us/state:ma/place:acton", a["divisions"])

    def test_partial_response_fields(self):
        a = self.reps.representativeInfoByAddress(
            address="Acton", fields="officials(name,phones),kind").execute()
        self.assertEqual(set(a), {"officials", "kind"})
        for o in a["officials"]:
            self.assertLessEqual(set(o), {"name", "phones"})
        b = self.reps.representativeInfoByAddress(address="Acton",
                                                  fields="offices/name").execute()
        self.assertEqual(set(b), {"offices"})
        self.assertTrue(all(set(o) == {"name"} for o in b["offices"]))

    def test_split_town_still_answers(self):
        # Cambridge splits between districts: the certain offices, and the ambiguity said.
        a = self.reps.representativeInfoByAddress(address="Cambridge, MA").execute()
        check_shape(self, a)
        self.assertEqual(a["masscivic"]["status"], "ambiguous")
        self.assertTrue(a["masscivic"]["ambiguity"]["candidates"])
        self.assertIn("U.S. Senator", [o["name"] for o in a["offices"]])

    def test_errors_use_googles_envelope(self):
        for kwargs, status, reason in [({}, 400, "required"),
                                       ({"address": "Springfield, Illinois"}, 404, "notFound")]:
            with self.assertRaises(HttpError) as ctx:
                self.reps.representativeInfoByAddress(**kwargs).execute()
            self.assertEqual(ctx.exception.resp.status, status)
            body = json.loads(ctx.exception.content)
            self.assertEqual(body["error"]["code"], status)
            self.assertEqual(body["error"]["errors"][0]["domain"], "global")
            self.assertEqual(body["error"]["errors"][0]["reason"], reason)
            self.assertIn(body["error"]["status"], ["INVALID_ARGUMENT", "NOT_FOUND"])
            self.assertTrue(body["error"]["message"])


class ByDivision(unittest.TestCase):
    def setUp(self):
        self.reps = service().representatives()

    def test_one_district(self):
        a = self.reps.representativeInfoByDivision(
            ocdId="ocd-division/country:us/state:ma/cd:7").execute()
        check_shape(self, a)
        self.assertEqual(list(a["divisions"]), ["ocd-division/country:us/state:ma/cd:7"])
        self.assertEqual([o["name"] for o in a["offices"]], ["U.S. Representative"])

    def test_recursive_state(self):
        flat = self.reps.representativeInfoByDivision(
            ocdId="ocd-division/country:us/state:ma").execute()
        deep = self.reps.representativeInfoByDivision(
            ocdId="ocd-division/country:us/state:ma", recursive=True,
            levels=["administrativeArea1"], roles=["legislatorUpperBody"]).execute()
        check_shape(self, flat)
        check_shape(self, deep)
        self.assertNotIn("ocd-division/country:us/state:ma/sldu:1st_middlesex", flat["divisions"])
        self.assertEqual(len(deep["offices"]), 40)  # the 40 State Senate districts
        self.assertEqual(len(deep["divisions"]), 40)

    def test_unknown_division_is_404(self):
        with self.assertRaises(HttpError) as ctx:
            self.reps.representativeInfoByDivision(
                ocdId="ocd-division/country:us/state:ny").execute()
        self.assertEqual(ctx.exception.resp.status, 404)
        self.assertEqual(json.loads(ctx.exception.content)["error"]["status"], "NOT_FOUND")


class RawHttp(unittest.TestCase):
    """What the client library does not exercise: JSONP, prettyPrint, privacy."""

    def get(self, path):
        with urllib.request.urlopen(SERVER + path, timeout=30) as r:
            return r.headers, r.read().decode()

    def test_jsonp_callback(self):
        headers, body = self.get("/civicinfo/v2/representatives?address=Acton&callback=show")
        self.assertTrue(body.startswith("/**/ show({"), body[:40])
        self.assertTrue(body.endswith(");"))
        self.assertIn("javascript", headers["Content-Type"])
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            self.get("/civicinfo/v2/representatives?address=Acton&callback=alert(1)")
        self.assertEqual(ctx.exception.code, 400)

    def test_pretty_print(self):
        _, pretty = self.get("/civicinfo/v2/representatives?address=Acton")
        _, compact = self.get("/civicinfo/v2/representatives?address=Acton&prettyPrint=false")
        self.assertIn("\n  ", pretty)
        self.assertNotIn("\n", compact)
        self.assertEqual(json.loads(pretty), json.loads(compact))


def main():
    global SERVER
    server_bin, import_bin, snapshot, toolkits = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as work:
        proc, SERVER = start_server(server_bin, import_bin, snapshot, toolkits, work)
        try:
            suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
            result = unittest.TextTestRunner(verbosity=2).run(suite)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
