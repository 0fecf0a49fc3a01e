// Package greet builds the server's greeting.
package greet

import "strings"

// Hello greets name, or the world when name is empty.
func Hello(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "world"
	}
	return "Hello, " + name + "!"
}
