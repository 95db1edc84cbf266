//go:build !linux

package cputime

import "time"

const hasThreadCPU = false

func threadCPU() time.Duration { return 0 }
