# Stand-in for redis:7.4-alpine, which cannot be pulled where CI runs: Debian 12's Redis (7.0) on the debian:12
# rootfs scripts/compose-e2e.sh imports. What docker-compose.yml relies on behaves as in the real image: the
# command `redis-server ...` run as the `redis` user with /data as its working directory and volume (so
# `--appendonly yes` writes there), protected mode off as the official image builds it, and `redis-cli` for the
# health check.
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
