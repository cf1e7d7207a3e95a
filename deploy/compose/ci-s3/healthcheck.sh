#!/bin/sh
# Healthy when S3 answers a signed ListBuckets with the configured keys (as `mc ready local` waits for MinIO to
# serve): the gateway is up and the user the registry signs as exists.
exec curl -fsS -o /dev/null --max-time 4 --aws-sigv4 "aws:amz:us-east-1:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
  --user "${MINIO_ROOT_USER:-minioadmin}:${MINIO_ROOT_PASSWORD:-minioadmin}" http://127.0.0.1:9000/
