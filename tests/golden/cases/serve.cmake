rw_golden(serve_help ARGS serve --help)
rw_golden(serve_no_db SQLITE_ONLY ARGS serve --db absent.db
  EXIT 2 STDERR "absent.db: no such database; create one with 'remitwatch import'")
rw_golden(serve_bad_listen ARGS serve --db golden.db --listen 8080
  EXIT 2 STDERR "--listen 8080: not HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080)" REQUIRES golden_db)
rw_golden(serve_bad_base_path ARGS serve --db golden.db --base-path /a/../b
  EXIT 2 STDERR "--base-path /a/../b: not a path like /remitwatch" REQUIRES golden_db)
