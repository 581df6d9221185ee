#!/usr/bin/env bash
# The system prerequisites: Debian's chromium for the browser tests (never a downloaded browser), Tesseract with
# the corpus' language packs for the OCR tests (assistant/ocr.py), and nginx for the reverse-proxy test
# (tests/test_reverse_proxy.py). Installed here when we may (root with apt-get); otherwise one line says what to
# install, before any test runs.
set -euo pipefail
OCR_PACKAGES="tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-swe tesseract-ocr-deu tesseract-ocr-fin tesseract-ocr-por"
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
[ -x /usr/sbin/nginx ] || missing="$missing nginx"
for lang in eng fra swe deu fin por; do
    [ -f "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" ] || { missing="$missing $OCR_PACKAGES"; break; }
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing$missing (apt-get) for the browser and OCR tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    exit 0
fi
echo "missing prerequisite: install Debian's$missing first (sudo apt-get install$missing)" >&2
exit 1
