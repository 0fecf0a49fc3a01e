FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /server ./cmd/server
EXPOSE 8080
ENTRYPOINT ["/server"]
