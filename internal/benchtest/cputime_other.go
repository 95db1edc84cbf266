//go:build !linux

package benchtest

import "time"

const hasThreadCPU = false

func threadCPU() time.Duration { return 0 }
