#!/usr/bin/env bash
# Fuzzes every operation of the JSON API against its own OpenAPI document with Schemathesis
# (https://schemathesis.readthedocs.io), on the real server, and fails on any server error or
# any disagreement between what the document says and what the server does.
#
# It builds nothing: build the binary first (`cargo build -p redress`). It starts
# `target/debug/redress serve --demo` on a free loopback port with a fresh SQLite database in
# a temporary directory, takes the demo complaints officer's API token from what the server
# prints, finds real ids in the demo data (so that operations are not left answering 404),
# and runs `schemathesis run` with every check, bounded in time.
#
#   scripts/schemathesis.sh                   # uses target/schemathesis-venv, or schemathesis on PATH
#   SCHEMATHESIS_MAX_TIME=60 scripts/schemathesis.sh
#   SCHEMATHESIS_SEED=123 scripts/schemathesis.sh   # replay a run (the seed is printed at the end)
#
# Environment: SCHEMATHESIS (the command), SCHEMATHESIS_MAX_TIME (seconds of fuzzing and
# stateful testing, default 150), SCHEMATHESIS_MAX_EXAMPLES (per operation and phase,
# default 50), SCHEMATHESIS_SEED, REDRESS_BIN (default target/debug/redress).
#
# Every check runs (`--checks all`), with one adjustment, made in the configuration below:
# `positive_data_acceptance` also expects 422. That check sends requests the document allows
# and wants them accepted; but a request can be well formed and still be refused under the
# Complaint Handling Code (a response without a decision on every point, Code 6.9; an `at`
# before the complaint was received; an idempotency key reused for another body). Those are
# 422 by design and documented as such on every changing operation; no schema can express
# them. Malformed input stays 400, and the check still fails on any 400 for a request the
# document allows, so the document's types, formats, patterns and bounds must be exact.
#
# Schemathesis may warn of "missing test data" for acknowledging: its coverage phase does not
# use the body values given below (the demo's member of staff as the handler), so the handler
# ids it makes up there are 404; its fuzzing phase uses them. It may also warn that most
# changing operations "mostly rejected generated data": random steps are mostly not allowed in
# the complaint's state (409) or by the Code (422). Warnings do not fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${REDRESS_BIN:-target/debug/redress}"
if [ ! -x "$BIN" ]; then
    echo "schemathesis.sh: $BIN is missing: build it first (cargo build -p redress)" >&2
    exit 2
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
if [ -n "${SCHEMATHESIS:-}" ]; then
    ST="$SCHEMATHESIS"
    # A relative path must survive the `cd` into the work folder below.
    case "$ST" in
        /*) ;;
        */*) ST="$PWD/$ST" ;;
    esac
elif [ -x target/schemathesis-venv/bin/schemathesis ]; then
    ST="$PWD/target/schemathesis-venv/bin/schemathesis"
else
    ST="$(command -v schemathesis || true)"
fi
if [ -z "$ST" ]; then
    echo "schemathesis.sh: schemathesis is not installed (pip install schemathesis)" >&2
    exit 2
fi

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A free port: bound by the OS, then released for the server (a race only with another
# process picking the same port in that instant).
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

# In the temporary directory, so that no redress.toml nor .hypothesis of the checkout is used
# or left behind; the flags win over any REDRESS_* in the environment.
(cd "$WORK" && exec "$BIN" serve --demo --bind "127.0.0.1:$PORT" --database "sqlite://$WORK/redress.db") \
    >"$WORK/server.log" 2>&1 &
SERVER=$!

# The demo takes a while to create in a debug build; wait for the server to listen.
for _ in $(seq 1 600); do
    if grep -q "Redress is running at" "$WORK/server.log"; then break; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then
        cat "$WORK/server.log" >&2
        echo "schemathesis.sh: the server stopped before listening" >&2
        exit 1
    fi
    sleep 0.5
done
if ! grep -q "Redress is running at" "$WORK/server.log"; then
    cat "$WORK/server.log" >&2
    echo "schemathesis.sh: the server did not start within 5 minutes" >&2
    exit 1
fi

# The complaints officer can do everything the API offers (a read-only role would make every
# change 403); the token is the last column of its line in the demo's table.
TOKEN="$(awk '$1 == "complaints_officer" { print $NF; exit }' "$WORK/server.log")"
if [ -z "$TOKEN" ]; then
    echo "schemathesis.sh: no complaints officer token in the server's output" >&2
    exit 1
fi

# Real ids from the demo, as a schemathesis.toml giving each operation's path parameters.
BASE="$BASE" TOKEN="$TOKEN" python3 - >"$WORK/schemathesis.toml" <<'PY'
import json
import os
import urllib.request

base, token = os.environ["BASE"], os.environ["TOKEN"]


def get(path):
    request = urllib.request.Request(base + "/api/v1" + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


summaries = get("/complaints?limit=1000")["items"]
complaints = [get("/complaints/" + c["id"]) for c in summaries]


def first(predicate, what, fallback=None):
    for complaint in complaints:
        found = predicate(complaint)
        if found:
            return complaint["id"], found
    if fallback is not None:
        # Left answering 404; the run still checks that it is documented.
        print(f"# the demo has no complaint with {what}: its operation is tried with {fallback}")
        return complaints[0]["id"], fallback
    raise SystemExit(f"schemathesis.sh: the demo has no complaint with {what}")


def item(kind):
    # An item not yet completed, so that completing it can succeed once.
    def find(complaint):
        items = complaint["complaint"].get(kind) or []
        return next((x["id"] for x in items if not x.get("completed_on")), None)

    return find


def order_of(complaint):
    determination = (complaint["complaint"].get("ombudsman") or {}).get("determination") or {}
    return next((o["id"] for o in determination.get("orders") or []), None)


def attachment_of(complaint):
    pieces = complaint.get("correspondence") or []
    return next(((m["id"], a["id"]) for m in pieces for a in m.get("attachments") or []), None)


open_complaint, _ = first(lambda c: c["status"] == "investigating", "an investigation under way")
# The case file is asked of a closed complaint: the run adds hundreds of letters and pieces of
# correspondence to the open one, whose file a debug build then takes over 10 s to make.
closed_complaint, _ = first(lambda c: c["status"] == "closed", "a closed complaint")
remedy = first(item("remedies"), "a remedy to carry out")
action = first(item("actions"), "an action to complete")
order = first(order_of, "an Ombudsman's order", fallback="O1")
attachment = first(attachment_of, "correspondence with an attachment")
resident = get("/residents?limit=1")["items"][0]["id"]
service_request = get("/service-requests")[0]["id"]
# A member of staff of the landlord, to own actions and handle stages (any other id is 404).
staff = next(a["owner"] for c in complaints for a in c["complaint"].get("actions") or [])


def operations(regex, **parameters):
    # `path_id` is the path parameter `id`, `body_handler` the body's field `handler`.
    values = ", ".join(f'"{name.replace("_", ".", 1)}" = {json.dumps(value)}' for name, value in parameters.items())
    return f'[[operations]]\ninclude-path-regex = {json.dumps(regex)}\nparameters = {{ {values} }}\n'


print("""# Written by scripts/schemathesis.sh for one run.

# 422 is a refusal under the Code of a well-formed request: see the script's comments.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422"]
""")
# Each operation matches exactly one entry: where several match, Schemathesis takes the
# parameters of one of them only.
print(operations("^/api/v1/complaints$", body_resident_id=resident))
print(operations("^/api/v1/service-requests$", body_resident_id=resident))
print(operations("^/api/v1/complaints/\\{id\\}/acknowledge$", path_id=open_complaint, body_handler=staff))
print(operations("^/api/v1/complaints/\\{id\\}/actions$", path_id=open_complaint, body_owner=staff))
print(operations("^/api/v1/complaints/\\{id\\}/remedies/\\{rid\\}/", path_id=remedy[0], path_rid=remedy[1]))
print(operations("^/api/v1/complaints/\\{id\\}/actions/\\{aid\\}/", path_id=action[0], path_aid=action[1]))
print(operations("^/api/v1/complaints/\\{id\\}/ombudsman/orders/", path_id=order[0], path_oid=order[1]))
print(
    operations(
        "^/api/v1/complaints/\\{id\\}/correspondence/\\{cid\\}/",
        path_id=attachment[0],
        path_cid=attachment[1][0],
        path_aid=attachment[1][1],
    )
)
print(operations("^/api/v1/complaints/\\{id\\}/file$", path_id=closed_complaint))
particular = "/acknowledge$|/actions$|/remedies/\\{rid\\}/|/actions/\\{aid\\}/|/ombudsman/orders/|/correspondence/\\{cid\\}/|/file$"
print(operations(f"^/api/v1/complaints/\\{{id\\}}(?!{particular})", path_id=open_complaint))
print(operations("^/api/v1/residents/\\{id\\}", path_id=resident))
print(operations("^/api/v1/service-requests/\\{id\\}", path_id=service_request))
PY

echo "schemathesis.sh: server at $BASE (its log is shown on failure); test data:"
sed -n '/^\[\[operations\]\]/,$p' "$WORK/schemathesis.toml" | grep parameters

# One worker: with two, Hypothesis (describing a filter) calls `ast.parse` from two threads at
# once, which CPython 3.11 does not survive ("AST constructor recursion depth mismatch"), and
# the run ends in an error of the tool rather than a finding. The time limit is the same.
SEED_ARGS=()
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then SEED_ARGS=(--seed "$SCHEMATHESIS_SEED"); fi
status=0
(cd "$WORK" && "$ST" --config-file "$WORK/schemathesis.toml" --no-color run "$BASE/api/v1/openapi.json" \
    --checks all \
    -H "Authorization: Bearer $TOKEN" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" \
    --max-time "${SCHEMATHESIS_MAX_TIME:-150}" \
    --workers 1 \
    --generation-database none \
    "${SEED_ARGS[@]}") || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 50 lines)" >&2
    tail -n 50 "$WORK/server.log" >&2
fi
exit "$status"
