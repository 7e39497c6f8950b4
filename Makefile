# Ventanilla — the two commands: `make run` and `make test`.
# Both install what is missing first (Debian/Ubuntu: apt; npm ci, which also
# brings Tauri's bundler, @tauri-apps/cli, pinned in ui/package.json; tauri-driver).

SHELL := /bin/bash
export CARGO_TERM_COLOR ?= never
CARGO ?= cargo
TAURI_DRIVER_VERSION := 2.1.0
APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev \
  libdbus-1-dev webkit2gtk-driver xvfb xauth dbus gnome-keyring imagemagick xdotool \
  python3-gi gir1.2-gtk-3.0 curl rpm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
UI_STAMP := ui/node_modules/.package-lock.json
# Tauri's bundler: the npm package @tauri-apps/cli (its Linux binary comes in
# the npm registry package), pinned with the lockfile and installed by `npm ci`.
TAURI_CLI := ui/node_modules/.bin/tauri
TARGET_DIR = $(abspath $(or $(CARGO_TARGET_DIR),target))
BUNDLE_DIR = $(TARGET_DIR)/release/bundle

.PHONY: run test bench deps apt-deps tauri-driver ui lint test-rust test-keychain test-ui e2e build-e2e screenshot clean \
  package test-package licenses

## make run: install what is missing, build the UI and the app, start it (sandbox mode on first start).
run: apt-deps ui
	$(CARGO) run -p ventanilla

## make test: the whole suite — lint, unit, adapter-vs-simulator, real keychain, UI, end-to-end.
test: deps ui lint test-rust test-keychain test-ui e2e test-package

deps: apt-deps tauri-driver

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

tauri-driver:
	@if ! tauri-driver --version 2>/dev/null | grep -q "$(TAURI_DRIVER_VERSION)"; then \
	  $(CARGO) install tauri-driver --locked --version $(TAURI_DRIVER_VERSION); \
	fi

$(UI_STAMP): ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui: $(UI_STAMP)
	cd ui && npm run build

lint: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd ui && npm run typecheck && npm run lint

test-rust: ui
	$(CARGO) test --workspace --exclude ventanilla-e2e

## One test against a real Secret Service (gnome-keyring in a private D-Bus session),
## and one that checks the error when there is none.
test-keychain:
	scripts/with-keyring.sh $(CARGO) test -p ventanilla-vault --test real_keychain -- --ignored stores_reads
	env -u DBUS_SESSION_BUS_ADDRESS $(CARGO) test -p ventanilla-vault --test real_keychain -- --ignored missing_keychain

test-ui: $(UI_STAMP)
	cd ui && npm test

build-e2e: ui
	$(CARGO) build -p ventanilla --features e2e

## The real window under Xvfb, driven by tauri-driver + WebKitWebDriver.
e2e: build-e2e tauri-driver
	xvfb-run -a -s "-screen 0 1400x900x24" scripts/with-keyring.sh \
	  $(CARGO) test -p ventanilla-e2e -- --test-threads=1

## make package: release .deb and .rpm with Tauri's bundler, in target/release/bundle/{deb,rpm}.
## The app plus ventanilla-cli in /usr/bin, a desktop entry and icons. (No AppImage: see README.)
package: apt-deps ui
	rm -rf $(BUNDLE_DIR)/deb $(BUNDLE_DIR)/rpm
	$(CARGO) build --release -p ventanilla -p ventanilla-cli
	$(TAURI_CLI) bundle --ci --bundles deb,rpm --config '$(call bundle_files,release)'

# The bundle config's /usr/bin/ventanilla-cli, from this target dir and profile.
bundle_files = {"bundle":{"linux":{"deb":{"files":{"/usr/bin/ventanilla-cli":"$(TARGET_DIR)/$(1)/ventanilla-cli"}},"rpm":{"files":{"/usr/bin/ventanilla-cli":"$(TARGET_DIR)/$(1)/ventanilla-cli"}}}}}

## Installs the .deb (apt, as root or with sudo), starts the installed app under
## Xvfb, runs the installed ventanilla-cli, checks the .rpm's files; removes it again.
## `make test` packages a dev-profile build (same packaging, about 2 minutes); a
## release build takes 12–23 minutes on 2 cores, so the release packages are tested
## with PACKAGE_PROFILE=release.
PACKAGE_PROFILE ?= debug
test-package: apt-deps ui
ifeq ($(PACKAGE_PROFILE),release)
	$(MAKE) package
	scripts/test-package.sh $(BUNDLE_DIR)
else
	rm -rf $(TARGET_DIR)/debug/bundle/deb $(TARGET_DIR)/debug/bundle/rpm
	$(CARGO) build -p ventanilla -p ventanilla-cli
	$(TAURI_CLI) bundle --debug --ci --bundles deb,rpm --config '$(call bundle_files,debug)'
	scripts/test-package.sh $(TARGET_DIR)/debug/bundle
endif

## The third-party licenses shown in the About panel (committed; refresh after
## changing dependencies).
licenses: $(UI_STAMP)
	scripts/licenses.sh

## Figures only on stdout (`name: value unit`); building and installing go to stderr.
bench:
	@$(MAKE) -s apt-deps ui >&2
	@scripts/bench.sh

## A screenshot of the app in sandbox mode for the README (docs/screenshot.png).
screenshot: build-e2e tauri-driver
	VENTANILLA_SCREENSHOT=$(CURDIR)/docs/screenshot.png xvfb-run -a -s "-screen 0 1400x900x24" \
	  scripts/with-keyring.sh $(CARGO) test -p ventanilla-e2e --test screenshot -- --ignored

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
