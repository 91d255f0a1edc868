# The HTML report in a real browser: headless Chromium (Debian's `chromium`)
# loads the report from a file; the test checks the DOM Chromium built
# (charts present, tables filled, names from the data shown as text and not
# run), that the page logged no script error, and saves a screenshot.
#
# The data is realistic in size: the example survey, a fixture with hostile
# provider names and a DataBank file generated from the catalogue's 377
# corridors over quarters with uneven gaps. A copy of the report with
# tests/browser/probe.js appended is loaded in a 1280 px window; the probe
# measures the page from inside and writes what it found into the DOM:
# no table or chart wider than its container, one row per corridor in the
# full table (compared with the JSON report of the same database), sorting
# by a column, the trend chart's axis titles and its last tick label inside
# the chart.
#
# A control page with a deliberate script error runs first: it proves that
# this Chromium reports script errors the way the check below looks for them,
# so "no script error" cannot pass because errors went unseen.
#
# -DBIN=remitwatch -DCHROMIUM=/usr/bin/chromium -DSOURCE_DIR=... -DWORKDIR=...
cmake_minimum_required(VERSION 3.25)
set(rw_browser_test "browser test")
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

set(db "${WORKDIR}/browser.db")
set(html "${WORKDIR}/report.html")
set(screenshot "${WORKDIR}/report.png")

prepare_browser_database("${db}")
run("${BIN}" report --db "${db}" --format html --out "${html}")
run("${BIN}" report --db "${db}" --format json --out "${WORKDIR}/report.json")
file(READ "${WORKDIR}/report.json" report_json)
string(JSON corridor_count LENGTH "${report_json}" corridors all)
if(corridor_count LESS 300)
  fail("the JSON report has ${corridor_count} corridors; the generated DataBank file should give over 300")
endif()
message(STATUS "corridors in the JSON report: ${corridor_count}")


# Loads a page in a 1280 px wide window; leaves its DOM and Chromium's log
# in the caller's variables.
function(load page dom_var log_var)
  execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --window-size=1280,4000 --dump-dom "file://${page}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE log)
  if(NOT rc EQUAL 0)
    fail("chromium exited with ${rc} on ${page}:\n${log}")
  endif()
  set(${dom_var} "${dom}" PARENT_SCOPE)
  set(${log_var} "${log}" PARENT_SCOPE)
endfunction()

# Script errors reach the log as CONSOLE lines ("Uncaught ReferenceError ...").
set(script_error_pattern "CONSOLE[^\n]*(Uncaught|Error)")

file(WRITE "${WORKDIR}/control.html"
  "<!DOCTYPE html><html><body><p>control</p><script>not_a_function();</script></body></html>\n")
load("${WORKDIR}/control.html" control_dom control_log)
if(NOT control_log MATCHES "${script_error_pattern}")
  fail("the control page's script error was not seen in Chromium's log; the check cannot be trusted:\n${control_log}")
endif()

load("${html}" dom log)
if(log MATCHES "${script_error_pattern}")
  fail("the report logged a script error:\n${CMAKE_MATCH_0}")
endif()
if(log MATCHES "CONSOLE")
  fail("the report wrote to the console:\n${log}")
endif()

function(count_of pattern text out_var)
  string(REGEX MATCHALL "${pattern}" matches "${text}")
  list(LENGTH matches n)
  set(${out_var} ${n} PARENT_SCOPE)
endfunction()

function(at_least what pattern minimum)
  count_of("${pattern}" "${dom}" n)
  if(n LESS ${minimum})
    fail("expected at least ${minimum} ${what} in the rendered DOM, found ${n}")
  endif()
  message(STATUS "${what}: ${n}")
endfunction()

# Charts: the three SVGs, each with its marks.
foreach(chart chart-trend chart-channels chart-distribution)
  if(NOT dom MATCHES "<svg[^>]*id=\"${chart}\"")
    fail("chart ${chart} missing from the rendered DOM")
  endif()
endforeach()
at_least("trend lines" "<polyline" 1)
at_least("target lines" "class=\"target-line\"" 4)
at_least("bars" "<rect class=\"bar\"" 5)
# Tables: filled with rows of cells.
at_least("tables" "<table class=\"data[ \"]" 15)
at_least("numeric cells" "<td class=\"num\">[0-9+-]" 50)
foreach(section headline targets channels groups corridors history notes)
  if(NOT dom MATCHES "<section id=\"${section}\">")
    fail("section ${section} missing")
  endif()
endforeach()
# Names from the data: shown as text, never elements. The report's one
# script is its own (it sorts the corridor table).
count_of("<script" "${dom}" scripts)
count_of("<img" "${dom}" images)
if(NOT scripts EQUAL 1 OR NOT images EQUAL 0)
  fail("markup from the data became elements: ${scripts} <script> (1 expected: the sort script), ${images} <img>")
endif()
foreach(escaped "&lt;script&gt;alert(1)&lt;/script&gt;" "&lt;img src=x onerror=alert(2)&gt;")
  string(FIND "${dom}" "${escaped}" at)
  if(at EQUAL -1)
    fail("the provider name ${escaped} is not shown as text")
  endif()
endforeach()
# Self-contained: nothing fetched from elsewhere.
if(dom MATCHES "(src|href)=\"(https?:)?//")
  fail("the report refers to an external resource: ${CMAKE_MATCH_0}")
endif()

# The probe (probe.js) in a copy of the report, at 1280 px.
file(READ "${html}" page)
file(READ "${SOURCE_DIR}/tests/browser/probe.js" probe)
string(REPLACE "</body>" "<script>${probe}</script></body>" page "${page}")
file(WRITE "${WORKDIR}/probe.html" "${page}")
load("${WORKDIR}/probe.html" probed probe_log)
if(probe_log MATCHES "${script_error_pattern}")
  fail("the probe or the report logged a script error:\n${CMAKE_MATCH_0}")
endif()
if(NOT probed MATCHES "<pre id=\"probe\">([^<]*)</pre>")
  fail("the probe wrote no result (did its script run?)")
endif()
set(found "${CMAKE_MATCH_1}")
message(STATUS "probe:${found}")
function(expect_probe line)
  string(FIND "${found}" "\n${line}\n" at)
  if(at EQUAL -1)
    fail("the probe did not find '${line}' at 1280 px; it found:${found}")
  endif()
endfunction()
expect_probe("viewport 1280")
expect_probe("page-overflow none")
if(found MATCHES "\n(overflow [^\n]*)")
  fail("wider than its container at 1280 px: ${CMAKE_MATCH_1} (every overflow:${found})")
endif()
if(NOT found MATCHES "\nmeasured ([0-9]+)\n" OR CMAKE_MATCH_1 LESS 15)
  fail("the probe measured too few tables and charts:${found}")
endif()
expect_probe("corridor-rows ${corridor_count}")
expect_probe("sort ok")
expect_probe("trend-axis-titles Total cost, % of amount sent|Quarter")
if(NOT found MATCHES "\ntrend-last-tick inside ")
  fail("the trend chart's last tick label is not inside the chart:${found}")
endif()
if(NOT found MATCHES "\ntrend-legend ([0-9]+)\n" OR CMAKE_MATCH_1 LESS 3)
  fail("the trend chart's legend names fewer than 3 series:${found}")
endif()
# The channel without services this quarter ("Other" in this data) says so.
if(NOT dom MATCHES "class=\"no-data\"[^>]*>no data<")
  fail("the channel chart shows no \"no data\" label for an empty channel")
endif()

execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --hide-scrollbars --window-size=1280,4000
  "--screenshot=${screenshot}" "file://${html}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS "${screenshot}")
  fail("no screenshot (exit ${rc}):\n${err}")
endif()
file(SIZE "${screenshot}" size)
# A blank 1280×4000 PNG compresses to a few kB; a rendered report is far larger.
if(size LESS 50000)
  fail("the screenshot is ${size} bytes: the page did not render")
endif()
message(STATUS "screenshot: ${screenshot} (${size} bytes)")
