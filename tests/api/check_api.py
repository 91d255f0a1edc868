#!/usr/bin/env python3
"""The server's answers: `remitwatch serve` started on 127.0.0.1 (a free port)
over the golden database, every API answer byte-compared with
tests/golden/expected/ and validated against docs/openapi.yaml, the errors
(400, 404, 405), refused paths, ETag/304, gzip, the base path, SIGTERM, and
an import while 8 clients read.

usage: check_api.py BIN WORKDIR SOURCE_DIR   (RW_UPDATE_GOLDEN=1 rewrites the expected files)
"""
import gzip
import http.client
import json
import os
import re
import shutil
import signal
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

    def __init__(self, db, *extra):
        self.log = os.path.join(WORK, "serve-%d.err" % id(self))
        self.err = open(self.log, "w")
        self.proc = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
                                     cwd=WORK, stderr=self.err, stdout=subprocess.DEVNULL,
                                     env=dict(os.environ, REMITWATCH_NOW="2025-01-15T12:00:00Z"))
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
    ("/api/v1/report/2019Q1", "/api/v1/report/{quarter}", 400, "api_report_no_data.json"),
    ("/api/v1/report/2019Q9", "/api/v1/report/{quarter}", 400, "api_report_bad_quarter.json"),
]


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
    lines = open(log).read().splitlines()
    check(len(lines) == 2 and re.search(r" GET /api/v1/health 200 \d+ [\d.]+ms$", lines[0]) is not None,
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


server = Serve("golden.db")
try:
    check_answers(server)
    check_refusals(server)
    check_http(server)
finally:
    check(server.stop() == 0, "SIGTERM: exit code not 0")
check_base_path_and_log()
check_import_while_reading()
if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("api: every check passed")
