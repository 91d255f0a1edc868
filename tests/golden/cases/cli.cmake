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
