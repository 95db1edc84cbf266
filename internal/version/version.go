// Package version reports which presyn build produced a result. Every run writes it
// beside its numbers so that a result can be traced to the code that made it.
package version

import "runtime/debug"

// Version is set at link time by the Makefile
// (-ldflags "-X github.com/presyn/presyn/internal/version.Version=...").
// When it is empty, String falls back to the VCS revision the Go toolchain recorded.
var Version string

// String returns the presyn version: the linked-in version, else the VCS revision
// from the build info, else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "-dirty"
			}
			return rev
		}
	}
	return "dev"
}
