# remitwatch export quotes on the golden database: CSV of one corridor's
# quarter, JSON of a sender's USD 500 quotes, xlsx written to a file, and the
# refusals (unknown --out extension, xlsx without --out, reversed range).
rw_golden(export_quotes_help ARGS export quotes --help)
rw_golden(export_quotes_ken_uga_csv ARGS export quotes --db ${golden_db} --corridor KEN-UGA --quarter 2011Q3
  REQUIRES golden_db)
rw_golden(export_quotes_usd500_json ARGS export quotes --db ${golden_db} --sender USA --amount 500 --format json
  REQUIRES golden_db)
rw_golden(export_quotes_all_csv ARGS export quotes --db ${golden_db} REQUIRES golden_db)
rw_golden(export_quotes_xlsx ARGS export quotes --db ${golden_db} --out export-quotes.xlsx
  STDERR "remitwatch: exported 38 USD 200 quotes to export-quotes.xlsx" REQUIRES golden_db)
rw_golden(export_quotes_unknown_extension ARGS export quotes --db ${golden_db} --out quotes.pdf
  EXIT 2 STDERR "remitwatch: error: --out quotes.pdf: unknown extension '.pdf'; the formats are .csv, .xlsx and .json"
  REQUIRES golden_db)
rw_golden(export_quotes_xlsx_needs_out ARGS export quotes --db ${golden_db} --format xlsx
  EXIT 2 STDERR "--format xlsx needs --out FILE.xlsx" REQUIRES golden_db)
rw_golden(export_quotes_reversed_range ARGS export quotes --db ${golden_db} --from 2013Q1 --to 2012Q1
  EXIT 2 STDERR "remitwatch: error: --from 2013Q1 is after --to 2012Q1" REQUIRES golden_db)
rw_golden(export_quotes_unknown_country ARGS export quotes --db ${golden_db} --country XYZ
  EXIT 2 STDERR "'XYZ' is not a country in the catalogue" REQUIRES golden_db)
rw_golden(export_quotes_no_extension ARGS export quotes --db ${golden_db} --out quotes
  EXIT 2 STDERR "remitwatch: error: --out quotes: no extension; the formats are .csv, .xlsx and .json"
  REQUIRES golden_db)
