#!/bin/sh
# What `make test` needs besides Python, set up before anything runs: Debian's Chromium (the
# browser tests drive /usr/bin/chromium) and the npm packages of tests/browser (axe-core and
# the W3C selector clients, pinned in package-lock.json).
#
# Installs what is missing when it can: with apt-get as root or through sudo (without a
# password prompt), then `npm ci`. When it cannot, it says in one line what to install and
# fails, so the suite never ends in dozens of "chromium not found" errors. Quiet when all is
# present. Overridable for its own test (tests/test_setup_machine.py): AR_CHROMIUM (the
# browser's path), AR_BROWSER_DIR (the npm project).
set -eu

here=${0%/*}
chromium=${AR_CHROMIUM:-/usr/bin/chromium}
browser_dir=${AR_BROWSER_DIR:-$here/browser}
stamp=$browser_dir/node_modules/.installed

packages=""
[ -x "$chromium" ] || packages="chromium fonts-dejavu-core"  # a font, so pages render alike everywhere
command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
packages=${packages# }

if [ -n "$packages" ]; then
    if [ "$(id -u)" = 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        as_root="sudo"
    else
        echo "make test needs $packages and cannot install them (not root, no sudo without a password): run \`sudo apt-get install $packages\` (Debian/Ubuntu), then make test again." >&2
        exit 1
    fi
    echo "Installing $packages (apt-get) for the browser tests…" >&2
    DEBIAN_FRONTEND=noninteractive $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi

if [ ! -f "$stamp" ] || [ "$browser_dir/package-lock.json" -nt "$stamp" ] || [ "$browser_dir/package.json" -nt "$stamp" ]; then
    npm ci --silent --no-audit --no-fund --prefix "$browser_dir"
    touch "$stamp"
fi
