# Stand-in for nginx:1.28-alpine, which cannot be pulled where CI runs: Debian's nginx on a Debian rootfs that
# scripts/compose-e2e.sh imports. deploy/compose/nginx.conf needs nginx 1.27.3 or later (`resolve` on an
# upstream server); Debian 12 has 1.22, so this is Debian forky's (1.30 when written). What docker-compose.yml
# relies on behaves as in the real image: /etc/nginx/nginx.conf includes /etc/nginx/conf.d/*.conf inside its
# http block and nothing else, logs go to the container's stdout and stderr, `nginx -g 'daemon off;'` runs in the
# foreground, and `wget` (busybox's in the real image) serves the health check.
FROM debian:forky
# Testing's index expires a week after it is published, and a mirror serving a snapshot serves it expired.
RUN apt-get -o Acquire::Check-Valid-Until=false update \
 && apt-get install -y --no-install-recommends nginx wget \
 && rm -rf /var/lib/apt/lists/* \
 && sed -i '\|include /etc/nginx/sites-enabled/|d' /etc/nginx/nginx.conf \
 && rm -f /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log \
 && nginx -v
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
