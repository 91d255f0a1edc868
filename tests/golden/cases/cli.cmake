# Command-line errors that help: every parser error has the prefix and a
# hint naming the --help to read; typos get the nearest name; enum values take
# '-' or '_' and any case; each command's --help lists its own exit codes.

rw_golden(cli_unknown_command ARGS repot
  EXIT 2 STDERR "remitwatch: error: 'repot' is not a remitwatch command; did you mean 'report'?\nRun 'remitwatch --help' for the commands.")
rw_golden(cli_unknown_command_far ARGS dashboard
  EXIT 2 STDERR "remitwatch: error: 'dashboard' is not a remitwatch command\n")
rw_golden(cli_no_command ARGS
  EXIT 2 STDERR "remitwatch: error: 'remitwatch' needs a command: cost, averages, import, collect, series, db, report, alerts")
rw_golden(cli_unknown_db_command ARGS db inf
  EXIT 2 STDERR "remitwatch: error: 'inf' is not a 'remitwatch db' command; did you mean 'info'?")
rw_golden(cli_unknown_option ARGS averages --quater 2012Q1 --input ${example}
  EXIT 2 STDERR "remitwatch: error: unknown option --quater; did you mean --quarter?\nRun 'remitwatch averages --help' for its options.")
rw_golden(cli_unknown_option_equals ARGS series --corridor KEN-UGA --fromat=csv
  EXIT 2 STDERR "remitwatch: error: unknown option --fromat; did you mean --format?")
# A typo in a required option: the typo is named, not the option "missing".
rw_golden(cli_unknown_required_option ARGS cost --amout 200 --fee 1 --rate 1 --benchmark 1
  EXIT 2 STDERR "remitwatch: error: unknown option --amout; did you mean --amount?\nRun 'remitwatch cost --help' for its options.")
rw_golden(cli_unknown_option_far ARGS cost --colour
  EXIT 2 STDERR "remitwatch: error: unknown option --colour\nRun 'remitwatch cost --help'")
rw_golden(cli_unexpected_argument ARGS averages extra
  EXIT 2 STDERR "remitwatch: error: unexpected argument 'extra'\nRun 'remitwatch averages --help' for its options.")
rw_golden(cli_missing_value ARGS averages --quarter
  EXIT 2 STDERR "remitwatch: error: --quarter needs a value\nRun 'remitwatch averages --help' for its options.")
rw_golden(cli_missing_required ARGS cost --amount 200
  EXIT 2 STDERR "remitwatch: error: --fee is required\nRun 'remitwatch cost --help' for its options.")
rw_golden(cli_bad_amount ARGS averages --input ${example} --amount 300
  EXIT 2 STDERR "remitwatch: error: --amount: 300 not in {200,500}\nRun 'remitwatch averages --help' for its options.")
rw_golden(cli_bad_enum ARGS averages --input ${example} --by firm_typo
  EXIT 2 STDERR "remitwatch: error: --by: 'firm_typo' is not one of corridor, firm-type, region, global, smart, all; did you mean firm-type?")
# A PostgreSQL URL is a PostgreSQL store (issue 22): a server that does not
# answer (a closed port on this machine) is named, by readers and writers
# alike, with its database and user and never the password.
rw_golden(cli_postgres_url_read ARGS db info --db postgresql://analyst:s3cret@127.0.0.1:1/rw
  EXIT 1 STDERR "remitwatch: error: PostgreSQL server 127.0.0.1:1, database rw (user analyst): cannot connect: ")
rw_golden(cli_postgres_url_write ARGS import rpw tests/fixtures/rpw-sample.csv --db postgres://analyst@127.0.0.1:1/rw?password=s3cret
  EXIT 1 STDERR "remitwatch: error: PostgreSQL server 127.0.0.1:1, database rw (user analyst): cannot connect: ")
rw_golden(cli_excluded_options ARGS averages --input ${example} --db golden.db
  EXIT 2 STDERR "remitwatch: error: --input excludes --db\nRun 'remitwatch averages --help' for its options.")

# Enum values: '_' for '-', any case; the output is that of the canonical spelling.
rw_golden(cli_by_firm_type_underscore ARGS averages --input ${example} --by firm_type)
rw_golden(cli_format_upper_case ARGS averages --input ${example} --by Firm-Type --format JSON)
rw_golden(cli_import_kind_upper_case ARGS import SURVEY tests/fixtures/does-not-exist.csv --db cli-unused.db
  EXIT 2 STDERR "remitwatch: error: tests/fixtures/does-not-exist.csv: no such file")

# cost: --format json, --json kept as its alias, the two not together.
rw_golden(cost_format_json ARGS cost --amount 200 --fee 3.99 --rate 19.70 --benchmark 20 --received 3940 --format json)
rw_golden(cost_json_with_format ARGS cost --amount 200 --fee 3.99 --rate 19.70 --benchmark 20 --json --format text
  EXIT 2 STDERR "remitwatch: error: --format excludes --json")

# Each command's help ends with its own exit codes.
rw_golden(series_help ARGS series --help)
rw_golden(db_info_help ARGS db info --help)
rw_golden(version ARGS --version)

# Scope and quarter ranges of series, on the golden database.
rw_golden(series_from_after_to ARGS series --db ${golden_db} --corridor KEN-UGA --from 2013Q1 --to 2012Q1
  EXIT 2 STDERR "remitwatch: error: --from 2013Q1 is after --to 2012Q1" REQUIRES golden_db)
rw_golden(series_beyond_data ARGS series --db ${golden_db} --corridor KEN-UGA --from 2030Q1
  EXIT 2 STDERR "remitwatch: error: KEN-UGA has data for 2011Q3 to 2024Q4 (5 quarters); nothing from 2030Q1"
  REQUIRES golden_db)
rw_golden(series_before_data ARGS series --db ${golden_db} --corridor KEN-* --to 2010Q4
  EXIT 2 STDERR "remitwatch: error: KEN-UGA has data for 2011Q3 to 2024Q4 (5 quarters); nothing up to 2010Q4"
  REQUIRES golden_db)
rw_golden(series_between_data ARGS series --db ${golden_db} --country KEN --from 2013Q1 --to 2023Q4
  EXIT 2 STDERR "remitwatch: error: the corridors asked for (corridors to or from Kenya) have data for 2011Q3 to 2024Q4 (5 quarters); nothing from 2013Q1 to 2023Q4"
  REQUIRES golden_db)
rw_golden(series_unknown_country ARGS series --db ${golden_db} --corridor KEN-XYZ
  EXIT 2 STDERR "remitwatch: error: --corridor KEN-XYZ: 'XYZ' is not a country in the catalogue" REQUIRES golden_db)
rw_golden(series_no_data ARGS series --db ${golden_db} --corridor KEN-RWA
  EXIT 2 STDERR "remitwatch: error: golden.db: no data for KEN-RWA" REQUIRES golden_db)
# Several corridors, one after the other; the range cuts every one.
rw_golden(series_country_ken ARGS series --db ${golden_db} --country ken --to 2012Q1 REQUIRES golden_db)
rw_golden(series_sender_json ARGS series --db ${golden_db} --sender USA --sender GBR --format json REQUIRES golden_db)

# Scope and quarters of averages.
rw_golden(averages_quarter_outside ARGS averages --db ${golden_db} --quarter 2030Q1
  EXIT 2 STDERR "remitwatch: error: golden.db: no quotes in 2030Q1; quarters with USD 200 quotes: 2011Q3 to 2024Q4 (4 quarters)"
  REQUIRES golden_db)
rw_golden(averages_scope_db ARGS averages --db ${golden_db} --receiver IND --receiver MEX --format csv REQUIRES golden_db)
rw_golden(averages_scope_input_global ARGS averages --input ${example} --corridor *-NGA --by global)
rw_golden(averages_scope_unknown_country ARGS averages --input ${example} --country XYZ
  EXIT 2 STDERR "remitwatch: error: --country: 'XYZ' is not a country in the catalogue")
rw_golden(averages_scope_no_quotes ARGS averages --input ${example} --corridor KEN-RWA
  EXIT 2 STDERR "remitwatch: error: examples/survey.csv: no USD 200 quotes for the corridors asked for")
rw_golden(averages_scope_rpw_refused ARGS averages --rpw tests/fixtures/rpw-sample.csv --sender KEN
  EXIT 2 STDERR "remitwatch: error: --rpw averages the whole file and takes no --sender KEN; import it first")

# One label, one computation: mean_of_corridor_averages is over every
# corridor with a value, computed from services where there are any, else
# DataBank's value, as the report computes it; the mean of the computed ones
# alone is labelled as such. A database of the RPW fixture (2011Q3: KEN-UGA
# 4.781667 and TZA-KEN 6.2 computed) and DataBank values for KEN-RWA (9.5,
# no service rows) and TZA-KEN (7, computed instead). By hand:
# mean_of_computed_corridor_averages = (4.781667 + 6.2) / 2 = 5.49 over 2;
# mean_of_corridor_averages = (4.781667 + 6.2 + 9.5) / 3 = 6.83 over 3, one
# from DataBank; cost bands over the 3: 3-5 % one, above 5 % two.
set(cli_db cli.db)
rw_golden_reset(cli_reset_db cli_db_reset ${cli_db})
rw_golden(cli_db_import_rpw ARGS import rpw tests/fixtures/rpw-sample.csv --db ${cli_db}
  EXIT 4 SETUP cli_db REQUIRES cli_db_reset)
rw_golden(cli_db_import_databank ARGS import databank tests/fixtures/databank-one-more-corridor.csv --db ${cli_db}
  SETUP cli_db REQUIRES cli_db_reset)
rw_golden_after(cli_db_import_databank cli_db_import_rpw)
rw_golden(averages_global_with_databank ARGS averages --db ${cli_db} --quarter 2011Q3 --by global REQUIRES cli_db)
# The scope narrows the DataBank values too: KEN-RWA only from DataBank, KEN-UGA computed.
rw_golden(averages_global_with_databank_ken ARGS averages --db ${cli_db} --quarter 2011Q3 --by global --sender KEN
  --format csv REQUIRES cli_db)

# collect --source: names in any case, a typo gets the nearest source.
rw_golden(collect_source_typo ARGS collect --config examples/remitwatch.toml --source ECB,wsie --dry-run
  EXIT 2 STDERR "remitwatch: error: --source: unknown source 'wsie' (ecb, wise, feed, worldbank, rpw); did you mean wise?")

# CLI11's wording reworded: a value that is not a number.
rw_golden(cli_not_a_number ARGS cost --amount abc --fee 1 --rate 1 --benchmark 1
  EXIT 2 STDERR "remitwatch: error: --amount: 'abc' is not a number\nRun 'remitwatch cost --help' for its options.")

# RPW rejections summarised (issue #20): the first 20 rejected rows, then the
# count by reason. Hand count: 30 rows with cc1 lcu fee 'lots', 3 with
# destination XYZ, 1 good row, 1 flagged (315 / 18000 = 1.75 % + 3.74 = 5.49,
# 5.60 published: 0.11 pp off); 35 rows read, 2 imported, 33 rejected.
rw_golden_reset(import_rejects_reset_db import_rejects_reset import-rejects.db)
rw_golden(import_rpw_rejects_summarised ARGS import rpw tests/fixtures/rpw-bad-rows.csv --db import-rejects.db
  --rejects import-rejects.csv EXIT 4 REQUIRES import_rejects_reset)

# A store in a folder that is not there: said so, not "not writable".
rw_golden(cli_db_folder_missing ARGS import survey ${example} --db no-such-folder/x.db
  EXIT 1 STDERR "no-such-folder/x.db: cannot create the database: there is no folder ")
