# Sourced by run.sh and test.sh: installs what a fresh Debian machine with the .NET SDK lacks.
# The servers run as the platform's own processes (see AppHost/LocalServers), so the packages'
# system services are kept from starting while they install.

supervision_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK 10 is required (https://dot.net); install it and run again." >&2
    exit 1
  fi
}

supervision_install_servers() {
  local missing=()
  [ -n "$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ] || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  # A container engine makes the local servers unnecessary: the AppHost uses containers then.
  if docker info >/dev/null 2>&1 || podman info >/dev/null 2>&1; then
    echo "A container engine answers: the AppHost will run PostgreSQL, RabbitMQ and Redis as containers."
    return 0
  fi

  supervision_apt_install "${missing[@]}"
  # The package may have left its epmd daemon behind; the platform runs its own on another port.
  $(supervision_sudo) pkill -u rabbitmq epmd 2>/dev/null || true
}

# Reporting prints its documents to PDF with headless Chromium and Chinese fonts; the tests read them back with
# poppler's pdftotext. These run on the machine itself, container engine or not.
supervision_install_document_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # grep reads all of fc-list's output: with -q it stops at the first match, and under pipefail fc-list's SIGPIPE
  # failed the check, so the fonts were installed again at every start.
  fc-list 2>/dev/null | grep "Noto Sans CJK SC" >/dev/null || missing+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ ${#missing[@]} -eq 0 ] && return 0
  supervision_apt_install "${missing[@]}"
}

supervision_sudo() {
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "Installing packages needs root or sudo." >&2; exit 1; }
    echo sudo
  fi
}

# Installs Debian packages without letting their system services start.
supervision_apt_install() {
  local sudo
  sudo=$(supervision_sudo) || exit 1
  echo "Installing $* from Debian's packages..."
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  [ "$created_policy" = 1 ] && $sudo rm -f "$policy"
  echo "Installed $*."
}
