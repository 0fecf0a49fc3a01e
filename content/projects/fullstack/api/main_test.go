package main

import (
	"os"
	"testing"
)

func TestDirExists(t *testing.T) {
	if !dirExists(os.TempDir()) {
		t.Fatal("the temp dir should exist")
	}
	if dirExists("/no/such/dir") {
		t.Fatal("a missing dir should not exist")
	}
}
