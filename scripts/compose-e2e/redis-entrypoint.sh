#!/bin/sh
# The official redis image's entrypoint, in short: options alone mean redis-server; redis-server runs as the
# redis user and owns /data. The official image also turns protected mode off at build time (a container's
# Redis is reached from other containers); Debian's build keeps it on, so it is turned off here, before the
# given arguments so that they can still turn it back on.
set -e
case "$1" in -*|*.conf) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  shift
  case "$1" in
    -*|"") set -- redis-server --protected-mode no "$@" ;;
    *) conf=$1; shift; set -- redis-server "$conf" --protected-mode no "$@" ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis .
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
