#!/usr/bin/env python3
"""The server's answers: `remitwatch serve` started on 127.0.0.1 (a free port)
over the golden database, every API answer byte-compared with
tests/golden/expected/ and validated against docs/openapi.yaml, the errors
(400, 404, 405), refused paths, ETag/304, gzip, the base path, SIGTERM, and
an import while 8 clients read; the CSV answers (byte-compared too), a
report's ETag that holds until an import, and the bound on connections.

usage: check_api.py BIN WORKDIR SOURCE_DIR   (RW_UPDATE_GOLDEN=1 rewrites the expected files)
"""
import csv
import gzip
import io
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import warnings

import jsonschema
import yaml

BIN, WORK, SOURCE = sys.argv[1:4]
EXPECTED = os.path.join(SOURCE, "tests/golden/expected")
BASE = "/remitwatch"
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


class Serve:
    """remitwatch serve as a child; stopped with SIGTERM."""

    started = []

    def __init__(self, db, *extra, fixed_now=True):
        Serve.started.append(self)
        self.log = os.path.join(WORK, "serve-%d.err" % id(self))
        self.err = open(self.log, "w")
        self.proc = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
                                     cwd=WORK, stderr=self.err, stdout=subprocess.DEVNULL,
                                     env=self.environment(fixed_now))
        deadline = time.time() + 10
        self.port = None
        while time.time() < deadline and self.port is None:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(self.log).read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        if self.port is None:
            raise SystemExit("serve did not start:\n" + open(self.log).read())

    @staticmethod
    def environment(fixed_now):
        env = dict(os.environ)
        env.pop("REMITWATCH_NOW", None)
        if fixed_now:
            env["REMITWATCH_NOW"] = "2025-01-15T12:00:00Z"
        return env

    def proc_status(self, field):
        for line in open("/proc/%d/status" % self.proc.pid):
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise SystemExit("no %s in /proc/%d/status" % (field, self.proc.pid))

    def settled_threads(self):
        """The thread count once it has stopped changing for half a second (up
        to 5 s): the server prints its address when bound, and its threads
        start just after, later on a busy machine."""
        last, since = self.proc_status("Threads"), time.time()
        deadline = time.time() + 5
        while time.time() < deadline and time.time() - since < 0.5:
            time.sleep(0.05)
            now = self.proc_status("Threads")
            if now != last:
                last, since = now, time.time()
        return last

    def sockets(self):
        """The server's open sockets: the listening one and every accepted connection."""
        fds = "/proc/%d/fd" % self.proc.pid
        count = 0
        for fd in os.listdir(fds):
            try:
                count += os.readlink(os.path.join(fds, fd)).startswith("socket:")
            except OSError:  # closed meanwhile
                pass
        return count

    def get(self, path, method="GET", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        res = conn.getresponse()
        body = res.read()
        conn.close()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, body

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=10)
        self.err.close()
        return code


spec = yaml.safe_load(open(os.path.join(SOURCE, "docs/openapi.yaml")))
warnings.simplefilter("ignore", DeprecationWarning)  # RefResolver: the API Debian 12's jsonschema 4.10 has
resolver = jsonschema.RefResolver.from_schema(spec)


def validate(template, status, body):
    """The answer against the OpenAPI schema of its path and status."""
    responses = spec["paths"][template]["get"]["responses"]
    answer = responses.get(str(status))
    check(answer is not None, "%s: status %d not in docs/openapi.yaml" % (template, status))
    if answer is None:
        return
    if "$ref" in answer:
        answer = resolver.resolve(answer["$ref"])[1]
    schema = answer["content"]["application/json"]["schema"]
    try:
        jsonschema.Draft202012Validator(schema, resolver=resolver).validate(json.loads(body))
    except jsonschema.ValidationError as e:
        check(False, "%s %d: does not match docs/openapi.yaml: %s" % (template, status, e.message))


def golden(name, body):
    path = os.path.join(EXPECTED, name)
    if os.environ.get("RW_UPDATE_GOLDEN"):
        open(path, "wb").write(body)
        return
    expected = open(path, "rb").read()
    if body != expected:
        open(path + ".actual", "wb").write(body)
    check(body == expected, "%s: answer differs (written to %s.actual)" % (name, path))


# Every API answer, as the golden files hold it (api_*.json), or as the
# command line's golden output where the API promises the same bytes.
ANSWERS = [
    ("/api/v1/health", "/api/v1/health", 200, "api_health.json"),
    ("/api/v1/corridors", "/api/v1/corridors", 200, "api_corridors.json"),
    ("/api/v1/corridors?sender=usa&amount=500", "/api/v1/corridors", 200, "api_corridors_usa_500.json"),
    ("/api/v1/corridors?quarter=2011Q3", "/api/v1/corridors", 200, "api_corridors_2011q3.json"),
    ("/api/v1/corridors/KEN-UGA?quarter=2011Q3", "/api/v1/corridors/{corridor}", 200, "corridor_ken_uga_json.out"),
    ("/api/v1/corridors/KEN-UGA/series", "/api/v1/corridors/{corridor}/series", 200, "api_series_ken_uga.json"),
    ("/api/v1/report/2024Q4", "/api/v1/report/{quarter}", 200, "report_json.out"),
    ("/api/v1/alerts", "/api/v1/alerts", 200, "api_alerts.json"),
    ("/api/v1/corridors/KEN-XYZ", "/api/v1/corridors/{corridor}", 404, "api_corridor_unknown.json"),
    ("/api/v1/corridors/KEN-RWA", "/api/v1/corridors/{corridor}", 404, "api_corridor_no_quotes.json"),
    ("/api/v1/corridors/KEN-UGA?quarter=2024Q5", "/api/v1/corridors/{corridor}", 400, "api_bad_quarter.json"),
    ("/api/v1/corridors?amount=300", "/api/v1/corridors", 400, "api_bad_amount.json"),
    ("/api/v1/corridors?sender=XYZ", "/api/v1/corridors", 400, "api_bad_sender.json"),
    ("/api/v1/report/2019Q1", "/api/v1/report/{quarter}", 404, "api_report_no_data.json"),
    ("/api/v1/alerts?format=xml", "/api/v1/alerts", 400, "api_bad_format.json"),
    ("/api/v1/report/2019Q9", "/api/v1/report/{quarter}", 400, "api_report_bad_quarter.json"),
]


# The CSV answers (?format=csv): golden files, or the command line's golden
# output where the API promises the same bytes; and the file name offered.
CSV_ANSWERS = [
    ("/api/v1/corridors?format=csv", "api_corridors.csv", "remitwatch-corridors.csv"),
    ("/api/v1/corridors?quarter=2011Q3&format=csv", "api_corridors_2011q3.csv", "remitwatch-corridors.csv"),
    ("/api/v1/corridors/USA-MEX?amount=500&format=csv", "corridor_usa_mex_usd500_csv.out",
     "remitwatch-USA-MEX-2024Q4-500.csv"),
    ("/api/v1/corridors/KEN-UGA/series?format=csv", "api_series_ken_uga.csv", "remitwatch-KEN-UGA-series-200.csv"),
    ("/api/v1/alerts?format=csv", "api_alerts.csv", "remitwatch-alerts.csv"),
    ("/api/v1/report/2024Q4?format=csv", "report_csv.out", "remitwatch-report-2024Q4.csv"),
]


def check_csv(server):
    for path, name, filename in CSV_ANSWERS:
        status, headers, body = server.get(BASE + path)
        check(status == 200, "%s: status %d" % (path, status))
        check(headers.get("content-type") == "text/csv; charset=utf-8", path + ": not text/csv")
        check(headers.get("content-disposition") == 'attachment; filename="%s"' % filename,
              "%s: Content-Disposition %r" % (path, headers.get("content-disposition")))
        golden(name, body)
        template = re.sub(r"/corridors/[A-Z]{3}-[A-Z]{3}", "/corridors/{corridor}", path.split("?")[0])
        template = re.sub(r"/report/\w+$", "/report/{quarter}", template)
        check("text/csv" in spec["paths"][template]["get"]["responses"]["200"]["content"],
              template + ": no text/csv answer in docs/openapi.yaml")
        # ETag/304 on CSV too, and a CSV's ETag is not its JSON's.
        status, _, empty = server.get(BASE + path, headers={"If-None-Match": headers.get("etag", "")})
        check(status == 304 and empty == b"", path + ": If-None-Match: not 304")
        json_path = path.replace("?format=csv", "").replace("&format=csv", "")
        check(server.get(BASE + json_path)[1].get("etag") != headers.get("etag"), path + ": same ETag as JSON")
    # Derived check: the list's CSV has a row per corridor of its JSON, with the same averages.
    _, _, body = server.get(BASE + "/api/v1/corridors")
    listed = json.loads(body)["corridors"]
    rows = list(csv.DictReader(io.StringIO(server.get(BASE + "/api/v1/corridors?format=csv")[2].decode())))
    check([r["corridor"] for r in rows] == [c["corridor"] for c in listed], "CSV and JSON list other corridors")
    check(all(float(r["average"]) == c["average"] for r, c in zip(rows, listed) if c["average"] is not None),
          "CSV and JSON averages differ")
    # Derived check: the series CSV holds the JSON series' values, quarter by quarter (empty for null).
    series = json.loads(server.get(BASE + "/api/v1/corridors/KEN-UGA/series")[2])["series"]
    rows = list(csv.DictReader(io.StringIO(server.get(BASE + "/api/v1/corridors/KEN-UGA/series?format=csv")[2].decode())))
    check(len(rows) == len(series), "series: CSV and JSON have other quarters")
    for row, point in zip(rows, series):
        for column in ("average", "cheapest", "smart", "databank"):
            value = None if row[column] == "" else float(row[column])
            check(row["quarter"] == point["quarter"] and value == point[column],
                  "series %s %s: CSV %r, JSON %r" % (point["quarter"], column, row[column], point[column]))
    # An unknown format is refused, naming the ones there are.
    status, _, body = server.get(BASE + "/api/v1/corridors/KEN-UGA?format=XLSX")
    message = json.loads(body)["error"]["message"]
    check(status == 400 and "format=json" in message and "format=csv" in message, "format=XLSX: %r" % message)
    # The HTML report of a quarter without data: 404 naming it; a malformed quarter: 400.
    status, _, body = server.get(BASE + "/report/2019Q1")
    check(status == 404 and b"2019Q1" in body, "/report/2019Q1: status %d" % status)
    check(server.get(BASE + "/report/2019Q9")[0] == 400, "/report/2019Q9: not 400")


def check_answers(server):
    for path, template, status, name in ANSWERS:
        got, headers, body = server.get(BASE + path)
        check(got == status, "%s: status %d, expected %d" % (path, got, status))
        check(headers.get("content-type") == "application/json", path + ": not application/json")
        validate(template, got, body)
        golden(name, body)
    # Derived check: each corridor of the list has the average its own answer gives.
    _, _, body = server.get(BASE + "/api/v1/corridors")
    listed = json.loads(body)["corridors"]
    check(len(listed) >= 3, "the list has fewer than 3 corridors")
    for item in listed:
        _, _, one = server.get("%s/api/v1/corridors/%s?quarter=%s" % (BASE, item["corridor"], item["quarter"]))
        check(json.loads(one)["average"] == item["average"], item["corridor"] + ": list and corridor differ")


def check_refusals(server):
    status, headers, body = server.get(BASE + "/api/v1/corridors", method="POST")
    check(status == 405 and headers.get("allow") == "GET, HEAD", "POST: 405 with Allow")
    validate("/api/v1/corridors", 405, body)
    for method in ("PUT", "DELETE", "OPTIONS", "PATCH"):
        check(server.get(BASE + "/api/v1/health", method=method)[0] == 405, method + ": not 405")
    check(server.get(BASE + "/api/v1/nothing")[0] == 404, "unknown route: not 404")
    check(server.get("/api/v1/health")[0] == 404, "outside the base path: not 404")
    for path in ("/../etc/passwd", "/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd",
                 "/api/v1/corridors%2fKEN-UGA", "/api/v1/%2E%2E/health", "/api/v1//health", "/api/v1/.%2e/x",
                 "/api\\v1\\health"):
        status, _, body = server.get(BASE + path)
        check(status in (400, 404), "%s: status %d" % (path, status))
        check(b"root:" not in body, path + ": leaked a file")


def check_http(server):
    status, headers, body = server.get(BASE + "/api/v1/corridors/KEN-UGA")
    etag = headers.get("etag", "")
    check(status == 200 and etag.startswith('W/"'), "ETag missing")
    check(headers.get("cache-control") == "no-cache", "Cache-Control")
    check("frame-ancestors 'none'" in headers.get("content-security-policy", ""), "CSP")
    check(headers.get("x-content-type-options") == "nosniff", "nosniff")
    check(headers.get("referrer-policy") == "no-referrer", "Referrer-Policy")
    status, headers, empty = server.get(BASE + "/api/v1/corridors/KEN-UGA", headers={"If-None-Match": etag})
    check(status == 304 and empty == b"", "If-None-Match: not 304")
    status, _, _ = server.get(BASE + "/api/v1/corridors/KEN-UGA", headers={"If-None-Match": 'W/"other"'})
    check(status == 200, "another ETag: not 200")
    status, headers, packed = server.get(BASE + "/api/v1/corridors/KEN-UGA", headers={"Accept-Encoding": "gzip"})
    check(headers.get("content-encoding") == "gzip", "gzip not used")
    check(gzip.decompress(packed) == body, "gzip body differs")
    status, headers, head = server.get(BASE + "/api/v1/corridors/KEN-UGA", method="HEAD")
    check(status == 200 and head == b"" and int(headers["content-length"]) == len(body), "HEAD")
    status, headers, html = server.get(BASE + "/report/2024Q4")
    check(status == 200 and headers["content-type"].startswith("text/html"), "report HTML")
    cli = subprocess.run([BIN, "report", "--db", "golden.db", "--quarter", "2024Q4", "--format", "html"], cwd=WORK,
                         capture_output=True, env=dict(os.environ, REMITWATCH_NOW="2025-01-15T12:00:00Z")).stdout
    check(html == cli, "the report page differs from 'remitwatch report --format html'")


def check_base_path_and_log():
    log = os.path.join(WORK, "api-access.log")
    if os.path.exists(log):
        os.remove(log)
    server = Serve("golden.db", "--base-path", "/", "--access-log", log)
    check(server.get("/api/v1/health")[0] == 200, "--base-path /: health")
    check(server.get("/remitwatch/api/v1/health")[0] == 404, "--base-path /: old base answered")
    check(server.stop() == 0, "SIGTERM: exit code not 0")
    # A line is written once its answer is sent, so the second request's line
    # may come first (the first answer read the store): either order.
    lines = open(log).read().splitlines()
    check(len(lines) == 2
          and any(re.search(r" GET /api/v1/health 200 \d+ [\d.]+ms$", line) for line in lines)
          and any(re.search(r" GET /remitwatch/api/v1/health 404 \d+ [\d.]+ms$", line) for line in lines),
          "access log: %r" % lines)


def check_import_while_reading():
    """8 clients read while an import adds a quarter: no failure, the quarter appears."""
    db = os.path.join(WORK, "api-concurrent.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run([BIN, "import", "survey", "examples/survey.csv", "--db", db], cwd=WORK, check=True,
                   capture_output=True)
    server = Serve(db, "--access-log", os.devnull)
    errors, seen, stop = [], set(), threading.Event()

    def client():
        while not stop.is_set():
            try:
                status, _, body = server.get(BASE + "/api/v1/corridors?quarter=2011Q3")
                if status not in (200,):
                    errors.append(status)
                else:
                    seen.add(len(json.loads(body)["corridors"]))
            except Exception as e:  # a refused or reset connection is a failure too
                errors.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    subprocess.run([BIN, "import", "rpw", "tests/fixtures/rpw-sample.csv", "--db", db], cwd=WORK,
                   capture_output=True)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    check(not errors, "failed requests during the import: %r" % errors[:5])
    check(0 in seen and max(seen) > 0, "2011Q3 did not appear (corridor counts seen: %r)" % sorted(seen))
    check(server.stop() == 0, "SIGTERM: exit code not 0")


def check_report_etag():
    """A served report is stamped with the time of its data, not of the request:
    two requests a second apart have the same ETag (If-None-Match: 304), an
    import changes it."""
    db = os.path.join(WORK, "api-etag.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    # The imports at the real time, like the server: nothing fixes the clock here.
    env = Serve.environment(False)
    subprocess.run([BIN, "import", "survey", "examples/survey.csv", "--db", db], cwd=WORK, check=True,
                   capture_output=True, env=env)
    server = Serve(db, "--access-log", os.devnull, fixed_now=False)
    quarter = json.loads(server.get(BASE + "/api/v1/corridors")[2])["corridors"][0]["quarter"]
    for path in ("/api/v1/report/" + quarter, "/report/" + quarter):
        status, headers, first = server.get(BASE + path)
        check(status == 200, "%s: status %d" % (path, status))
        time.sleep(1.1)  # the scenario itself: a second later, a request-time stamp would differ
        _, again, second = server.get(BASE + path)
        check(again.get("etag") == headers.get("etag") and second == first, path + ": ETag changed within a second")
        status, _, _ = server.get(BASE + path, headers={"If-None-Match": headers.get("etag", "")})
        check(status == 304, "%s: If-None-Match a second later: %d, not 304" % (path, status))
    _, before, _ = server.get(BASE + "/api/v1/report/" + quarter)
    time.sleep(1.1)  # the import's run is then recorded in a later second than the first one
    # Exit 4: imported, with the fixture's rejected rows (on purpose); 2011Q3 is added.
    imported = subprocess.run([BIN, "import", "rpw", "tests/fixtures/rpw-sample.csv", "--db", db], cwd=WORK,
                              capture_output=True, env=env)
    check(imported.returncode in (0, 4), "import rpw: exit %d: %s" % (imported.returncode, imported.stderr))
    _, after, _ = server.get(BASE + "/api/v1/report/" + quarter)
    check(after.get("etag") != before.get("etag"), "report: the ETag did not change after an import")
    # Alerts as CSV (the golden database has none): the default rules fire on this one, to
    # stdout; the CSV has one row per delivery, as the JSON lists them.
    fired = subprocess.run([BIN, "alerts", "--db", db, "--since", "2011Q1"], cwd=WORK, capture_output=True, env=env)
    check(fired.returncode == 3, "alerts: exit %d (3: alerts fired): %s" % (fired.returncode, fired.stderr))
    alerts = json.loads(server.get(BASE + "/api/v1/alerts")[2])["alerts"]
    rows = list(csv.DictReader(io.StringIO(server.get(BASE + "/api/v1/alerts?format=csv")[2].decode())))
    expected = [(a["rule_id"], a["scope"], a["period"], a["fired_at"], d["channel"], d["delivered_at"] or "")
                for a in alerts for d in a["deliveries"]]
    got = [(r["rule_id"], r["scope"], r["period"], r["fired_at"], r["channel"], r["delivered_at"]) for r in rows]
    check(len(alerts) > 0 and got == expected, "alerts: CSV rows %r, JSON deliveries %r" % (got[:2], expected[:2]))
    check(server.stop() == 0, "SIGTERM: exit code not 0")


def check_connection_limit():
    """--threads 2 --max-waiting 2 and 6 idle connections: the server accepts at
    most 2 + 2 + 1 of them (2 answered, 2 queued, 1 held by the accepting thread,
    which then waits), its thread count does not grow, a fresh request is
    answered once the idle ones leave, and SIGTERM still stops it while the
    accepting thread waits for room."""
    server = Serve("golden.db", "--threads", "2", "--max-waiting", "2", "--access-log", os.devnull)
    threads_before = server.settled_threads()
    listening = server.sockets()  # before any connection: the listening socket(s)
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(6)]
    # Wait (up to 5 s) for the server to accept what it will, then a little
    # longer: an unbounded queue would have accepted all 6 by then.
    deadline = time.time() + 5
    while time.time() < deadline and server.sockets() - listening < 5:
        time.sleep(0.05)
    time.sleep(0.5)
    accepted = server.sockets() - listening
    check(accepted == 5, "6 idle connections: %d accepted, expected 2 + 2 + 1" % accepted)
    check(server.proc_status("Threads") <= threads_before,
          "threads grew from %d to %d" % (threads_before, server.proc_status("Threads")))
    answer = {}

    def fresh():
        try:
            answer["status"] = server.get(BASE + "/api/v1/health")[0]
        except Exception as e:
            answer["status"] = repr(e)

    waiter = threading.Thread(target=fresh)
    waiter.start()
    for conn in idle:
        conn.close()
    waiter.join(timeout=20)
    check(answer.get("status") == 200, "a fresh request after the idle connections left: %r" % answer)
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(6)]
    check(server.stop() == 0, "SIGTERM with the accepting thread waiting: exit code not 0")
    for conn in idle:
        conn.close()


server = Serve("golden.db")
try:
    check_answers(server)
    check_csv(server)
    check_refusals(server)
    check_http(server)
finally:
    check(server.stop() == 0, "SIGTERM: exit code not 0")
check_base_path_and_log()
check_import_while_reading()
for extra_check in (check_report_etag, check_connection_limit):
    try:
        extra_check()
    finally:  # a check that raised must not leave its server running
        for child in Serve.started:
            if child.proc.poll() is None:
                child.proc.kill()
if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("api: every check passed")
