#!/usr/bin/env bash
# seat-psp from the shell, the way a person tries it: curl charges with an
# Idempotency-Key (asking for 100 Continue before the body, as clients do for
# large bodies), the retry is the same bytes with Idempotent-Replayed, the
# ledger shows one charge, a wrong key is 401, and SIGTERM stops it with
# status 0. The process is stopped by its PID.
set -euo pipefail
psp="$1"
command -v curl > /dev/null || { echo "curl is not installed (scripts/setup.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then kill "$pid"; wait "$pid" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- seat-psp log:"; cat "$tmp/log"; exit 1; }

echo "sk_test_curl_0123456789" > "$tmp/key"
"$psp" --listen 127.0.0.1:0 --port-file "$tmp/port" --secret-key-file "$tmp/key" --log-requests 2> "$tmp/log" &
pid=$!
for _ in $(seq 1 300); do [ -s "$tmp/port" ] && break; sleep 0.05; done
[ -s "$tmp/port" ] || fail "no port file"
url="http://127.0.0.1:$(cat "$tmp/port")"
auth="Authorization: Bearer sk_test_curl_0123456789"
padding=$(head -c 450 /dev/zero | tr '\0' 'x')

charge() {
  curl -sS -o "$1.body" -D "$1.headers" -w '%{http_code}' -H "$auth" -H "Idempotency-Key: order-1" \
    -H "Expect: 100-continue" \
    -d amount=4200 -d currency=eur -d payment_method=pm_card_visa -d confirm=true \
    --data-urlencode "metadata[checkout]=ck 1" --data-urlencode "metadata[pad1]=$padding" \
    --data-urlencode "metadata[pad2]=$padding" --data-urlencode "metadata[pad3]=$padding" \
    "$url/v1/payment_intents"
}
[ "$(charge "$tmp/first")" = 200 ] || fail "the charge was not 200: $(cat "$tmp/first.body")"
grep -q '"status":"succeeded"' "$tmp/first.body" || fail "not succeeded: $(cat "$tmp/first.body")"
grep -q '"checkout":"ck 1"' "$tmp/first.body" || fail "metadata not echoed"
if grep -qi '^Idempotent-Replayed' "$tmp/first.headers"; then fail "the first answer says replayed"; fi
[ "$(charge "$tmp/second")" = 200 ] || fail "the retry was not 200"
cmp -s "$tmp/first.body" "$tmp/second.body" || fail "the retry's body differs"
grep -qi '^Idempotent-Replayed: true' "$tmp/second.headers" || fail "the retry does not say replayed"

ledger=$(curl -sS -H "$auth" "$url/_sim/ledger")
echo "$ledger" | grep -q '"totals":{"intents":1,' || fail "ledger: $ledger"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer nope-nope-nope' "$url/_sim/ledger")" = 401 ] ||
  fail "a wrong key was not 401"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
grep -q "stopped cleanly" "$tmp/log" || fail "no clean stop in the log"
echo "curl_test: charge, replay, ledger, 401 and SIGTERM behave"
