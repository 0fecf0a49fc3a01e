module example.com/status-api

go 1.22
