# Sourced by bench/run: section (serve), the JSON API under load.
#
# serve_load RW RPW_CSV DIR: imports RPW_CSV into DIR/serve.db, starts `remitwatch serve` on
# 127.0.0.1 (a free port) and a throwaway nginx (its own config, pid, logs and temp files in DIR,
# 127.0.0.1 only: not the system service) serving the same JSON bytes as a static file, and runs
# wrk --latency (64 connections, 2 threads, 10 s) against each, one after the other. Prints per
# server `serve_load <name> requests_per_s <n> p99_ms <n> socket_errors <n> non_2xx <n>`, then
# `ratio serve_vs_nginx <remitwatch rps (--threads 64) / nginx rps>`. remitwatch runs twice: with its default
# --threads 8 and with --threads 64 (one thread per connection wrk opens; see docs/performance.md).

# wrk_figures NAME OUT: the summary line of one wrk output; sets $rps.
wrk_figures() {
  local name=$1 out=$2 p99 errors non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  # "Socket errors: connect 0, read 0, write 0, timeout 0" only appears when there were some.
  errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
  case "$p99" in # wrk prints 812.00us, 3.21ms or 1.02s
    *us) p99=$(echo "${p99%us} / 1000" | bc -l) ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(echo "${p99%s} * 1000" | bc -l) ;;
  esac
  printf 'serve_load %s requests_per_s %.0f p99_ms %.2f socket_errors %d non_2xx %d\n' \
    "$name" "$rps" "$p99" "${errors:-0}" "${non2xx:-0}"
}

# free_port: a TCP port of 127.0.0.1 nobody listens on at the moment.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

serve_load() {
  local rw=$1 csv=$2 work=$3 path=/remitwatch/api/v1/corridors/KEN-UGA
  local pid port nginx_pid nginx_port threads rps_rw rps_nginx
  rm -rf "$work"
  mkdir -p "$work/www$(dirname "$path")" "$work/nginx/tmp"
  "$rw" import rpw "$csv" --db "$work/serve.db" >/dev/null
  echo "data serve: $(wc -l <"$csv") rows imported into $work/serve.db; wrk -t2 -c64 -d10s --latency"

  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:NGINX_PORT;
    root $work/www;
  }
}
EOF

  rps_rw=
  for threads in 8 64; do
    "$rw" serve --db "$work/serve.db" --listen 127.0.0.1:0 --threads "$threads" \
      --access-log "$work/access.log" 2>"$work/serve.err" &
    pid=$!
    port=
    for _ in $(seq 100); do
      port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.err")
      [ -n "$port" ] && break
      sleep 0.1
    done
    [ -n "$port" ] || { echo "bench/run: serve did not start: $(cat "$work/serve.err")" >&2; kill "$pid"; return 1; }
    # The bytes nginx serves: the answer itself (its ETag and headers aside).
    curl -sf "http://127.0.0.1:$port$path" >"$work/www$path"
    wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port$path" >"$work/wrk-serve-$threads.out"
    kill -TERM "$pid"
    wait "$pid" || true
    wrk_figures "remitwatch_threads_$threads" "$work/wrk-serve-$threads.out"
    [ "$threads" = 8 ] || rps_rw=$rps
  done

  nginx_port=$(free_port)
  sed -i "s/NGINX_PORT/$nginx_port/" "$work/nginx/nginx.conf"
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>>"$work/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$path" && break
    sleep 0.1
  done
  cmp -s <(curl -sf "http://127.0.0.1:$nginx_port$path") "$work/www$path" ||
    { echo "bench/run: nginx does not serve the answer: $(cat "$work/nginx/error.log")" >&2; kill "$nginx_pid"; return 1; }
  wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$nginx_port$path" >"$work/wrk-nginx.out"
  kill -TERM "$nginx_pid"
  wait "$nginx_pid" || true
  wrk_figures nginx "$work/wrk-nginx.out"
  rps_nginx=$rps
  # Four decimals: bench/run's ratio() prints two, too few for a server hundreds of times slower.
  printf 'ratio serve_vs_nginx %.4f\n' "$(echo "$rps_rw / $rps_nginx" | bc -l)"
  echo "answer: $(stat -c %s "$work/www$path") bytes of JSON"
}
