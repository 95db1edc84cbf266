// Package data owns everything between the IDX files on disk and the mini-batches a
// training loop consumes:
//
//   - reading gzip-compressed IDX files with a small reader of our own (ReadImages,
//     ReadLabels), checking magic numbers, 28x28 dimensions, counts and label values;
//   - checking the SHA-256 of each file's decompressed content against the table in
//     DATA.md, so a damaged or foreign file is an error that names the file;
//   - locating the 8 files (Locate): first <dataDir>/<dataset>/<file>, then the copy
//     shipped by the data set's package (the GoMNIST Go module for MNIST, Debian's
//     dataset-fashion-mnist for Fashion-MNIST). A file that is present but damaged is
//     an error; it is never silently replaced by a copy found elsewhere;
//   - normalising pixels (x/255 - mean) / std with each data set's constants and
//     keeping the result once per process (Load), shared read-only by all runs;
//   - handing data sets to the code that trains on them through the Loader
//     interface: Dir loads the checked files, and package datatest generates small
//     synthetic data sets in memory, so training logic is tested on any checkout;
//   - building the paper's tasks (Plain, Split, Permuted, Joint, ContinuousPermuted)
//     as Views over the shared data, permuted ones also on pixel permutations read
//     from a file (PermutedWith, ReadPermutations: e.g. another implementation's),
//     and iterating over them in shuffled training batches (Batches), in order for
//     testing (InOrder), or along the continuous schedule (Schedule, Stream),
//     filling caller-provided buffers without allocating;
//   - reporting on the 8 files for `presyn data` (Check).
//
// Layout. There is no flat layout (<dataDir>/<file>): MNIST and Fashion-MNIST use the
// same four file names, so every data set lives in its own folder,
// <dataDir>/mnist/ and <dataDir>/fashion-mnist/, which is what `make setup` creates.
//
// Types. Images are flattened to rows of Pixels (784) float32 values, stored in one
// contiguous slice per set. Stored labels are the classes as uint8 (0..9, as in the
// files); the targets a View hands to a network are int32 (a class, or the parity for
// split tasks), the type used to index output units.
//
// Randomness is always passed in: builders take a seed and use their own PCG stream;
// iterators take a *rand.Rand from math/rand/v2. Nothing reads a global generator.
package data
