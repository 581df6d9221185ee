#!/usr/bin/env bash
# Regression gate: ingest ../shared/corpus/docs into a fresh index, then check the TEST split of the held-out set
# (retrieval in every mode, and answers), of the second writer's set (retrieval, answers) and the dev set against
# evals/expected.json (see evals/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${GATE_CORPUS:-../shared/corpus/docs}
index=${GATE_INDEX:-$(mktemp -d)/index}
assistant ingest "$corpus" --index "$index"
status=0
assistant eval evals/heldout.jsonl --split test --index "$index" --mode all --check evals/expected.json \
    --report reports/heldout-test || status=1
assistant eval evals/heldout.jsonl --split test --index "$index" --answers --check evals/expected.json \
    --report reports/heldout-test || status=1
# The second writer's questions (#29): written as stakeholders ask, on the same documents and split.
assistant eval evals/second.jsonl --split test --index "$index" --mode hybrid --check evals/expected.json \
    --report reports/second-test || status=1
assistant eval evals/second.jsonl --split test --index "$index" --answers --check evals/expected.json \
    --report reports/second-test || status=1
assistant eval evals/shared.jsonl --index "$index" --mode all --check evals/expected.json --report reports/shared \
    || status=1
exit $status
