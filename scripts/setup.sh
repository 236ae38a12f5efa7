#!/usr/bin/env bash
# Installs what connector-bot needs when it is missing: Chromium and its headless
# shell, ffmpeg and Xvfb from the system's packages, a virtual environment with
# the project, and a script that lets Playwright record video with the system's
# ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

apt_install() {
  echo "setup: installing $* from the system's packages"
  "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
      --no-install-recommends "$@" >/dev/null
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb xauth)
fc-list 2>/dev/null | grep -qi liberation || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# The headless shell only saves memory; a system without the package runs the
# full Chromium without a window, so its absence stops nothing.
if ! command -v chromium-headless-shell >/dev/null 2>&1; then
  apt_install chromium-headless-shell ||
    echo "setup: no chromium-headless-shell; runs without a window use Chromium"
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
if [ ! -f .setup-stamp ] || [ pyproject.toml -nt .setup-stamp ]; then
  echo "setup: installing connector-bot and its dev extras"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[dev]'
  touch .setup-stamp
fi

# Playwright records video through an ffmpeg build it normally downloads; that
# download is out of reach, so its expected path gets a script that runs the
# system's ffmpeg (bot/ffmpeg.py says why it encodes VP8).
.venv/bin/python -m bot.ffmpeg
