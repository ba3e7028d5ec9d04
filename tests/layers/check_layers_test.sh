#!/usr/bin/env bash
# Proves that scripts/check_layers.py fails on an upward include and passes on a
# tree whose includes all go down: a small tree is written to a temp dir with
# (1) the engine including a server header, (2) the shard including a network
# header, (3) the client including an engine header, (4) payments including a
# shard header; each must be reported, and the same tree without them must pass.
set -euo pipefail
script="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{engine,server/shard,server/net,server/payments,client/src,protocol}
echo '#include "base/check.h"' > "$tmp/engine/ok.h"
echo '#include "engine/ok.h"' > "$tmp/server/shard/ok.cc"
echo '#include "protocol/frame.h"' > "$tmp/client/src/ok.cc"
echo '#include "seat_generated.h"' > "$tmp/protocol/ok.cc"
echo '#include "base/check.h"' > "$tmp/server/payments/ok.cc"
python3 "$script" --root "$tmp" > "$tmp/out.txt" || { cat "$tmp/out.txt"; echo "FAIL: a clean tree was refused"; exit 1; }

echo '#include "server/shard/shard.h"' > "$tmp/engine/up.h"
echo '#include "server/net/connection.h"' > "$tmp/server/shard/up.cc"
echo '#include "engine/status.h"' > "$tmp/client/src/up.cc"
echo '#include "server/shard/job.h"' > "$tmp/server/payments/up.cc"
if python3 "$script" --root "$tmp" > "$tmp/out.txt"; then
  cat "$tmp/out.txt"; echo "FAIL: upward includes were not refused"; exit 1
fi
for f in engine/up.h server/shard/up.cc client/src/up.cc server/payments/up.cc; do
  grep -q "^$f:1:" "$tmp/out.txt" || { cat "$tmp/out.txt"; echo "FAIL: $f not reported"; exit 1; }
done
[ "$(wc -l < "$tmp/out.txt")" -eq 4 ] || { cat "$tmp/out.txt"; echo "FAIL: more than the 4 bad includes reported"; exit 1; }
echo "check_layers: refuses upward includes, accepts downward ones"
