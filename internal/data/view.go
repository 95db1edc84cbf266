package data

import (
	"fmt"
	"math/rand/v2"
)

// View is a task's selection of samples from a Set: which samples, the pixel
// permutation applied to each, and the target the network must output for each.
// Views never copy images: permutations are applied when a batch is filled, so ten
// permuted tasks cost ten index slices, not ten copies of the data. A View is
// read-only once built and safe to share between goroutines; iterators over it keep
// their own state.
type View struct {
	set     *Set
	src     []int32   // sample i is set's image src[i]
	targets []int32   // the network's target for sample i
	permOf  []uint16  // sample i uses perms[permOf[i]]
	perms   [][]int32 // pixel permutations; nil means identity
}

// NewView returns a view of all of set's samples, unpermuted, with the classes as
// targets.
func NewView(set *Set) *View {
	n := set.Len()
	v := &View{set: set, src: make([]int32, n), targets: make([]int32, n), permOf: make([]uint16, n), perms: [][]int32{nil}}
	for i := range n {
		v.src[i] = int32(i)
		v.targets[i] = int32(set.Labels[i])
	}
	return v
}

// Len is the number of samples in the view.
func (v *View) Len() int { return len(v.src) }

// Head returns a view of the first n samples (all if n >= Len), sharing memory.
func (v *View) Head(n int) *View {
	n = min(max(n, 0), v.Len())
	return &View{set: v.set, src: v.src[:n:n], targets: v.targets[:n:n], permOf: v.permOf[:n:n], perms: v.perms}
}

// Target returns sample i's target.
func (v *View) Target(i int) int32 { return v.targets[i] }

// Sample writes sample i's Pixels values (permuted if the view permutes) into x and
// returns its target.
func (v *View) Sample(i int, x []float32) int32 {
	img := (*[Pixels]float32)(v.set.Image(int(v.src[i])))
	dst := (*[Pixels]float32)(x)
	if perm := v.perms[v.permOf[i]]; perm == nil {
		*dst = *img
	} else {
		// Fixed-size arrays let the compiler drop the bounds checks on dst; the
		// gather from img keeps one, which is what catches a corrupt permutation.
		for j, from := range (*[Pixels]int32)(perm) {
			dst[j] = img[from]
		}
	}
	return v.targets[i]
}

// All returns every sample of the view as one matrix (Len()*Pixels values) and its
// targets. It allocates; metrics that can work batch by batch should use InOrder.
func (v *View) All() (x []float32, y []int32) {
	x = make([]float32, v.Len()*Pixels)
	y = make([]int32, v.Len())
	for i := range y {
		y[i] = v.Sample(i, x[i*Pixels:])
	}
	return x, y
}

// permuted returns a view of the same samples with every image permuted by perm
// (output pixel j is input pixel perm[j]).
func (v *View) permuted(perm []int32) *View {
	return &View{set: v.set, src: v.src, targets: v.targets, permOf: make([]uint16, v.Len()), perms: [][]int32{perm}}
}

// concatViews joins views over the same Set into one.
func concatViews(views []*View) *View {
	out := &View{set: views[0].set}
	for _, v := range views {
		if v.set != out.set {
			panic("data: cannot join views of different sets")
		}
		if len(out.perms)+len(v.perms) > 1<<16 {
			panic("data: too many pixel permutations in one view")
		}
		base := uint16(len(out.perms))
		out.perms = append(out.perms, v.perms...)
		out.src = append(out.src, v.src...)
		out.targets = append(out.targets, v.targets...)
		for _, p := range v.permOf {
			out.permOf = append(out.permOf, base+p)
		}
	}
	return out
}

// Batches hands out a view's samples in shuffled mini-batches of a fixed size, for
// training: the order is reshuffled at the start of every epoch from the iterator's
// own generator, and the last incomplete batch of an epoch is dropped (as the
// published code does). Filling a batch allocates nothing.
type Batches struct {
	view  *View
	size  int
	rng   *rand.Rand
	order []int32 // this epoch's sample order
	next  int     // position in order of the next batch; -1 before an epoch starts
	epoch int     // epochs started so far
}

// NewBatches returns a training iterator over v. It panics if size < 1.
func NewBatches(v *View, size int, rng *rand.Rand) *Batches {
	if size < 1 {
		panic(fmt.Sprintf("data: NewBatches: batch size %d, want at least 1", size))
	}
	order := make([]int32, v.Len())
	for i := range order {
		order[i] = int32(i)
	}
	return &Batches{view: v, size: size, rng: rng, order: order, next: -1}
}

// Size is the batch size.
func (b *Batches) Size() int { return b.size }

// PerEpoch is the number of full batches in an epoch.
func (b *Batches) PerEpoch() int { return b.view.Len() / b.size }

// Epoch is the number of epochs started so far (1 during the first epoch).
func (b *Batches) Epoch() int { return b.epoch }

// Next fills x (Size()*Pixels values) and y (Size() targets) with the next batch and
// reports true, or reports false when the epoch is over. The call after a false
// starts the next epoch with a fresh shuffle, so a training loop reads
//
//	for epoch := 0; epoch < epochs; epoch++ {
//		for batches.Next(x, y) { ... }
//	}
func (b *Batches) Next(x []float32, y []int32) bool {
	if b.next < 0 {
		shuffle(b.rng, b.order)
		b.next = 0
		b.epoch++
	}
	if b.next+b.size > len(b.order) {
		b.next = -1
		return false
	}
	x, y = x[:b.size*Pixels], y[:b.size]
	for k, i := range b.order[b.next : b.next+b.size] {
		y[k] = b.view.Sample(int(i), x[k*Pixels:])
	}
	b.next += b.size
	return true
}

// shuffle is a Fisher-Yates shuffle written out, so the order depends only on the
// generator's stream and nothing is allocated.
func shuffle(rng *rand.Rand, order []int32) {
	for i := len(order) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		order[i], order[j] = order[j], order[i]
	}
}

// InOrder hands out a view's samples in order, in batches of up to a fixed size, for
// testing: every sample is used once, and the last batch may be partial.
type InOrder struct {
	view *View
	size int
	next int
}

// NewInOrder returns a test iterator over v. It panics if size < 1.
func NewInOrder(v *View, size int) *InOrder {
	if size < 1 {
		panic(fmt.Sprintf("data: NewInOrder: batch size %d, want at least 1", size))
	}
	return &InOrder{view: v, size: size}
}

// Next fills the first n*Pixels values of x and n targets of y with the next batch
// and returns n, the batch's actual size; 0 means all samples have been handed out.
// x and y must have room for a full batch.
func (it *InOrder) Next(x []float32, y []int32) (n int) {
	n = min(it.size, it.view.Len()-it.next)
	for k := range n {
		y[k] = it.view.Sample(it.next+k, x[k*Pixels:])
	}
	it.next += n
	return n
}

// Reset starts again from the first sample.
func (it *InOrder) Reset() { it.next = 0 }
