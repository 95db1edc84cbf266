package study

import (
	"context"
	"runtime"
	"sync"
)

// forEach calls fn(ctx, i) for i in [0, n) on a pool of workers goroutines
// (runtime.NumCPU() when workers < 1) and returns each call's error by index. It
// stops handing out work once ctx is done; the indices never started get ctx's
// error. Results must be stored by index so they never depend on the worker count.
func forEach(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) []error {
	if workers < 1 {
		workers = runtime.NumCPU()
	}
	workers = max(1, min(workers, n))
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = fn(ctx, i)
			}
		}()
	}
	next := 0
hand:
	for next < n && ctx.Err() == nil {
		select {
		case jobs <- next:
			next++
		case <-ctx.Done():
			break hand
		}
	}
	close(jobs)
	wg.Wait()
	for i := range errs {
		if errs[i] == nil && i >= next {
			errs[i] = ctx.Err()
		}
	}
	return errs
}
