#!/usr/bin/env bash
# seatd's HTTP side from the shell, the way the README tries it: seatd with the
# demo event on loopback ports of its own, then curl: health and readiness,
# the compact seat map gzipped (--compressed) and its ETag revalidated to 304,
# the whole map after a hold made with seatctl showing the held seats under a
# new ETag, the metrics counting them, a bad id as a typed 400, the page's 308
# to its slash, and SIGTERM stopping seatd with status 0. Only the process it
# started is stopped, by its PID.
set -euo pipefail
seatd="$1"
seatctl="$2"
command -v curl > /dev/null || { echo "curl is not installed (scripts/setup.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then kill "$pid"; wait "$pid" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- seatd log:"; cat "$tmp/log"; exit 1; }

"$seatd" --data-dir "$tmp/data" --listen 127.0.0.1:0 --port-file "$tmp/port" \
  --http-listen 127.0.0.1:0 --http-port-file "$tmp/http-port" --seatmap-interval-s 1 2> "$tmp/log" &
pid=$!
for _ in $(seq 1 300); do [ -s "$tmp/port" ] && [ -s "$tmp/http-port" ] && break; sleep 0.05; done
[ -s "$tmp/port" ] && [ -s "$tmp/http-port" ] || fail "no port files"
url="http://127.0.0.1:$(cat "$tmp/http-port")"

[ "$(curl -sS "$url/healthz")" = ok ] || fail "healthz"
[ "$(curl -sS "$url/readyz")" = ready ] || fail "readyz"

# The first render can take a moment after start: 503 not_rendered_yet until then.
for _ in $(seq 1 100); do
  code=$(curl -sS --compressed -o "$tmp/sections.json" -D "$tmp/sections.headers" -w '%{http_code}' \
    "$url/events/1/sections.json")
  [ "$code" = 200 ] && break
  [ "$code" = 503 ] || fail "sections.json answered $code"
  sleep 0.1
done
[ "$code" = 200 ] || fail "sections.json was never rendered"
grep -qi '^Content-Encoding: gzip' "$tmp/sections.headers" || fail "not gzipped for --compressed"
grep -q '"format":"seatd-sections/1"' "$tmp/sections.json" || fail "not the compact form"
grep -q '"capacity":200' "$tmp/sections.json" || fail "not the demo theatre"
etag=$(sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p' "$tmp/sections.headers")
[ -n "$etag" ] || fail "no ETag"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url/events/1/sections.json")" = 304 ] ||
  fail "If-None-Match $etag was not 304"

# Two seats held through the binary protocol reach the next render.
"$seatctl" --port "$(cat "$tmp/port")" hold Stalls/A/1 Stalls/A/2 --session curl > "$tmp/hold" ||
  fail "seatctl hold: $(cat "$tmp/hold")"
for _ in $(seq 1 50); do
  curl -sS -o "$tmp/seatmap.json" -D "$tmp/seatmap.headers" "$url/events/1/seatmap.json"
  grep -q '"counts":{"available":198,"held":2,' "$tmp/seatmap.json" && break
  sleep 0.1
done
grep -q '"counts":{"available":198,"held":2,' "$tmp/seatmap.json" || fail "the hold never reached the map"
new_etag=$(sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p' "$tmp/seatmap.headers")
[ "$new_etag" != "$etag" ] || fail "the ETag did not change with the map"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url/events/1/seatmap.json")" = 200 ] ||
  fail "a stale ETag was answered 304"

curl -sS "$url/metrics" > "$tmp/metrics"
grep -q '^seatd_seats{event="1",status="held"} 2$' "$tmp/metrics" || fail "metrics: $(grep seatd_seats "$tmp/metrics")"
grep -q '^seatd_requests_total{type="Hold",status="ok"} 1$' "$tmp/metrics" || fail "metrics miss the hold"

[ "$(curl -sS -o "$tmp/bad" -w '%{http_code}' "$url/events/x1/seatmap.json")" = 400 ] || fail "a bad id was not 400"
grep -q '"error":"bad_event_id"' "$tmp/bad" || fail "no typed error: $(cat "$tmp/bad")"
[ "$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$url/events/1")" = "308 $url/events/1/" ] ||
  fail "the page without its slash is not a 308 to it"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
echo "curl_test: health, gzip, 304, a hold in the next render, metrics, errors and SIGTERM behave"
