# report --csv-layout wide (issue #18): one CSV per table, into a directory
# (the files compared below the standard output) or a zip; the long layout
# stays the default; layouts that do not fit --out are refused.
rw_golden(report_wide_dir
  ARGS report --db ${golden_db} --quarter 2011Q3 --format csv --csv-layout wide --out report-tables/
  STDERR "remitwatch: wrote 18 CSV files (one per table) to report-tables/"
  FILES report-tables/01-headline.csv report-tables/09-most_expensive.csv report-tables/16-all_corridors.csv
        report-tables/18-paragraphs.csv
  REQUIRES golden_db)
# 2012Q3 holds only DataBank's value for KEN-UGA: its own table, its own columns.
rw_golden(report_wide_published_dir ARGS report --db ${golden_db} --quarter 2012Q3 --out report-tables-2012q3/
  STDERR "remitwatch: wrote 18 CSV files (one per table) to report-tables-2012q3/"
  FILES report-tables-2012q3/09-most_expensive.csv report-tables-2012q3/16-published_corridors.csv
  REQUIRES golden_db)
rw_golden(report_wide_zip ARGS report --db ${golden_db} --quarter 2011Q3 --out report-tables.zip
  STDERR "remitwatch: wrote 18 CSV files (one per table) to report-tables.zip" REQUIRES golden_db)
rw_golden(report_wide_stdout ARGS report --db ${golden_db} --format csv --csv-layout wide
  EXIT 2 STDERR "remitwatch: error: --csv-layout wide writes one CSV per table: give --out FILE.zip or --out DIR/"
  REQUIRES golden_db)
rw_golden(report_long_zip ARGS report --db ${golden_db} --csv-layout long --out report-tables.zip
  EXIT 2 STDERR "--out report-tables.zip: the long CSV layout is one file; use --csv-layout wide" REQUIRES golden_db)
rw_golden(report_zip_markdown ARGS report --db ${golden_db} --format md --out report-tables.zip
  EXIT 2 STDERR "--out report-tables.zip: a zip or a directory holds the wide CSV layout, not md" REQUIRES golden_db)
rw_golden(report_layout_json ARGS report --db ${golden_db} --format json --csv-layout wide
  EXIT 2 STDERR "--csv-layout is for --format csv, not json" REQUIRES golden_db)
