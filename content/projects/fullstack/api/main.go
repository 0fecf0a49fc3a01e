// Command status-api serves the status page's static files and its JSON API.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"
)

type check struct {
	Name      string `json:"name"`
	OK        bool   `json:"ok"`
	LatencyMs int64  `json:"latencyMs"`
}

func main() {
	static := envOr("STATIC_DIR", "/srv/public")
	mux := http.NewServeMux()
	mux.HandleFunc("/api/status", func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		checks := []check{
			{Name: "API", OK: true, LatencyMs: time.Since(start).Milliseconds()},
			{Name: "Static files", OK: dirExists(static)},
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(checks)
	})
	mux.Handle("/", http.FileServer(http.Dir(static)))
	addr := ":" + envOr("PORT", "8080")
	log.Printf("serving %s on %s", static, addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}

func dirExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
