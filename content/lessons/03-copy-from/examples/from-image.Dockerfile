# COPY --from an image: no stage of your own, BuildKit pulls nginx:alpine.
FROM alpine:3.20
COPY --from=nginx:alpine /etc/nginx/nginx.conf /nginx.conf
CMD ["cat", "/nginx.conf"]
