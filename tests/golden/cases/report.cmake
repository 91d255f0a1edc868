# The report's heading, scope and --out (issue #18): a title and an
# organisation, a scoped report (no "global", no "10 most expensive" of one
# corridor), the RPW quarter as JSON (a partial sample: coverage, lead,
# summary), and --out extensions (case-insensitive; unknown ones refused).
rw_golden(report_title_md ARGS report --db ${golden_db} --title "Kenya brief" --organisation "Central Bank of Kenya"
  REQUIRES golden_db)
rw_golden(report_scoped_md ARGS report --db ${golden_db} --sender KEN REQUIRES golden_db)
rw_golden(report_rpw_quarter_json ARGS report --db ${golden_db} --quarter 2011Q3 --format json REQUIRES golden_db)
rw_golden(report_out_pdf ARGS report --db ${golden_db} --out report.pdf
  EXIT 2 STDERR "remitwatch: error: --out report.pdf: '.pdf' names no report format; use .md, .html, .json, .csv or .xlsx, or give --format"
  REQUIRES golden_db)
rw_golden(report_out_no_extension ARGS report --db ${golden_db} --out report
  EXIT 2 STDERR "--out report: no extension names no report format" REQUIRES golden_db)
