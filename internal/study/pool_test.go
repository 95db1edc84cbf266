package study

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestForEachRunsEveryIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		var calls [50]atomic.Int32
		errs := forEach(context.Background(), workers, len(calls), func(_ context.Context, i int) error {
			calls[i].Add(1)
			if i == 7 {
				return errors.New("seven")
			}
			return nil
		})
		for i := range calls {
			if calls[i].Load() != 1 {
				t.Fatalf("workers %d: index %d ran %d times", workers, i, calls[i].Load())
			}
			if (errs[i] != nil) != (i == 7) {
				t.Fatalf("workers %d: index %d error %v", workers, i, errs[i])
			}
		}
	}
}

func TestForEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	errs := forEach(ctx, 1, 100, func(ctx context.Context, i int) error {
		ran.Add(1)
		if i == 2 {
			cancel()
		}
		return nil
	})
	if ran.Load() > 4 {
		t.Fatalf("%d calls ran after cancelling at the third", ran.Load())
	}
	if !errors.Is(errs[99], context.Canceled) {
		t.Fatalf("unstarted index error %v", errs[99])
	}
}
